#!/usr/bin/env node
// Writes tests/engine/data/clip_tokenizer_extra_cases.json: prompts that stress the CLIP
// tokenizer's Unicode handling (NFC, lowercasing, \p{L}/\p{N}/\s classes, special tokens
// in text, byte-level fallback), with the ids HuggingFace tokenizers gives them. The
// C++ tokenizer must reproduce these exactly (tests/engine/test_clip_tokenizer.cpp).
//
// Needs the `tokenizers` npm package (HF's Rust tokenizers, Node binding) and the
// reference fixtures' tokenizer.json (the OpenAI CLIP vocabulary):
//   cd /tmp/somewhere && npm install tokenizers
//   NODE_PATH=/tmp/somewhere/node_modules node scripts/gen_clip_tokenizer_cases.js \
//       ../shared/fixtures/unclip-reference-a/pipeline/tokenizer/tokenizer.json
// The prompts are drawn from a fixed seed, so reruns give the same file.
'use strict';
const fs = require('fs');
const path = require('path');
const { Tokenizer } = require('tokenizers');

const tokenizerJson = process.argv[2];
if (!tokenizerJson) {
  console.error('usage: gen_clip_tokenizer_cases.js path/to/tokenizer.json');
  process.exit(2);
}
const out = path.join(__dirname, '..', 'tests', 'engine', 'data', 'clip_tokenizer_extra_cases.json');

// mulberry32: a small seeded generator, so the cases are reproducible.
let seed = 0x5eed1234;
function random() {
  seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const cp = (...codes) => String.fromCodePoint(...codes);

// Fragments, each probing one rule. Kept to characters that are stable across recent
// Unicode versions (the C++ tables come from Python's unicodedata).
const fragments = [
  'a', 'red', 'Circle', 'BLUE', 'photorealistic', 'x', 'Hello', 'WORLD', 'mIxEd',
  "it's", "IT'S", "we'll", "they're", "I'm", "you've", "he'd", "don't", "'s", "'", "''", "'red", "'LL",
  '0', '7', '42', '1024x1024', '3.14', '½', '²', 'Ⅻ', '٣', '१२', '①',
  '!', '!!', '?!', '...', '&amp;', '&lt;', '#', '@user', '$5', '100%', '(x)', '[y]', '{z}', '-', '_', '/', '\\',
  '<|startoftext|>', '<|endoftext|>', '<|STARTOFTEXT|>', '<|EndOfText|>', '<|start', 'oftext|>', '<|', '|>',
  ' ', '  ', '\t', '\n', '\r\n', cp(0xa0), cp(0x3000), cp(0x2028), cp(0x85), cp(0x1680), cp(0x200b), cp(0xfeff), cp(0x1c),
  'café', 'cafe' + cp(0x301), 'e' + cp(0x301), 'E' + cp(0x301), 'a' + cp(0x301, 0x301), 'e' + cp(0x323, 0x302), 'e' + cp(0x302, 0x323),
  'o' + cp(0x308, 0x304), 'A' + cp(0x30a), cp(0x212b), cp(0x212a), cp(0x2126), 'n' + cp(0x303), 'ñ', 'Ñ',
  cp(0x1100, 0x1161), cp(0x1100, 0x1161, 0x11a8), cp(0xac00, 0x11a8), '한국어', '각', cp(0x1112, 0x1161, 0x11ab),
  'क' + cp(0x93c), cp(0x958), 'हिन्दी', cp(0x915, 0x94d, 0x937),
  'か' + cp(0x3099), 'が', 'ﾊﾟ', '東京', 'の', '夜', '中文', '漢字',
  'İSTANBUL', 'İ', 'ı', 'I', 'ß', 'ẞ', 'ﬁ', 'ΣΑΣ', 'Σ', 'ς', 'ΟΔΥΣΣΕΥΣ', 'Ωμέγα', 'ά', 'ὰ', 'ΐ',
  'Москва', 'ЁЛКА', 'Ǆ', 'ǅ', 'ǆ', 'Ⓐ', 'Ａ', 'ＡＢＣ', '𝐀𝐁', '𐐀', '𐐨', cp(0x13a0), cp(0x1c90), 'Ꭰ',
  'مرحبا', 'שָׁלוֹם', 'ไทย', '🐱', '👍🏽', '👨‍👩‍👧', '🇫🇷', '❤️', '☃', '™', '©', '°C', '€', '—', '–', '…', '“quoted”', '«»',
  cp(0xfffd), cp(0xe000), cp(0x10ffff - 2), cp(0x1f600), cp(0x1d11e),
];

function randomPrompt() {
  const count = 1 + Math.floor(random() * 10);
  let s = '';
  for (let i = 0; i < count; i++) {
    s += pick(fragments);
    const r = random();
    if (r < 0.45) s += ' ';
    else if (r < 0.5) s += pick(['\t', '\n', '  ', cp(0xa0)]);
  }
  return s;
}

const fixed = [
  'İSTANBUL', 'cafe' + cp(0x301), 'ΟΔΥΣΣΕΥΣ', '<|STARTOFTEXT|>', 'a!b', 'x<|endoftext|>y<|startoftext|>z',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  ' \t\n ', '!!!', "''''",
  // Marks from Unicode 10+ are starters to HF's NFC (Unicode 9.0 tables): no reordering, no composing across.
  cp(0x3c5, 0x1133b, 0x314, 0x342), 'a' + cp(0x1ac5, 0x301), 'a' + cp(0x301, 0x1e134), 'e' + cp(0x1e94a, 0x301),
  'A' + cp(0x30a) + ' ' + cp(0x212b) + ' Å', cp(0x1100, 0x1161, 0x11a8) + ' 각',
];

(async () => {
  const tok = Tokenizer.fromFile(tokenizerJson);
  const texts = [...fixed];
  for (let i = 0; i < 240; i++) texts.push(randomPrompt());
  const cases = [];
  const seen = new Set();
  for (const text of texts) {
    if (seen.has(text)) continue;
    seen.add(text);
    const encoding = await tok.encode(text);
    cases.push({ text, ids: encoding.getIds().filter((_, i) => encoding.getAttentionMask()[i] === 1) });
  }
  const meta = {
    generator: 'scripts/gen_clip_tokenizer_cases.js',
    reference: 'HuggingFace tokenizers (npm package "tokenizers" ' +
      require('tokenizers/package.json').version + ') with the fixture tokenizer.json',
    note: 'ids are unpadded and untruncated, BOS and EOS included',
    cases,
  };
  fs.writeFileSync(out, JSON.stringify(meta, null, 0).replace(/\},\{/g, '},\n{') + '\n');
  console.log(`wrote ${out}: ${cases.length} cases`);
})();
