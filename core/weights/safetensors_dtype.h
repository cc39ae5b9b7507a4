// The dtype names a safetensors header uses, mapped to LibTorch dtypes (internal to
// core/weights: the reader and the writer share one table so they cannot disagree).
//
//   const SafetensorsDtype* d = findSafetensorsDtype("BF16");   // nullptr if unsupported
//   torch::Tensor t = torch::empty(shape, d->torchDtype);
#pragma once

#include <cstddef>
#include <string>

#include <torch/torch.h>

namespace unclip {

struct SafetensorsDtype {
    const char* name;  // as written in the header
    torch::Dtype torchDtype;
    size_t elementSize;  // bytes per element
};

// nullptr when the name is not one this build reads.
const SafetensorsDtype* findSafetensorsDtype(const std::string& name);
// nullptr when LibTorch's dtype has no safetensors counterpart this build writes.
const SafetensorsDtype* findSafetensorsDtype(torch::Dtype dtype);
// True for dtypes the format defines that this build cannot hold in LibTorch 1.13
// (unsigned 16/32/64-bit ints, 8-bit floats), so the error can say "unsupported"
// rather than "unknown".
bool isKnownUnsupportedSafetensorsDtype(const std::string& name);
// "F64, F32, F16, BF16, ..." for error messages.
std::string supportedSafetensorsDtypes();

}  // namespace unclip
