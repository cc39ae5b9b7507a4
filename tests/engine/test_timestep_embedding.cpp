#include "harness.h"
#include "models/timestep_embedding.h"

using unclip::models::timestepFeatures;

UNCLIP_TEST(features_match_the_closed_form) {
    // dim 4, flip: [cos(t*f0), cos(t*f1), sin(t*f0), sin(t*f1)], f_i = 10000^(-i/2).
    auto t = torch::tensor({0, 7}, torch::kInt64);
    auto emb = timestepFeatures(t, 4, /*flipSinToCos=*/true, /*shift=*/0);
    UNCLIP_CHECK_EQ(emb.size(0), 2);
    UNCLIP_CHECK_EQ(emb.size(1), 4);
    const double f1 = std::pow(10000.0, -0.5);
    UNCLIP_CHECK(std::abs(emb[1][0].item<double>() - std::cos(7.0)) < 1e-6);
    UNCLIP_CHECK(std::abs(emb[1][1].item<double>() - std::cos(7.0 * f1)) < 1e-6);
    UNCLIP_CHECK(std::abs(emb[1][2].item<double>() - std::sin(7.0)) < 1e-6);
    UNCLIP_CHECK(std::abs(emb[0][0].item<double>() - 1.0) < 1e-7);
}
