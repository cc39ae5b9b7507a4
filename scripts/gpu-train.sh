#!/usr/bin/env bash
# Trains the built-in model on a machine with an NVIDIA GPU and a CUDA LibTorch (for this
# project's GPU machine, through the device tool) inside a fixed time box, and packs the
# model folder into $OUT/shapes-*.tgz (unpack all three into resources/models/).
#
#   (device) bash scripts/gpu-train.sh                 carry: local/seed-model (optional)
#
# The stages share the one GPU as separate processes, ordered by what they need:
#   t0 ........ sr256 and sr1024 (they need only pictures) ............... deadline
#   t0 .. clip (skipped when a seed model's CLIP is good enough) .. then prior and decoder
# Every stage stops itself at the deadline (checkpoint + float16 export), so the folder
# always loads. A seed model (the shipped resources/models/shapes, or local/seed-model/shapes:
# for example a CLIP trained on a CPU and upsamplers from an earlier GPU run) is copied in
# first; the stages named go on from its weights (or from its checkpoints, when it has them).
#
# Environment (seconds unless said): UNCLIP_STAGES the stages to train (default: all five;
# each goes on from the seed model's weights), UNCLIP_TRAIN_SECONDS whole script incl. build (540),
# UNCLIP_CLIP_SECONDS clip stage (90; 0 skips it), UNCLIP_EVAL_SECONDS quick evaluation
# at the end (40; 0 skips), UNCLIP_STAGE_THREADS CPU threads per stage (4),
# UNCLIP_DECODER_BATCH (128; the H200 ran it launch-bound, so a lone decoder can take 256),
# UNCLIP_DECODER_TWO_OBJECTS (the share of two-object scenes the decoder trains on; default
# the world's 0.5; keep it the same over calls that resume one another),
# UNCLIP_AUTOCAST (off or bfloat16: mixed precision for the decoder and upsamplers; default
# off, or the probe's choice), UNCLIP_PROBE_SECONDS (0: none; see below). For a dry run
# without a GPU: UNCLIP_TRAIN_BIN=path/to/unclip_train (skips the build), UNCLIP_DEVICE=cpu.
#
# The probe (UNCLIP_PROBE_SECONDS=S, with the decoder among the stages and UNCLIP_AUTOCAST
# unset): before training, the decoder runs S seconds in float32 and S in bfloat16 autocast,
# each on a scratch copy from the same weights and batches, and the training takes bfloat16
# when it drew at least 15% more pictures per second (past the start-up, which takes ~25 s
# on the H200, so S >= 60 there) with a loss within 30% of float32's. On the H200 bfloat16
# trained slower than float32 (docs/TRAINING.md, twelfth session); it pays on a CPU with AMX.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
final=${OUT:-$root/build/gpu-out}  # at most 8 files come back: the logs go in one archive
out=$final/logs
mkdir -p "$out"
log() { echo "gpu-train: $* (t=$(($(date +%s) - start)) s)" | tee -a "$out/train-summary.txt"; }

start=$(date +%s)
total=${UNCLIP_TRAIN_SECONDS:-540}
clipSeconds=${UNCLIP_CLIP_SECONDS:-90}
evalSeconds=${UNCLIP_EVAL_SECONDS:-40}
threads=${UNCLIP_STAGE_THREADS:-4}
packSeconds=15
deadline=$((start + total - evalSeconds - packSeconds))

device=${UNCLIP_DEVICE:-cuda}
bin=${UNCLIP_TRAIN_BIN:-}
if [[ -z $bin ]]; then
    source scripts/gpu-build.sh
    gpu_build unclip_train unclip_spm_plugin || exit 1
    bin=build/gpu/bin/unclip_train
fi
if command -v nvidia-smi >/dev/null; then  # how busy the shared GPU was, every 15 s
    nvidia-smi --query-gpu=name,utilization.gpu,memory.used --format=csv -l 15 >"$out/gpu-use.txt" &
    smiPid=$!
fi

model=${UNCLIP_TRAIN_MODEL:-build/gpu-model/shapes}
# The stages already trained (resources/models/shapes: the shipped model; local/seed-model:
# a git-ignored one, carried) are copied in; UNCLIP_STAGES names those to train further.
for seed in local/seed-model/shapes resources/models/shapes; do
    if [[ -n $(ls -A "$seed" 2>/dev/null) && ! -d $model ]]; then
        mkdir -p "$(dirname "$model")" && cp -r "$seed" "$model"
        log "seeded from $seed: $(ls "$seed" | tr '\n' ' ')"
    fi
done

stages=" ${UNCLIP_STAGES:-clip prior decoder sr256 sr1024} "
wanted() { [[ $stages == *" $1 "* ]]; }
# The decoder's settings, shared by the probe and the training so that the probe times the
# step the training will take.
decoderArgs=(--batch "${UNCLIP_DECODER_BATCH:-128}" --lr 3e-4 --steps 100000)
[[ -n ${UNCLIP_DECODER_TWO_OBJECTS:-} ]] && decoderArgs+=(--two-objects "$UNCLIP_DECODER_TWO_OBJECTS")
autocast=${UNCLIP_AUTOCAST:-}
probeSeconds=${UNCLIP_PROBE_SECONDS:-0}
# probe MODE: the decoder for probeSeconds on a scratch copy of the model; prints the mean
# pictures/s of its progress lines after the first, its last loss and how many lines the mean
# took. The first line is left out because it holds the start-up (CUDA and cuDNN picking
# kernels; a 25 s probe once fit wholly in it and chose wrongly: docs/TRAINING.md, twelfth
# session).
probe() {
    local mode=$1 dir=build/gpu-probe/$1
    rm -rf "$dir" && mkdir -p "$dir" && cp -r "$model" "$dir/" && rm -rf "$dir/$(basename "$model")/.training"
    OMP_WAIT_POLICY=passive "$bin" --model "$dir/$(basename "$model")" --stage decoder \
        --device "$device" --threads "$threads" "${decoderArgs[@]}" \
        --minutes "$(awk -v s="$probeSeconds" 'BEGIN { print s / 60 }')" --log-every 10 \
        --checkpoint-every 100000 --autocast "$mode" >"$out/probe-$mode.txt" 2>&1
    grep -E '^\[decoder\] step [0-9]+/' "$out/probe-$mode.txt" |
        awk '{ for (i = 1; i < NF; ++i) { if ($(i + 1) == "samples/s") r = $i; if ($i == "loss") l = $(i + 1) }
               if (NR > 1) { sum += r; n++ } } END { printf "%.1f %s %d\n", (n ? sum / n : 0), l, n }'
}
if wanted decoder && [[ -z $autocast ]] && ((probeSeconds > 0)); then
    read -r rate32 loss32 lines32 < <(probe off)
    read -r rate16 loss16 lines16 < <(probe bfloat16)
    if ((${lines32:-0} < 2 || ${lines16:-0} < 2)); then  # too short to see past the start-up
        autocast=off
        log "probe: inconclusive (${lines32:-0} and ${lines16:-0} progress lines after the first; 2 each needed): give UNCLIP_PROBE_SECONDS more (60 on the H200); training in float32"
    else
        autocast=$(awk -v a="$rate32" -v b="$rate16" -v la="${loss32:-0}" -v lb="${loss16:-1e9}" \
            'BEGIN { print (a > 0 && b >= 1.15 * a && lb <= 1.3 * la) ? "bfloat16" : "off" }')
        log "probe: float32 $rate32 pictures/s (loss ${loss32:-?}), bfloat16 autocast $rate16 (loss ${loss16:-?}): training with autocast $autocast"
    fi
    rm -rf build/gpu-probe
fi
autocast=${autocast:-off}

minutesLeft() { awk -v s=$((deadline - $(date +%s))) 'BEGIN { printf "%.2f", (s < 6 ? 6 : s) / 60 }'; }
train() {  # train STAGE [ARGS...]: one stage in the background, its log under $out
    local stage=$1
    shift
    OMP_WAIT_POLICY=passive "$bin" --model "$model" --stage "$stage" \
        --device "$device" --threads "$threads" --minutes "$(minutesLeft)" --log-every 100 \
        --checkpoint-every 1000 "$@" >"$out/train-$stage.txt" 2>&1 &
    pids[$stage]=$!
    log "$stage started"
}
finish() {  # finish STAGE: waits for it and logs how it ended
    wait "${pids[$1]}"
    log "$1: exit $?; $(grep -E '^\[.*step [0-9]+/' "$out/train-$1.txt" | tail -1)"
}
declare -A pids

wanted sr256 && train sr256 --batch 32 --lr 3e-4 --steps 100000 --autocast "$autocast"
wanted sr1024 && train sr1024 --batch 16 --lr 3e-4 --steps 100000 --autocast "$autocast"
if wanted clip && ((clipSeconds > 0)); then
    OMP_WAIT_POLICY=passive "$bin" --model "$model" --stage clip \
        --device "$device" --threads "$threads" --batch 512 --minutes "$(awk -v s="$clipSeconds" 'BEGIN { print s / 60 }')" \
        --steps 100000 --log-every 100 --checkpoint-every 1000 >"$out/train-clip.txt" 2>&1
    log "clip: exit $?; $(grep -E '^\[.*step [0-9]+/' "$out/train-clip.txt" | tail -1)"
fi
wanted prior && train prior --batch 256 --lr 4e-4 --steps 100000
wanted decoder && train decoder "${decoderArgs[@]}" --autocast "$autocast"
"$bin" eval --model "$model" --device "$device" --held-out 0 --variations 0 --zero-shot 400 \
    >"$out/eval-clip.txt" 2>&1
log "CLIP zero-shot: $(grep -E 'zero-shot' "$out/eval-clip.txt" | tr -s ' ' | tr '\n' ';')"
for stage in prior decoder sr256 sr1024; do wanted "$stage" && finish "$stage"; done

if ((evalSeconds > 0)); then
    timeout "$evalSeconds" "$bin" eval --model "$model" --device "$device" \
        --held-out 10 --seeds 2 --variations 20 --zero-shot 200 >"$out/eval.txt" 2>&1
    log "quick evaluation: exit $? (124: cut off at ${evalSeconds} s)"
fi
# In three archives: one file coming back may hold 16 MiB at most.
name=$(basename "$model")
pack() {  # pack PART COMPONENT...
    local part=$1
    shift
    local paths=()
    for c in "$@"; do [[ -e $model/$c ]] && paths+=("$name/$c"); done
    tar -C "$(dirname "$model")" -czf "$final/shapes-$part.tgz" "${paths[@]}" &&
        log "$part: shapes-$part.tgz ($(du -h "$final/shapes-$part.tgz" | cut -f1))"
}
others=()
for c in "$model"/*; do
    c=$(basename "$c")
    [[ $c == decoder || $c == text_proj || $c == super_res_* ]] || others+=("$c")
done
pack clip-prior "${others[@]}"
pack decoder decoder text_proj
pack upsamplers super_res_first super_res_1024 super_res_scheduler
# The checkpoints (Adam state included) stay on the machine: too large to bring back, and a
# warm machine's next call resumes from them.
[[ -n ${smiPid:-} ]] && kill "$smiPid"
cp "$out/train-summary.txt" "$final/" && tar -C "$final" -czf "$final/logs.tgz" logs && rm -rf "$out"
