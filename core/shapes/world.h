// The shapes world's operations (see scene.h for the vocabulary):
//
//   std::mt19937_64 rng(seed);
//   CaptionSpec spec = sampleCaptionSpec(rng);           // what a caption will name
//   Scene scene = sampleScene(spec, rng);                // a scene that satisfies it
//   std::string text = captionText(spec, rng);           // "a small red star on the left"
//   torch::Tensor image = renderScene(scene, 256);       // uint8 [256, 256, 3]
//   std::optional<CaptionSpec> back = parseCaption(text);  // == spec
//   CheckResult r = checkImage(image, spec);             // r.satisfied
//
// Everything is deterministic for a given RNG state, plain C++ and LibTorch (no OpenCV,
// no Qt), so training data can be made on the GPU machine too.
#pragma once

#include <array>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/shapes/scene.h"

namespace unclip::shapes {

// --- sampling (training data) ---
struct SamplingWeights {
    double twoObjects = 0.5;    // chance of two objects
    double nameSize = 0.5;      // chance each optional attribute is named
    double namePosition = 0.4;  // (one-object captions; with two, a relation instead)
    double nameRelation = 0.7;  // two objects: chance the relation is named
    double nameBackground = 0.5;
};
CaptionSpec sampleCaptionSpec(std::mt19937_64& rng, const SamplingWeights& weights = {});
// A scene satisfying spec; attributes it leaves free are drawn from their full ranges.
// Objects never overlap and lie wholly inside the canvas; the colours differ from the
// background (and a free background differs from every object).
Scene sampleScene(const CaptionSpec& spec, std::mt19937_64& rng);
// The caption of a spec, with varied wording ("a picture of ...", "an image showing ...")
// that keeps the words of SHAPES-WORLD.md and their meaning.
std::string captionText(const CaptionSpec& spec, std::mt19937_64& rng);
// The plain canonical wording, for evaluation prompt lists.
std::string canonicalCaption(const CaptionSpec& spec);
// The wordings captionText draws from: the caption alone, or behind a prefix such as
// "a picture of". Each keeps the words of SHAPES-WORLD.md; parseCaption reads them all.
enum class CaptionStyle { Plain, PictureOf, ImageShowing, DrawingOf, ImageOf, IllustrationOf };
constexpr std::array<CaptionStyle, 6> kCaptionStyles = {
    CaptionStyle::Plain,     CaptionStyle::PictureOf, CaptionStyle::ImageShowing,
    CaptionStyle::DrawingOf, CaptionStyle::ImageOf,   CaptionStyle::IllustrationOf};
std::string captionText(const CaptionSpec& spec, CaptionStyle style);
// Throws unclip::Error when no picture could satisfy spec for reasons that need no
// geometry: not one or two objects, a relation with one object, an object coloured like
// the named background, two objects alike in both colour and shape (a caption could not
// tell them apart), or named positions that contradict the named relation. Whether the
// named sizes and positions leave room for both objects is sampleScene's to find out.
void validateSpec(const CaptionSpec& spec);
// What a caption in this world asks for; nullopt when it is not one (names no known
// colour + shape pair, or is contradictory).
std::optional<CaptionSpec> parseCaption(const std::string& text);

// --- rendering ---
// Anti-aliased, flat-filled; uint8 [size, size, 3] RGB.
torch::Tensor renderScene(const Scene& scene, int64_t size);

// --- checking ---
struct DetectedObject {
    Color color;
    std::optional<Shape> shape;  // nullopt: the outline matched no shape
    double cx, cy, extent;       // fractions of the side
    double area;                 // fraction of the canvas
};
struct CheckResult {
    bool satisfied = false;
    std::optional<Color> background;
    std::vector<DetectedObject> objects;
    std::vector<std::string> failures;  // one line per unmet attribute, empty when satisfied
};
// Finds the background and the objects of a picture (uint8 [H, W, 3], any square size)
// and tests every attribute spec names.
CheckResult checkImage(const torch::Tensor& imageHWC, const CaptionSpec& spec);

}  // namespace unclip::shapes
