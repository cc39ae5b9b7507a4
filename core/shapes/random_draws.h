// Random draws for the shapes world's sampler and captions (internal).
//
// std::uniform_real_distribution and friends are left to each standard library, so the
// same seed could give other training data under libc++ or MSVC. These use only the
// mt19937_64 stream, which the standard fixes bit for bit.
#pragma once

#include <array>
#include <cstddef>
#include <random>

namespace unclip::shapes::detail {

// Uniform in [0, 1), from the top 53 bits of one draw.
inline double uniform01(std::mt19937_64& rng) {
    return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
}

inline double uniformIn(std::mt19937_64& rng, double lo, double hi) {
    return lo + (hi - lo) * uniform01(rng);
}

inline bool chance(std::mt19937_64& rng, double probability) {
    return uniform01(rng) < probability;
}

template <typename T, std::size_t N>
const T& pick(std::mt19937_64& rng, const std::array<T, N>& choices) {
    return choices[static_cast<std::size_t>(uniform01(rng) * N)];  // uniform01 < 1
}

}  // namespace unclip::shapes::detail
