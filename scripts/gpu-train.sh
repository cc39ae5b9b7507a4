#!/usr/bin/env bash
# Trains the built-in model on a machine with an NVIDIA GPU and a CUDA LibTorch (for this
# project's GPU machine, through the device tool). Builds the engine alone, runs every
# stage of the recipe with the given steps, and packs the model folder into
# $OUT/shapes-model.tgz, ready to unpack into resources/models/.
#
#   (device) bash scripts/gpu-train.sh [EXTRA unclip_train ARGS...]     e.g. --batch 256
# Environment: UNCLIP_TRAIN_MINUTES=M stops starting new stages after M minutes (default 9).
# Extra arguments go to every stage (for example --steps 20000 --batch 256).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=${OUT:-$root/build/gpu-out}
mkdir -p "$out"
log() { echo "gpu-train: $*" | tee -a "$out/train-summary.txt"; }

source scripts/gpu-build.sh
start=$(date +%s)
gpu_build unclip_train unclip_spm_plugin || exit 1

model=build/gpu-model/shapes
budget=$((${UNCLIP_TRAIN_MINUTES:-9} * 60))
for stage in clip prior decoder sr256 sr1024; do
    if (($(date +%s) - start > budget)); then
        log "time budget spent: $stage not started"
        break
    fi
    t0=$(date +%s)
    build/gpu/bin/unclip_train --model "$model" --stage "$stage" --device cuda "$@" >"$out/train-$stage.txt" 2>&1
    log "$stage: exit $?, $(($(date +%s) - t0)) s; $(grep -E '^train: .* loss' "$out/train-$stage.txt" | tail -1)"
done
tar -C "$(dirname "$model")" -czf "$out/shapes-model.tgz" --exclude .training "$(basename "$model")" &&
    log "model in $out/shapes-model.tgz ($(du -h "$out/shapes-model.tgz" | cut -f1))"
