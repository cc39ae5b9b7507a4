// The three UnCLIPScheduler configurations against the reference's recorded
// trajectories: our own output feeds the next step, and every step stays within 1e-5.
#include <optional>

#include <nlohmann/json.hpp>

#include "core/scheduler/unclip_scheduler.h"
#include "harness.h"
#include "tensor_checks.h"

using namespace unclip;
using unclip::test::fixtureCase;
using unclip::test::fixturePipeline;

namespace {

int64_t metadataInt(const SafetensorsFile& file, const std::string& key) {
    const auto& meta = file.metadata();
    auto it = meta.find(key);
    UNCLIP_CHECK_MSG(it != meta.end(), "fixture metadata lacks " << key);
    // Values are JSON-encoded strings ("7" or "\"7\"").
    auto value = nlohmann::json::parse(it->second);
    return value.is_string() ? std::stoll(value.get<std::string>()) : value.get<int64_t>();
}

void checkTrajectory(const std::string& name) {
    UnclipScheduler scheduler(
        readSchedulerConfig(fixturePipeline() / name / "scheduler_config.json"));
    auto c = fixtureCase(name);
    const auto steps = metadataInt(*c, "num_inference_steps");
    const auto timesteps = scheduler.timesteps(steps);
    auto want = c->tensor("timesteps");
    UNCLIP_CHECK_EQ(static_cast<int64_t>(timesteps.size()), want.size(0));
    for (size_t i = 0; i < timesteps.size(); ++i)
        UNCLIP_CHECK_EQ(timesteps[i], want[i].item<int64_t>());

    auto sample = c->tensor("init_sample");
    double worst = 0;
    for (size_t i = 0; i < timesteps.size(); ++i) {
        const auto idx = std::to_string(i);
        auto prev =
            i + 1 < timesteps.size() ? std::optional<int64_t>(timesteps[i + 1]) : std::nullopt;
        auto noise =
            scheduler.needsNoise(timesteps[i]) ? c->tensor("noise_" + idx) : torch::Tensor();
        sample = scheduler.step(c->tensor("model_output_" + idx), timesteps[i], sample, prev, noise)
                     .prevSample;
        worst =
            std::max(worst, unclip::test::relativeError(sample, c->tensor("prev_sample_" + idx)));
    }
    std::cout << "  " << name << ": " << timesteps.size() << " steps, worst relative error "
              << worst << "\n";
    UNCLIP_CHECK_MSG(worst <= 1e-5, name << " trajectory off by " << worst);
}

}  // namespace

UNCLIP_TEST(prior_scheduler_follows_reference) { checkTrajectory("prior_scheduler"); }
UNCLIP_TEST(decoder_scheduler_follows_reference) { checkTrajectory("decoder_scheduler"); }
UNCLIP_TEST(super_res_scheduler_follows_reference) { checkTrajectory("super_res_scheduler"); }

UNCLIP_TEST(timesteps_match_karlo_respacing) {
    UnclipScheduler scheduler(UnclipSchedulerConfig{});
    const std::vector<int64_t> seven{999, 832, 666, 500, 333, 166, 0};
    UNCLIP_CHECK(scheduler.timesteps(7) == seven);
    const auto ts25 = scheduler.timesteps(25);
    UNCLIP_CHECK_EQ(ts25.size(), size_t(25));
    UNCLIP_CHECK_EQ(ts25[1], int64_t(957));
    UNCLIP_CHECK_EQ(ts25[23], int64_t(42));
    UNCLIP_CHECK_THROWS_WITH(scheduler.timesteps(1), "between 2 and 1000");
}
