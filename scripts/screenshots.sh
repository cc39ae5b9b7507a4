#!/usr/bin/env bash
# Screenshots of unCLIP Studio for the docs: starts the app under Xvfb with --screenshot,
# which queues a prompt job, variations of its first image and two blend rows of its first
# two images, and saves the main window with each panel once the queue is idle.
#
#   scripts/screenshots.sh [BUILD_DIR]    default: $UNCLIP_BUILD_DIR, else ./build
#
# UNCLIP_MODEL picks the model folder (default: the built-in model, whose pictures are
# real; the reference fixture's random pipeline only when the checkout has no built-in model). Writes docs/screenshots/{main-window,variations,blend}.png.
# Settings, queue and outputs of the run go to a temporary folder, never the user's.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-${UNCLIP_BUILD_DIR:-$root/build}}
app="$build/bin/unclip-studio"
if [[ ! -x $app ]]; then
    echo "screenshots: $app not found; build the unclip-studio target first" >&2
    exit 1
fi

fixture="$root/../shared/fixtures/unclip-reference-a/pipeline"
if [[ -z ${UNCLIP_MODEL:-} && ! -f $root/resources/models/shapes/model_index.json &&
    -f $fixture/model_index.json ]]; then
    UNCLIP_MODEL=$(cd "$fixture" && pwd)
fi
export UNCLIP_MODEL

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shots="$root/docs/screenshots"
mkdir -p "$shots"

run=("$app" --settings "$work/settings.ini" --outputs "$work/outputs" --screenshot "$shots")
echo "screenshots: model ${UNCLIP_MODEL:-built-in}, this renders a few jobs on the CPU (minutes)"
if command -v xvfb-run >/dev/null 2>&1; then
    # LANG=C: English strings for the docs, whatever the machine's locale.
    LANG=C.UTF-8 LC_ALL=C.UTF-8 xvfb-run -a -s "-screen 0 1600x1000x24" "${run[@]}"
else
    echo "screenshots: xvfb-run not found (package xvfb); using Qt's offscreen platform" >&2
    LANG=C.UTF-8 LC_ALL=C.UTF-8 QT_QPA_PLATFORM=offscreen "${run[@]}"
fi
ls -l "$shots"
