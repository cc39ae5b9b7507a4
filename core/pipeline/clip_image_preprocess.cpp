#include "core/pipeline/clip_image_preprocess.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <tuple>

#include "core/common/error.h"
#include "core/config/json_config.h"

namespace unclip {
namespace {

namespace F = torch::nn::functional;

std::string shapeOf(const torch::Tensor& t) {
    std::ostringstream os;
    os << t.sizes();
    return os.str();
}

// Python's // for the centre-crop offsets, which go negative when the crop is larger.
int64_t floorDiv(int64_t a, int64_t b) {
    const int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t positiveInt(const JsonConfig& json, const nlohmann::json& value, const std::string& field) {
    if (!value.is_number_integer() || value.get<int64_t>() <= 0)
        json.fail(field, "= " + value.dump() + " must be a positive whole number of pixels");
    return value.get<int64_t>();
}

// "size" is either a bare int (old CLIPFeatureExtractor files) or {"shortest_edge": N}.
int64_t readShortestEdge(const JsonConfig& json) {
    const auto& size = json.json().at("size");
    if (size.is_number()) return positiveInt(json, size, "size");
    if (size.is_object() && size.contains("shortest_edge") && !size.at("shortest_edge").is_null()) {
        for (const auto& [key, value] : size.items())
            if (key != "shortest_edge" && !value.is_null())
                json.fail("size", "= " + size.dump() + " is not supported: '" + key +
                                      "' is not implemented, only {\"shortest_edge\": N}");
        return positiveInt(json, size.at("shortest_edge"), "size.shortest_edge");
    }
    json.fail("size", "= " + size.dump() +
                          " is not supported: only {\"shortest_edge\": N} (resize keeping the "
                          "aspect ratio, as CLIP does) is implemented");
}

// "crop_size" is either a bare int or {"height": H, "width": W}.
std::pair<int64_t, int64_t> readCropSize(const JsonConfig& json) {
    const auto& crop = json.json().at("crop_size");
    if (crop.is_number()) {
        const int64_t side = positiveInt(json, crop, "crop_size");
        return {side, side};
    }
    if (crop.is_object() && crop.contains("height") && crop.contains("width"))
        return {positiveInt(json, crop.at("height"), "crop_size.height"),
                positiveInt(json, crop.at("width"), "crop_size.width")};
    json.fail("crop_size",
              "= " + crop.dump() + " is not supported: expected {\"height\": H, \"width\": W}");
}

// "image_mean" / "image_std": three numbers, or one number for all channels.
std::array<double, 3> readPerChannel(const JsonConfig& json, const std::string& field,
                                     const std::array<double, 3>& fallback) {
    if (!json.has(field)) return fallback;
    const auto& value = json.json().at(field);
    if (value.is_number()) return {value.get<double>(), value.get<double>(), value.get<double>()};
    if (value.is_array() && value.size() == 3 &&
        std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_number(); }))
        return {value[0].get<double>(), value[1].get<double>(), value[2].get<double>()};
    json.fail(field, "= " + value.dump() + " must be three numbers, one per RGB channel");
}

// PIL resizes 8-bit images in two separable passes, horizontal then vertical, rounding to
// uint8 after each; LibTorch's antialiased interpolation ports PIL's kernels (bicubic
// a = -0.5, support scaled when shrinking), so one pass per axis reproduces PIL closely.
// An axis whose size is unchanged is an identity pass and is skipped.
torch::Tensor pilStyleResize(torch::Tensor x, int64_t height, int64_t width,
                             ClipResample resample) {
    auto options = F::InterpolateFuncOptions().align_corners(false).antialias(true);
    if (resample == ClipResample::Bicubic)
        options.mode(torch::kBicubic);
    else
        options.mode(torch::kBilinear);
    if (x.size(3) != width)
        x = F::interpolate(x, options.size(std::vector<int64_t>{x.size(2), width}))
                .round()
                .clamp(0, 255);
    if (x.size(2) != height)
        x = F::interpolate(x, options.size(std::vector<int64_t>{height, width}))
                .round()
                .clamp(0, 255);
    return x;
}

// transformers' center_crop: offsets (size - crop) // 2; a crop larger than the image pads it
// with zeros, centred with the padding rounded up on the top / left.
torch::Tensor centerCrop(const torch::Tensor& x, int64_t cropHeight, int64_t cropWidth) {
    const int64_t height = x.size(2), width = x.size(3);
    if (cropHeight <= height && cropWidth <= width)
        return x.narrow(2, floorDiv(height - cropHeight, 2), cropHeight)
            .narrow(3, floorDiv(width - cropWidth, 2), cropWidth);

    const int64_t paddedHeight = std::max(cropHeight, height),
                  paddedWidth = std::max(cropWidth, width);
    const int64_t topPad = (paddedHeight - height + 1) / 2, leftPad = (paddedWidth - width + 1) / 2;
    auto padded = torch::zeros({x.size(0), x.size(1), paddedHeight, paddedWidth}, x.options());
    padded.narrow(2, topPad, height).narrow(3, leftPad, width).copy_(x);

    const int64_t top = floorDiv(height - cropHeight, 2) + topPad;
    const int64_t left = floorDiv(width - cropWidth, 2) + leftPad;
    const int64_t top0 = std::max<int64_t>(0, top),
                  bottom = std::min(paddedHeight, top + cropHeight);
    const int64_t left0 = std::max<int64_t>(0, left),
                  right = std::min(paddedWidth, left + cropWidth);
    return padded.narrow(2, top0, bottom - top0).narrow(3, left0, right - left0);
}

}  // namespace

ClipImageProcessorConfig ClipImageProcessorConfig::fromFile(const std::filesystem::path& path) {
    return fromJson(JsonConfig(readJsonFile(path), path));
}

ClipImageProcessorConfig ClipImageProcessorConfig::fromJson(const JsonConfig& json) {
    ClipImageProcessorConfig c;
    c.doResize = json.get<bool>("do_resize", c.doResize);
    if (json.has("size")) c.shortestEdge = readShortestEdge(json);
    if (json.has("resample")) {
        const int resample = json.getRequired<int>("resample");
        if (resample != static_cast<int>(ClipResample::Bicubic) &&
            resample != static_cast<int>(ClipResample::Bilinear))
            json.fail("resample",
                      "= " + std::to_string(resample) +
                          " is not supported: only 3 (bicubic) and 2 (bilinear) are implemented");
        c.resample = static_cast<ClipResample>(resample);
    }
    c.doCenterCrop = json.get<bool>("do_center_crop", c.doCenterCrop);
    if (json.has("crop_size")) std::tie(c.cropHeight, c.cropWidth) = readCropSize(json);
    c.doRescale = json.get<bool>("do_rescale", c.doRescale);
    c.rescaleFactor = json.get<double>("rescale_factor", c.rescaleFactor);
    if (!(c.rescaleFactor > 0)) json.fail("rescale_factor", "must be positive (usually 1/255)");
    c.doNormalize = json.get<bool>("do_normalize", c.doNormalize);
    c.imageMean = readPerChannel(json, "image_mean", c.imageMean);
    c.imageStd = readPerChannel(json, "image_std", c.imageStd);
    for (double s : c.imageStd)
        if (!(s > 0)) json.fail("image_std", "must be positive in every channel");
    return c;
}

std::pair<int64_t, int64_t> clipResizeOutputSize(int64_t height, int64_t width,
                                                 int64_t shortestEdge) {
    if (height <= 0 || width <= 0 || shortestEdge <= 0)
        throw Error("cannot resize a " + std::to_string(width) + "x" + std::to_string(height) +
                    " image to a shortest edge of " + std::to_string(shortestEdge) +
                    ": sizes must be positive");
    const int64_t shortSide = std::min(height, width), longSide = std::max(height, width);
    // Python's int() of a positive float truncates, as the cast does.
    const auto newLong =
        static_cast<int64_t>(static_cast<double>(shortestEdge) * static_cast<double>(longSide) /
                             static_cast<double>(shortSide));
    return width <= height ? std::pair{newLong, shortestEdge} : std::pair{shortestEdge, newLong};
}

torch::Tensor toRgbHWC(const torch::Tensor& image) {
    if (!image.defined()) throw Error("no image was given (the tensor is empty)");
    if (image.scalar_type() != torch::kUInt8)
        throw Error("expected an 8-bit image (uint8 [H, W, 3]), got a tensor of type " +
                    std::string(c10::toString(image.scalar_type())) +
                    "; convert pictures to uint8 RGB first");
    const bool greyHW = image.dim() == 2;
    const int64_t channels = greyHW ? 1 : (image.dim() == 3 ? image.size(2) : -1);
    if (channels != 1 && channels != 3 && channels != 4)
        throw Error(
            "expected an image shaped [H, W, 3] (RGB), [H, W, 4] (RGBA), [H, W, 1] or [H, W] "
            "(greyscale), got " +
            shapeOf(image));
    if (image.size(0) == 0 || image.size(1) == 0)
        throw Error("the image is empty (" + shapeOf(image) + ")");
    if (greyHW) return image.unsqueeze(2).expand({-1, -1, 3});
    if (channels == 1) return image.expand({-1, -1, 3});
    if (channels == 4) return image.narrow(2, 0, 3);  // PIL's convert("RGB") drops alpha
    return image;
}

torch::Tensor clipPreprocess(const torch::Tensor& imageHWCuint8,
                             const ClipImageProcessorConfig& config) {
    auto x = toRgbHWC(imageHWCuint8).permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat32);
    if (config.doResize) {
        const auto [height, width] =
            clipResizeOutputSize(x.size(2), x.size(3), config.shortestEdge);
        x = pilStyleResize(x, height, width, config.resample);
    }
    if (config.doCenterCrop) x = centerCrop(x, config.cropHeight, config.cropWidth);

    // transformers rescales and normalises in float64 before casting to float32.
    x = x.to(torch::kFloat64);
    if (config.doRescale) x = x * config.rescaleFactor;
    if (config.doNormalize) {
        const auto mean =
            torch::tensor(std::vector<double>(config.imageMean.begin(), config.imageMean.end()),
                          x.options())
                .view({1, 3, 1, 1});
        const auto stdev =
            torch::tensor(std::vector<double>(config.imageStd.begin(), config.imageStd.end()),
                          x.options())
                .view({1, 3, 1, 1});
        x = (x - mean) / stdev;
    }
    return x.to(torch::kFloat32).contiguous();
}

torch::Tensor clipPreprocessBatch(const std::vector<torch::Tensor>& imagesHWCuint8,
                                  const ClipImageProcessorConfig& config) {
    if (imagesHWCuint8.empty()) throw Error("no images were given to preprocess");
    std::vector<torch::Tensor> pixels;
    pixels.reserve(imagesHWCuint8.size());
    for (size_t i = 0; i < imagesHWCuint8.size(); ++i) {
        pixels.push_back(clipPreprocess(imagesHWCuint8[i], config));
        if (pixels[i].sizes() != pixels[0].sizes())
            throw Error("image " + std::to_string(i) + " preprocesses to " + shapeOf(pixels[i]) +
                        " but image 0 to " + shapeOf(pixels[0]) +
                        "; enable the centre crop to batch images of different sizes");
    }
    return torch::cat(pixels, 0);
}

}  // namespace unclip
