#include "core/training/autocast_scope.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include "core/common/error.h"

// LibTorch 2.4 made autocast's state per device type; 1.13 to 2.3 have a CUDA and a CPU
// function for each (deprecated since 2.4, so not used there).
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define UNCLIP_AUTOCAST_PER_DEVICE 1
#endif

namespace unclip::training {
namespace {

#ifdef UNCLIP_AUTOCAST_PER_DEVICE
bool isEnabled(c10::DeviceType type) { return at::autocast::is_autocast_enabled(type); }
void setEnabled(c10::DeviceType type, bool on) { at::autocast::set_autocast_enabled(type, on); }
at::ScalarType dtypeOf(c10::DeviceType type) { return at::autocast::get_autocast_dtype(type); }
void setDtype(c10::DeviceType type, at::ScalarType dtype) {
    at::autocast::set_autocast_dtype(type, dtype);
}
#else
bool isCuda(c10::DeviceType type) { return type == c10::DeviceType::CUDA; }
bool isEnabled(c10::DeviceType type) {
    return isCuda(type) ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
}
void setEnabled(c10::DeviceType type, bool on) {
    isCuda(type) ? at::autocast::set_enabled(on) : at::autocast::set_cpu_enabled(on);
}
at::ScalarType dtypeOf(c10::DeviceType type) {
    return isCuda(type) ? at::autocast::get_autocast_gpu_dtype()
                        : at::autocast::get_autocast_cpu_dtype();
}
void setDtype(c10::DeviceType type, at::ScalarType dtype) {
    isCuda(type) ? at::autocast::set_autocast_gpu_dtype(dtype)
                 : at::autocast::set_autocast_cpu_dtype(dtype);
}
#endif

}  // namespace

AutocastScope::AutocastScope(const torch::Device& device, std::optional<torch::Dtype> dtype) {
    if (!dtype) return;
    if (!device.is_cpu() && !device.is_cuda())
        throw Error("mixed precision (autocast) runs on the CPU or a CUDA GPU, not on " +
                    device.str());
    deviceType_ = device.type();
    wasEnabled_ = isEnabled(deviceType_);
    previousDtype_ = dtypeOf(deviceType_);
    setDtype(deviceType_, *dtype);
    setEnabled(deviceType_, true);
    active_ = true;
}

AutocastScope::~AutocastScope() {
    if (!active_) return;
    setEnabled(deviceType_, wasEnabled_);
    setDtype(deviceType_, previousDtype_);
    // The outermost scope drops the cached low-precision copies of the weights: the
    // optimiser is about to change them.
    if (!wasEnabled_) at::autocast::clear_cache();
}

std::optional<torch::Dtype> parseAutocast(const std::string& spec) {
    if (spec == "off" || spec == "none" || spec == "float32") return std::nullopt;
    if (spec == "bfloat16" || spec == "bf16") return torch::kBFloat16;
    if (spec == "float16" || spec == "fp16")
        throw Error(
            "--autocast float16 would need loss scaling, which the trainer does not do; "
            "use --autocast bfloat16 (or off)");
    throw Error("unknown --autocast '" + spec + "' (use off or bfloat16)");
}

bool autocastEnabled(const torch::Device& device) { return isEnabled(device.type()); }

}  // namespace unclip::training
