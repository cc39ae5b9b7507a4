// The steps, guidance and candidates a model folder recommends for itself. A folder's
// model_index.json may carry them under a private key (diffusers skips keys that start
// with "_"), named as the arguments of diffusers' UnCLIPPipeline where it has them:
//
//   "_unclip_studio_sampling": {"prior_guidance_scale": 2.0, "decoder_guidance_scale": 4.0,
//                               "decoder_candidates": 4}
//
// prior_candidates and decoder_candidates are this engine's own (best-of-k sampling,
// candidates.h). Keys left out keep SamplingOptions' defaults, which are Karlo's (25/25/7
// steps, guidance 4/8, one candidate). Why a folder needs this: the built-in model draws
// best at lower guidance than Karlo, and best of several candidates (docs/TRAINING.md),
// and a user should not have to know that.
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/pipeline/sampling.h"

namespace unclip {

inline constexpr const char* kRecommendedSamplingKey = "_unclip_studio_sampling";

// Reads the recommendation from a parsed model_index.json (`source` names the file in
// errors). An unknown key, a value of the wrong type or out of range throws unclip::Error
// naming the field: a typo must not silently fall back to other settings.
SamplingOptions recommendedSampling(const nlohmann::json& modelIndex,
                                    const std::filesystem::path& source);

}  // namespace unclip
