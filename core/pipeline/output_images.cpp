#include "core/pipeline/output_images.h"

#include <string>

#include "core/common/error.h"

namespace unclip {

torch::Tensor toImageUint8(const torch::Tensor& imagesNHWC01) {
    if (!imagesNHWC01.defined() || !imagesNHWC01.is_floating_point() ||
        (imagesNHWC01.dim() != 3 && imagesNHWC01.dim() != 4))
        throw Error("toImageUint8 expects float images [N, H, W, C] or [H, W, C] in [0, 1], got " +
                    (imagesNHWC01.defined()
                         ? std::string(c10::toString(imagesNHWC01.scalar_type())) + " " +
                               c10::str(imagesNHWC01.sizes())
                         : std::string("an empty tensor")));
    // Half precision cannot hold x * 255 exactly; diffusers does this step in float32.
    const auto x = imagesNHWC01.scalar_type() == torch::kDouble ? imagesNHWC01
                                                                : imagesNHWC01.to(torch::kFloat32);
    return (x.clamp(0, 1) * 255).round().to(torch::kUInt8);
}

torch::Tensor imagesFromModelRange(const torch::Tensor& imagesNCHWminus1to1) {
    if (!imagesNCHWminus1to1.defined() || !imagesNCHWminus1to1.is_floating_point() ||
        imagesNCHWminus1to1.dim() != 4)
        throw Error("imagesFromModelRange expects float images [N, C, H, W] in [-1, 1], got " +
                    (imagesNCHWminus1to1.defined() ? c10::str(imagesNCHWminus1to1.sizes())
                                                   : std::string("an empty tensor")));
    return (imagesNCHWminus1to1 * 0.5 + 0.5).clamp(0, 1).permute({0, 2, 3, 1});
}

}  // namespace unclip
