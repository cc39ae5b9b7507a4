#!/usr/bin/env bash
# Checks that every tracked C++ file (*.h, *.cpp) is formatted as .clang-format says.
#
#   scripts/check-format.sh          check only; exits 1 and shows the lines to change
#   scripts/check-format.sh --fix    reformat the files in place
#
# CLANG_FORMAT=path picks the binary (default: clang-format; CI uses Debian 12's version 14,
# and other versions may format a few constructs differently).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

fix=0
case "${1:-}" in
    "") ;;
    --fix) fix=1 ;;
    *)
        echo "check-format: unknown argument '$1' (--fix)" >&2
        exit 2
        ;;
esac

clang_format=${CLANG_FORMAT:-clang-format}
if ! command -v "$clang_format" >/dev/null 2>&1; then
    echo "check-format: $clang_format not found; run scripts/setup.sh" >&2
    exit 1
fi
version=$("$clang_format" --version)
if [[ $version != *"version 14."* ]]; then
    echo "check-format: note: CI uses clang-format 14; this is: $version" >&2
fi

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -d '' files < <(git ls-files -z -- '*.h' '*.cpp')
else
    mapfile -d '' files < <(find . -path ./build -prune -o \( -name '*.h' -o -name '*.cpp' \) \
        -type f -print0)
fi
# Skip tracked files deleted from the work tree but not yet from the index.
present=()
for f in "${files[@]}"; do [[ -f $f ]] && present+=("$f"); done
files=("${present[@]}")
if [[ ${#files[@]} == 0 ]]; then
    echo "check-format: no C++ files"
    exit 0
fi

if [[ $fix == 1 ]]; then
    "$clang_format" -i -- "${files[@]}"
    echo "check-format: formatted ${#files[@]} files"
    exit 0
fi

if "$clang_format" --dry-run --Werror -- "${files[@]}"; then
    echo "check-format: ${#files[@]} files formatted as .clang-format says"
else
    echo "check-format: some files are not formatted (see above); fix with scripts/check-format.sh --fix" >&2
    exit 1
fi
