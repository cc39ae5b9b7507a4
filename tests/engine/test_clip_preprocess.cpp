// CLIP image preprocessing on synthetic images: size rules, crop offsets, normalisation,
// layouts and config parsing. The comparison with transformers' output on a real picture
// is in tests/image/test_clip_preprocess_fixture.cpp (it needs OpenCV to read the PNG).
#include <fstream>

#include "core/pipeline/clip_image_preprocess.h"
#include "harness.h"

using unclip::ClipImageProcessorConfig;
using unclip::clipPreprocess;
using unclip::clipPreprocessBatch;
using unclip::ClipResample;
using unclip::clipResizeOutputSize;

// IntArrayRef over a braced list dangles once the statement ends, so compare vectors.
#define CHECK_SHAPE(tensor, ...)                                      \
    do {                                                              \
        const std::vector<int64_t> got_ = (tensor).sizes().vec();     \
        UNCLIP_CHECK_MSG((got_ == std::vector<int64_t>{__VA_ARGS__}), \
                         "got shape " << c10::IntArrayRef(got_));     \
    } while (0)

namespace {

std::filesystem::path writeJson(const std::string& text) {
    const auto path = unclip::test::tempDir() / "preprocessor_config.json";
    std::ofstream(path) << text;
    return path;
}

torch::Tensor randomImage(int64_t height, int64_t width, int64_t channels = 3) {
    return torch::randint(0, 256, {height, width, channels}, torch::kUInt8);
}

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

}  // namespace

UNCLIP_TEST(defaults_are_transformers_clip_image_processor) {
    const ClipImageProcessorConfig c;
    UNCLIP_CHECK_EQ(c.shortestEdge, 224);
    UNCLIP_CHECK_EQ(c.cropHeight, 224);
    UNCLIP_CHECK_EQ(c.cropWidth, 224);
    UNCLIP_CHECK(c.resample == ClipResample::Bicubic);
    UNCLIP_CHECK(c.doResize && c.doCenterCrop && c.doRescale && c.doNormalize);
    UNCLIP_CHECK(std::abs(c.rescaleFactor - 1.0 / 255.0) < 1e-15);
    UNCLIP_CHECK_EQ(c.imageMean[0], 0.48145466);
    UNCLIP_CHECK_EQ(c.imageStd[2], 0.27577711);
}

UNCLIP_TEST(resize_size_follows_transformers) {
    // Short side -> 224, long side int(224 * long / short), truncated.
    UNCLIP_CHECK((clipResizeOutputSize(61, 97, 224) == std::pair<int64_t, int64_t>{224, 356}));
    UNCLIP_CHECK((clipResizeOutputSize(97, 61, 224) == std::pair<int64_t, int64_t>{356, 224}));
    UNCLIP_CHECK((clipResizeOutputSize(3, 10, 224) == std::pair<int64_t, int64_t>{224, 746}));
    UNCLIP_CHECK((clipResizeOutputSize(500, 500, 224) == std::pair<int64_t, int64_t>{224, 224}));
    UNCLIP_CHECK((clipResizeOutputSize(1000, 300, 32) == std::pair<int64_t, int64_t>{106, 32}));
    UNCLIP_CHECK_THROWS_WITH(clipResizeOutputSize(0, 5, 224), "must be positive");
}

UNCLIP_TEST(constant_image_normalizes_to_the_expected_constant) {
    const ClipImageProcessorConfig c;
    auto out = clipPreprocess(torch::full({61, 97, 3}, 128, torch::kUInt8), c);
    UNCLIP_CHECK(out.scalar_type() == torch::kFloat32);
    CHECK_SHAPE(out, 1, 3, 224, 224);
    for (int ch = 0; ch < 3; ++ch) {
        const double expected = (128.0 / 255.0 - c.imageMean[ch]) / c.imageStd[ch];
        UNCLIP_CHECK_MSG((out[0][ch] - expected).abs().max().item<double>() < 1e-6,
                         "channel " << ch);
    }
}

UNCLIP_TEST(rectangular_images_come_out_square) {
    const ClipImageProcessorConfig c;
    CHECK_SHAPE(clipPreprocess(randomImage(61, 97), c), 1, 3, 224, 224);
    CHECK_SHAPE(clipPreprocess(randomImage(400, 30), c), 1, 3, 224, 224);
    CHECK_SHAPE(clipPreprocess(randomImage(1, 1), c), 1, 3, 224, 224);
    ClipImageProcessorConfig wide = c;
    wide.cropHeight = 32;
    wide.cropWidth = 48;
    wide.shortestEdge = 40;
    CHECK_SHAPE(clipPreprocess(randomImage(50, 50), wide), 1, 3, 32, 48);
}

UNCLIP_TEST(center_crop_takes_transformers_offsets) {
    // No resize, no rescale/normalise: the output is the cropped pixels themselves.
    ClipImageProcessorConfig c;
    c.doResize = c.doRescale = c.doNormalize = false;
    c.cropHeight = 2;
    c.cropWidth = 2;
    auto image = torch::arange(5 * 5, torch::kInt64).to(torch::kUInt8).view({5, 5, 1});
    auto out = clipPreprocess(image, c);
    // Offsets (5 - 2) // 2 = 1 on both axes: rows 1-2, columns 1-2 of the 5x5 ramp.
    auto expected = torch::tensor({6.f, 7.f, 11.f, 12.f}).view({2, 2});
    UNCLIP_CHECK(torch::equal(out[0][0], expected));
    UNCLIP_CHECK(torch::equal(out[0][2], expected));
}

UNCLIP_TEST(crop_larger_than_the_image_pads_with_zeros) {
    ClipImageProcessorConfig c;
    c.doResize = c.doRescale = c.doNormalize = false;
    c.cropHeight = 4;
    c.cropWidth = 5;
    auto out = clipPreprocess(torch::full({2, 2, 3}, 9, torch::kUInt8), c);
    CHECK_SHAPE(out, 1, 3, 4, 5);
    // Padding ceil((4-2)/2) = 1 above, ceil((5-2)/2) = 2 on the left.
    auto expected = torch::zeros({4, 5});
    expected.narrow(0, 1, 2).narrow(1, 2, 2).fill_(9);
    UNCLIP_CHECK(torch::equal(out[0][1], expected));
}

UNCLIP_TEST(greyscale_and_rgba_become_rgb) {
    const ClipImageProcessorConfig c;
    auto grey = torch::randint(0, 256, {40, 30}, torch::kUInt8);
    auto asRgb = clipPreprocess(grey.unsqueeze(2).repeat({1, 1, 3}), c);
    UNCLIP_CHECK(maxAbsDiff(clipPreprocess(grey, c), asRgb) == 0);
    UNCLIP_CHECK(maxAbsDiff(clipPreprocess(grey.unsqueeze(2), c), asRgb) == 0);

    auto rgb = randomImage(40, 30);
    auto rgba = torch::cat({rgb, torch::zeros({40, 30, 1}, torch::kUInt8)}, 2);
    UNCLIP_CHECK(maxAbsDiff(clipPreprocess(rgba, c), clipPreprocess(rgb, c)) == 0);
}

UNCLIP_TEST(upscaling_keeps_values_in_range) {
    // Bicubic overshoots on hard edges; PIL clamps to [0, 255] before rescaling.
    ClipImageProcessorConfig c;
    c.doNormalize = false;
    auto checker = (torch::arange(8).view({8, 1}) + torch::arange(8).view({1, 8})).remainder(2);
    auto image = (checker * 255).to(torch::kUInt8).unsqueeze(2).repeat({1, 1, 3});
    auto out = clipPreprocess(image, c);
    UNCLIP_CHECK(out.min().item<double>() >= 0.0);
    UNCLIP_CHECK(out.max().item<double>() <= 1.0);
    // Rounded to whole uint8 levels between resize and rescale, as PIL does.
    auto levels = out * 255.0;
    UNCLIP_CHECK((levels - levels.round()).abs().max().item<double>() < 1e-4);
}

UNCLIP_TEST(batch_stacks_images) {
    const ClipImageProcessorConfig c;
    auto a = randomImage(61, 97), b = randomImage(120, 80);
    auto batch = clipPreprocessBatch({a, b}, c);
    CHECK_SHAPE(batch, 2, 3, 224, 224);
    UNCLIP_CHECK(maxAbsDiff(batch[1], clipPreprocess(b, c)[0]) == 0);

    ClipImageProcessorConfig noCrop = c;
    noCrop.doCenterCrop = false;
    UNCLIP_CHECK_THROWS_WITH(clipPreprocessBatch({a, b}, noCrop), "centre crop");
    UNCLIP_CHECK_THROWS_WITH(clipPreprocessBatch({}, c), "no images");
}

UNCLIP_TEST(bad_images_are_clear_errors) {
    const ClipImageProcessorConfig c;
    UNCLIP_CHECK_THROWS_WITH(clipPreprocess(torch::rand({8, 8, 3}), c), "8-bit");
    UNCLIP_CHECK_THROWS_WITH(clipPreprocess(torch::zeros({8, 8, 5}, torch::kUInt8), c),
                             "[H, W, 3]");
    UNCLIP_CHECK_THROWS_WITH(clipPreprocess(torch::zeros({1, 8, 8, 3}, torch::kUInt8), c),
                             "[H, W, 3]");
    UNCLIP_CHECK_THROWS_WITH(clipPreprocess(torch::zeros({0, 8, 3}, torch::kUInt8), c), "empty");
    UNCLIP_CHECK_THROWS_WITH(clipPreprocess(torch::Tensor(), c), "no image");
}

UNCLIP_TEST(reads_a_preprocessor_config) {
    const auto c = ClipImageProcessorConfig::fromFile(writeJson(R"({
        "crop_size": {"height": 32, "width": 48}, "do_center_crop": true, "do_normalize": true,
        "do_rescale": true, "do_resize": true, "image_mean": [0.5, 0.25, 0.125],
        "image_std": 0.5, "resample": 2, "rescale_factor": 0.5,
        "size": {"shortest_edge": 40}, "image_processor_type": "CLIPImageProcessor"})"));
    UNCLIP_CHECK_EQ(c.shortestEdge, 40);
    UNCLIP_CHECK_EQ(c.cropHeight, 32);
    UNCLIP_CHECK_EQ(c.cropWidth, 48);
    UNCLIP_CHECK(c.resample == ClipResample::Bilinear);
    UNCLIP_CHECK_EQ(c.rescaleFactor, 0.5);
    UNCLIP_CHECK_EQ(c.imageMean[2], 0.125);
    UNCLIP_CHECK_EQ(c.imageStd[1], 0.5);

    // Old CLIPFeatureExtractor files store bare ints; absent fields keep the defaults.
    const auto old =
        ClipImageProcessorConfig::fromFile(writeJson(R"({"size": 224, "crop_size": 224})"));
    UNCLIP_CHECK_EQ(old.shortestEdge, 224);
    UNCLIP_CHECK_EQ(old.cropWidth, 224);
    UNCLIP_CHECK(old.resample == ClipResample::Bicubic);
    UNCLIP_CHECK_EQ(old.imageStd[0], 0.26862954);
}

UNCLIP_TEST(reads_the_fixture_feature_extractor) {
    const auto dir = unclip::test::fixtureDir();
    const auto c = ClipImageProcessorConfig::fromFile(dir / "pipeline" / "feature_extractor" /
                                                      "preprocessor_config.json");
    UNCLIP_CHECK_EQ(c.shortestEdge, 32);
    UNCLIP_CHECK_EQ(c.cropHeight, 32);
    UNCLIP_CHECK(c.resample == ClipResample::Bicubic);
}

UNCLIP_TEST(unsupported_config_values_name_the_field) {
    UNCLIP_CHECK_THROWS_WITH(ClipImageProcessorConfig::fromFile(writeJson(R"({"resample": 0})")),
                             "'resample'");
    UNCLIP_CHECK_THROWS_WITH(ClipImageProcessorConfig::fromFile(writeJson(R"({"resample": 1})")),
                             "only 3 (bicubic) and 2 (bilinear)");
    UNCLIP_CHECK_THROWS_WITH(
        ClipImageProcessorConfig::fromFile(writeJson(R"({"size": {"height": 224, "width": 224}})")),
        "'size'");
    UNCLIP_CHECK_THROWS_WITH(ClipImageProcessorConfig::fromFile(writeJson(
                                 R"({"size": {"shortest_edge": 224, "longest_edge": 500}})")),
                             "longest_edge");
    UNCLIP_CHECK_THROWS_WITH(
        ClipImageProcessorConfig::fromFile(writeJson(R"({"crop_size": [1, 2]})")), "'crop_size'");
    UNCLIP_CHECK_THROWS_WITH(
        ClipImageProcessorConfig::fromFile(writeJson(R"({"image_mean": [0.5, 0.5]})")),
        "'image_mean'");
    UNCLIP_CHECK_THROWS_WITH(
        ClipImageProcessorConfig::fromFile(writeJson(R"({"image_std": [0.5, 0, 0.5]})")),
        "'image_std'");
    UNCLIP_CHECK_THROWS_WITH(ClipImageProcessorConfig::fromFile(writeJson(R"({"size": -3})")),
                             "'size'");
    UNCLIP_CHECK_THROWS_WITH(
        ClipImageProcessorConfig::fromFile(writeJson(R"({"do_resize": "yes"})")), "'do_resize'");
    UNCLIP_CHECK_THROWS_WITH(
        ClipImageProcessorConfig::fromFile(unclip::test::tempDir() / "missing.json"),
        "missing.json");
}
