# The installed layout, relative to the prefix (GNUInstallDirs):
#   bin/unclip, bin/unclip-studio
#   <libdir>/unclip-studio/unclip_spm_plugin.so    private module, dlopen'ed by the tokenizer
#   share/unclip-studio/{models/shapes,recipes,translations}
#   share/applications, share/icons/hicolor/scalable/apps (packaging/)
# The programs find their files from their own location (/proc/self/exe) through the
# relative paths below, so an unpacked archive works wherever it lands. LibTorch, Qt and
# OpenCV are not bundled: they stay where the system has them.
# Included before the subdirectories: their generated headers bake these paths in.
include(GNUInstallDirs)

set(UNCLIP_INSTALL_PLUGIN_DIR "${CMAKE_INSTALL_LIBDIR}/unclip-studio")
set(UNCLIP_INSTALL_DATA_DIR "${CMAKE_INSTALL_DATADIR}/unclip-studio")

# From bin/ to the lib, plugin and data folders ("../lib", "../lib/unclip-studio",
# "../share/unclip-studio"; "../lib/x86_64-linux-gnu/..." where Debian's multiarch libdir
# applies, with the prefix /usr).
file(RELATIVE_PATH UNCLIP_LIB_RELDIR_FROM_BIN "${CMAKE_INSTALL_FULL_BINDIR}"
     "${CMAKE_INSTALL_FULL_LIBDIR}")
file(RELATIVE_PATH UNCLIP_PLUGIN_RELDIR_FROM_BIN "${CMAKE_INSTALL_FULL_BINDIR}"
     "${CMAKE_INSTALL_FULL_LIBDIR}/unclip-studio")
file(RELATIVE_PATH UNCLIP_DATA_RELDIR_FROM_BIN "${CMAKE_INSTALL_FULL_BINDIR}"
     "${CMAKE_INSTALL_FULL_DATADIR}/unclip-studio")

# Installs a program into bin/. Its RUNPATH gets $ORIGIN/../lib (for libraries shipped
# beside it one day) and the folders of the libraries it links from outside the system's
# (a LibTorch unpacked somewhere, for example), which stay where they are.
function(unclip_install_program target)
  set_target_properties(${target} PROPERTIES INSTALL_RPATH "$ORIGIN/${UNCLIP_LIB_RELDIR_FROM_BIN}"
                                             INSTALL_RPATH_USE_LINK_PATH ON)
  install(TARGETS ${target} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()

# The built-in model and the training recipe, where app/cli/model_locator.cpp and
# app/cli/train_command.cpp look. OPTIONAL: a checkout without the model still installs;
# `unclip train`'s checkpoints (.training/) stay behind.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/models/shapes
        DESTINATION ${UNCLIP_INSTALL_DATA_DIR}/models OPTIONAL PATTERN .training EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/resources/recipes/shapes.json
        DESTINATION ${UNCLIP_INSTALL_DATA_DIR}/recipes)
