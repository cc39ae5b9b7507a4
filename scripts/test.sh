#!/usr/bin/env bash
# Sets the machine up, builds the dev preset (Release with tests) and runs every test.
#
#   scripts/test.sh [CTEST ARGS...]        for example: scripts/test.sh -R timestep -V
#
# Environment: UNCLIP_PRESET=debug|asan|engine tests another preset (default dev); the
# variables of scripts/build.sh apply. Fixture tests read $UNCLIP_REFERENCE_DIR, else
# ../shared/fixtures/unclip-reference-a beside the checkout, and skip when neither exists.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
preset=${UNCLIP_PRESET:-dev}

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
t0=$(now)

scripts/build.sh "$preset"
t_build=$(since "$t0")

# Qt tests need a display platform; without a display, draw offscreen.
if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
    export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
fi

t1=$(now)
status=0
ctest --preset "$preset" "$@" || status=$?
echo "test: preset $preset: setup+build ${t_build} s, tests $(since "$t1") s, total $(since "$t0") s"
exit "$status"
