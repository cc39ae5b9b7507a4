#include "core/weights/safetensors_dtype.h"

namespace unclip {
namespace {

// Widest first: the writer lays tensors out in this order so each starts aligned.
const SafetensorsDtype kDtypes[] = {
    {"F64", torch::kFloat64, 8}, {"I64", torch::kInt64, 8},   {"F32", torch::kFloat32, 4},
    {"I32", torch::kInt32, 4},   {"F16", torch::kFloat16, 2}, {"BF16", torch::kBFloat16, 2},
    {"I16", torch::kInt16, 2},   {"I8", torch::kInt8, 1},     {"U8", torch::kUInt8, 1},
    {"BOOL", torch::kBool, 1},
};

}  // namespace

const SafetensorsDtype* findSafetensorsDtype(const std::string& name) {
    for (const auto& d : kDtypes)
        if (name == d.name) return &d;
    return nullptr;
}

const SafetensorsDtype* findSafetensorsDtype(torch::Dtype dtype) {
    for (const auto& d : kDtypes)
        if (dtype == d.torchDtype) return &d;
    return nullptr;
}

bool isKnownUnsupportedSafetensorsDtype(const std::string& name) {
    static const char* const kOthers[] = {"U16",     "U32", "U64",     "F8_E4M3", "F8_E5M2",
                                          "F8_E8M0", "F4",  "F6_E2M3", "F6_E3M2", "C64"};
    for (const char* other : kOthers)
        if (name == other) return true;
    return false;
}

std::string supportedSafetensorsDtypes() {
    std::string out;
    for (const auto& d : kDtypes) out += (out.empty() ? "" : ", ") + std::string(d.name);
    return out;
}

}  // namespace unclip
