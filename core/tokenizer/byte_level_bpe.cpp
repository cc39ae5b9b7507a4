#include "core/tokenizer/byte_level_bpe.h"

#include <fstream>
#include <queue>

#include "core/common/error.h"
#include "core/config/json_config.h"
#include "core/tokenizer/unicode_text.h"

namespace unclip {
namespace {

// bytes_to_unicode: '!'..'~', '¡'..'¬' and '®'..'ÿ' stand for themselves; the other 68
// bytes (controls, space, ...) take U+0100 onwards in byte order, so every byte has a
// visible, non-space character.
struct ByteSymbols {
    std::array<std::string, 256> symbol;
    std::unordered_map<char32_t, unsigned char> byteOf;
    ByteSymbols() {
        char32_t next = 256;
        for (int b = 0; b < 256; ++b) {
            const bool printable =
                (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            const char32_t c = printable ? char32_t(b) : next++;
            unicode::appendUtf8(c, symbol[b]);
            byteOf[c] = static_cast<unsigned char>(b);
        }
    }
};

const ByteSymbols& byteSymbols() {
    static const ByteSymbols symbols;
    return symbols;
}

}  // namespace

const std::string& byteToSymbol(unsigned char b) { return byteSymbols().symbol[b]; }

std::optional<unsigned char> symbolToByte(char32_t symbol) {
    const auto& map = byteSymbols().byteOf;
    const auto it = map.find(symbol);
    if (it == map.end()) return std::nullopt;
    return it->second;
}

ByteLevelBpe::ByteLevelBpe(const std::filesystem::path& vocabJson,
                           const std::filesystem::path& mergesTxt, std::string endOfWordSuffix)
    : suffix_(std::move(endOfWordSuffix)) {
    const nlohmann::json vocab = readJsonFile(vocabJson);
    if (!vocab.is_object() || vocab.empty())
        throw Error(vocabJson.string() + ": expected a JSON object of token -> id");
    tokens_.resize(vocab.size());
    std::vector<bool> seen(vocab.size(), false);
    for (const auto& [token, value] : vocab.items()) {
        if (!value.is_number_integer() || value.get<int64_t>() < 0 ||
            value.get<int64_t>() >= static_cast<int64_t>(vocab.size()) || seen[value.get<size_t>()])
            throw Error(vocabJson.string() + ": token " + nlohmann::json(token).dump() +
                        " has id " + value.dump() + "; ids must be the distinct integers 0.." +
                        std::to_string(vocab.size() - 1));
        const auto id = value.get<int32_t>();
        seen[static_cast<size_t>(id)] = true;
        ids_.emplace(token, id);
        tokens_[static_cast<size_t>(id)] = token;
    }

    for (int b = 0; b < 256; ++b) {
        const std::string& symbol = byteToSymbol(static_cast<unsigned char>(b));
        const auto plain = id(symbol);
        const auto suffixed = id(symbol + suffix_);
        if (!plain || !suffixed)
            throw Error(vocabJson.string() + ": the byte-level symbol " +
                        nlohmann::json(plain ? symbol + suffix_ : symbol).dump() +
                        " is missing; is this a byte-level BPE (CLIP) vocabulary?");
        byteIds_[b] = *plain;
        byteSuffixIds_[b] = *suffixed;
    }

    std::ifstream in(mergesTxt, std::ios::binary);
    if (!in) throw Error("cannot open " + mergesTxt.string());
    std::string line;
    uint32_t rank = 0;
    for (size_t lineNumber = 1; std::getline(in, line); ++lineNumber) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.rfind("#version", 0) == 0) continue;
        const size_t space = line.find(' ');
        if (space == std::string::npos || space == 0 || space + 1 == line.size() ||
            line.find(' ', space + 1) != std::string::npos)
            throw Error(mergesTxt.string() + ":" + std::to_string(lineNumber) +
                        ": expected two tokens separated by one space, got \"" + line + "\"");
        const std::string left = line.substr(0, space), right = line.substr(space + 1);
        const auto a = id(left), b = id(right), merged = id(left + right);
        if (!a || !b || !merged)
            throw Error(mergesTxt.string() + ":" + std::to_string(lineNumber) + ": token \"" +
                        (!a   ? left
                         : !b ? right
                              : left + right) +
                        "\" is not in " + vocabJson.filename().string() +
                        "; the two files do not belong together");
        // A repeated pair takes its last rank, as HF's map built in file order does.
        merges_.insert_or_assign(pairKey(*a, *b), Merge{rank++, *merged});
    }
}

std::optional<int32_t> ByteLevelBpe::id(const std::string& token) const {
    const auto it = ids_.find(token);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
}

const std::string& ByteLevelBpe::token(int32_t id) const {
    static const std::string none;
    return id >= 0 && id < static_cast<int32_t>(tokens_.size()) ? tokens_[static_cast<size_t>(id)]
                                                                : none;
}

std::vector<int32_t> ByteLevelBpe::encodeWord(const std::string& word) const {
    if (word.empty()) return {};
    const bool cacheable = word.size() <= kMaxCachedWordLength;
    if (cacheable) {
        std::lock_guard<std::mutex> lock(cacheMutex_);
        const auto it = cache_.find(word);
        if (it != cache_.end()) return it->second;
    }
    auto ids = mergeWord(word);
    if (cacheable) {
        std::lock_guard<std::mutex> lock(cacheMutex_);
        if (cache_.size() < kCacheCapacity) cache_.emplace(word, ids);
    }
    return ids;
}

// The merge loop of HF tokenizers' Word::merge_all: a priority queue of candidate pairs
// ordered by (rank, position), symbols in a linked list, stale candidates skipped. This
// is O(n log n) in the word length, so a pathological long word stays cheap.
std::vector<int32_t> ByteLevelBpe::mergeWord(const std::string& word) const {
    struct Symbol {
        int32_t id;
        int prev, next;
        bool alive;
    };
    const int n = static_cast<int>(word.size());
    std::vector<Symbol> symbols(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        const auto byte = static_cast<unsigned char>(word[static_cast<size_t>(i)]);
        symbols[static_cast<size_t>(i)] = {i + 1 == n ? byteSuffixIds_[byte] : byteIds_[byte],
                                           i - 1, i + 1 < n ? i + 1 : -1, true};
    }

    struct Candidate {
        uint32_t rank;
        int position;
        int32_t result;
        bool operator>(const Candidate& o) const {
            return rank != o.rank ? rank > o.rank : position > o.position;
        }
    };
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<Candidate>> queue;
    const auto offer = [&](int left) {
        if (left < 0) return;
        const int right = symbols[static_cast<size_t>(left)].next;
        if (right < 0) return;
        const auto it = merges_.find(
            pairKey(symbols[static_cast<size_t>(left)].id, symbols[static_cast<size_t>(right)].id));
        if (it != merges_.end()) queue.push({it->second.rank, left, it->second.result});
    };
    for (int i = 0; i + 1 < n; ++i) offer(i);

    while (!queue.empty()) {
        const Candidate top = queue.top();
        queue.pop();
        Symbol& left = symbols[static_cast<size_t>(top.position)];
        if (!left.alive || left.next < 0) continue;
        Symbol& right = symbols[static_cast<size_t>(left.next)];
        // Skip candidates made stale by an earlier merge (the check HF makes).
        const auto it = merges_.find(pairKey(left.id, right.id));
        if (it == merges_.end() || it->second.result != top.result) continue;

        left.id = top.result;
        right.alive = false;
        left.next = right.next;
        if (right.next >= 0) symbols[static_cast<size_t>(right.next)].prev = top.position;
        offer(left.prev);
        offer(top.position);
    }

    std::vector<int32_t> ids;
    for (int i = 0; i >= 0; i = symbols[static_cast<size_t>(i)].next)
        ids.push_back(symbols[static_cast<size_t>(i)].id);
    return ids;
}

}  // namespace unclip
