#include "core/tokenizer/tokenizer.h"

#include <algorithm>

#include "core/common/error.h"

namespace unclip {
namespace {

void checkMaxLength(const Tokenizer& tokenizer, int64_t maxLength) {
    const int64_t specials = (tokenizer.bosId() >= 0 ? 1 : 0) + (tokenizer.eosId() >= 0 ? 1 : 0);
    const int64_t least = std::max<int64_t>(specials, 1);
    if (maxLength < least)
        throw Error("tokenizer: maxLength " + std::to_string(maxLength) +
                    " leaves no room for the prompt; use at least " + std::to_string(least) +
                    " (77 for CLIP)");
}

}  // namespace

std::vector<int64_t> Tokenizer::truncate(std::vector<int64_t> ids, int64_t maxLength) const {
    checkMaxLength(*this, maxLength);
    if (static_cast<int64_t>(ids.size()) <= maxLength) return ids;
    // HF truncates the tokens before adding the special ones, so the EOS survives.
    const bool endsWithEos = eosId() >= 0 && !ids.empty() && ids.back() == eosId();
    if (endsWithEos) {
        ids.resize(static_cast<size_t>(maxLength - 1));
        ids.push_back(eosId());
    } else {
        ids.resize(static_cast<size_t>(maxLength));
    }
    return ids;
}

TokenizedBatch Tokenizer::encodeBatch(const std::vector<std::string>& texts,
                                      int64_t maxLength) const {
    checkMaxLength(*this, maxLength);
    const auto batch = static_cast<int64_t>(texts.size());
    TokenizedBatch out;
    out.ids = torch::full({batch, maxLength}, padId(), torch::kInt64);
    out.mask = torch::zeros({batch, maxLength}, torch::kBool);
    auto ids = out.ids.accessor<int64_t, 2>();
    auto mask = out.mask.accessor<bool, 2>();
    for (int64_t b = 0; b < batch; ++b) {
        const auto row = truncate(encode(texts[static_cast<size_t>(b)]), maxLength);
        for (size_t i = 0; i < row.size(); ++i) {
            ids[b][static_cast<int64_t>(i)] = row[i];
            mask[b][static_cast<int64_t>(i)] = true;
        }
    }
    return out;
}

}  // namespace unclip
