# Warning and sanitizer flags shared by every project target (not by LibTorch's headers,
# which come in as system includes).
function(unclip_target_defaults target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
    if(UNCLIP_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
    if(UNCLIP_SANITIZE)
      target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
      target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    endif()
  endif()
endfunction()
