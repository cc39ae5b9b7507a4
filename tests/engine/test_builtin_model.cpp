// The shipped built-in model (resources/models/shapes): it loads as any diffusers-layout
// folder, stays within its size budget, and draws a simple caption the checker accepts,
// at the default settings and a fixed seed. The quality figures over many captions are
// `unclip eval`'s (docs/TRAINING.md); this keeps a broken export or pipeline change from
// shipping silently.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/pipeline/pipelines.h"
#include "core/pipeline/unclip_model.h"
#include "core/shapes/world.h"
#include "core/tokenizer/sentencepiece_tokenizer.h"
#include "harness.h"
#include "test_config.h"

using namespace unclip;
namespace fs = std::filesystem;

namespace {

// A seed whose picture passes; seeds 6 to 10 all pass with the shipped weights, so a
// retrained model that still draws should keep it, and one that does not should fail here.
constexpr uint64_t kSeed = 7;

fs::path builtinModel() { return fs::path(UNCLIP_SOURCE_DIR) / "resources" / "models" / "shapes"; }

// The JSON header of a safetensors file (8-byte little-endian length, then the JSON).
std::string safetensorsHeader(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    uint64_t length = 0;
    in.read(reinterpret_cast<char*>(&length), 8);
    UNCLIP_CHECK_MSG(in && length < (1u << 24), file << " has no safetensors header");
    std::string header(length, '\0');
    in.read(header.data(), std::streamsize(length));
    return header;
}

torch::Tensor toUint8(const torch::Tensor& image01) {
    return (image01.clamp(0, 1) * 255).round().to(torch::kUInt8).contiguous();  // [H, W, 3]
}

}  // namespace

UNCLIP_TEST(shipped_folder_is_float16_and_within_40_MiB) {
    uintmax_t bytes = 0;
    int weightFiles = 0;
    for (const auto& entry : fs::recursive_directory_iterator(builtinModel())) {
        if (!entry.is_regular_file()) continue;
        bytes += entry.file_size();
        if (entry.path().extension() != ".safetensors") continue;
        ++weightFiles;
        const std::string header = safetensorsHeader(entry.path());
        UNCLIP_CHECK_MSG(header.find("\"F16\"") != std::string::npos &&
                             header.find("\"F32\"") == std::string::npos,
                         entry.path() << " is not all float16");
    }
    std::cout << "  resources/models/shapes: " << bytes / 1024 << " KiB, " << weightFiles
              << " weight files\n";
    UNCLIP_CHECK_MSG(bytes <= 40u * 1024 * 1024, "the built-in model holds " << bytes << " bytes");
    UNCLIP_CHECK_EQ(weightFiles, 7);  // text, image, prior, text_proj, decoder, 2 upsamplers
    UNCLIP_CHECK(fs::exists(builtinModel() / "tokenizer" / "spiece.model"));
}

UNCLIP_TEST(draws_a_simple_caption_the_checker_accepts) {
    if (!SentencePieceTokenizer::pluginAvailable())
        UNCLIP_SKIP("the sentencepiece plugin was not built");
    auto model = UnclipModel::load(builtinModel());
    UNCLIP_CHECK(model->canGenerateFromText());
    UNCLIP_CHECK(model->canVaryImages());
    const auto sizes = model->stageResolutions();
    UNCLIP_CHECK_EQ(sizes.size(), size_t(3));
    UNCLIP_CHECK_EQ(sizes.back(), int64_t(1024));

    // Default settings (25/25/7 steps, guidance 4/8), the 256 px stage, one fixed seed.
    const std::string caption = "a red circle on a white background";
    TextToImageRequest request;
    request.prompts = {caption};
    request.seeds = {kSeed};
    request.sampling.superResStages = 1;
    const auto out = generateFromText(*model, request);
    UNCLIP_CHECK_EQ(out.images.size(0), int64_t(1));
    UNCLIP_CHECK_EQ(out.images.size(1), int64_t(256));

    const auto spec = shapes::parseCaption(caption);
    UNCLIP_CHECK(spec.has_value());
    const auto check = shapes::checkImage(toUint8(out.images[0]), *spec);
    std::string why;
    for (const auto& failure : check.failures) why += "\n  " + failure;
    UNCLIP_CHECK_MSG(check.satisfied,
                     "'" << caption << "' with seed " << kSeed << " was not drawn:" << why);
}
