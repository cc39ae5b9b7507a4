// The captions kept out of training, so evaluation prompts are ones the trainer never
// saw: a fixed 1-in-20 share of caption specs, chosen by a hash of their canonical
// wording (stable across runs, machines and seeds).
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/shapes/scene.h"
#include "core/shapes/world.h"

namespace unclip::shapes {

bool isHeldOut(const CaptionSpec& spec);

// Draws a spec for training (with the world's odds, or others): resamples until it is not
// held out.
CaptionSpec sampleTrainingSpec(std::mt19937_64& rng, const SamplingWeights& weights = {});

// Draws a held-out spec with the world's odds (resampling the rest): the scenes variations
// are measured on.
CaptionSpec sampleHeldOutSpec(std::mt19937_64& rng);

// `count` distinct held-out canonical captions with the given object count (1 or 2),
// drawn from seed: the evaluation prompt lists.
std::vector<std::string> heldOutPrompts(int count, int objects, uint64_t seed);

}  // namespace unclip::shapes
