// The A1111 `parameters` text (infotext): exact output, round trips, and reading text
// written the way A1111 writes it.
#include "core/common/error.h"
#include "core/metadata/generation_parameters.h"
#include "core/metadata/png_metadata.h"
#include "harness.h"
#include "png_test_image.h"

using unclip::GenerationParameters;

namespace {

GenerationParameters sample() {
    return {"a red fox in the snow",
            "blurry",
            {{"Steps", "25"},
             {"Sampler", "unCLIP DDPM"},
             {"CFG scale", "8"},
             {"Seed", "42"},
             {"Size", "256x256"},
             {"Model", "shapes"}}};
}

void checkRoundTrip(const GenerationParameters& p) {
    const std::string text = p.format();
    const auto back = GenerationParameters::parse(text);
    UNCLIP_CHECK_MSG(back == p, "did not read back:\n"
                                    << text << "\nprompt=[" << back.prompt << "] negative=["
                                    << back.negativePrompt
                                    << "] settings=" << back.settings.size());
    // And through a PNG, as tEXt or iTXt.
    const auto png = unclip::addMetadata(unclip::test::tinyPng(), text, "");
    UNCLIP_CHECK(*unclip::readMetadata(png).parameters == text);
}

}  // namespace

UNCLIP_TEST(format_is_exactly_a1111s) {
    UNCLIP_CHECK_EQ(sample().format(),
                    std::string("a red fox in the snow\nNegative prompt: blurry\n"
                                "Steps: 25, Sampler: unCLIP DDPM, CFG scale: 8, Seed: 42, "
                                "Size: 256x256, Model: shapes"));
    auto noNegative = sample();
    noNegative.negativePrompt.clear();
    // Always present, because ComfyUI imports the text only when this line exists.
    UNCLIP_CHECK(noNegative.format().find("\nNegative prompt: \nSteps: 25") != std::string::npos);
    auto quoted = sample();
    quoted.settings.push_back({"Blend method", "slerp, fixed noise: \"decoder\"\nline 2"});
    UNCLIP_CHECK(
        quoted.format().find(R"(, Blend method: "slerp, fixed noise: \"decoder\"\nline 2")") !=
        std::string::npos);
}

UNCLIP_TEST(round_trips) {
    checkRoundTrip(sample());
    auto p = sample();
    p.negativePrompt.clear();
    checkRoundTrip(p);
    p.prompt = "雪の中の赤い狐 🦊\nsecond line\n\nafter a blank line";
    p.negativePrompt = "ぼやけた\n低品質 😞";
    checkRoundTrip(p);
    p.prompt = "";
    checkRoundTrip(p);
    p = sample();
    p.settings.push_back({"Note", "commas, colons: and \"quotes\" \\ backslash"});
    p.settings.push_back({"Lines", "one\ntwo\r\nthree\ttab"});
    p.settings.push_back({"Padded", "  spaces  "});
    p.settings.push_back({"Starts with quote", "\"hi"});
    p.settings.push_back({"Empty", ""});
    p.settings.push_back({"Unicode", "狐, 🦊"});
    p.settings.push_back({"Init image hash", "0123456789"});
    checkRoundTrip(p);
    p = sample();
    p.settings.clear();  // no settings line at all
    checkRoundTrip(p);
}

UNCLIP_TEST(reads_a1111_output) {
    // As A1111 writes it: negative omitted when empty in older versions, Size split by readers,
    // quoted values via json.dumps, keys we do not know.
    const std::string text =
        "masterpiece, (best quality:1.2), 1girl, \"quoted\"\n"
        "standing in a field\n"
        "Negative prompt: lowres, bad anatomy\n"
        "worst quality\n"
        "Steps: 20, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 965400086, Size: 512x768, "
        "Model hash: 45dee52b, Model: v1-5-pruned-emaonly, Denoising strength: 0.7, "
        "Lora hashes: \"add_detail: 7c6bad76eb54, more_art: 1a2b3c\", "
        "TI hashes: \"bad_prompt: \\\"x\\\"\", Version: v1.6.0";
    const auto p = GenerationParameters::parse(text);
    UNCLIP_CHECK_EQ(
        p.prompt,
        std::string("masterpiece, (best quality:1.2), 1girl, \"quoted\"\nstanding in a field"));
    UNCLIP_CHECK_EQ(p.negativePrompt, std::string("lowres, bad anatomy\nworst quality"));
    UNCLIP_CHECK_EQ(p.settings.size(), size_t(11));
    UNCLIP_CHECK_EQ(*p.find("Sampler"), std::string("DPM++ 2M Karras"));
    UNCLIP_CHECK_EQ(*p.find("Size"), std::string("512x768"));
    UNCLIP_CHECK_EQ(*p.find("Lora hashes"),
                    std::string("add_detail: 7c6bad76eb54, more_art: 1a2b3c"));
    UNCLIP_CHECK_EQ(*p.find("TI hashes"), std::string("bad_prompt: \"x\""));
    UNCLIP_CHECK_EQ(*p.find("Version"), std::string("v1.6.0"));
    UNCLIP_CHECK(p.find("Clip skip") == nullptr);

    // No negative line, CRLF line ends, and no settings line (fewer than 3 pairs).
    const auto q = GenerationParameters::parse("just a prompt\r\nSteps: 20, Seed: 1");
    UNCLIP_CHECK_EQ(q.prompt, std::string("just a prompt\nSteps: 20, Seed: 1"));
    UNCLIP_CHECK(q.negativePrompt.empty() && q.settings.empty());
    const auto r = GenerationParameters::parse("cat\nSteps: 20, Sampler: Euler a, CFG scale: 7");
    UNCLIP_CHECK_EQ(r.prompt, std::string("cat"));
    UNCLIP_CHECK_EQ(r.settings.size(), size_t(3));
    // Garbage never throws.
    UNCLIP_CHECK(GenerationParameters::parse("").prompt.empty());
    (void)GenerationParameters::parse("\"\\\n:::,,,\"a: \"\\u12\", bb: \"\\ud800\", cc: \"\\");
}

UNCLIP_TEST(format_refuses_what_would_not_read_back) {
    auto p = sample();
    p.settings.resize(2);
    UNCLIP_CHECK_THROWS_WITH(p.format(), "at least 3 settings");
    p = sample();
    p.settings.push_back({"Bad.key", "1"});
    UNCLIP_CHECK_THROWS_WITH(p.format(), "'Bad.key' is not an A1111 key");
    p = sample();
    p.prompt = "fox\nNegative prompt: sneaky";
    UNCLIP_CHECK_THROWS_WITH(p.format(), "Negative prompt:");
}
