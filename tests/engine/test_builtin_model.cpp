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
#include "core/runtime/runtime.h"
#include "core/shapes/model_evaluation.h"
#include "core/shapes/world.h"
#include "core/tokenizer/sentencepiece_tokenizer.h"
#include "harness.h"
#include "test_config.h"

using namespace unclip;
namespace fs = std::filesystem;

namespace {

// The twelfth session's decoder drew this caption right for 20 of seeds 0-19 (unclip eval) and
// for all 8 of seeds 6 to 13 here at the folder's defaults (19 and 7 with one candidate: the
// miss adds a purple blob); the fifteenth and sixteenth sessions' fine-tunes draw all 8 too.
// Another LibTorch's arithmetic may draw differently, so the test asks for 7, which a model that
// draws keeps and one that does not fails (the tenth session's decoder drew 6).
constexpr uint64_t kFirstSeed = 6;
constexpr int kSeeds = 8, kMustPass = 7;

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

}  // namespace

UNCLIP_TEST(shipped_folder_is_float16_and_within_40_MiB) {
    uintmax_t bytes = 0;
    int weightFiles = 0;
    for (auto it = fs::recursive_directory_iterator(builtinModel());
         it != fs::recursive_directory_iterator(); ++it) {
        const auto& entry = *it;
        // Training checkpoints (float32, git-ignored) are not part of what ships.
        if (entry.path().filename() == ".training") {
            it.disable_recursion_pending();
            continue;
        }
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
    keepFreedMemory();  // as the programs do: batch-5 activations otherwise fault in each step
    configureThreads(std::nullopt);
    auto model = UnclipModel::load(builtinModel());
    UNCLIP_CHECK(model->canGenerateFromText());
    UNCLIP_CHECK(model->canVaryImages());
    const auto sizes = model->stageResolutions();
    UNCLIP_CHECK_EQ(sizes.size(), size_t(3));
    UNCLIP_CHECK_EQ(sizes.back(), int64_t(1024));
    // On the CPU the loader stores every UNet channels-last (models/unet.h), so the
    // pictures below are drawn the way the programs draw them.
    for (const auto* unet : {&model->decoder, &model->superResFirst, &model->superRes1024})
        UNCLIP_CHECK((*unet)->conv_in->weight.is_contiguous(at::MemoryFormat::ChannelsLast));

    // Default settings (the folder's own: 25/20/5 steps, guidance 2/2, candidates 2/4), the
    // 256 px stage, fixed seeds.
    const std::string caption = "a red circle on a white background";
    TextToImageRequest request;
    request.sampling = model->recommendedSampling;
    UNCLIP_CHECK_EQ(request.sampling.priorGuidance, 2.0);
    UNCLIP_CHECK_EQ(request.sampling.decoderGuidance, 2.0);
    UNCLIP_CHECK_EQ(request.sampling.decoderSteps, int64_t(20));
    UNCLIP_CHECK_EQ(request.sampling.priorCandidates, int64_t(2));
    UNCLIP_CHECK_EQ(request.sampling.decoderCandidates, int64_t(4));
    request.prompts = {caption};
    request.imagesPerPrompt = kSeeds;
    for (int s = 0; s < kSeeds; ++s) request.seeds.push_back(kFirstSeed + uint64_t(s));
    request.sampling.superResStages = 1;
    const auto out = generateFromText(*model, request);
    UNCLIP_CHECK_EQ(out.images.size(0), int64_t(kSeeds));
    UNCLIP_CHECK_EQ(out.images.size(1), int64_t(256));

    const auto spec = shapes::parseCaption(caption);
    UNCLIP_CHECK(spec.has_value());
    int passed = 0;
    std::string why;
    for (int s = 0; s < kSeeds; ++s) {
        const auto check = shapes::checkDrawnPicture(out.images[s], *spec);
        passed += check.satisfied;
        if (!check.satisfied && !check.failures.empty())
            why += "\n  seed " + std::to_string(kFirstSeed + s) + ": " + check.failures.front();
    }
    std::cout << "  '" << caption << "': " << passed << " of seeds " << kFirstSeed << "-"
              << kFirstSeed + kSeeds - 1 << " pass\n";
    UNCLIP_CHECK_MSG(passed >= kMustPass, "'" << caption << "' was drawn right for only " << passed
                                              << " of " << kSeeds << " seeds:" << why);
}
