// The few text-encoding conversions PNG text chunks need: tEXt is Latin-1, iTXt is UTF-8,
// and the app keeps every string as UTF-8.
//
//   std::string latin1;
//   if (utf8ToLatin1(prompt, &latin1)) { /* fits a tEXt chunk */ }
//   std::string shown = latin1ToUtf8(chunkText);
#pragma once

#include <string>
#include <string_view>

namespace unclip {

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool isValidUtf8(std::string_view text);

// Converts valid UTF-8 to Latin-1 when every code point is U+00FF or below; returns false
// (and leaves `latin1` unspecified) otherwise, or when `utf8` is not valid UTF-8.
bool utf8ToLatin1(std::string_view utf8, std::string* latin1);

// Every byte is a code point in Latin-1, so this cannot fail.
std::string latin1ToUtf8(std::string_view latin1);

// Appends one code point (at most U+10FFFF, not a surrogate) as UTF-8.
void appendUtf8(std::string& out, char32_t codePoint);

}  // namespace unclip
