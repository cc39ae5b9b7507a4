// CLIP text normalisation and word splitting, as in HuggingFace's CLIPTokenizerFast
// (tokenizer.json: normalizer NFC -> Replace(\s+, " ") -> Lowercase; pre-tokenizer
// Split(CLIP regex, keep matches) -> ByteLevel(use_regex)).
//
//   auto words = clipPreTokenize(clipNormalize(unicode::decodeUtf8("It's 2 CATS!")));
//   // {"it", "'s", "2", "cats", "!"}  (UTF-8; whitespace is dropped)
//
// The CLIP regex, <\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|
// [^\s\p{L}\p{N}]+, is applied by hand (leftmost alternative first, as Oniguruma does),
// then each piece is split again by GPT-2's ByteLevel regex. The second split only
// changes the literal special-token pieces: "<|startoftext|>" becomes "<|",
// "startoftext", "|>", which is what HF does with such text once it has been lowercased.
#pragma once

#include <string>
#include <vector>

namespace unclip {

std::u32string clipNormalize(const std::u32string& text);
std::vector<std::string> clipPreTokenize(const std::u32string& normalized);

}  // namespace unclip
