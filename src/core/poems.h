// capiton core: the poem model's text, its characters, and its training (issue 10).
//
// The text comes from Debian's fortunes-zh (Tang and Song poems) and fortunes (English), cleaned and
// split by text at build time by cmake/poems.py into poems-train.tsv and poems-held.tsv (one text a
// line: language, title, author, text; docs/data.md). The model (gpt.h) reads characters: the
// vocabulary is every character of the training texts (or those seen at least a given number of
// times) plus an unknown one. Each text is preceded by a text-start character (a line break), and
// each language's texts make one long stream of ids; a training row is a window of context + 1 ids
// from a stream (inputs, then the same shifted by one as targets), or a repeated random sequence
// (below), in the shares of a GptMix.
//
// Repeated random sequences, as interpretability studies mix into training: a row of random
// characters in which, from a random position on, each character repeats the one a random period
// earlier. Predicting the copy needs a look back at what followed the same character last time (an
// induction head, gpt_heads.h); the random period rules out a head that merely looks a fixed
// distance back, and the random start one that counts from the row's beginning.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "block_train.h"
#include "embedding.h"
#include "gpt.h"

namespace capiton {

struct PoemText {
    std::string lang, title, author, text;  // lang "zh" or "en"; title and author are never trained on
};

// poems.py's lines "lang<TAB>title<TAB>author<TAB>text"; a line without four fields is skipped.
std::vector<PoemText> parse_poem_texts(std::string_view tsv);

inline constexpr char32_t kUnknownChar = U'\uFFFD';  // id 0: a character the training texts do not have
inline constexpr char32_t kTextStart = U'\n';        // id 1: before every text
inline constexpr int kUnknownId = 0, kTextStartId = 1;

struct CharVocab {
    std::vector<char32_t> chars;  // id -> character: kUnknownChar, kTextStart, then by count in training (ties: code point)
    std::unordered_map<char32_t, int> ids;
    int size() const { return static_cast<int>(chars.size()); }
    int id(char32_t c) const;                      // kUnknownId for a character not in the vocabulary
    std::vector<int> encode(std::string_view utf8) const;  // invalid UTF-8 bytes are skipped
    // The characters of utf8 not in the vocabulary (UTF-8 each), each once, in the order they come.
    std::vector<std::string> unknown_in(std::string_view utf8) const;
    std::string decode(const std::vector<int>& ids) const;
    std::string decode(int id) const { return decode(std::vector<int>{id}); }
};

CharVocab make_char_vocab(const std::vector<PoemText>& train);
// Only the characters seen at least min_count times in the training texts (the rest read as the
// unknown character): a smaller vocabulary, and so a smaller output layer and preset file.
CharVocab make_char_vocab(const std::vector<PoemText>& train, int min_count);
CharVocab char_vocab_from(const std::vector<char32_t>& chars);  // a stored vocabulary (gpt_preset.h)

// UTF-8 of one code point.
std::string utf8_of(char32_t c);

struct PoemCorpus {
    CharVocab vocab;
    std::vector<PoemText> train, held;
    // Each language's texts as one stream of ids, each text preceded by kTextStartId.
    std::vector<int> train_zh, train_en, held_zh, held_en;
};

// From poems.py's two files; the vocabulary of the training texts' characters seen at least
// min_count times (make_char_vocab), or the given one (a preset's).
PoemCorpus make_poem_corpus(std::string_view train_tsv, std::string_view held_tsv, int min_count = 1);
PoemCorpus make_poem_corpus(std::string_view train_tsv, std::string_view held_tsv, CharVocab vocab);

// The same from the two files in a folder (tests, benchmarks, scripts/make-presets: the build tree's
// poems/ folder); false when a file cannot be read.
bool load_poem_corpus(const std::string& dir, PoemCorpus* out, int min_count = 1);
bool read_file_bytes(const std::string& path, std::string* out);

// ---- training ---------------------------------------------------------------------------------
// The shares of a batch's rows: Chinese poems, English texts, the rest repeated random sequences.
struct GptMix {
    float zh = 0.7f, en = 0.1f;
};
// A repeated sequence's period: from kRepeatMinPeriod to context / 2 characters; its characters drawn
// uniformly from the kRepeatAlphabet most frequent characters of the training texts (ids 2 … 2 +
// kRepeatAlphabet − 1: the vocabulary is ordered by count), or from all of a smaller vocabulary. The
// head measures (gpt_heads.h) draw theirs the same way. Rare characters would do too, but the few
// minutes of training in the page leave their rows of wte nearly untrained (bench/README.md).
inline constexpr int kRepeatMinPeriod = 4;
inline constexpr int kRepeatAlphabet = 256;
std::vector<int> repeated_random(int period, int length, int vocab, SplitMix64& rng);
// How many characters repeated_random draws from for a vocabulary of `vocab`: kRepeatAlphabet, or
// all but the unknown and text-start ones of a smaller vocabulary.
inline int repeat_alphabet(int vocab) { return vocab - 2 < kRepeatAlphabet ? vocab - 2 : kRepeatAlphabet; }
// The same from the first `alphabet` characters after the text start (ids 2 … 2 + alphabet − 1).
std::vector<int> repeated_random_from(int period, int length, int alphabet, SplitMix64& rng);

// How a training run draws its repeated rows: periods from min_period to max_period (0: context /
// 2), characters from the `alphabet` most frequent (at most the vocabulary's). Without `lagged`, the
// whole row repeats from its start (repeated_random_from) and every position is scored. With it, the
// row is random characters and the copying starts at a random position s (period ≤ s ≤ row − 5;
// periods longer than row − 5 are not drawn):
// row[i] = row[i − period] for i ≥ s. Only the characters after s are scored: each is known from
// what followed the previous occurrence of the character before it, while the row's random
// characters (and the first copied one) are not known from anything; scoring them would only teach
// the model that any of the alphabet may come next.
// With min_alphabet > 0, each row draws its own alphabet size between min_alphabet and alphabet
// (log-uniformly): in the rows with few characters a character recurs often and the look-up pays
// at once, which is where the induction head first forms; the wide rows make it work for every one.
struct GptRepeat {
    int min_period = kRepeatMinPeriod, alphabet = kRepeatAlphabet, max_period = 0;
    bool lagged = false;
    int min_alphabet = 0;
};

// `batch` rows of context + 1 ids drawn by rng in the shares of mix: every position is scored, but
// those of a lagged repeated row before its copying (above).
GptBatch draw_gpt_batch(const PoemCorpus& corpus, const GptShape& shape, int batch, const GptMix& mix, SplitMix64& rng);
GptBatch draw_gpt_batch(const PoemCorpus& corpus, const GptShape& shape, int batch, const GptMix& mix, const GptRepeat& repeat,
                        SplitMix64& rng);

// One whole training run, fixed by its seed like the other trainers: Adam (gpt.h's AdamOver), the
// rate rising linearly over warmup steps, then falling linearly to lr / 10 at schedule_steps;
// gradients clipped to a joint norm of kGptClip. With weight_decay > 0, AdamW's decoupled decay:
// every matrix (not the layer norms' gains and biases, not the biases) shrinks by lr·weight_decay of
// itself each step. A curriculum: the first early_steps steps draw their rows in the shares of
// early_mix and their repeated sequences as early_repeat, the rest as mix and repeat; each part has
// the schedule of a run of its own (warmup, then down to lr / 10 at early_steps, then warmup again
// from early_steps, down to lr / 10 at schedule_steps); early_batch rows a step there (0: batch).
// With fixed_positions, wpe starts as the sinusoidal code (embedding.h's positional_encoding) and
// never changes: the distance between two positions is then the same turn of every pair of
// coordinates wherever they are, which a head looking one character back can read at once; learned
// from random rows, that head took thousands of steps or never formed (bench/README.md).
inline constexpr float kGptClip = 1.0f;
struct GptRun {
    GptShape shape;
    int batch = 16;
    float lr = 3e-3f;
    int warmup = 100, schedule_steps = 2000;
    GptMix mix;
    std::uint64_t seed = 1;
    GptRepeat repeat;
    float weight_decay = 0.0f;
    int early_steps = 0;
    GptMix early_mix;
    GptRepeat early_repeat;
    int early_batch = 0;
    bool fixed_positions = false;
};

struct GptTrainer {
    GptRun run_config;
    const PoemCorpus* corpus = nullptr;
    GptParams<float> params;
    AdamOver<GptParams<float>> adam;
    std::uint64_t rng_state = 0;
    int step = 0;
    std::vector<float> losses;  // one per step: the batch's mean nats per character
    GptTrainer(const GptRun& run, const PoemCorpus& corpus);  // the shape's vocab is set from the corpus
    float rate_at(int step) const;
    int rows_at(int step) const;  // the batch of that step (early_batch in the curriculum's first part)
    void run(int steps);
    const GptShape& shape() const { return run_config.shape; }
};

// The mean loss in nats per character over a stream: consecutive windows of context + 1 ids (stride
// context), every position scored, at most max_windows of them (0: all), batched by 16.
float stream_loss(const GptParams<float>& p, const GptShape& shape, const std::vector<int>& stream, int max_windows = 0);

// The same windows' loss for a guess that reads no context at all: each character by how often the
// `train` stream has it, add-one smoothed over `vocab` ids (a character the training stream lacks
// still costs a finite −ln(1 / (train size + vocab))). What a model must beat to have learned more
// than which characters are common.
float unigram_stream_loss(const std::vector<int>& train, const std::vector<int>& held, int vocab, int context);

}  // namespace capiton
