#include "core/pipeline/recommended_sampling.h"

#include <cmath>
#include <string>

#include "core/common/error.h"

namespace unclip {

namespace {

constexpr int64_t kMaxSteps = 1000;
constexpr double kMaxGuidance = 100.0;  // as the command line accepts
constexpr int64_t kMaxCandidates = 16;  // as the pipelines accept

}  // namespace

SamplingOptions recommendedSampling(const nlohmann::json& modelIndex,
                                    const std::filesystem::path& source) {
    SamplingOptions options;
    if (!modelIndex.is_object() || !modelIndex.contains(kRecommendedSamplingKey)) return options;
    const auto& block = modelIndex.at(kRecommendedSamplingKey);
    const std::string where = source.string() + ": field '" + kRecommendedSamplingKey;
    if (!block.is_object())
        throw Error(where + "' must be an object like {\"decoder_guidance_scale\": 4.0}, got " +
                    block.dump());
    for (const auto& [key, value] : block.items()) {
        const std::string field = where + "." + key + "'";
        // A count from 1 to `most`: steps or candidates.
        auto count = [&](int64_t& target, const char* of, int64_t most) {
            if (!value.is_number_integer() || value.get<int64_t>() < 1 ||
                value.get<int64_t>() > most)
                throw Error(field + " must be a whole number of " + of + " from 1 to " +
                            std::to_string(most) + ", got " + value.dump());
            target = value.get<int64_t>();
        };
        auto steps = [&](int64_t& target) { count(target, "steps", kMaxSteps); };
        auto candidates = [&](int64_t& target) { count(target, "candidates", kMaxCandidates); };
        auto guidance = [&](double& target) {
            if (!value.is_number() || !std::isfinite(value.get<double>()) ||
                value.get<double>() < 0 || value.get<double>() > kMaxGuidance)
                throw Error(field + " must be a guidance scale from 0 to 100, got " + value.dump());
            target = value.get<double>();
        };
        if (key == "prior_num_inference_steps") {
            steps(options.priorSteps);
        } else if (key == "decoder_num_inference_steps") {
            steps(options.decoderSteps);
        } else if (key == "super_res_num_inference_steps") {
            steps(options.superResSteps);
        } else if (key == "prior_guidance_scale") {
            guidance(options.priorGuidance);
        } else if (key == "decoder_guidance_scale") {
            guidance(options.decoderGuidance);
        } else if (key == "prior_candidates") {
            candidates(options.priorCandidates);
        } else if (key == "decoder_candidates") {
            candidates(options.decoderCandidates);
        } else {
            throw Error(field +
                        " is not a setting the engine knows (known: prior_num_inference_steps, "
                        "decoder_num_inference_steps, super_res_num_inference_steps, "
                        "prior_guidance_scale, decoder_guidance_scale, prior_candidates, "
                        "decoder_candidates)");
        }
    }
    return options;
}

}  // namespace unclip
