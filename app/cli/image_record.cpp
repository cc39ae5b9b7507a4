#include "app/cli/image_record.h"

#include <sstream>

#include "core/metadata/generation_parameters.h"
#include "core/metadata/png_metadata.h"
#include "core/pipeline/clip_image_preprocess.h"
#include "core/pipeline/unclip_model.h"

namespace unclip {

std::string formatNumber(double value) {
    std::ostringstream os;
    os << value;
    return os.str();
}

ImageRecord textImageRecord(const std::string& prompt, uint64_t seed, const SamplingOptions& g,
                            const std::filesystem::path& modelFolder, int64_t size) {
    return {prompt,
            "",
            {{"Steps", std::to_string(g.decoderSteps)},
             {"Sampler", "unCLIP DDPM"},
             {"CFG scale", formatNumber(g.decoderGuidance)},
             {"Seed", std::to_string(seed)},
             {"Prior steps", std::to_string(g.priorSteps)},
             {"Prior CFG scale", formatNumber(g.priorGuidance)},
             {"Super-res steps", std::to_string(g.superResSteps)},
             {"Candidates", std::to_string(g.decoderCandidates)},
             {"Prior candidates", std::to_string(g.priorCandidates)},
             {"Model", modelFolder.filename().string()}},
            {{"tool", "unCLIP Studio"},
             {"kind", "text"},
             {"prompt", prompt},
             {"seed", seed},
             {"model", modelFolder.string()},
             {"steps", {g.priorSteps, g.decoderSteps, g.superResSteps}},
             {"guidance", {g.priorGuidance, g.decoderGuidance}},
             {"candidates", {g.priorCandidates, g.decoderCandidates}},
             {"size", size}}};
}

ImageRecord decoderImageRecord(const std::string& kind, uint64_t seed, const SamplingOptions& g,
                               const std::filesystem::path& modelFolder,
                               const nlohmann::json& sources) {
    ImageRecord record{"",
                       "",
                       {{"Steps", std::to_string(g.decoderSteps)},
                        {"Sampler", "unCLIP DDPM"},
                        {"CFG scale", formatNumber(g.decoderGuidance)},
                        {"Seed", std::to_string(seed)},
                        {"Super-res steps", std::to_string(g.superResSteps)},
                        {"Candidates", std::to_string(g.decoderCandidates)},
                        {"Model", modelFolder.filename().string()}},
                       {{"tool", "unCLIP Studio"},
                        {"kind", kind},
                        {"seed", seed},
                        {"model", modelFolder.string()},
                        {"steps", {g.decoderSteps, g.superResSteps}},
                        {"guidance", g.decoderGuidance},
                        {"candidates", g.decoderCandidates}}};
    if (!sources.is_null()) record.json.update(sources);  // `{}` converts to null
    return record;
}

std::vector<uint8_t> pngWithRecord(const std::vector<uint8_t>& encodedPng,
                                   const ImageRecord& record, int64_t width, int64_t height) {
    GenerationParameters parameters{record.prompt, record.negativePrompt, record.settings};
    parameters.settings.emplace_back("Size", std::to_string(width) + "x" + std::to_string(height));
    return addMetadata(encodedPng, parameters.format(), record.json.dump());
}

torch::Tensor clipPixelsFor(const UnclipModel& model, const torch::Tensor& rgbImage) {
    model.requireImageVariation();
    return clipPreprocess(rgbImage, model.imagePreprocessing());  // [1, 3, S, S]
}

}  // namespace unclip
