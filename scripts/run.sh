#!/usr/bin/env bash
# Sets the machine up, builds, and makes pictures with the best model present.
#
#   scripts/run.sh [PROMPT]
#
# Starts the desktop app (unclip-studio) on $UNCLIP_MODEL when set, else on the built-in
# model (resources/models/shapes), else on the reference fixture model beside the
# checkout (../shared/fixtures/unclip-reference-a/pipeline, a tiny random network: its
# pictures are noise, but every stage of the cascade runs). Without a display (no $DISPLAY
# or $WAYLAND_DISPLAY) it runs the command line instead, `unclip generate` with PROMPT,
# and prints where the images went.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# A caption the built-in model draws right most of the time (7 of 10 seeds); two-object
# captions it rarely gets right yet (docs/TRAINING.md).
prompt=${1:-a red circle on a white background}

scripts/build.sh dev >&2

# Idle OpenMP threads must not spin on a laptop's few cores (core/runtime/runtime.h); set
# here, the programs need not restart themselves to get it.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}

model=""
if [[ -n ${UNCLIP_MODEL:-} ]]; then  # the user's choice first, as the programs do
    model=$UNCLIP_MODEL
elif [[ -f resources/models/shapes/model_index.json ]]; then
    model=resources/models/shapes
elif [[ -f ../shared/fixtures/unclip-reference-a/pipeline/model_index.json ]]; then
    model=../shared/fixtures/unclip-reference-a/pipeline
    echo "run: no built-in model yet; using the reference fixture model (random weights: expect noise)" >&2
else
    echo "run: no model found. Set UNCLIP_MODEL to a model folder in the diffusers layout" \
        "(for example a download of kakaobrain/karlo-v1-alpha) and run again." >&2
    exit 1
fi

if [[ -n ${DISPLAY:-}${WAYLAND_DISPLAY:-} ]]; then
    exec build/dev/bin/unclip-studio --model "$model"
fi
echo "run: no display, so the command line makes the pictures instead of the app" >&2
out=${UNCLIP_OUT:-$root/outputs}
build/dev/bin/unclip info --model "$model"
build/dev/bin/unclip generate --model "$model" --prompt "$prompt" --count 2 --out "$out"
echo "run: the images are in $out"
