#include "core/tokenizer/unicode_text.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>

#include "core/tokenizer/unicode_tables.h"

namespace unclip::unicode {
namespace tables = unicode_tables;

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Hangul syllable arithmetic (Unicode chapter 3.12).
constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr int kLCount = 19, kVCount = 21, kTCount = 28;
constexpr int kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

template <typename Range>
const Range* findRange(const Range* table, size_t count, char32_t c) {
    const Range* end = table + count;
    const Range* it =
        std::upper_bound(table, end, c, [](char32_t v, const Range& r) { return v < r.first; });
    if (it == table) return nullptr;
    --it;
    return c <= it->last ? it : nullptr;
}

const tables::Decomposition* findDecomposition(char32_t c) {
    const auto* end = tables::kDecompositions + tables::kDecompositionCount;
    const auto* it = std::lower_bound(
        tables::kDecompositions, end, c,
        [](const tables::Decomposition& d, char32_t v) { return d.codepoint < v; });
    return it != end && it->codepoint == c ? it : nullptr;
}

void decomposeInto(char32_t c, std::u32string& out) {
    if (c >= kSBase && c < kSBase + kSCount) {
        const int s = static_cast<int>(c - kSBase);
        out.push_back(kLBase + s / kNCount);
        out.push_back(kVBase + (s % kNCount) / kTCount);
        if (s % kTCount) out.push_back(kTBase + s % kTCount);
        return;
    }
    const auto* d = findDecomposition(c);
    if (!d) {
        out.push_back(c);
        return;
    }
    decomposeInto(d->first, out);
    if (d->second) decomposeInto(d->second, out);
}

// (first, second) -> primary composite, built once from the decomposition table.
const std::unordered_map<uint64_t, char32_t>& compositions() {
    static const std::unordered_map<uint64_t, char32_t> map = [] {
        std::unordered_map<uint64_t, char32_t> m;
        for (size_t i = 0; i < tables::kDecompositionCount; ++i) {
            const auto& d = tables::kDecompositions[i];
            if (d.composes) m.emplace((uint64_t(d.first) << 32) | d.second, d.codepoint);
        }
        return m;
    }();
    return map;
}

// The primary composite of a + b, or 0 when they do not compose.
char32_t compose(char32_t a, char32_t b) {
    if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
        return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
    if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase &&
        b < kTBase + kTCount)
        return a + (b - kTBase);
    const auto& map = compositions();
    const auto it = map.find((uint64_t(a) << 32) | b);
    return it == map.end() ? 0 : it->second;
}

}  // namespace

std::u32string decodeUtf8(const std::string& utf8) {
    std::u32string out;
    out.reserve(utf8.size());
    const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
    const size_t n = utf8.size();
    size_t i = 0;
    while (i < n) {
        const unsigned char b = s[i];
        if (b < 0x80) {
            out.push_back(b);
            ++i;
            continue;
        }
        int length;
        char32_t c;
        // Bounds of the second byte that exclude overlongs, surrogates and > U+10FFFF.
        unsigned char lo = 0x80, hi = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            length = 2, c = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
            length = 3, c = b & 0x0F;
            if (b == 0xE0) lo = 0xA0;
            if (b == 0xED) hi = 0x9F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            length = 4, c = b & 0x07;
            if (b == 0xF0) lo = 0x90;
            if (b == 0xF4) hi = 0x8F;
        } else {
            out.push_back(kReplacement);  // stray continuation byte or invalid lead
            ++i;
            continue;
        }
        int taken = 1;
        bool ok = true;
        for (; taken < length; ++taken) {
            if (i + taken >= n) {
                ok = false;
                break;
            }
            const unsigned char t = s[i + taken];
            const unsigned char tlo = taken == 1 ? lo : 0x80, thi = taken == 1 ? hi : 0xBF;
            if (t < tlo || t > thi) {
                ok = false;
                break;
            }
            c = (c << 6) | (t & 0x3F);
        }
        // A bad sequence is replaced up to (not including) the byte that broke it,
        // which starts over as a lead byte: the "maximal subpart" practice.
        out.push_back(ok ? c : kReplacement);
        i += taken;
    }
    return out;
}

void appendUtf8(char32_t c, std::string& out) {
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = kReplacement;
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

std::string encodeUtf8(const std::u32string& text) {
    std::string out;
    out.reserve(text.size());
    for (char32_t c : text) appendUtf8(c, out);
    return out;
}

bool isLetter(char32_t c) {
    if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    return findRange(tables::kLetters, tables::kLetterCount, c) != nullptr;
}

bool isNumber(char32_t c) {
    if (c < 0x80) return c >= '0' && c <= '9';
    return findRange(tables::kNumbers, tables::kNumberCount, c) != nullptr;
}

bool isWhiteSpace(char32_t c) {
    return findRange(tables::kWhiteSpace, tables::kWhiteSpaceCount, c) != nullptr;
}

int combiningClass(char32_t c) {
    if (c < 0x300) return 0;
    const auto* r = findRange(tables::kCombiningClasses, tables::kCombiningClassCount, c);
    return r ? r->combiningClass : 0;
}

std::u32string toLowerCase(const std::u32string& text) {
    std::u32string out;
    out.reserve(text.size());
    for (char32_t c : text) {
        if (c < 0x80) {
            out.push_back(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        const auto* special = std::find_if(
            tables::kSpecialLowercase, tables::kSpecialLowercase + tables::kSpecialLowercaseCount,
            [c](const tables::SpecialLowercase& s) { return s.codepoint == c; });
        if (special != tables::kSpecialLowercase + tables::kSpecialLowercaseCount) {
            out.append(special->lower, special->length);
            continue;
        }
        const auto* run = findRange(tables::kLowercaseRuns, tables::kLowercaseRunCount, c);
        if (run && (c - run->first) % run->stride == 0)
            out.push_back(static_cast<char32_t>(static_cast<int64_t>(c) + run->delta));
        else
            out.push_back(c);
    }
    return out;
}

std::u32string nfd(const std::u32string& text) {
    std::u32string out;
    out.reserve(text.size());
    for (char32_t c : text) decomposeInto(c, out);
    // Canonical ordering: a stable sort of each run of non-starters by combining class.
    for (size_t i = 0; i < out.size();) {
        if (combiningClass(out[i]) == 0) {
            ++i;
            continue;
        }
        size_t end = i;
        while (end < out.size() && combiningClass(out[end]) != 0) ++end;
        std::stable_sort(out.begin() + i, out.begin() + end, [](char32_t a, char32_t b) {
            return combiningClass(a) < combiningClass(b);
        });
        i = end;
    }
    return out;
}

std::u32string nfc(const std::u32string& text) {
    // Below U+0300 nothing decomposes into anything that composes differently, and no
    // character combines: the common (ASCII, Latin-1) case is already NFC.
    if (std::all_of(text.begin(), text.end(), [](char32_t c) { return c < 0x300; })) return text;

    const std::u32string decomposed = nfd(text);
    std::u32string out;
    out.reserve(decomposed.size());
    size_t starter = std::u32string::npos;  // index in out of the last starter
    for (char32_t c : decomposed) {
        const int cc = combiningClass(c);
        if (starter != std::u32string::npos) {
            // c is blocked from the starter when a character between them has class 0 or
            // a class >= c's; after canonical ordering only the last one can.
            const bool adjacent = starter + 1 == out.size();
            const bool blocked = !adjacent && combiningClass(out.back()) >= cc;
            if (!blocked) {
                if (const char32_t composite = compose(out[starter], c)) {
                    out[starter] = composite;
                    continue;
                }
            }
        }
        if (cc == 0) starter = out.size();
        out.push_back(c);
    }
    return out;
}

}  // namespace unclip::unicode
