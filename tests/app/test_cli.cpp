// The `unclip` command line, driven in-process on the fixture model: it writes the PNGs
// it says it wrote, and every bad invocation is one clear line and a non-zero status.
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include "app/cli/cli.h"

#include "core/image/image_io.h"
#include "core/metadata/generation_parameters.h"
#include "core/metadata/png_metadata.h"
#include "harness.h"

namespace fs = std::filesystem;

namespace {

struct Result {
    int status;
    std::string out, err;
};

// Runs the CLI with std::cout and std::cerr captured.
Result runCli(std::vector<std::string> args) {
    std::ostringstream out, err;
    auto* oldOut = std::cout.rdbuf(out.rdbuf());
    auto* oldErr = std::cerr.rdbuf(err.rdbuf());
    int status = 0;
    try {
        status = unclip::cli::run(args);
    } catch (...) {
        std::cout.rdbuf(oldOut);
        std::cerr.rdbuf(oldErr);
        throw;
    }
    std::cout.rdbuf(oldOut);
    std::cerr.rdbuf(oldErr);
    return {status, out.str(), err.str()};
}

std::vector<fs::path> pngsIn(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".png") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string model() { return (unclip::test::fixtureDir() / "pipeline").string(); }

}  // namespace

UNCLIP_TEST(generate_writes_the_pngs_it_reports) {
    const auto out = unclip::test::tempDir() / "out";
    auto r = runCli({"generate", "--model", model(), "--prompt", "a red circle", "--count", "2",
                     "--seed", "5", "--steps", "2/2/2", "--out", out.string()});
    UNCLIP_CHECK_MSG(r.status == 0, r.err);
    const auto files = pngsIn(out);
    UNCLIP_CHECK_EQ(files.size(), size_t(2));
    for (const auto& f : files) {
        UNCLIP_CHECK_MSG(r.out.find(f.string()) != std::string::npos, "not reported: " << f);
        auto image = unclip::readImageRGB(f);
        UNCLIP_CHECK_EQ(image.size(0), 32);  // the fixture's super-res size
        UNCLIP_CHECK_EQ(image.size(2), 3);
    }
    UNCLIP_CHECK(files[0].filename().string().find("seed5") != std::string::npos);
    UNCLIP_CHECK(files[1].filename().string().find("seed6") != std::string::npos);
    // Each PNG says how it was made, in A1111's format and as JSON.
    const auto meta = unclip::readMetadataFromFile(files[1]);
    UNCLIP_CHECK(meta.parameters.has_value() && meta.json.has_value());
    const auto parameters = unclip::GenerationParameters::parse(*meta.parameters);
    UNCLIP_CHECK_EQ(parameters.prompt, std::string("a red circle"));
    UNCLIP_CHECK(parameters.find("Seed") && *parameters.find("Seed") == "6");
    UNCLIP_CHECK(parameters.find("Size") && *parameters.find("Size") == "32x32");
    const auto json = nlohmann::json::parse(*meta.json);
    UNCLIP_CHECK_EQ(json.at("seed").get<uint64_t>(), uint64_t(6));
    UNCLIP_CHECK_EQ(json.at("steps").at(1).get<int64_t>(), int64_t(2));
}

UNCLIP_TEST(generate_is_reproducible_and_never_overwrites) {
    const auto out = unclip::test::tempDir() / "out";
    const std::vector<std::string> args{"generate",    "--model", model(),     "--prompt",
                                        "a blue star", "--seed",  "9",         "--steps",
                                        "2/2/2",       "--out",   out.string()};
    UNCLIP_CHECK_EQ(runCli(args).status, 0);
    UNCLIP_CHECK_EQ(runCli(args).status, 0);
    const auto files = pngsIn(out);
    UNCLIP_CHECK_EQ(files.size(), size_t(2));
    UNCLIP_CHECK(torch::equal(unclip::readImageRGB(files[0]), unclip::readImageRGB(files[1])));
}

UNCLIP_TEST(size_picks_the_final_stage) {
    const auto out = unclip::test::tempDir() / "out";
    auto r = runCli({"generate", "--model", model(), "--prompt", "a ring", "--size", "16",
                     "--steps", "2/2/2", "--seed", "1", "--out", out.string()});
    UNCLIP_CHECK_MSG(r.status == 0, r.err);
    UNCLIP_CHECK_EQ(unclip::readImageRGB(pngsIn(out).at(0)).size(0), 16);
    auto bad = runCli({"generate", "--model", model(), "--prompt", "a ring", "--size", "999",
                       "--out", out.string()});
    UNCLIP_CHECK_EQ(bad.status, 1);
    UNCLIP_CHECK(bad.err.find("not a resolution this model produces (16, 32)") !=
                 std::string::npos);
}

UNCLIP_TEST(eval_measures_variations_at_the_size_asked_for) {
    // With no captions to draw (--held-out 0) the variations still take --size; they used
    // to run at the model's largest size (here 32 px) whatever was asked, and the header
    // said "at 0 px". 16 px is the fixture's decoder size, too small for the checker.
    const std::vector<std::string> variationsOnly = {
        "eval",    "--model",     model(), "--held-out",   "0", "--variations",
        "1",       "--zero-shot", "0",     "--upsamplers", "0", "--no-prior",
        "--steps", "2/2/2"};
    auto small = variationsOnly;
    small.insert(small.end(), {"--size", "16"});
    auto r = runCli(small);
    UNCLIP_CHECK_EQ(r.status, 1);
    UNCLIP_CHECK_MSG(r.err.find("--size 16: the picture checker reads pictures of 32 to 1024 px") !=
                         std::string::npos,
                     r.err);
    auto fits = variationsOnly;
    fits.insert(fits.end(), {"--size", "32"});
    r = runCli(fits);
    UNCLIP_CHECK_MSG(r.status == 0, r.err);
    UNCLIP_CHECK_MSG(
        r.out.find("0 captions x 4 seeds and 1 variations at 32 px") != std::string::npos, r.out);
    UNCLIP_CHECK_MSG(r.out.find("variations keeping colour and shape") != std::string::npos, r.out);
}

UNCLIP_TEST(vary_and_blend_write_their_images) {
    const auto dir = unclip::test::tempDir();
    const auto a = dir / "a.png", b = dir / "b.png";
    unclip::writePngAtomic(a, torch::randint(0, 255, {40, 60, 3}, torch::kUInt8));
    unclip::writePngAtomic(b, torch::randint(0, 255, {50, 50, 3}, torch::kUInt8));
    auto vary = runCli({"vary", "--model", model(), "--image", a.string(), "--count", "2",
                        "--steps", "2/2", "--seed", "3", "--out", (dir / "vary").string()});
    UNCLIP_CHECK_MSG(vary.status == 0, vary.err);
    UNCLIP_CHECK_EQ(pngsIn(dir / "vary").size(), size_t(2));
    auto blend = runCli({"blend", "--model", model(), "--image", a.string(), "--image", b.string(),
                         "--frames", "3", "--steps", "2/2", "--seed", "3", "--out",
                         (dir / "blend").string()});
    UNCLIP_CHECK_MSG(blend.status == 0, blend.err);
    const auto frames = pngsIn(dir / "blend");
    UNCLIP_CHECK_EQ(frames.size(), size_t(3));
    UNCLIP_CHECK(frames[1].filename().string().find("theta0.50") != std::string::npos);
}

UNCLIP_TEST(generate_starts_from_the_folders_recommended_settings) {
    // A copy of the fixture whose model_index.json recommends its own steps and guidance.
    const auto dir = unclip::test::tempDir();
    const auto folder = dir / "model";
    fs::copy(model(), folder, fs::copy_options::recursive);
    const auto indexPath = folder / "model_index.json";
    fs::permissions(indexPath, fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::add);
    auto index = nlohmann::json::parse(std::ifstream(indexPath));
    index["_unclip_studio_sampling"] = {{"prior_num_inference_steps", 2},
                                        {"decoder_num_inference_steps", 3},
                                        {"super_res_num_inference_steps", 2},
                                        {"decoder_guidance_scale", 1.5},
                                        {"decoder_candidates", 2}};
    std::ofstream(indexPath) << index.dump(2);

    auto r = runCli({"generate", "--model", folder.string(), "--prompt", "a red circle", "--seed",
                     "1", "--out", (dir / "out").string()});
    UNCLIP_CHECK_MSG(r.status == 0, r.err);
    auto json =
        nlohmann::json::parse(*unclip::readMetadataFromFile(pngsIn(dir / "out").at(0)).json);
    UNCLIP_CHECK_EQ(json.at("steps"), nlohmann::json({2, 3, 2}));
    UNCLIP_CHECK_EQ(json.at("guidance"), nlohmann::json({4.0, 1.5}));  // prior: Karlo's
    UNCLIP_CHECK_EQ(json.at("candidates"), nlohmann::json({1, 2}));
    const auto infotext = unclip::readMetadataFromFile(pngsIn(dir / "out").at(0)).parameters;
    UNCLIP_CHECK_MSG(infotext && infotext->find("Candidates: 2") != std::string::npos,
                     infotext.value_or("(no infotext)"));
    // What is given on the command line still wins.
    r = runCli({"generate", "--model", folder.string(), "--prompt", "a red circle", "--seed", "1",
                "--guidance", "2/5", "--candidates", "3/1", "--out", (dir / "out2").string()});
    UNCLIP_CHECK_MSG(r.status == 0, r.err);
    json = nlohmann::json::parse(*unclip::readMetadataFromFile(pngsIn(dir / "out2").at(0)).json);
    UNCLIP_CHECK_EQ(json.at("guidance"), nlohmann::json({2.0, 5.0}));
    UNCLIP_CHECK_EQ(json.at("candidates"), nlohmann::json({3, 1}));
    // Variations take the folder's decoder candidates too, and the command line's.
    const auto source = pngsIn(dir / "out").at(0).string();
    r = runCli({"vary", "--model", folder.string(), "--image", source, "--seed", "1", "--out",
                (dir / "vary").string()});
    UNCLIP_CHECK_MSG(r.status == 0, r.err);
    json = nlohmann::json::parse(*unclip::readMetadataFromFile(pngsIn(dir / "vary").at(0)).json);
    UNCLIP_CHECK_EQ(json.at("candidates"), nlohmann::json(2));
    r = runCli({"info", "--model", folder.string()});
    UNCLIP_CHECK_MSG(
        r.out.find("default steps 2/3/2, guidance 4/1.5, candidates 1/2") != std::string::npos,
        r.out);
}

UNCLIP_TEST(info_lists_components) {
    auto r = runCli({"info", "--model", model()});
    UNCLIP_CHECK_MSG(r.status == 0, r.err);
    for (const char* c :
         {"text_encoder", "prior", "decoder", "super_res_first", "image_encoder", "F32"})
        UNCLIP_CHECK_MSG(r.out.find(c) != std::string::npos, "info lacks " << c << ":\n" << r.out);
}

UNCLIP_TEST(bad_invocations_fail_with_one_clear_line) {
    const auto out = (unclip::test::tempDir() / "out").string();
    struct Case {
        std::vector<std::string> args;
        int status;
        std::string says;
    };
    const std::vector<Case> cases = {
        {{"generate", "--model", model(), "--out", out}, 1, "--prompt is required"},
        {{"generate", "--model", model(), "--prompt", "x", "--bogus", "1"},
         1,
         "unknown option --bogus"},
        {{"generate", "--model", model(), "--prompt", "x", "--steps", "2/2"},
         1,
         "expects 3 values"},
        {{"generate", "--model", model(), "--prompt", "x", "--guidance", "2/2/"},
         1,
         "--guidance expects a number"},
        {{"generate", "--model", model(), "--prompt", "x", "--count", "0"},
         1,
         "--count must be a whole number"},
        {{"generate", "--model", model(), "--prompt", "x", "--seed", "-4"},
         1,
         "--seed must be a non-negative"},
        {{"generate", "--model", "/nonexistent/model", "--prompt", "x"},
         1,
         "/nonexistent/model does not exist"},
        {{"generate", "--model", model(), "--prompt", "x", "--device", "tpu"},
         1,
         "unknown device 'tpu'"},
        {{"vary", "--model", model(), "--image", "/nonexistent.png"}, 1, "/nonexistent.png"},
        {{"blend", "--model", model(), "--image", "a.png", "--theta", "0.5"},
         1,
         "exactly two --image"},
        {{"frobnicate"}, 2, "unknown command 'frobnicate'"},
    };
    for (const auto& c : cases) {
        auto r = runCli(c.args);
        UNCLIP_CHECK_MSG(r.status == c.status,
                         c.args[0] << " " << c.says << ": status " << r.status << " " << r.err);
        UNCLIP_CHECK_MSG(r.err.find(c.says) != std::string::npos,
                         "expected '" << c.says << "' in: " << r.err);
    }
}

UNCLIP_TEST(help_is_available_for_every_command) {
    for (const char* command : {"generate", "vary", "blend", "info"}) {
        auto r = runCli({command, "--help"});
        UNCLIP_CHECK_EQ(r.status, 0);
        UNCLIP_CHECK(r.out.find(std::string("unclip ") + command) != std::string::npos);
    }
    UNCLIP_CHECK_EQ(runCli({"--help"}).status, 0);
}
