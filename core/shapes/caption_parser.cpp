// parseCaption: reads the grammar of captions.cpp back into a CaptionSpec. It is strict
// about the world's words (an unknown word means the text is not a shapes-world caption)
// and lenient about everything around them: case, spacing, punctuation, a missing or
// wrong article, and prefixes such as "a picture of" or "an image showing".
#include <cctype>
#include <initializer_list>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/shapes/world.h"

namespace unclip::shapes {
namespace {

// Lower-cased words; whitespace and ASCII punctuation separate them. Digits and other
// bytes stay inside words, so "circle2" is no shape.
std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::string word;
    for (unsigned char c : text) {
        if (std::isspace(c) || std::ispunct(c)) {
            if (!word.empty()) out.push_back(std::move(word));
            word.clear();
        } else {
            word += static_cast<char>(std::tolower(c));
        }
    }
    if (!word.empty()) out.push_back(std::move(word));
    return out;
}

class Reader {
public:
    explicit Reader(std::vector<std::string> words) : m_words(std::move(words)) {}

    bool atEnd() const { return m_next == m_words.size(); }
    size_t mark() const { return m_next; }
    void rewind(size_t mark) { m_next = mark; }

    // Consumes the next words when they are exactly these.
    bool accept(std::initializer_list<const char*> expected) {
        size_t k = m_next;
        for (const char* w : expected)
            if (k >= m_words.size() || m_words[k++] != w) return false;
        m_next = k;
        return true;
    }
    bool acceptAnyOf(std::initializer_list<const char*> choices) {
        for (const char* w : choices)
            if (accept({w})) return true;
        return false;
    }

    template <typename T, size_t N>
    std::optional<T> acceptName(const std::array<T, N>& values, const char* (*name)(T)) {
        for (T v : values)
            if (accept({name(v)})) return v;
        return std::nullopt;
    }

private:
    std::vector<std::string> m_words;
    size_t m_next = 0;
};

const char* sizeName(SizeClass size) { return size == SizeClass::Small ? "small" : "large"; }

void skipArticle(Reader& r) { r.acceptAnyOf({"a", "an"}); }

// "a picture of", "an image showing", "a drawing of", ...: an optional article, a noun for
// a picture and a linking word. Only the object phrase after it carries meaning.
void skipPrefix(Reader& r) {
    const size_t start = r.mark();
    r.acceptAnyOf({"a", "an", "the"});
    if (r.acceptAnyOf({"picture", "image", "drawing", "illustration", "photo", "painting",
                       "rendering", "render", "sketch"}) &&
        r.acceptAnyOf({"of", "showing", "with"}))
        return;
    r.rewind(start);
}

std::optional<Position> readPosition(Reader& r) {
    if (r.accept({"on", "the", "left"})) return Position::Left;
    if (r.accept({"on", "the", "right"})) return Position::Right;
    if (r.accept({"at", "the", "top"})) return Position::Top;
    if (r.accept({"at", "the", "bottom"})) return Position::Bottom;
    if (r.accept({"in", "the", "middle"})) return Position::Middle;
    return std::nullopt;
}

std::optional<Relation> readRelation(Reader& r) {
    if (r.accept({"to", "the", "left", "of"})) return Relation::LeftOf;
    if (r.accept({"to", "the", "right", "of"})) return Relation::RightOf;
    if (r.accept({"above"})) return Relation::Above;
    if (r.accept({"below"})) return Relation::Below;
    return std::nullopt;
}

// a[n] [size] colour shape [position]
std::optional<ObjectSpec> readObject(Reader& r) {
    skipArticle(r);
    ObjectSpec o;
    o.size = r.acceptName(std::array<SizeClass, 2>{SizeClass::Small, SizeClass::Large}, sizeName);
    const auto color = r.acceptName(kColors, colorName);
    if (!color) return std::nullopt;
    const auto shape = r.acceptName(kShapes, shapeName);
    if (!shape) return std::nullopt;
    o.color = *color;
    o.shape = *shape;
    o.position = readPosition(r);
    return o;
}

// on a[n] colour background
std::optional<Color> readBackground(Reader& r) {
    const size_t start = r.mark();
    if (r.accept({"on"})) {
        skipArticle(r);
        if (const auto color = r.acceptName(kColors, colorName); color && r.accept({"background"}))
            return color;
    }
    r.rewind(start);
    return std::nullopt;
}

}  // namespace

std::optional<CaptionSpec> parseCaption(const std::string& text) {
    Reader r(words(text));
    skipPrefix(r);
    CaptionSpec spec;
    const auto first = readObject(r);
    if (!first) return std::nullopt;
    spec.objects.push_back(*first);

    const auto relation = readRelation(r);
    if (relation || r.accept({"and"})) {
        const auto second = readObject(r);
        if (!second) return std::nullopt;
        spec.objects.push_back(*second);
        spec.relation = relation;
    }
    spec.background = readBackground(r);
    if (!r.atEnd()) return std::nullopt;

    // Grammatical but impossible ("a red circle on a red background") is no caption either.
    try {
        validateSpec(spec);
    } catch (const Error&) {
        return std::nullopt;
    }
    return spec;
}

}  // namespace unclip::shapes
