#include "core/runtime/runtime.h"

#include <dlfcn.h>
#include <malloc.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

#include "core/common/error.h"

namespace unclip {

int configureThreads(std::optional<int> requested) {
    int threads = 0;
    if (requested) {
        if (*requested < 1) throw Error("the thread count must be at least 1");
        threads = *requested;
    } else if (const char* omp = std::getenv("OMP_NUM_THREADS"); omp && std::atoi(omp) > 0) {
        threads = std::atoi(omp);
    } else {
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    }
    torch::set_num_threads(threads);
    return torch::get_num_threads();
}

bool keepFreedMemory() {
    // Blocks up to 1 GiB come from the heap rather than fresh mappings, and the heap is
    // trimmed only when 4 GiB sit unused at its top.
    const bool mmap = mallopt(M_MMAP_THRESHOLD, 1 << 30) == 1;
    const bool trim =
        mallopt(M_TRIM_THRESHOLD, int(std::min<long long>(4LL << 30, INT32_MAX))) == 1;
    return mmap && trim;
}

std::optional<std::string> openBlasCoreOverride(const std::string& detectedCore,
                                                const CpuVectorUnits& cpu) {
    if (detectedCore != "Prescott") return std::nullopt;
    if (cpu.avx512) return "SkylakeX";
    if (cpu.avx2Fma) return "Haswell";
    return std::nullopt;
}

std::string openBlasCoreName() {
    using CoreName = char* (*)();
    auto corename = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
    const char* name = corename ? corename() : nullptr;
    return name ? name : "";
}

namespace {

CpuVectorUnits cpuVectorUnits() {
    CpuVectorUnits cpu;
#if defined(__x86_64__) || defined(__i386__)
    cpu.avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                 __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
    cpu.avx2Fma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    return cpu;
}

}  // namespace

void restartWithRuntimeSettings(char** argv) {
    bool changed = false;
    if (!std::getenv("OMP_WAIT_POLICY")) changed |= setenv("OMP_WAIT_POLICY", "passive", 0) == 0;
    if (!std::getenv("OPENBLAS_CORETYPE"))
        if (const auto core = openBlasCoreOverride(openBlasCoreName(), cpuVectorUnits()))
            changed |= setenv("OPENBLAS_CORETYPE", core->c_str(), 0) == 0;
    if (changed) execv("/proc/self/exe", argv);
    // No restart wanted, or it failed (no /proc): go on as loaded.
}

torch::Device resolveDevice(const std::string& spec) {
    if (spec.empty() || spec == "auto")
        return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::kCPU;
    if (spec == "cpu") return torch::kCPU;
    if (spec.rfind("cuda", 0) == 0) {
        if (!torch::cuda::is_available())
            throw Error("device '" + spec +
                        "' was asked for, but this LibTorch build sees no CUDA GPU "
                        "(use --device cpu, or build against a CUDA LibTorch)");
        int index = 0;
        if (spec.size() > 4) {
            if (spec[4] != ':')
                throw Error("unknown device '" + spec + "' (use auto, cpu, cuda or cuda:N)");
            try {
                index = std::stoi(spec.substr(5));
            } catch (const std::exception&) {
                throw Error("unknown device '" + spec + "' (use auto, cpu, cuda or cuda:N)");
            }
        }
        if (index < 0 || index >= static_cast<int>(torch::cuda::device_count()))
            throw Error("there is no " + spec + ": " + std::to_string(torch::cuda::device_count()) +
                        " CUDA device(s)");
        return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
    }
    throw Error("unknown device '" + spec + "' (use auto, cpu, cuda or cuda:N)");
}

torch::Dtype resolveDtype(const std::string& spec, const torch::Device& device) {
    if (spec.empty() || spec == "auto") return device.is_cuda() ? torch::kFloat16 : torch::kFloat32;
    if (spec == "float32" || spec == "fp32") return torch::kFloat32;
    if (spec == "bfloat16" || spec == "bf16") return torch::kBFloat16;
    if (spec == "float16" || spec == "fp16" || spec == "half") {
        if (!device.is_cuda())
            throw Error(
                "float16 runs only on a CUDA GPU; on the CPU use float32 (or bfloat16 on CPUs with "
                "AVX-512 BF16)");
        return torch::kFloat16;
    }
    throw Error("unknown precision '" + spec + "' (use auto, float32, float16 or bfloat16)");
}

std::string dtypeName(torch::Dtype dtype) {
    switch (dtype) {
        case torch::kFloat32:
            return "float32";
        case torch::kFloat16:
            return "float16";
        case torch::kBFloat16:
            return "bfloat16";
        case torch::kFloat64:
            return "float64";
        default:
            return std::string(c10::toString(dtype));
    }
}

void useFastFloat32OnCuda() {
    at::globalContext().setAllowTF32CuBLAS(true);
    at::globalContext().setAllowTF32CuDNN(true);
    at::globalContext().setBenchmarkCuDNN(true);
}

}  // namespace unclip
