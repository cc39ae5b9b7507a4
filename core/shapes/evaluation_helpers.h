// What the parts of `unclip eval` share (model_evaluation.cpp, zero_shot_evaluation.cpp).
#pragma once

#include "core/pipeline/clip_image_preprocess.h"
#include "core/pipeline/unclip_model.h"

namespace unclip::shapes {

// The model's CLIP image preprocessing; a folder without feature_extractor/ gets the image
// tower's own size.
inline ClipImageProcessorConfig preprocessFor(const UnclipModel& model) {
    if (model.featureExtractor) return *model.featureExtractor;
    ClipImageProcessorConfig c;
    c.shortestEdge = c.cropHeight = c.cropWidth = model.imageEncoder->config.imageSize;
    return c;
}

}  // namespace unclip::shapes
