#!/usr/bin/env bash
# test_install: `cmake --install` into a temporary prefix, then the installed `unclip info`
# (no --model) must report the built-in model from the installed share/ folder and load the
# installed sentencepiece plugin, and the translations and desktop files must be there.
# Skips (77) when this configuration builds no app (UNCLIP_ENGINE_ONLY) or no plugin, or the
# checkout has no built-in model.
#
#   test_install.sh CMAKE BUILD_DIR SOURCE_DIR ENGINE_ONLY HAVE_PLUGIN BINDIR PLUGIN_DIR DATA_DIR
#   (the last three relative to the prefix, as cmake/UnclipInstall.cmake sets them)
set -euo pipefail

cmake_cmd=$1 build=$2 source=$3 engine_only=$4 have_plugin=$5
bindir=$6 plugindir=$7 datadir=$8

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

[[ $engine_only == 1 ]] && skip "the engine-only build (UNCLIP_ENGINE_ONLY) installs no unclip or unclip-studio"
[[ $have_plugin == 1 ]] || skip "the sentencepiece plugin was not built (libsentencepiece-dev missing), and the built-in model's tokenizer needs it"
[[ -f $source/resources/models/shapes/model_index.json ]] ||
    skip "this checkout has no built-in model (resources/models/shapes)"

work=$(mktemp -d "${TMPDIR:-/tmp}/unclip-install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
work=$(cd "$work" && pwd -P)  # as /proc/self/exe will spell it
prefix=$work/prefix

"$cmake_cmd" --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 ||
    { cat "$work/install.log" >&2; fail "cmake --install failed"; }

for f in "$bindir/unclip" "$bindir/unclip-studio"; do
    [[ -x $prefix/$f ]] || fail "$f was not installed"
done
plugin=$prefix/$plugindir/unclip_spm_plugin.so
[[ -f $plugin ]] || fail "$plugindir/unclip_spm_plugin.so was not installed"
for f in "$datadir/translations/unclip_studio_de.qm" "$datadir/recipes/shapes.json" \
    "$datadir/models/shapes/model_index.json" \
    share/applications/io.github.unclip_studio.desktop \
    share/icons/hicolor/scalable/apps/io.github.unclip_studio.svg; do
    [[ -s $prefix/$f ]] || fail "$f was not installed"
done

# Every library the installed programs link resolves (nothing left pointing into the build).
if command -v ldd >/dev/null; then
    for f in "$bindir/unclip" "$bindir/unclip-studio" "$plugindir/unclip_spm_plugin.so"; do
        missing=$(ldd "$prefix/$f" | grep 'not found' || true)
        [[ -z $missing ]] || fail "$f: libraries not found:"$'\n'"$missing"
    done
fi

# Outside the source and build trees, with nothing pointing elsewhere. LD_DEBUG=libs (glibc)
# tells which plugin file the tokenizer dlopen'ed: it must be the installed one, not the
# build's (which the loader also knows about, as its last resort).
cd "$work"
out=$(env -u UNCLIP_MODEL -u UNCLIP_SPM_PLUGIN LD_DEBUG=libs "$prefix/$bindir/unclip" info \
    2>"$work/ld-debug.txt") ||
    { grep -v '^ *[0-9]*:' "$work/ld-debug.txt" >&2; fail "unclip info failed"; }
echo "$out"
want="model $prefix/$datadir/models/shapes"
[[ $(head -n 1 <<<"$out") == "$want" ]] ||
    fail "unclip info did not report the installed built-in model; expected '$want'"
grep -q 'can generate from text: yes' <<<"$out" || fail "the installed model cannot generate from text"
if grep -q 'calling init:' "$work/ld-debug.txt"; then
    grep -q "calling init: $plugin\$" "$work/ld-debug.txt" ||
        fail "unclip did not load the installed plugin; it loaded: $(grep -o 'calling init: .*unclip_spm_plugin.so' "$work/ld-debug.txt")"
    echo "plugin: $plugin"
fi
echo "PASS: installed into $prefix"
