// Process-wide runtime choices: how many threads LibTorch uses, which device and
// precision to run on, how freed memory is kept, and the settings libraries read only as
// they load (one restart at start-up).
//
//   int threads = configureThreads(std::nullopt);  // OMP_NUM_THREADS or all cores
//   auto device = resolveDevice("auto");            // CUDA when present, else CPU
//   auto dtype = resolveDtype("auto", device);      // float16 on CUDA, float32 on CPU
#pragma once

#include <optional>
#include <string>

#include <torch/torch.h>

namespace unclip {

// Debian's LibTorch starts with one intra-op thread (shared/reference/ENVIRONMENT.md):
// use the requested count, else OMP_NUM_THREADS, else every hardware thread. Returns the
// count in force.
int configureThreads(std::optional<int> requested);

// Keeps freed tensor memory in the process instead of returning it to the system after
// every network call: glibc hands large blocks back with munmap/trim, and each denoising
// step then pays page faults for all its activations again (measured here: a 1024 px
// upsampler forward 1.3 s -> 0.43 s, a Karlo decoder forward 6.4 s -> 5.4 s). Call once
// at start-up; returns whether the allocator accepted the settings.
bool keepFreedMemory();

// Two libraries read their settings from the environment once, as they load, before
// main; when a setting below is wanted and the variable is unset, the program starts itself
// again with it set (execv of /proc/self/exe, same arguments). A value the user set is
// always kept, so either can be turned off from outside. The restart loads LibTorch twice
// (~0.3 s), so the launchers (run.sh, the .desktop file) set OMP_WAIT_POLICY and the
// command line restarts only for commands that run networks. Call first thing in main;
// returns only when no restart happened.
// - OMP_WAIT_POLICY=passive. libgomp (Debian's LibTorch's OpenMP) keeps idle worker
//   threads spinning for work otherwise; on this project's 2-core machine they took the
//   cores from the ones with work: with the built-in model a 256 px picture 3.37 s ->
//   2.02 s, 64 px 3.18 s -> 1.34 s (bench_engine --model, mean of 5).
// - OPENBLAS_CORETYPE, only where OpenBLAS mistakes the CPU for a generic one
//   (openBlasCoreOverride): its matrix products (attention, linear layers) then run
//   2-3x faster. Results differ from the generic kernels' by float rounding (the
//   networks' parity holds to ~1e-6); the tests never restart, so they measure the
//   default kernels, as shared/reference/ENVIRONMENT.md asks.
void restartWithRuntimeSettings(char** argv);

// OpenBLAS's name for the kernels it runs ("SkylakeX", "Prescott", ...), or "" when the
// process's BLAS is not OpenBLAS.
std::string openBlasCoreName();

// What the CPU can run, as the compiler's CPU check reports it (which includes the
// operating system having the wide registers enabled).
struct CpuVectorUnits {
    bool avx512 = false;   // AVX-512 F, BW, DQ and VL: what OpenBLAS's SkylakeX kernels use
    bool avx2Fma = false;  // AVX2 and FMA: what its Haswell kernels use
};

// The OpenBLAS kernel set to ask for, given the core OpenBLAS picked by itself
// (openBlasCoreName()) and what the CPU can do. Debian's OpenBLAS 0.3.21 does not know
// recent Xeons and falls back to its generic "Prescott" kernels
// (shared/reference/ENVIRONMENT.md); its SkylakeX or Haswell kernels run on them. Any
// other detection, or another BLAS, is trusted.
std::optional<std::string> openBlasCoreOverride(const std::string& detectedCore,
                                                const CpuVectorUnits& cpu);

// Lets float32 matrix products and convolutions on an NVIDIA GPU use TF32 tensor cores,
// and cuDNN pick its fastest algorithms for fixed shapes: training's float32 steps run
// several times faster for a precision loss far below the gradient noise.
void useFastFloat32OnCuda();

// "auto", "cpu", "cuda" or "cuda:N". An unavailable CUDA is an error that says so.
torch::Device resolveDevice(const std::string& spec);

// "auto", "float32"/"fp32", "float16"/"fp16", "bfloat16"/"bf16". float16 is refused on
// the CPU, where LibTorch lacks half-precision kernels for much of the network.
torch::Dtype resolveDtype(const std::string& spec, const torch::Device& device);

std::string dtypeName(torch::Dtype dtype);

}  // namespace unclip
