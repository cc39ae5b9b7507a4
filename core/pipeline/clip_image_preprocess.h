// CLIP image preprocessing: transformers' CLIPImageProcessor, in LibTorch.
//
// Turns a decoded RGB picture into the pixel_values the CLIP image encoder expects:
// resize so the shortest edge is `shortestEdge` (PIL-style antialiased bicubic), centre crop,
// rescale to [0, 1], normalise with the OpenAI mean/std.
//
//   auto cfg = ClipImageProcessorConfig::fromFile(modelDir / "feature_extractor" /
//                                                 "preprocessor_config.json");
//   torch::Tensor pixels = clipPreprocess(imageHWC, cfg);   // [1, 3, 224, 224] float32
//   torch::Tensor batch = clipPreprocessBatch({a, b}, cfg); // [2, 3, 224, 224]
//
// Images are uint8 [H, W, 3] RGB; greyscale ([H, W] or [H, W, 1]) is replicated to three
// channels and the alpha of [H, W, 4] is dropped, as PIL's convert("RGB") does.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <utility>
#include <vector>

#include <torch/torch.h>

namespace unclip {

class JsonConfig;

// PIL resampling filter ids, as preprocessor_config.json's "resample" stores them.
enum class ClipResample : int { Bilinear = 2, Bicubic = 3 };

// Defaults are those of transformers' CLIPImageProcessor().
struct ClipImageProcessorConfig {
    bool doResize = true;
    int64_t shortestEdge = 224;
    ClipResample resample = ClipResample::Bicubic;
    bool doCenterCrop = true;
    int64_t cropHeight = 224;
    int64_t cropWidth = 224;
    bool doRescale = true;
    double rescaleFactor = 1.0 / 255.0;
    bool doNormalize = true;
    std::array<double, 3> imageMean{0.48145466, 0.4578275, 0.40821073};
    std::array<double, 3> imageStd{0.26862954, 0.26130258, 0.27577711};

    // Reads a preprocessor_config.json; a value this code does not implement (a resample
    // other than bicubic/bilinear, a fixed {height, width} resize) is an error naming the field.
    static ClipImageProcessorConfig fromFile(const std::filesystem::path& preprocessorConfigJson);
    static ClipImageProcessorConfig fromJson(const JsonConfig& json);
};

// The (height, width) the resize step produces for an image of that size: the short side
// becomes shortestEdge, the long side int(shortestEdge * long / short), truncated as
// transformers' get_resize_output_image_size does.
std::pair<int64_t, int64_t> clipResizeOutputSize(int64_t height, int64_t width,
                                                 int64_t shortestEdge);

// Any accepted image layout (see above) as uint8 [H, W, 3]; anything else is an unclip::Error.
torch::Tensor toRgbHWC(const torch::Tensor& image);

// One image -> [1, 3, cropHeight, cropWidth] float32 on the image's device.
torch::Tensor clipPreprocess(const torch::Tensor& imageHWCuint8,
                             const ClipImageProcessorConfig& config);

// Several images -> [N, 3, cropHeight, cropWidth]. Without a centre crop the images must
// come out the same size.
torch::Tensor clipPreprocessBatch(const std::vector<torch::Tensor>& imagesHWCuint8,
                                  const ClipImageProcessorConfig& config);

}  // namespace unclip
