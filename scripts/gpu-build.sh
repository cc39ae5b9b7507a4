# Sourced by scripts/gpu-check.sh and scripts/gpu-train.sh: finds the machine's CUDA
# LibTorch (PyTorch's, /opt/torch/.venv on the project's GPU machine, or $UNCLIP_PYTHON's)
# and builds the engine alone against it into build/gpu. Expects `out` and `log` set;
# `gpu_build TARGET...` builds those targets (all when none), returns non-zero on failure.
gpu_build() {
    local python=${UNCLIP_PYTHON:-/opt/torch/.venv/bin/python3}
    [[ -x $python ]] || python=python3
    local prefix
    prefix=$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)') || {
        log "no PyTorch/LibTorch found (set UNCLIP_PYTHON)"
        return 1
    }
    log "LibTorch from $prefix; $(nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>/dev/null)"
    local generator=() targets=()
    command -v ninja >/dev/null && generator=(-G Ninja)
    for t in "$@"; do targets+=(--target "$t"); done
    local start
    start=$(date +%s)
    cmake -S . -B build/gpu "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DUNCLIP_ENGINE_ONLY=ON \
        -DCMAKE_PREFIX_PATH="$prefix" >"$out/configure.txt" 2>&1 || {
        log "configure failed"
        tail -30 "$out/configure.txt"
        return 1
    }
    cmake --build build/gpu --parallel "$(nproc)" "${targets[@]}" >"$out/build.txt" 2>&1 || {
        log "build failed"
        tail -40 "$out/build.txt"
        return 1
    }
    log "configure + build: $(($(date +%s) - start)) s"
}
