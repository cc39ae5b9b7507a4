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

// "auto", "cpu", "cuda" or "cuda:N". An unavailable CUDA is an error that says so.
torch::Device resolveDevice(const std::string& spec);

// "auto", "float32"/"fp32", "float16"/"fp16", "bfloat16"/"bf16". float16 is refused on
// the CPU, where LibTorch lacks half-precision kernels for much of the network.
torch::Dtype resolveDtype(const std::string& spec, const torch::Device& device);

std::string dtypeName(torch::Dtype dtype);

}  // namespace unclip
