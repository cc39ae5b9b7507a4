// Runtime choices that do not need a particular machine: which OpenBLAS kernels to ask
// for, and channels-last UNets giving the same results as the default layout.
#include "core/pipeline/unclip_model.h"
#include "core/runtime/runtime.h"
#include "harness.h"
#include "models/unet.h"
#include "tensor_checks.h"

using unclip::CpuVectorUnits;
using unclip::openBlasCoreOverride;

UNCLIP_TEST(openblas_generic_fallback_is_replaced_by_what_the_cpu_can_run) {
    CpuVectorUnits avx512{true, true}, avx2{false, true}, old{false, false};
    UNCLIP_CHECK_EQ(openBlasCoreOverride("Prescott", avx512).value_or(""), std::string("SkylakeX"));
    UNCLIP_CHECK_EQ(openBlasCoreOverride("Prescott", avx2).value_or(""), std::string("Haswell"));
    // A CPU without AVX2 really is what the generic kernels are for.
    UNCLIP_CHECK(!openBlasCoreOverride("Prescott", old));
}

UNCLIP_TEST(openblas_detection_that_knew_the_cpu_is_kept) {
    const CpuVectorUnits avx512{true, true};
    for (const char* core : {"SkylakeX", "Haswell", "Zen", "Cooperlake", "SapphireRapids"})
        UNCLIP_CHECK(!openBlasCoreOverride(core, avx512));
    UNCLIP_CHECK(!openBlasCoreOverride("", avx512));  // not OpenBLAS at all
}

UNCLIP_TEST(channels_last_unet_matches_the_default_layout) {
    unclip::models::UNetConfig c;
    c.inChannels = 3;
    c.outChannels = 6;
    c.sampleSize = 16;
    c.blockOutChannels = {8, 16};
    c.downBlockTypes = {"ResnetDownsampleBlock2D", "SimpleCrossAttnDownBlock2D"};
    c.upBlockTypes = {"SimpleCrossAttnUpBlock2D", "ResnetUpsampleBlock2D"};
    c.midBlockType = "UNetMidBlock2DSimpleCrossAttn";
    c.layersPerBlock = {1, 1};
    c.attentionHeadDims = {8, 8};
    c.normNumGroups = 4;
    c.crossAttentionDim = 12;
    c.identityClassEmbedding = true;
    c.scaleShift = true;
    torch::manual_seed(0);
    unclip::models::UNet unet(c);
    unet->eval();
    auto x = torch::randn({2, 3, 16, 16});
    auto t = torch::full({1}, 500, torch::kInt64);
    unclip::models::UNetConditioning cond{torch::randn({2, 5, 12}),
                                          torch::randn({2, c.timeEmbedDim()}), torch::Tensor()};
    auto run = [&] {
        c10::InferenceMode guard;
        return unet(x, t, cond);
    };
    auto before = run();
    unet->useChannelsLast();  // outside inference mode, as the loader calls it
    UNCLIP_CHECK(unet->conv_in->weight.is_contiguous(at::MemoryFormat::ChannelsLast));
    auto after = run();
    UNCLIP_CHECK(after.is_contiguous());  // callers get the usual layout back
    UNCLIP_CHECK_MSG(torch::allclose(before, after, 1e-4, 1e-5),
                     "max difference " << (before - after).abs().max().item<float>());
}

UNCLIP_TEST(the_loader_stores_unets_channels_last_only_for_float32_on_the_cpu) {
    using unclip::UnclipModel;
    auto float32 = UnclipModel::load(unclip::test::fixturePipeline());
    UNCLIP_CHECK(float32->decoder->conv_in->weight.is_contiguous(at::MemoryFormat::ChannelsLast));
    UNCLIP_CHECK(
        float32->superResFirst->conv_in->weight.is_contiguous(at::MemoryFormat::ChannelsLast));
    // bfloat16 channels-last drew noise with LibTorch 1.13 (unclip_model.cpp).
    auto bfloat16 =
        UnclipModel::load(unclip::test::fixturePipeline(), {torch::kCPU, torch::kBFloat16});
    UNCLIP_CHECK(bfloat16->decoder->conv_in->weight.is_contiguous());
}
