// captionText and canonicalCaption: the words of SHAPES-WORLD.md in one grammar,
//
//   [prefix] object [(relation | "and") object] ["on" a colour "background"]
//   object = a[n] [size] colour shape [position]
//
// which caption_parser.cpp reads back.
#include <string>

#include "core/shapes/random_draws.h"
#include "core/shapes/world.h"

namespace unclip::shapes {
namespace {

const char* prefixWords(CaptionStyle style) {
    switch (style) {
        case CaptionStyle::Plain:
            return "";
        case CaptionStyle::PictureOf:
            return "a picture of ";
        case CaptionStyle::ImageShowing:
            return "an image showing ";
        case CaptionStyle::DrawingOf:
            return "a drawing of ";
        case CaptionStyle::ImageOf:
            return "an image of ";
        case CaptionStyle::IllustrationOf:
            return "an illustration of ";
    }
    return "";
}

// "an" before a vowel sound; of the world's words only "orange" starts with one.
std::string withArticle(const std::string& words) {
    const bool vowel = !words.empty() && std::string("aeiou").find(words[0]) != std::string::npos;
    return (vowel ? "an " : "a ") + words;
}

std::string objectPhrase(const ObjectSpec& o) {
    std::string words;
    if (o.size) words += std::string(sizeWord(*o.size)) + " ";
    words += std::string(colorName(o.color)) + " " + shapeName(o.shape);
    std::string phrase = withArticle(words);
    if (o.position) phrase += std::string(" ") + positionWords(*o.position);
    return phrase;
}

}  // namespace

std::string captionText(const CaptionSpec& spec, CaptionStyle style) {
    validateSpec(spec);
    std::string text = prefixWords(style) + objectPhrase(spec.objects[0]);
    if (spec.objects.size() == 2) {
        text += spec.relation ? std::string(" ") + relationWords(*spec.relation) + " " : " and ";
        text += objectPhrase(spec.objects[1]);
    }
    if (spec.background)
        text += " on " + withArticle(std::string(colorName(*spec.background)) + " background");
    return text;
}

std::string captionText(const CaptionSpec& spec, std::mt19937_64& rng) {
    // Half the captions plain, the rest spread over the prefixed wordings, so the plain
    // form the app's prompts use stays the most familiar one.
    if (detail::chance(rng, 0.5)) return captionText(spec, CaptionStyle::Plain);
    constexpr std::array<CaptionStyle, 5> prefixed = {
        CaptionStyle::PictureOf, CaptionStyle::ImageShowing, CaptionStyle::DrawingOf,
        CaptionStyle::ImageOf, CaptionStyle::IllustrationOf};
    return captionText(spec, detail::pick(rng, prefixed));
}

std::string canonicalCaption(const CaptionSpec& spec) {
    return captionText(spec, CaptionStyle::Plain);
}

}  // namespace unclip::shapes
