#include "core/tokenizer/clip_pretokenizer.h"

#include "core/tokenizer/unicode_text.h"

namespace unclip {
namespace {

using Text = std::u32string;

bool startsWith(const Text& text, size_t at, const Text& prefix) {
    return text.compare(at, prefix.size(), prefix) == 0;
}

bool isOther(char32_t c) {
    return !unicode::isWhiteSpace(c) && !unicode::isLetter(c) && !unicode::isNumber(c);
}

// Length of 's|'t|'re|'ve|'m|'ll|'d at `at` (0 when none), case-sensitive as in
// tokenizer.json (the text is already lowercase).
size_t contractionLength(const Text& text, size_t at) {
    if (text[at] != U'\'' || at + 1 >= text.size()) return 0;
    const char32_t a = text[at + 1];
    if (a == U's' || a == U't' || a == U'm' || a == U'd') return 2;
    if (at + 2 >= text.size()) return 0;
    const char32_t b = text[at + 2];
    if ((a == U'r' && b == U'e') || (a == U'v' && b == U'e') || (a == U'l' && b == U'l')) return 3;
    return 0;
}

template <typename Pred>
size_t runLength(const Text& text, size_t at, Pred pred) {
    size_t end = at;
    while (end < text.size() && pred(text[end])) ++end;
    return end - at;
}

// GPT-2's pattern, 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+,
// on a piece that holds no whitespace (the CLIP split removed it), so the space
// alternatives cannot match.
void splitByteLevel(const Text& piece, std::vector<std::string>& words) {
    for (size_t i = 0; i < piece.size();) {
        size_t length = contractionLength(piece, i);
        if (!length) {
            const char32_t c = piece[i];
            if (unicode::isLetter(c))
                length = runLength(piece, i, unicode::isLetter);
            else if (unicode::isNumber(c))
                length = runLength(piece, i, unicode::isNumber);
            else
                length = runLength(piece, i, isOther);
        }
        words.push_back(unicode::encodeUtf8(piece.substr(i, length)));
        i += length;
    }
}

// Length of the CLIP pattern's match at a non-whitespace position: the first
// alternative that matches wins.
size_t clipMatchLength(const Text& text, size_t at) {
    static const Text kStartOfText = U"<|startoftext|>", kEndOfText = U"<|endoftext|>";
    if (startsWith(text, at, kStartOfText)) return kStartOfText.size();
    if (startsWith(text, at, kEndOfText)) return kEndOfText.size();
    if (const size_t length = contractionLength(text, at)) return length;
    if (unicode::isLetter(text[at])) return runLength(text, at, unicode::isLetter);
    if (unicode::isNumber(text[at])) return 1;  // [\p{N}]: one digit per word
    return runLength(text, at, isOther);
}

}  // namespace

Text clipNormalize(const Text& text) {
    const Text composed = unicode::nfc(text);
    Text collapsed;
    collapsed.reserve(composed.size());
    for (size_t i = 0; i < composed.size();) {
        if (unicode::isWhiteSpace(composed[i])) {
            collapsed.push_back(U' ');
            while (i < composed.size() && unicode::isWhiteSpace(composed[i])) ++i;
        } else {
            collapsed.push_back(composed[i++]);
        }
    }
    return unicode::toLowerCase(collapsed);
}

std::vector<std::string> clipPreTokenize(const Text& text) {
    std::vector<std::string> words;
    for (size_t i = 0; i < text.size();) {
        if (unicode::isWhiteSpace(text[i])) {  // not matched by the pattern: removed
            ++i;
            continue;
        }
        const size_t length = clipMatchLength(text, i);
        splitByteLevel(text.substr(i, length), words);
        i += length;
    }
    return words;
}

}  // namespace unclip
