// AUTOMATIC1111's "infotext", the `parameters` text other tools read from a PNG:
//
//   a red fox in the snow          <- the prompt, may span lines
//   Negative prompt: blurry        <- always written (ComfyUI imports only with it), may be empty
//   Steps: 25, Sampler: unCLIP DDPM, CFG scale: 8, Seed: 42, Size: 256x256, Model: shapes
//
//   GenerationParameters p{"a red fox", "", {{"Steps", "25"}, {"Seed", "42"}, {"Size",
//   "256x256"}}}; std::string text = p.format(); GenerationParameters back =
//   GenerationParameters::parse(text);   // == p
//
// Rules follow A1111's modules/infotext_utils.py (UX-ANCHORS.md section 2.1): settings are
// joined by ", "; a value holding ',', ':' or a newline is written as a JSON string; the
// last line counts as settings only when it holds at least 3 `Key: value` pairs.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace unclip {

struct GenerationParameters {
    std::string prompt;
    std::string negativePrompt;
    // In order, unknown keys included; values as text ("256x256" stays one value).
    std::vector<std::pair<std::string, std::string>> settings;

    // The infotext. unclip::Error when a key is outside A1111's key grammar (a word
    // character, then one or more of word characters, space, '-' and '/'), when there are
    // 1 or 2 settings (A1111 would read them as part of the negative prompt), or when the
    // prompt holds a line starting "Negative prompt:" (it would not read back).
    std::string format() const;

    // Reads any A1111 infotext; never throws. Lines before "Negative prompt:" are the prompt,
    // lines after it up to the settings line the negative prompt; quoted values are
    // unquoted; pairs that do not parse are dropped, as A1111 drops them. Unlike A1111,
    // lines are not trimmed, so format() output reads back exactly; '\r' before '\n' is removed.
    static GenerationParameters parse(const std::string& infotext);

    // The first value for `key`, or nullptr.
    const std::string* find(const std::string& key) const;

    bool operator==(const GenerationParameters& other) const {
        return prompt == other.prompt && negativePrompt == other.negativePrompt &&
               settings == other.settings;
    }
};

}  // namespace unclip
