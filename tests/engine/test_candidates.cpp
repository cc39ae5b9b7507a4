// Best-of-k sampling (core/pipeline/candidates.h): each picture's first candidate is the
// picture the plain cascade draws, the others come from derived seeds, and the pipelines
// keep the candidate CLIP judges best.
#include "harness.h"

#include <iostream>

#include "core/pipeline/candidates.h"
#include "core/pipeline/cascade_stages.h"
#include "core/pipeline/pipelines.h"
#include "fixture_model.h"
#include "tensor_checks.h"

using namespace unclip;
using unclip::test::fixtureModel;
using unclip::test::twoStepSampling;

namespace {

SamplingOptions fastSampling() {
    auto s = twoStepSampling();
    s.superResStages = 0;  // the choice is made at the decoder's size
    return s;
}

// Candidates judged on the finished pictures (pick step = the last step), unless asked.
CascadeOutput textToImage(uint64_t seed, int64_t priorCandidates, int64_t decoderCandidates,
                          int64_t pickStep = 2) {
    TextToImageRequest r;
    r.prompts = {"a red circle"};
    r.seeds = {seed};
    r.sampling = fastSampling();
    r.sampling.priorCandidates = priorCandidates;
    r.sampling.decoderCandidates = decoderCandidates;
    r.sampling.candidatePickStep = pickStep;
    return generateFromText(*fixtureModel(), r);
}

double decoderScore(const CascadeOutput& out) {
    return clipImageScores(*fixtureModel(), out.decoderImage, out.imageEmbeddings)[0]
        .item<double>();
}

}  // namespace

UNCLIP_TEST(candidate_noise_keeps_each_pictures_own_draws) {
    const std::vector<uint64_t> seeds{7, 8};
    PerImageNoise plain(seeds), main(seeds);
    CandidateNoise noise(main, seeds, 3, CandidateStage::Decoder);
    for (int draw = 0; draw < 2; ++draw) {  // every draw, not only the first
        auto expected = plain.draw({2, 4});
        auto rows = noise.draw({6, 4});  // [B * k, 4], grouped per picture
        UNCLIP_CHECK(torch::equal(rows[0], expected[0]));
        UNCLIP_CHECK(torch::equal(rows[3], expected[1]));
        for (int64_t other : {1, 2, 4, 5})
            UNCLIP_CHECK_MSG(
                !torch::allclose(rows[other], rows[0]) && !torch::allclose(rows[other], rows[3]),
                "row " << other << " repeats a picture's own noise");
        UNCLIP_CHECK(!torch::allclose(rows[1], rows[2]));
    }
    // The same seeds give the same candidates; another stage gives others.
    PerImageNoise mainAgain(seeds), mainPrior(seeds);
    CandidateNoise again(mainAgain, seeds, 3, CandidateStage::Decoder);
    CandidateNoise prior(mainPrior, seeds, 3, CandidateStage::Prior);
    auto a = again.draw({6, 4}), b = prior.draw({6, 4});
    UNCLIP_CHECK(torch::equal(a[0], b[0]));
    UNCLIP_CHECK(!torch::allclose(a[1], b[1]));
    UNCLIP_CHECK_THROWS_WITH(again.draw({4, 4}), "made for 2 x 3");
}

UNCLIP_TEST(best_candidates_are_chosen_per_picture) {
    auto scores = torch::tensor({0.1, 0.9, 0.3, 0.8, 0.2, 0.5});  // 2 pictures x 3
    auto best = bestCandidates(scores, 3);
    UNCLIP_CHECK_EQ(best[0].item<int64_t>(), int64_t(1));
    UNCLIP_CHECK_EQ(best[1].item<int64_t>(), int64_t(0));
    auto rows = torch::arange(6).reshape({6, 1}) * 10;
    auto chosen = selectCandidates(rows, best, 3);
    UNCLIP_CHECK_EQ(chosen[0][0].item<int64_t>(), int64_t(10));
    UNCLIP_CHECK_EQ(chosen[1][0].item<int64_t>(), int64_t(30));
}

UNCLIP_TEST(decoder_keeps_the_candidate_closest_to_its_embedding) {
    int changed = 0;
    for (uint64_t seed = 1; seed <= 6; ++seed) {
        auto one = textToImage(seed, 1, 1);
        auto best = textToImage(seed, 1, 3);
        // Same prior sample: the decoder's candidates are all drawn from it.
        UNCLIP_CHECK(torch::allclose(one.imageEmbeddings, best.imageEmbeddings, 1e-5, 1e-6));
        const double plain = decoderScore(one), chosen = decoderScore(best);
        UNCLIP_CHECK_MSG(chosen >= plain - 1e-4, "seed " << seed << ": the chosen picture scores "
                                                         << chosen << ", the plain one " << plain);
        if (!torch::allclose(one.decoderImage, best.decoderImage, 1e-4, 1e-4)) {
            ++changed;
            UNCLIP_CHECK_MSG(chosen > plain, "seed " << seed << ": another picture was kept ("
                                                     << chosen << ") that scores no better than "
                                                     << plain);
        }
        // A seed still fixes the result.
        UNCLIP_CHECK(torch::equal(best.decoderImage, textToImage(seed, 1, 3).decoderImage));
    }
    std::cout << "  another candidate than the plain picture kept for " << changed
              << " of 6 seeds\n";
    UNCLIP_CHECK_MSG(changed > 0, "three candidates never changed the picture");
}

UNCLIP_TEST(a_candidate_kept_part_way_ends_as_it_would_alone) {
    // Three rows decoded side by side, and the same three narrowed to row 2 after step 1:
    // the kept row must go on with its own noise and conditioning.
    auto& model = *fixtureModel();
    c10::InferenceMode guard;
    const std::vector<std::string> prompts(3, "a red circle");
    auto text = stages::encodeText(model, prompts, true);
    torch::manual_seed(4);
    auto embeddings = torch::randn({3, model.textProj->config.clipEmbeddingsDim});
    PerImageNoise together({1, 2, 3}), narrowed({1, 2, 3});
    auto all = stages::runDecoder(model, embeddings, text, 3, 4.0, true, together, {});
    stages::DecoderPick pick;
    pick.candidates = 3;
    pick.atStep = 1;
    pick.choose = [](const torch::Tensor& clean) {
        UNCLIP_CHECK_EQ(clean.size(0), int64_t(3));
        return torch::tensor({int64_t(2)});
    };
    auto kept = stages::runDecoder(model, embeddings, text, 3, 4.0, true, narrowed, {}, &pick);
    UNCLIP_CHECK_EQ(kept.size(0), int64_t(1));
    UNCLIP_CHECK(torch::allclose(kept[0], all[2], 1e-4, 1e-5));
}

UNCLIP_TEST(an_early_pick_is_still_fixed_by_the_seed) {
    int changed = 0;
    for (uint64_t seed = 1; seed <= 6; ++seed) {
        auto early = textToImage(seed, 1, 3, /*pickStep=*/1);
        UNCLIP_CHECK(torch::equal(early.decoderImage, textToImage(seed, 1, 3, 1).decoderImage));
        changed +=
            !torch::allclose(early.decoderImage, textToImage(seed, 1, 1).decoderImage, 1e-4, 1e-4);
    }
    UNCLIP_CHECK_MSG(changed > 0, "an early pick never kept another candidate");
}

UNCLIP_TEST(prior_keeps_the_sample_closest_to_the_caption) {
    auto& model = *fixtureModel();
    c10::InferenceMode guard;
    auto caption = stages::encodeText(model, {"a red circle"}, false).embeds.to(torch::kFloat32);
    auto cosine = [&](const torch::Tensor& e) {
        return torch::nn::functional::cosine_similarity(
                   e, caption, torch::nn::functional::CosineSimilarityFuncOptions().dim(1))[0]
            .item<double>();
    };
    int changed = 0;
    for (uint64_t seed = 1; seed <= 6; ++seed) {
        auto one = textToImage(seed, 1, 1), best = textToImage(seed, 3, 1);
        UNCLIP_CHECK(cosine(best.imageEmbeddings) >= cosine(one.imageEmbeddings) - 1e-5);
        changed += !torch::allclose(one.imageEmbeddings, best.imageEmbeddings, 1e-5, 1e-6);
    }
    UNCLIP_CHECK_MSG(changed > 0, "three prior samples never changed the embedding");
}

UNCLIP_TEST(variations_and_blends_choose_among_candidates_too) {
    auto& model = *fixtureModel();
    const auto size = model.imageEncoder->config.imageSize;
    torch::manual_seed(3);
    VariationRequest v;
    v.pixelValues = torch::rand({2, 3, size, size}) * 2 - 1;
    v.seeds = {5, 6};
    v.sampling = fastSampling();
    auto plain = generateVariations(model, v);
    v.sampling.decoderCandidates = 4;
    v.sampling.candidatePickStep = 2;  // judged on the finished pictures
    auto best = generateVariations(model, v);
    UNCLIP_CHECK_EQ(best.images.size(0), int64_t(2));
    auto plainScores = clipImageScores(model, plain.decoderImage, plain.imageEmbeddings);
    auto bestScores = clipImageScores(model, best.decoderImage, best.imageEmbeddings);
    UNCLIP_CHECK((bestScores >= plainScores - 1e-4).all().item<bool>());

    BlendRequest b;
    b.pixelValuesA = v.pixelValues.narrow(0, 0, 1);
    b.pixelValuesB = v.pixelValues.narrow(0, 1, 1);
    b.thetas = {0.0, 0.5};
    b.seed = 9;
    b.sampling = fastSampling();
    b.sampling.decoderCandidates = 2;
    UNCLIP_CHECK_EQ(blendImages(model, b).images.size(0), int64_t(2));
}
