// SentencePiece and LibTorch in one process: ENVIRONMENT.md's trap 1 (sentencepiece's
// bundled protobuf against LibTorch's) must not come back. Trains a tiny model through
// the plugin, tokenizes with it, and runs LibTorch ops before, between and after.
#include <fstream>
#include <iostream>

#include "core/common/error.h"
#include "core/tokenizer/sentencepiece_tokenizer.h"
#include "harness.h"
#include "test_config.h"

namespace fs = std::filesystem;
using unclip::SentencePieceTokenizer;

namespace {

void requirePlugin() {
    if (!UNCLIP_HAVE_SPM_PLUGIN) {
        // The error a user would get must say what to do (unless a stale plugin from an
        // earlier configuration is still lying in the build folder).
        if (!SentencePieceTokenizer::pluginAvailable())
            UNCLIP_CHECK_THROWS_WITH(SentencePieceTokenizer::train("x.txt", "m", 10),
                                     "libsentencepiece-dev");
        UNCLIP_SKIP(
            "the sentencepiece plugin was not built (install libsentencepiece-dev and "
            "reconfigure)");
    }
}

// A few hundred shape captions, the kind of text the project's own models train on.
fs::path writeCaptionCorpus(const fs::path& dir) {
    const char* sizes[] = {"small", "large", "tiny", "big", "huge"};
    const char* colors[] = {"red",    "green", "blue",  "yellow", "purple",
                            "orange", "black", "white", "pink",   "brown"};
    const char* shapes[] = {"circle",  "square",  "triangle", "star",
                            "hexagon", "diamond", "heart",    "rectangle"};
    const char* places[] = {"on the left",   "on the right",    "at the top",   "at the bottom",
                            "in the middle", "near the corner", "above a line", "below a dot"};
    const auto path = dir / "captions.txt";
    std::ofstream out(path);
    int line = 0;
    for (const char* size : sizes)
        for (const char* color : colors)
            for (const char* shape : shapes)
                for (const char* place : places)
                    if (++line % 9 == 0)
                        out << "a " << size << " " << color << " " << shape << " " << place << "\n";
    return path;  // 355 lines
}

// Small LibTorch computations with known answers.
void checkTorchOps() {
    const auto a = torch::arange(6, torch::kFloat32).reshape({2, 3});
    const auto b = torch::ones({3, 2});
    const auto product = torch::matmul(a, b);
    UNCLIP_CHECK(torch::equal(product, torch::tensor({{3.f, 3.f}, {12.f, 12.f}})));

    torch::manual_seed(0);
    const auto x = torch::randn({64, 48}), y = torch::randn({48, 32});
    const auto viaLoops = (x.unsqueeze(2) * y.unsqueeze(0)).sum(1);
    UNCLIP_CHECK(torch::allclose(torch::mm(x, y), viaLoops, 1e-4, 1e-4));

    const auto image = torch::ones({1, 2, 5, 5});
    const auto weight = torch::ones({3, 2, 3, 3});
    const auto conv = torch::conv2d(image, weight, torch::full({3}, 0.5f), 1, 1);
    UNCLIP_CHECK(conv.sizes() == torch::IntArrayRef({1, 3, 5, 5}));
    UNCLIP_CHECK_EQ(conv[0][1][2][2].item<float>(), 18.5f);  // 2 channels x 9 taps + bias
    UNCLIP_CHECK_EQ(conv[0][0][0][0].item<float>(), 8.5f);   // corner: 2 x 4 taps + bias
}

}  // namespace

UNCLIP_TEST(train_encode_decode_beside_libtorch) {
    requirePlugin();
    checkTorchOps();
    const auto dir = unclip::test::tempDir();
    const auto corpus = writeCaptionCorpus(dir);
    // BPE: the unigram trainer finds fewer than 100 pieces in so uniform a corpus.
    unclip::SentencePieceTrainOptions options;
    options.modelType = "bpe";
    SentencePieceTokenizer::train(corpus, dir / "tokenizer" / "spiece", 100, options);
    UNCLIP_CHECK(fs::exists(dir / "tokenizer" / "spiece.model"));
    checkTorchOps();

    auto loaded = unclip::loadTokenizer(dir / "tokenizer");
    const auto* spm = dynamic_cast<const SentencePieceTokenizer*>(loaded.get());
    UNCLIP_CHECK_MSG(spm != nullptr, "loadTokenizer did not pick SentencePiece for spiece.model");
    UNCLIP_CHECK_EQ(spm->vocabSize(), 100);
    UNCLIP_CHECK_EQ(spm->padId(), 0);
    UNCLIP_CHECK_EQ(spm->unkId(), 1);
    UNCLIP_CHECK_EQ(spm->bosId(), 2);
    UNCLIP_CHECK_EQ(spm->eosId(), 3);
    UNCLIP_CHECK_EQ(spm->piece(3), std::string("</s>"));
    UNCLIP_CHECK_EQ(spm->pieceId("</s>"), 3);

    const std::string text = "a small red circle on the left";
    const auto ids = spm->encode(text);
    UNCLIP_CHECK(ids.size() > 3 && ids.front() == 2 && ids.back() == 3);
    UNCLIP_CHECK_EQ(spm->decode(ids), text);
    const auto unseen = "a huge pink hexagon";  // characters outside the corpus become unk
    UNCLIP_CHECK(spm->decode(spm->encode(unseen)).size() > 0);
    std::cout << "  " << text << " -> " << ids.size() << " ids\n";

    checkTorchOps();
    const auto batch = spm->encodeBatch({text, ""}, 16);
    UNCLIP_CHECK_EQ(batch.ids[1][0].item<int64_t>(), 2);
    UNCLIP_CHECK_EQ(batch.ids[1][1].item<int64_t>(), 3);
    UNCLIP_CHECK_EQ(batch.ids[1][2].item<int64_t>(), 0);
    const int64_t realTokens = std::min<int64_t>(16, static_cast<int64_t>(ids.size()));
    UNCLIP_CHECK_EQ(batch.mask[0].sum().item<int64_t>(), realTokens);
    // The tokenizer's ids feed an embedding table: the last LibTorch check uses them.
    const auto table = torch::arange(100 * 4, torch::kFloat32).reshape({100, 4});
    const auto embedded = torch::embedding(table, batch.ids);
    UNCLIP_CHECK_EQ(embedded[0][0][1].item<float>(), 2 * 4 + 1.f);
}

UNCLIP_TEST(plugin_errors_come_back_as_messages) {
    requirePlugin();
    const auto dir = unclip::test::tempDir();
    UNCLIP_CHECK_THROWS_WITH(SentencePieceTokenizer::train(dir / "absent.txt", dir / "m", 50),
                             "absent.txt");
    const auto corpus = writeCaptionCorpus(dir);
    // Far more pieces than these captions hold: sentencepiece refuses, we get its reason.
    UNCLIP_CHECK_THROWS_WITH(SentencePieceTokenizer::train(corpus, dir / "m", 50000),
                             "sentencepiece training failed");
    unclip::SentencePieceTrainOptions bad;
    bad.modelType = "no-such-type";
    UNCLIP_CHECK_THROWS_WITH(SentencePieceTokenizer::train(corpus, dir / "m", 40, bad),
                             "no-such-type");

    std::ofstream(dir / "garbage.model") << "this is not a model";
    UNCLIP_CHECK_THROWS_WITH(SentencePieceTokenizer(dir / "garbage.model"), "garbage.model");
    UNCLIP_CHECK_THROWS_WITH(SentencePieceTokenizer(dir / "absent.model"), "does not exist");

    SentencePieceTokenizer::train(corpus, dir / "ok", 40);  // unigram, the default
    SentencePieceTokenizer spm(dir / "ok.model");
    UNCLIP_CHECK_THROWS_WITH(spm.decode({5, 40}), "outside the vocabulary");
    UNCLIP_CHECK_THROWS_WITH(spm.piece(-1), "outside the vocabulary");
    UNCLIP_CHECK(spm.encode(std::string("\xff\xfe red", 6)).size() >=
                 2);  // invalid UTF-8: no crash
    checkTorchOps();
}
