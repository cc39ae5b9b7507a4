#include "core/shapes/holdout.h"

#include <set>

#include "core/common/error.h"
#include "core/shapes/world.h"

namespace unclip::shapes {

namespace {

uint64_t fnv1a(const std::string& text) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

}  // namespace

bool isHeldOut(const CaptionSpec& spec) { return fnv1a(canonicalCaption(spec)) % 20 == 0; }

CaptionSpec sampleTrainingSpec(std::mt19937_64& rng, const SamplingWeights& weights) {
    for (;;) {
        auto spec = sampleCaptionSpec(rng, weights);
        if (!isHeldOut(spec)) return spec;
    }
}

CaptionSpec sampleHeldOutSpec(std::mt19937_64& rng) {
    for (;;) {
        auto spec = sampleCaptionSpec(rng);
        if (isHeldOut(spec)) return spec;
    }
}

std::vector<std::string> heldOutPrompts(int count, int objects, uint64_t seed) {
    if (objects != 1 && objects != 2) throw Error("evaluation prompts have one or two objects");
    std::mt19937_64 rng(seed);
    SamplingWeights weights;
    weights.twoObjects = objects == 2 ? 1.0 : 0.0;
    weights.nameRelation = 1.0;  // two-object prompts always name their relation
    std::set<std::string> seen;
    std::vector<std::string> prompts;
    for (int tries = 0; int(prompts.size()) < count && tries < count * 10000; ++tries) {
        const auto spec = sampleCaptionSpec(rng, weights);
        if (!isHeldOut(spec)) continue;
        const auto text = canonicalCaption(spec);
        if (seen.insert(text).second) prompts.push_back(text);
    }
    return prompts;
}

}  // namespace unclip::shapes
