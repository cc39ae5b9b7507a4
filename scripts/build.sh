#!/usr/bin/env bash
# Sets the machine up, then configures and builds one CMake preset.
#
#   scripts/build.sh [PRESET] [EXTRA CONFIGURE ARGS...]
#
# PRESET is one of CMakePresets.json's: dev (default; Release with tests), debug, asan, engine.
# It builds into build/PRESET. Extra arguments go to the configure step, for example
#   scripts/build.sh engine -DCMAKE_PREFIX_PATH=/path/to/libtorch
# Environment: UNCLIP_SKIP_SETUP=1 skips scripts/setup.sh (non-Debian machines, a LibTorch from
# elsewhere); UNCLIP_JOBS=N sets the parallel compile jobs (default: the number of cores).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

preset=${1:-dev}
[[ $# -gt 0 ]] && shift
case "$preset" in
    dev | debug | asan | engine) ;;
    *)
        echo "build: unknown preset '$preset' (dev, debug, asan, engine)" >&2
        exit 2
        ;;
esac
jobs=${UNCLIP_JOBS:-$(nproc 2>/dev/null || echo 2)}

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
t0=$(now)

if [[ ${UNCLIP_SKIP_SETUP:-0} != 1 ]]; then
    if [[ $preset == engine ]]; then
        scripts/setup.sh --engine-only
    else
        scripts/setup.sh
    fi
fi
t_setup=$(since "$t0")

# ccache (picked up by CMakeLists.txt when installed). A per-user cache, so a fresh clone (as
# in CI) still hits; BASEDIR makes hits independent of where the checkout lives; the
# sloppiness lets ccache cache compiles that use the precompiled LibTorch header.
cache_home=${XDG_CACHE_HOME:-${HOME:+$HOME/.cache}}
export CCACHE_DIR=${CCACHE_DIR:-${cache_home:-$root/build/.cache}/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
export CCACHE_SLOPPINESS=${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-2G}

ccache_counts() {
    command -v ccache >/dev/null 2>&1 || return 0
    ccache --print-stats 2>/dev/null | awk '
        $1 ~ /^(direct|preprocessed)_cache_hit$/ { hit += $2 }
        $1 == "cache_miss" { miss += $2 }
        END { print hit + 0, miss + 0 }'
}
before=$(ccache_counts)

t1=$(now)
cmake --preset "$preset" "$@"
t_configure=$(since "$t1")

t2=$(now)
cmake --build --preset "$preset" --parallel "$jobs"
t_build=$(since "$t2")

after=$(ccache_counts)
cache_note=""
if [[ -n $before && -n $after ]]; then
    read -r hit0 miss0 <<<"$before"
    read -r hit1 miss1 <<<"$after"
    cache_note=", ccache $((hit1 - hit0)) hits / $((miss1 - miss0)) misses"
fi
echo "build: preset $preset in build/$preset: setup ${t_setup} s, configure ${t_configure} s," \
    "compile ${t_build} s (-j$jobs${cache_note}), total $(since "$t0") s"
