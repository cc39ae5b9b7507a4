#include "core/metadata/generation_parameters.h"

#include <cstdint>
#include <cstdio>
#include <optional>

#include "core/common/error.h"
#include "core/metadata/text_encoding.h"

namespace unclip {
namespace {

constexpr char kNegativePrefix[] = "Negative prompt:";
constexpr size_t kNegativePrefixLength = sizeof(kNegativePrefix) - 1;
constexpr size_t kMinSettingsPairs = 3;  // A1111's test for "the last line is settings"

bool startsWith(const std::string& s, const char* prefix, size_t length) {
    return s.compare(0, length, prefix) == 0;
}

// Python's \w and \s on the ASCII range. Non-ASCII bytes count as word characters: Python 3's
// \w is Unicode-aware and matches letters such as "é"; keys we write are ASCII anyway.
bool isWord(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') ||
           (u >= 'A' && u <= 'Z') || c == '_';
}
bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool isKeyChar(char c) { return isWord(c) || c == ' ' || c == '-' || c == '/'; }

bool isValidKey(const std::string& key) {
    if (key.size() < 2 || !isWord(key[0])) return false;
    for (const char c : key)
        if (!isKeyChar(c) || static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

// json.dumps(value, ensure_ascii=False), as A1111's quote() writes it.
std::string jsonQuote(const std::string& value) {
    std::string out = "\"";
    for (const char c : value) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buffer[8];
                    std::snprintf(buffer, sizeof(buffer), "\\u%04x", static_cast<unsigned>(c));
                    out += buffer;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

// A1111 quotes values holding ',', ':' or '\n'. We also quote what would not read back
// unquoted: a leading '"', leading or trailing whitespace, other control characters.
bool needsQuotes(const std::string& value) {
    if (value.empty()) return false;
    if (value.front() == '"' || isSpace(value.front()) || isSpace(value.back())) return true;
    for (const char c : value)
        if (c == ',' || c == ':' || static_cast<unsigned char>(c) < 0x20) return true;
    return false;
}

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<uint32_t> readHex4(const std::string& s, size_t pos) {
    if (s.size() - pos < 4) return std::nullopt;
    uint32_t v = 0;
    for (size_t i = 0; i < 4; ++i) {
        const int d = hexDigit(s[pos + i]);
        if (d < 0) return std::nullopt;
        v = v * 16 + static_cast<uint32_t>(d);
    }
    return v;
}

// json.loads of a whole JSON string literal; nullopt when it is not one (A1111's unquote()
// then keeps the text as it is).
std::optional<std::string> jsonUnquote(const std::string& quoted) {
    if (quoted.size() < 2 || quoted.front() != '"' || quoted.back() != '"') return std::nullopt;
    std::string out;
    const size_t end = quoted.size() - 1;
    for (size_t i = 1; i < end; ++i) {
        const char c = quoted[i];
        if (c == '"' || static_cast<unsigned char>(c) < 0x20) return std::nullopt;
        if (c != '\\') {
            out += c;
            continue;
        }
        if (++i >= end) return std::nullopt;
        switch (quoted[i]) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                auto unit = readHex4(quoted.substr(0, end), i + 1);
                if (!unit) return std::nullopt;
                i += 4;
                char32_t cp = *unit;
                if (cp >= 0xD800 && cp <= 0xDBFF) {  // a surrogate pair makes one code point
                    std::optional<uint32_t> low;
                    if (i + 2 < end && quoted[i + 1] == '\\' && quoted[i + 2] == 'u')
                        low = readHex4(quoted.substr(0, end), i + 3);
                    if (!low || *low < 0xDC00 || *low > 0xDFFF) return std::nullopt;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
                    i += 6;
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return std::nullopt;
                }
                appendUtf8(out, cp);
                break;
            }
            default:
                return std::nullopt;
        }
    }
    return out;
}

// One match of A1111's re_param at `pos`:
//   \s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)
// Hand-written rather than std::regex, whose recursion can overflow the stack on long input.
// Sets `next` past the match.
bool matchParam(const std::string& line, size_t pos, std::string* key, std::string* value,
                size_t* next) {
    size_t i = pos;
    while (i < line.size() && isSpace(line[i])) ++i;
    const size_t keyStart = i;
    if (i >= line.size() || !isWord(line[i])) return false;
    ++i;
    while (i < line.size() && isKeyChar(line[i])) ++i;
    // The key's character set excludes ':', so the longest run is the only candidate.
    if (i - keyStart < 2 || i >= line.size() || line[i] != ':') return false;
    *key = line.substr(keyStart, i - keyStart);
    ++i;
    while (i < line.size() && isSpace(line[i])) ++i;
    const size_t valueStart = i;
    if (i < line.size() && line[i] == '"') {  // the quoted alternative first, as the regex tries it
        size_t j = i + 1;
        bool closed = false;
        while (j < line.size()) {
            if (line[j] == '\\') {
                if (j + 1 >= line.size() || line[j + 1] == '\n') break;
                j += 2;
            } else if (line[j] == '"') {
                closed = j > i + 1;
                break;
            } else {
                ++j;
            }
        }
        if (closed && (j + 1 == line.size() || line[j + 1] == ',')) {
            *value = line.substr(valueStart, j + 1 - valueStart);
            *next = j + 1 < line.size() ? j + 2 : j + 1;
            return true;
        }
    }
    const size_t comma = line.find(',', valueStart);
    const size_t valueEnd = comma == std::string::npos ? line.size() : comma;
    *value = line.substr(valueStart, valueEnd - valueStart);
    *next = comma == std::string::npos ? line.size() : comma + 1;
    return true;
}

// re_param.findall(line): tries each position, resuming after each match.
std::vector<std::pair<std::string, std::string>> findParams(const std::string& line) {
    std::vector<std::pair<std::string, std::string>> found;
    std::string key, value;
    for (size_t pos = 0; pos < line.size();) {
        size_t next = pos;
        if (matchParam(line, pos, &key, &value, &next)) {
            if (auto unquoted = jsonUnquote(value)) value = std::move(*unquoted);
            found.emplace_back(key, value);
            pos = next;
        } else {
            ++pos;
        }
    }
    return found;
}

}  // namespace

std::string GenerationParameters::format() const {
    if (settings.size() == 1 || settings.size() == 2)
        throw Error(
            "an A1111 settings line needs at least 3 settings (A1111 reads fewer as part of "
            "the negative prompt); got " +
            std::to_string(settings.size()));
    if (startsWith(prompt, kNegativePrefix, kNegativePrefixLength) ||
        prompt.find(std::string("\n") + kNegativePrefix) != std::string::npos)
        throw Error(
            "the prompt holds a line starting \"Negative prompt:\", which A1111's format cannot "
            "tell "
            "from the negative prompt");
    std::string text = prompt + "\n" + kNegativePrefix + " " + negativePrompt;
    if (settings.empty()) return text;
    text += "\n";
    for (size_t i = 0; i < settings.size(); ++i) {
        const auto& [key, value] = settings[i];
        if (!isValidKey(key))
            throw Error("setting name '" + key +
                        "' is not an A1111 key (a letter or digit, then letters, digits, spaces, "
                        "'-', '/')");
        if (i > 0) text += ", ";
        text += key + ": " + (needsQuotes(value) ? jsonQuote(value) : value);
    }
    return text;
}

GenerationParameters GenerationParameters::parse(const std::string& infotext) {
    std::vector<std::string> lines;
    for (size_t start = 0;;) {
        const size_t newline = infotext.find('\n', start);
        std::string line = infotext.substr(
            start, newline == std::string::npos ? std::string::npos : newline - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
        if (newline == std::string::npos) break;
        start = newline + 1;
    }
    GenerationParameters result;
    auto params = findParams(lines.back());
    if (params.size() >= kMinSettingsPairs) {
        result.settings = std::move(params);
        lines.pop_back();
    }
    bool inNegative = false;
    bool firstPromptLine = true;
    bool firstNegativeLine = true;
    for (std::string& line : lines) {
        if (!inNegative && startsWith(line, kNegativePrefix, kNegativePrefixLength)) {
            inNegative = true;
            line.erase(0, kNegativePrefixLength);
            if (!line.empty() && line.front() == ' ')
                line.erase(0, 1);  // the one space format() writes
        }
        std::string& target = inNegative ? result.negativePrompt : result.prompt;
        bool& first = inNegative ? firstNegativeLine : firstPromptLine;
        if (!first) target += '\n';
        target += line;
        first = false;
    }
    return result;
}

const std::string* GenerationParameters::find(const std::string& key) const {
    for (const auto& [k, v] : settings)
        if (k == key) return &v;
    return nullptr;
}

}  // namespace unclip
