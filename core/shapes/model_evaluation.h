// How well a model draws the shapes world, measured with the checker (`unclip eval`):
// the share of pictures that satisfy every attribute their caption names (one-object and
// two-object captions apart), variations that keep each object's colour and shape, what
// CLIP reads zero-shot from rendered pictures (zero_shot_evaluation.cpp), and how much
// pictures of one caption differ over seeds.
//
//   auto report = evaluatePrompts(model, prompts, {.seedsPerPrompt = 4});
//   evaluateVariations(model, 40, 7, options, report);
//   evaluateZeroShot(model, 200, 7, report);
//   std::cout << formatReport(report);
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/pipeline/sampling.h"
#include "core/pipeline/unclip_model.h"
#include "core/shapes/world.h"

namespace unclip::shapes {

struct EvaluationOptions {
    int seedsPerPrompt = 4;
    uint64_t firstSeed = 1000;
    SamplingOptions sampling;  // superResStages picks the checked resolution
    std::function<void(const std::string&)> progress;  // a line per prompt and per missed variation
};

struct PromptResult {
    std::string prompt;
    int objects = 0;
    int pictures = 0;
    int satisfied = 0;
    std::vector<std::string> failures;  // of the pictures that failed, first reason each
    double positionSpread = 0;          // std of the first object's centre over seeds
    double sizeSpread = 0;              // std of its extent
};

struct Tally {
    int total = 0, ok = 0;
    double rate() const { return total ? double(ok) / total : 0.0; }
};

// One object's position (of five) and size (of two) where its caption names them; for
// two objects, the relation against its opposite and the colours against the caption with
// them swapped between the shapes (both 50% by chance).
struct ArrangementTallies {
    Tally position, size, relation, binding;
};

struct EvaluationReport {
    std::vector<PromptResult> prompts;
    Tally oneObject, twoObjects, variations, zeroShotShape, zeroShotColor;
    // Where CLIP's shape (and position) knowledge lives, for when zero-shot is low: the
    // image tower alone (nearest centroid of the other pictures' embeddings,
    // leave-one-out) and the text tower alone (mean cosine between captions that differ
    // only in shape; near 1 means the text embedding ignores the shape word).
    Tally imageOnlyShape, imageOnlyPosition;
    double textShapeCosine = 0;
    // Whether CLIP sees the background: each picture against its own object's caption with
    // every background colour the world allows ("a red circle on a blue background", ...).
    // The decoder learns the background only from what the image embedding holds.
    Tally zeroShotBackground;
    // The rest of what a caption can name, read by CLIP from rendered pictures and from
    // the prior's samples (see ArrangementTallies). An attribute CLIP does not read from
    // rendered pictures, the prior cannot give the decoder.
    ArrangementTallies zeroShotArrangement, priorArrangement;
    // The upsamplers alone: rendered 64 px pictures (a perfect decoder) taken up to 256 and
    // to 1024 px, checked against their captions.
    Tally upsampled256, upsampled1024;
    // The prior alone: its image embeddings for one-object captions, classified by CLIP
    // against every colour-shape caption, as the rendered pictures are for zero-shot.
    Tally priorShape, priorColor;
    double positionSpread = 0, sizeSpread = 0;  // means over prompts with 2+ detections
};

// Generates seedsPerPrompt pictures of each caption and checks them. A prompt that is
// not a shapes-world caption is an error naming it.
EvaluationReport evaluatePrompts(UnclipModel& model, const std::vector<std::string>& prompts,
                                 const EvaluationOptions& options);

// What a variation must keep of its source's caption: each object's colour and shape.
CaptionSpec colourAndShapeOnly(const CaptionSpec& spec);

// The checker on a picture the model drew ([H, W, 3] floats in [0, 1]), rounded to bytes
// first as a saved PNG would be, so a measure sees what a user would.
CheckResult checkDrawnPicture(const torch::Tensor& image01, const CaptionSpec& spec);

// Renders `count` held-out scenes, makes one variation of each, and checks that every
// object keeps its colour and shape.
void evaluateVariations(UnclipModel& model, int count, uint64_t seed,
                        const EvaluationOptions& options, EvaluationReport& report);

// Renders `count` scenes at the decoder's size, runs the model's upsamplers on them and
// checks the 256 px and (where the model has it) 1024 px results against their captions.
void evaluateUpsamplers(UnclipModel& model, int count, uint64_t seed,
                        const EvaluationOptions& options, EvaluationReport& report);

// Samples the prior for each prompt (seedsPerPrompt seeds) and checks that CLIP reads
// the caption back from the embedding it drew: colour and shape for one object, and the
// arrangement (see ArrangementTallies).
void evaluatePrior(UnclipModel& model, const std::vector<std::string>& prompts,
                   const EvaluationOptions& options, EvaluationReport& report);

// Renders `count` one-object and `count` two-object scenes and classifies each with the
// CLIP towers alone (see the zeroShot tallies).
void evaluateZeroShot(UnclipModel& model, int count, uint64_t seed, EvaluationReport& report);

std::string formatReport(const EvaluationReport& report);

}  // namespace unclip::shapes
