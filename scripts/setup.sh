#!/usr/bin/env bash
# Installs the Debian packages unCLIP Studio needs to build, test and run.
#
#   scripts/setup.sh                 everything: engine, app (Qt 6, OpenCV), tests, format check
#   scripts/setup.sh --engine-only   only what the engine needs (LibTorch, nlohmann-json,
#                                    sentencepiece, CMake, Ninja, g++)
#
# Idempotent: packages are checked with dpkg-query first, so on a prepared machine this takes
# about a second and touches nothing; `apt-get update` runs only when something is missing.
# Runs apt-get directly as root, through sudo otherwise. Debian and derivatives only.
set -euo pipefail

engine_only=0
for arg in "$@"; do
    case "$arg" in
        --engine-only) engine_only=1 ;;
        -h | --help)
            sed -n '2,10s/^# \{0,1\}//p' "$0"
            exit 0
            ;;
        *)
            echo "setup: unknown argument '$arg' (try --help)" >&2
            exit 2
            ;;
    esac
done

# The engine: models/ + core/ with LibTorch and nlohmann-json; the sentencepiece plugin and
# its spm_train CLI. libopenblas0-pthread replaces the reference BLAS that LibTorch would
# otherwise get on Debian (9x slower matmuls; shared/reference/ENVIRONMENT.md, trap 2).
engine_packages=(
    cmake ninja-build g++
    libtorch-dev libopenblas0-pthread
    nlohmann-json3-dev
    libsentencepiece-dev sentencepiece
)
# The rest: the Qt 6 app (Widgets/Gui/Sql/Concurrent/Test/Network in qt6-base-dev, the
# SQLite driver, Linguist for translations; libgl-dev holds the OpenGL headers that Qt6Gui's
# CMake config looks for), OpenCV image I/O, headless GUI tests (xvfb, xauth), build cache,
# and the format check.
app_packages=(
    ccache pkg-config
    libopencv-dev
    qt6-base-dev libqt6sql6-sqlite
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6
    libgl-dev
    xvfb xauth
    clang-format
)

wanted=("${engine_packages[@]}")
if [[ $engine_only == 0 ]]; then
    wanted+=("${app_packages[@]}")
    # Scripts and tools use python3; any python3 on PATH will do (pyenv, venv, ...).
    command -v python3 >/dev/null 2>&1 || wanted+=(python3)
fi

if [[ ! -f /etc/debian_version ]] || ! command -v apt-get >/dev/null 2>&1 ||
    ! command -v dpkg-query >/dev/null 2>&1; then
    {
        echo "setup: this script installs packages on Debian/Ubuntu (apt-get) only."
        echo "setup: on this system, install the equivalents of these Debian packages yourself:"
        echo "    ${wanted[*]}"
        echo "setup: then build with UNCLIP_SKIP_SETUP=1 scripts/build.sh (or scripts/test.sh)."
    } >&2
    exit 1
fi

missing=()
for pkg in "${wanted[@]}"; do
    # Prints one status per installed architecture; "installed" means fully configured.
    if ! dpkg-query -W -f='${db:Status-Status}\n' "$pkg" 2>/dev/null | grep -qx installed; then
        missing+=("$pkg")
    fi
done

if [[ ${#missing[@]} == 0 ]]; then
    echo "setup: all ${#wanted[@]} packages present"
    exit 0
fi

if [[ $(id -u) == 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "setup: not root and no sudo; as root, run:" >&2
    echo "    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

echo "setup: installing ${#missing[@]} package(s): ${missing[*]}"
start=$(date +%s)
# Wait for another apt/dpkg (unattended upgrades, a parallel setup) rather than fail at once.
apt_opts=(-o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0)
apt_get() {
    # A mirror that drops a connection once should not fail a CI run: three tries.
    local try
    for try in 1 2 3; do
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" "$@" && return 0
        [[ $try == 3 ]] || { echo "setup: apt-get $1 failed; trying again in 10 s" >&2; sleep 10; }
    done
    return 1
}
apt_get update -q
apt_get install -y -q --no-install-recommends "${missing[@]}"

# apt-get can exit 0 and still leave something out (a held or virtual package): check again.
still_missing=()
for pkg in "${missing[@]}"; do
    if ! dpkg-query -W -f='${db:Status-Status}\n' "$pkg" 2>/dev/null | grep -qx installed; then
        still_missing+=("$pkg")
    fi
done
if [[ ${#still_missing[@]} != 0 ]]; then
    echo "setup: still not installed after apt-get: ${still_missing[*]}" >&2
    exit 1
fi
echo "setup: installed ${missing[*]} in $(($(date +%s) - start)) s"
