// Tensor comparisons for the parity tests, which print the figures they check.
#pragma once

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

}  // namespace unclip::test
