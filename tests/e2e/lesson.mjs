// What the lesson starts with, for the browser tests of every engine (harness.mjs for Chromium,
// tests/engines for Firefox and WebKit): the stage ids in order (docs/page-hook.md) and the default
// sentence with its tokens.
export const STAGES = ['seq2seq', 'similarity', 'tokens', 'embedding', 'projection', 'scores', 'scale', 'mask', 'softmax',
                       'weighting', 'output', 'heads', 'block', 'cross', 'decode', 'training'];
export const DEFAULT_SENTENCE = 'I saw a bird in the sky';
export const DEFAULT_TOKENS = ['I', 'saw', 'a', 'bird', 'in', 'the', 'sky'];
