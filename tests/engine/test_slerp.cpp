#include "core/pipeline/pipelines.h"
#include "harness.h"

using unclip::slerp;

UNCLIP_TEST(slerp_hits_endpoints_and_stays_on_the_arc) {
    auto a = torch::tensor({1.0, 0.0, 0.0}, torch::kFloat64);
    auto b = torch::tensor({0.0, 2.0, 0.0}, torch::kFloat64);
    UNCLIP_CHECK(torch::allclose(slerp(a, b, 0.0).reshape({-1}), a));
    UNCLIP_CHECK(torch::allclose(slerp(a, b, 1.0).reshape({-1}), b));
    auto mid = slerp(a, b, 0.5).reshape({-1});
    // Halfway along the 90-degree arc: both components sin(45 deg) times their scale.
    UNCLIP_CHECK(std::abs(mid[0].item<double>() - std::sqrt(0.5)) < 1e-9);
    UNCLIP_CHECK(std::abs(mid[1].item<double>() - 2 * std::sqrt(0.5)) < 1e-9);
}

UNCLIP_TEST(slerp_of_parallel_vectors_is_finite) {
    auto a = torch::tensor({1.0, 2.0, 3.0}, torch::kFloat64);
    auto b = a * 3.0;
    auto mid = slerp(a, b, 0.25).reshape({-1});
    UNCLIP_CHECK(torch::isfinite(mid).all().item<bool>());
    UNCLIP_CHECK(torch::allclose(mid, a * 1.5));
    UNCLIP_CHECK_THROWS_WITH(slerp(torch::zeros({3}), a, 0.5), "zero embedding");
}
