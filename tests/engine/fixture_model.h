// The reference fixture's cascade, loaded once per test executable, and the cheapest
// sampling that still runs every stage: what the pipeline tests share.
#pragma once

#include <memory>

#include "core/pipeline/sampling.h"
#include "core/pipeline/unclip_model.h"
#include "harness.h"
#include "tensor_checks.h"

namespace unclip::test {

// Skips the calling test (through fixturePipeline) when the fixtures are absent.
inline std::shared_ptr<UnclipModel> fixtureModel() {
    static std::shared_ptr<UnclipModel> model = UnclipModel::load(fixturePipeline());
    return model;
}

// 2 steps per stage, the fewest the schedulers take.
inline SamplingOptions twoStepSampling() {
    SamplingOptions s;
    s.priorSteps = s.decoderSteps = s.superResSteps = 2;
    return s;
}

}  // namespace unclip::test
