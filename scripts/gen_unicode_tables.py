#!/usr/bin/env python3
"""Writes core/tokenizer/unicode_tables.cpp: the Unicode data the CLIP tokenizer needs.

The CLIP tokenizer (HuggingFace tokenizers' CLIPTokenizerFast) normalises text with NFC
and per-character lowercasing, then splits it with a regex on \\p{L}, \\p{N} and \\s. The
engine has no ICU, so these tables carry just that data, taken from Python's unicodedata:

  * letter (\\p{L}), number (\\p{N}) and White_Space ranges;
  * simple lowercase mappings as runs (first, last, delta, stride), plus the few
    characters whose lowercase is several characters (U+0130 -> "i\\u0307");
  * canonical combining classes as ranges;
  * single-level canonical decompositions, each flagged when the pair composes back
    under NFC (primary composites: not excluded, not a singleton); Hangul syllables are
    algorithmic and not listed.

The NFC data (combining classes, decompositions) is cut to the characters of Unicode
9.0, because that is what HF tokenizers normalises with: its normalizer crate
(unicode-normalization-alignments) carries Unicode 9.0 tables, so a combining mark
added later counts as a starter there. Measured with tokenizers 0.23.2: marks from
Unicode <= 9.0 reorder and compose, marks from 10.0 on do not. Which characters
Unicode 9.0 had comes from Perl's Unicode::UCD (core Perl), as Python has no Age data.

Run from the repository root:  python3 scripts/gen_unicode_tables.py
The output depends only on the Python's Unicode version, which it records.
"""
import bisect
import os
import subprocess
import sys
import unicodedata

MAX_CP = 0x10FFFF
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "tokenizer",
                   "unicode_tables.cpp")

# The White_Space property (PropList.txt); unicodedata does not expose it, and
# str.isspace() differs (it includes U+001C..U+001F). Unchanged since Unicode 6.3.
WHITE_SPACE = [(0x0009, 0x000D), (0x0020, 0x0020), (0x0085, 0x0085), (0x00A0, 0x00A0),
               (0x1680, 0x1680), (0x2000, 0x200A), (0x2028, 0x2029), (0x202F, 0x202F),
               (0x205F, 0x205F), (0x3000, 0x3000)]

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
NFC_UNICODE_VERSION = "9.0"


def assigned_in(version):
    """A predicate: was the codepoint assigned in that Unicode version (Perl's In=X)?"""
    out = subprocess.run(
        ["perl", "-MUnicode::UCD=prop_invlist", "-e",
         'print join(" ", prop_invlist("In=' + version + '")), "\\n"'],
        check=True, capture_output=True, text=True).stdout.split()
    starts = [int(x) for x in out]  # an inversion list: in, out, in, out, ...

    def pred(cp):
        return bisect.bisect_right(starts, cp) % 2 == 1
    return pred


def is_surrogate(cp):
    return 0xD800 <= cp <= 0xDFFF


def ranges_where(pred):
    out, start = [], None
    for cp in range(MAX_CP + 2):
        hit = cp <= MAX_CP and not is_surrogate(cp) and pred(cp)
        if hit and start is None:
            start = cp
        elif not hit and start is not None:
            out.append((start, cp - 1))
            start = None
    return merge_across_surrogates(out)


def merge_across_surrogates(ranges):
    # Surrogates never reach the tables' users (UTF-8 decoding replaces them), so
    # ranges that touch them on both sides may be joined.
    out = []
    for r in ranges:
        if out and (out[-1][1] + 1 == r[0] or (out[-1][1] == 0xD7FF and r[0] == 0xE000)):
            out[-1] = (out[-1][0], r[1])
        else:
            out.append(r)
    return out


def category_ranges(major):
    return ranges_where(lambda cp: unicodedata.category(chr(cp))[0] == major)


def combining_class_ranges(in_nfc_version):
    out = []
    for cp in range(MAX_CP + 1):
        if is_surrogate(cp) or not in_nfc_version(cp):
            continue
        ccc = unicodedata.combining(chr(cp))
        if ccc == 0:
            continue
        if out and out[-1][1] + 1 == cp and out[-1][2] == ccc:
            out[-1] = (out[-1][0], cp, ccc)
        else:
            out.append((cp, cp, ccc))
    return out


def lowercase_tables():
    simple, special = [], []
    for cp in range(MAX_CP + 1):
        if is_surrogate(cp):
            continue
        lower = chr(cp).lower()  # one character at a time, like Rust's char::to_lowercase
        if lower == chr(cp):
            continue
        if len(lower) == 1:
            simple.append((cp, ord(lower) - cp))
        else:
            special.append((cp, [ord(c) for c in lower]))
    # Runs of equal delta with a constant stride (1 for A..Z, 2 for alternating
    # upper/lower blocks such as Latin Extended-A).
    runs = []
    i = 0
    while i < len(simple):
        cp, delta = simple[i]
        best_len, best_stride = 1, 1
        for stride in (1, 2):
            n = 1
            while (i + n < len(simple) and simple[i + n][0] == cp + n * stride
                   and simple[i + n][1] == delta):
                n += 1
            if n > best_len:
                best_len, best_stride = n, stride
        runs.append((cp, cp + (best_len - 1) * best_stride, delta, best_stride))
        i += best_len
    return runs, special


def decompositions(in_nfc_version):
    out = []
    for cp in range(MAX_CP + 1):
        if is_surrogate(cp) or HANGUL_FIRST <= cp <= HANGUL_LAST or not in_nfc_version(cp):
            continue
        d = unicodedata.decomposition(chr(cp))
        if not d or d.startswith("<"):
            continue  # none, or a compatibility decomposition (NFKC only)
        parts = [int(x, 16) for x in d.split()]
        assert 1 <= len(parts) <= 2, (hex(cp), d)
        # A primary composite: a pair that NFC composes back (not a singleton, not in
        # the composition exclusions, not a non-starter decomposition).
        composes = len(parts) == 2 and unicodedata.normalize("NFC", chr(cp)) == chr(cp)
        out.append((cp, parts[0], parts[1] if len(parts) == 2 else 0, composes))
    return out


def rows(items, fmt, per_line):
    lines = []
    for i in range(0, len(items), per_line):
        lines.append("    " + " ".join(fmt(x) for x in items[i:i + per_line]))
    return "\n".join(lines)


def main():
    letters = category_ranges("L")
    numbers = category_ranges("N")
    in_nfc_version = assigned_in(NFC_UNICODE_VERSION)
    assert in_nfc_version(0x1E94A) and not in_nfc_version(0x1133B)  # Adlam 9.0, Grantha 11.0
    ccc = combining_class_ranges(in_nfc_version)
    lower_runs, lower_special = lowercase_tables()
    decomp = decompositions(in_nfc_version)
    assert all(len(m) <= 3 for _, m in lower_special)

    def rng(r):
        return "{0x%X, 0x%X}," % r

    src = f"""// GENERATED by scripts/gen_unicode_tables.py from Unicode {unicodedata.unidata_version}
// (Python {sys.version.split()[0]} unicodedata); NFC data cut to Unicode {NFC_UNICODE_VERSION} as
// HF tokenizers has it. Do not edit; rerun the script instead.
#include "core/tokenizer/unicode_tables.h"

namespace unclip::unicode_tables {{

const char* const kUnicodeVersion = "{unicodedata.unidata_version}";
const char* const kNfcUnicodeVersion = "{NFC_UNICODE_VERSION}";

// General category L*, as regex \\p{{L}}.
const CodepointRange kLetters[] = {{
{rows(letters, rng, 6)}
}};
const size_t kLetterCount = sizeof(kLetters) / sizeof(kLetters[0]);

// General category N*, as regex \\p{{N}}.
const CodepointRange kNumbers[] = {{
{rows(numbers, rng, 6)}
}};
const size_t kNumberCount = sizeof(kNumbers) / sizeof(kNumbers[0]);

// The White_Space property, as regex \\s.
const CodepointRange kWhiteSpace[] = {{
{rows(WHITE_SPACE, rng, 6)}
}};
const size_t kWhiteSpaceCount = sizeof(kWhiteSpace) / sizeof(kWhiteSpace[0]);

// Canonical combining classes other than 0, of the Unicode {NFC_UNICODE_VERSION} characters.
const CombiningClassRange kCombiningClasses[] = {{
{rows(ccc, lambda r: "{0x%X, 0x%X, %d}," % r, 4)}
}};
const size_t kCombiningClassCount = sizeof(kCombiningClasses) / sizeof(kCombiningClasses[0]);

// Single-character lowercase mappings: first, first + stride, ... <= last map to cp + delta.
const LowercaseRun kLowercaseRuns[] = {{
{rows(lower_runs, lambda r: "{0x%X, 0x%X, %d, %d}," % r, 4)}
}};
const size_t kLowercaseRunCount = sizeof(kLowercaseRuns) / sizeof(kLowercaseRuns[0]);

// Characters whose lowercase is more than one character.
const SpecialLowercase kSpecialLowercase[] = {{
{rows(lower_special, lambda s: "{0x%X, {%s}, %d}," % (s[0], ", ".join("0x%X" % c for c in s[1] + [0] * (3 - len(s[1]))), len(s[1])), 2)}
}};
const size_t kSpecialLowercaseCount = sizeof(kSpecialLowercase) / sizeof(kSpecialLowercase[0]);

// Single-level canonical decompositions (second == 0 for singletons); composes marks
// the primary composites that NFC recombines. Unicode {NFC_UNICODE_VERSION} characters only;
// Hangul syllables are algorithmic.
const Decomposition kDecompositions[] = {{
{rows(decomp, lambda d: "{0x%X, 0x%X, 0x%X, %d}," % (d[0], d[1], d[2], 1 if d[3] else 0), 4)}
}};
const size_t kDecompositionCount = sizeof(kDecompositions) / sizeof(kDecompositions[0]);

}}  // namespace unclip::unicode_tables
"""
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(src)
    print(f"wrote {os.path.normpath(OUT)}: {len(letters)} letter, {len(numbers)} number, "
          f"{len(ccc)} combining-class ranges; {len(lower_runs)} lowercase runs, "
          f"{len(lower_special)} special; {len(decomp)} decompositions")


if __name__ == "__main__":
    main()
