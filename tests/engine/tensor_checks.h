// Tensor comparisons for the parity tests, which print the figures they check.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include <torch/torch.h>

#include "core/weights/safetensors.h"
#include "harness.h"

namespace unclip::test {

// max |got - want| / max |want|: one figure per tensor, scale-free across networks.
inline double relativeError(const torch::Tensor& got, const torch::Tensor& want) {
    auto g = got.detach().to(torch::kFloat64).cpu();
    auto w = want.detach().to(torch::kFloat64).cpu();
    const double scale = std::max(w.abs().max().item<double>(), 1e-12);
    return (g - w).abs().max().item<double>() / scale;
}

inline double absoluteError(const torch::Tensor& got, const torch::Tensor& want) {
    return (got.detach().to(torch::kFloat64).cpu() - want.detach().to(torch::kFloat64).cpu())
        .abs()
        .max()
        .item<double>();
}

inline void checkShape(const torch::Tensor& got, const torch::Tensor& want,
                       const std::string& what) {
    if (got.sizes() != want.sizes())
        fail(__FILE__, __LINE__,
             what + ": shape " + c10::str(got.sizes()) + ", expected " + c10::str(want.sizes()));
}

// Checks and prints the relative error of got against want.
inline void expectClose(const torch::Tensor& got, const torch::Tensor& want, double tolerance,
                        const std::string& what) {
    checkShape(got, want, what);
    const double err = relativeError(got, want);
    std::cout << "  " << what << ": max relative error " << err << " (tolerance " << tolerance
              << ")\n";
    if (!(err <= tolerance))
        fail(__FILE__, __LINE__, what + ": relative error " + std::to_string(err));
}

inline void expectAbsClose(const torch::Tensor& got, const torch::Tensor& want, double tolerance,
                           const std::string& what) {
    checkShape(got, want, what);
    const double err = absoluteError(got, want);
    std::cout << "  " << what << ": max absolute error " << err << " (tolerance " << tolerance
              << ")\n";
    if (!(err <= tolerance))
        fail(__FILE__, __LINE__, what + ": absolute error " + std::to_string(err));
}

// One reference case file from the fixtures (cases/<name>.safetensors).
inline std::shared_ptr<const SafetensorsFile> fixtureCase(const std::string& name) {
    return SafetensorsFile::open(fixtureDir() / "cases" / (name + ".safetensors"));
}

inline std::filesystem::path fixturePipeline() { return fixtureDir() / "pipeline"; }

// Where the parity tests run: UNCLIP_TEST_DEVICE (cpu, cuda) and UNCLIP_TEST_DTYPE
// (float32, float16, bfloat16); CPU float32 by default. CUDA asked for but absent skips.
inline torch::Device testDevice() {
    const char* env = std::getenv("UNCLIP_TEST_DEVICE");
    const std::string spec = env && *env ? env : "cpu";
    if (spec.rfind("cuda", 0) == 0 && !torch::cuda::is_available())
        UNCLIP_SKIP("UNCLIP_TEST_DEVICE=" + spec + " but LibTorch sees no CUDA device");
    return torch::Device(spec);
}

inline torch::Dtype testDtype() {
    const char* env = std::getenv("UNCLIP_TEST_DTYPE");
    const std::string spec = env && *env ? env : "float32";
    if (spec == "float16") return torch::kFloat16;
    if (spec == "bfloat16") return torch::kBFloat16;
    if (spec != "float32")
        fail(__FILE__, __LINE__, "UNCLIP_TEST_DTYPE must be float32, float16 or bfloat16");
    return torch::kFloat32;
}

// One network: 1e-4 in float32 on the CPU; 1e-3 on CUDA (TF32 convolutions, other
// kernels); half precision loosely.
inline double networkTolerance() {
    if (testDtype() != torch::kFloat32) return 5e-2;
    return testDevice().is_cuda() ? 1e-3 : 1e-4;
}

// A whole pipeline's image, absolute: 1e-3 in float32 anywhere, loosely in half precision.
inline double pipelineTolerance() { return testDtype() == torch::kFloat32 ? 1e-3 : 1e-1; }

// How far one image may move when computed in another batch: kernels pick other
// algorithms for other shapes on the GPU and in half precision.
inline double batchTolerance() {
    if (testDtype() != torch::kFloat32) return 5e-2;
    return testDevice().is_cuda() ? 2e-3 : 1e-5;
}

// A floating-point input for the device under test (integer tensors keep their type).
inline torch::Tensor onTestDevice(const torch::Tensor& t) {
    return t.is_floating_point() ? t.to(testDevice(), testDtype()) : t.to(testDevice());
}

}  // namespace unclip::test
