#!/usr/bin/env bash
# The GPU check, run on a machine with an NVIDIA GPU and a CUDA LibTorch (for this project's
# GPU machine, through the device tool, with the fixtures copied into local/fixtures and
# carried). It builds the engine alone against that LibTorch, runs the parity tests on CUDA
# in float32 (1e-3) and float16 (loosely), times Karlo-size networks with random weights in
# float16, and packs every log into $OUT/gpu-check.tgz.
#
#   mkdir -p local/fixtures && cp -r ../shared/fixtures/unclip-reference-a local/fixtures/
#   (device) bash scripts/gpu-check.sh        carry: local/fixtures
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=${OUT:-$root/build/gpu-out}
mkdir -p "$out"
log() { echo "gpu-check: $*" | tee -a "$out/summary.txt"; }

source scripts/gpu-build.sh
gpu_build || exit 1

export UNCLIP_REFERENCE_DIR=${UNCLIP_REFERENCE_DIR:-$root/local/fixtures/unclip-reference-a}
for dtype in float32 float16; do
    UNCLIP_TEST_DEVICE=cuda UNCLIP_TEST_DTYPE=$dtype ctest --test-dir build/gpu -R parity -V \
        >"$out/parity-cuda-$dtype.txt" 2>&1
    log "parity on cuda/$dtype: exit $? ($(grep -c '\[ PASS \]' "$out/parity-cuda-$dtype.txt") passed," \
        "$(grep -c '\[ FAIL \]' "$out/parity-cuda-$dtype.txt") failed," \
        "$(grep -c '\[ SKIP \]' "$out/parity-cuda-$dtype.txt") skipped: CUDA absent?)"
done
ctest --test-dir build/gpu >"$out/ctest-cpu.txt" 2>&1
log "all engine tests on the CPU: exit $? ($(grep 'tests passed' "$out/ctest-cpu.txt"))"

build/gpu/bin/bench_engine --device cuda --dtype float16 --reps 20 --skip-fixture --all >"$out/bench-fp16.txt" 2>&1
build/gpu/bin/bench_engine --device cuda --dtype float32 --reps 10 --skip-fixture >"$out/bench-fp32.txt" 2>&1
cat "$out"/bench-*.txt | tee -a "$out/summary.txt"
tar -C "$out" -czf "$out/gpu-check.tgz" --exclude gpu-check.tgz . && log "results in $out/gpu-check.tgz"
