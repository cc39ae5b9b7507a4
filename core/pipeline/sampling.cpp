#include "core/pipeline/sampling.h"

#include <sstream>

namespace unclip {

const char* stageName(Stage stage) {
    switch (stage) {
        case Stage::Prior:
            return "prior";
        case Stage::Decoder:
            return "decoder";
        case Stage::SuperRes:
            return "super-res";
    }
    return "?";
}

std::string describeSteps(const SamplingOptions& o) {
    return std::to_string(o.priorSteps) + "/" + std::to_string(o.decoderSteps) + "/" +
           std::to_string(o.superResSteps);
}

std::string describeSampling(const SamplingOptions& o) {
    std::ostringstream os;  // shortest form of each scale: 4, 2.5
    os << "steps " << describeSteps(o) << ", guidance " << o.priorGuidance << "/"
       << o.decoderGuidance;
    if (o.priorCandidates > 1 || o.decoderCandidates > 1)
        os << ", candidates " << o.priorCandidates << "/" << o.decoderCandidates;
    return os.str();
}

}  // namespace unclip
