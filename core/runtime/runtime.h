// Process-wide runtime choices: how many threads LibTorch uses, which device and
// precision to run on.
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

// libgomp (Debian's LibTorch's OpenMP) keeps idle worker threads spinning for work unless
// OMP_WAIT_POLICY says "passive"; on this project's 2-core machine the spinning threads
// took the cores from the ones with work: with the built-in model a 256 px picture
// 3.37 s -> 2.02 s, 64 px 3.18 s -> 1.34 s (bench_engine --model, mean of 5). libgomp
// reads the variable once, as it loads, before main, so when it is unset the program
// starts itself again with it set (execv of /proc/self/exe, same arguments); a value the
// user set is kept. The restart loads LibTorch twice (~0.3 s), so the launchers (run.sh,
// the .desktop file) set the variable, and the command line restarts only for commands
// that run networks. Call first thing in main; returns only when no restart happened.
void restartWithPassiveOpenMpWait(char** argv);

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
