// capiton core: the enumerations that the lesson, the link, the page, the texts and the tests share,
// each with its table of ids, written once here.
//
// An id is the lower-level name of a value as it travels outside C++: in a link (#stage=softmax),
// in a page command (goTo {stage: "softmax"}), in state() (lang: "zh"), in a catalog key
// (stage.softmax.title) and in an error text ("Known stages: seq2seq, similarity, …"). Adding a
// language, a layer, a task or a matrix means adding one line to its enum and its table here; every
// list elsewhere is made from these (id_of, from_id, known_ids, all_of).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace capiton {

// The stepper, in lesson order. Core, UI and tests all walk stages in this order. The first two come
// before the formula: why attention exists (seq2seq) and how vectors are compared (similarity).
// After the formula, the layer real models use: several heads side by side mixed by W_O (`heads`), and
// the whole block around them (`block`: residual, layer norm, feed-forward); then attention between two
// sentences: a small encoder–decoder translates the lesson's sentence, its decoder's queries looking at
// the encoder's keys and values (`cross`: the alignment), and writes one token at a time with a KV
// cache (`decode`); then `training`: the weights learn (a small task trains in the page); then `poems`: a
// small character-level GPT on real poems (poem_stage.h), its heads' jobs measured, trained again in the page.
enum class Stage { Seq2Seq, Similarity, Tokens, Embedding, Projection, Scores, Scale, Mask, Softmax, Weighting, Output, Heads, Block, Cross, Decode, Training, Poems };

// The languages of the texts (src/ui/lang/<id>.txt) and of the lesson's default sentence.
enum class Language { En, Zh };

enum class Theme { Light, Dark };

// Annotation layers a student (or an embedding page) can switch on: the search-engine analogy, the
// signifier/signified analogy, the two meanings of "apple" (learned weights) and the comparison with
// one vector doing every job ("qkv").
enum class Layer { Search, Signifier, Apple, Qkv };

// The training tasks (train.h): each generates its own sentences. World is the small world (world.h),
// whose trained model drives the lesson by default.
enum class TaskId { Apple, Lookback, Birdsky, World };

enum class MaskKind { None, Causal };

// How position gets into attention: not at all, a fixed sinusoidal vector added to each embedding
// (the lesson's default, as in the original transformer), a table of position vectors learned like
// the embedding table (added), or rotary (RoPE): Q and K are turned by an angle that grows with the
// position, so a score depends on how far apart two tokens are, not on where they stand.
enum class PositionKind { None, Sinusoidal, Learned, Rotary };

// Which parameters the formula stages compute with: the small world's trained model (the default), or
// seeded random numbers, the same model before it learned anything (the switch on every formula stage).
enum class ModelKind { Trained, Untrained };

// How the decoder of the decode stage picks its next token: the most probable, or drawn from the
// probabilities (seeded, at a temperature).
enum class DecodeMode { Greedy, Sampled };

// What a head of the poem model does, as measured (poem_stage.h, head_kind): it completes a repeated
// sequence (induction), looks at the character before, looks at punctuation and the text's start, or
// none of these clearly (mixed).
enum class HeadKind { Induction, Previous, Punctuation, Mixed };

// What the poem model's training can be asked to do (the trainPoems command, the stage's buttons).
enum class PoemAction { Start, Pause, Step, Restart };

// How fast the training stage's run goes (its choice, the setPace command): a couple of steps a
// second, to follow each one; about ten, to watch a small task being learned in a few seconds; or as
// fast as the machine goes (the small world's thousands of steps). Steps a second: training.h.
enum class Pace { Slow, Steady, Full };

// Where the poem model's preset file is (fetched when the stage is first shown), and which weights the
// stage shows: the preset's or the training run's.
enum class PoemModelStatus { Absent, Loading, Ready, Failed };
enum class PoemSource { Preset, Training };

// Every matrix the lesson shows, by the name the page hook uses.
// Q_rot and K_rot are Q and K turned by position (rotary positions only; empty otherwise). From BlockX on,
// the multi-head block of the heads and block stages (multihead.h; names as in block.h): its input X,
// the selected head's V, weights and output, the heads' outputs side by side (C), W_O, C·W_O (M), the
// residual R1, the layer norm N1, W_1, the feed-forward's hidden U, W_2, its output F, R2 and N2.
// From SourceWeights on, the encoder–decoder of the cross and decode stages (encdec.h; names as in
// translate.h): the encoder's self-attention weights over the source (Ae), the cross-attention's Q (from
// the decoder), K and V (from the encoder) and its weights (the alignment: target step × source word);
// then the decode stage's step t: its query row, the cache K and V (rows 0 … t), its self-attention
// weights over the cache and its cross-attention weights over the source. They stay last:
// encoder_decoder_matrix() below tells them apart by that.
enum class MatrixId {
    Embedding, Position, X, W_Q, W_K, W_V, Q, K, V, Scores, Scaled, Masked, Weights, Output, Context, Q_rot, K_rot,
    BlockX, HeadV, HeadWeights, HeadOutput, Concat, W_O, Mixed, Residual1, Norm1, W_1, Hidden, W_2, FFN, Residual2, Norm2,
    SourceWeights, CrossQ, CrossK, CrossV, Alignment, DecodeQ, KCache, VCache, DecodeWeights, DecodeCross,
    PoemQ, PoemK, PoemV, PoemScores, PoemScaled, PoemWeights, PoemOutput
};

// The encoder–decoder's matrices (the cross and decode stages').
constexpr bool encoder_decoder_matrix(MatrixId m) { return m >= MatrixId::SourceWeights && m <= MatrixId::DecodeCross; }
// The poems stage's step on the KV cache (poem_stage.h: PoemStep), the last of MatrixId.
constexpr bool poem_matrix(MatrixId m) { return m >= MatrixId::PoemQ; }

// ---- the tables ---------------------------------------------------------------------------------
template <class E> struct Ids;  // `names[i]` is the id of the enum value i; kind / kinds name the table

template <> struct Ids<Stage> {
    static constexpr const char* kind = "stage";
    static constexpr const char* kinds = "stages";
    static constexpr std::array<const char*, 17> names = {"seq2seq", "similarity", "tokens",  "embedding",
                                                          "projection", "scores",  "scale",   "mask",
                                                          "softmax",  "weighting", "output",  "heads",
                                                          "block",    "cross",     "decode",  "training",
                                                          "poems"};
};
template <> struct Ids<Language> {
    static constexpr const char* kind = "language";
    static constexpr const char* kinds = "languages";
    static constexpr std::array<const char*, 2> names = {"en", "zh"};
};
template <> struct Ids<Theme> {
    static constexpr const char* kind = "theme";
    static constexpr const char* kinds = "themes";
    static constexpr std::array<const char*, 2> names = {"light", "dark"};
};
template <> struct Ids<Layer> {
    static constexpr const char* kind = "layer";
    static constexpr const char* kinds = "layers";
    static constexpr std::array<const char*, 4> names = {"search", "signifier", "apple", "qkv"};
};
template <> struct Ids<TaskId> {
    static constexpr const char* kind = "task";
    static constexpr const char* kinds = "tasks";
    static constexpr std::array<const char*, 4> names = {"apple", "lookback", "birdsky", "world"};
};
template <> struct Ids<MaskKind> {
    static constexpr const char* kind = "mask";
    static constexpr const char* kinds = "masks";
    static constexpr std::array<const char*, 2> names = {"none", "causal"};
};
template <> struct Ids<PositionKind> {
    static constexpr const char* kind = "position";
    static constexpr const char* kinds = "positions";
    static constexpr std::array<const char*, 4> names = {"none", "sinusoidal", "learned", "rope"};
};
template <> struct Ids<ModelKind> {
    static constexpr const char* kind = "model";
    static constexpr const char* kinds = "models";
    static constexpr std::array<const char*, 2> names = {"trained", "untrained"};
};
template <> struct Ids<DecodeMode> {
    static constexpr const char* kind = "decoding";
    static constexpr const char* kinds = "decodings";
    static constexpr std::array<const char*, 2> names = {"greedy", "sampled"};
};
template <> struct Ids<HeadKind> {
    static constexpr const char* kind = "head kind";
    static constexpr const char* kinds = "head kinds";
    static constexpr std::array<const char*, 4> names = {"induction", "previous", "punctuation", "mixed"};
};
template <> struct Ids<PoemAction> {
    static constexpr const char* kind = "action";
    static constexpr const char* kinds = "actions";
    static constexpr std::array<const char*, 4> names = {"start", "pause", "step", "restart"};
};
template <> struct Ids<Pace> {
    static constexpr const char* kind = "pace";
    static constexpr const char* kinds = "paces";
    static constexpr std::array<const char*, 3> names = {"slow", "steady", "full"};
};
template <> struct Ids<PoemModelStatus> {
    static constexpr const char* kind = "status";
    static constexpr const char* kinds = "statuses";
    static constexpr std::array<const char*, 4> names = {"absent", "loading", "ready", "failed"};
};
template <> struct Ids<PoemSource> {
    static constexpr const char* kind = "source";
    static constexpr const char* kinds = "sources";
    static constexpr std::array<const char*, 2> names = {"preset", "training"};
};
template <> struct Ids<MatrixId> {
    static constexpr const char* kind = "matrix";
    static constexpr const char* kinds = "matrices";
    static constexpr std::array<const char*, 49> names = {
        "embedding", "position",  "X",          "W_Q",    "W_K",       "W_V",    "Q",     "K",
        "V",         "scores",    "scaled",     "masked", "weights",   "output", "context", "Q_rot",
        "K_rot",     "block_X",   "head_V",     "head_weights", "head_output", "concat", "W_O", "mixed",
        "residual1", "norm1",     "W_1",        "hidden", "W_2",       "ffn",    "residual2", "norm2",
        "source_weights", "cross_Q", "cross_K", "cross_V", "alignment", "decode_q", "K_cache", "V_cache",
        "decode_weights", "decode_cross", "poem_q", "poem_K", "poem_V", "poem_scores", "poem_scaled", "poem_weights",
        "poem_output"};
};

// What each language is called in itself (the language menu) and the lesson's default sentence in it.
// html_lang is the page's <html lang> while the language is shown (screen readers pick their voice by it).
// default_links: for each word of the default sentence, the word of the other language's default
// sentence it translates, or −1 (the language switch keeps a followed word followed: bird ↔ 鸟).
inline constexpr int kDefaultSentenceWords = 7;
struct LanguageInfo {
    const char* native_name;
    const char* default_sentence;
    const char* html_lang;
    std::array<int, kDefaultSentenceWords> default_links;
};
inline constexpr std::array<LanguageInfo, Ids<Language>::names.size()> kLanguageInfo = {{
    // I→我, saw→看到, a→一只, bird→鸟, in→在, the, sky→天空
    {"English", "I saw a bird in the sky", "en", {0, 4, 5, 6, 1, -1, 2}},
    // 我 在 天空 中 看到 一只 鸟
    {"\xe4\xb8\xad\xe6\x96\x87", "\xe6\x88\x91\xe5\x9c\xa8\xe5\xa4\xa9\xe7\xa9\xba\xe4\xb8\xad\xe7\x9c\x8b\xe5\x88\xb0"
                                 "\xe4\xb8\x80\xe5\x8f\xaa\xe9\xb8\x9f", "zh-CN", {0, 4, 6, -1, 1, 2, 3}},  // 中文, 我在天空中看到一只鸟
}};
inline const LanguageInfo& info_of(Language l) { return kLanguageInfo[static_cast<std::size_t>(l)]; }

// Each table names every value of its enum: the last value's index is the table's last.
static_assert(static_cast<std::size_t>(Stage::Poems) + 1 == Ids<Stage>::names.size());
static_assert(static_cast<std::size_t>(Language::Zh) + 1 == Ids<Language>::names.size());
static_assert(static_cast<std::size_t>(Theme::Dark) + 1 == Ids<Theme>::names.size());
static_assert(static_cast<std::size_t>(Layer::Qkv) + 1 == Ids<Layer>::names.size());
static_assert(static_cast<std::size_t>(TaskId::World) + 1 == Ids<TaskId>::names.size());
static_assert(static_cast<std::size_t>(MaskKind::Causal) + 1 == Ids<MaskKind>::names.size());
static_assert(static_cast<std::size_t>(ModelKind::Untrained) + 1 == Ids<ModelKind>::names.size());
static_assert(static_cast<std::size_t>(PositionKind::Rotary) + 1 == Ids<PositionKind>::names.size());
static_assert(static_cast<std::size_t>(DecodeMode::Sampled) + 1 == Ids<DecodeMode>::names.size());
static_assert(static_cast<std::size_t>(HeadKind::Mixed) + 1 == Ids<HeadKind>::names.size());
static_assert(static_cast<std::size_t>(PoemAction::Restart) + 1 == Ids<PoemAction>::names.size());
static_assert(static_cast<std::size_t>(PoemModelStatus::Failed) + 1 == Ids<PoemModelStatus>::names.size());
static_assert(static_cast<std::size_t>(PoemSource::Training) + 1 == Ids<PoemSource>::names.size());
static_assert(static_cast<std::size_t>(MatrixId::PoemOutput) + 1 == Ids<MatrixId>::names.size());

// ---- using them ----------------------------------------------------------------------------------
template <class E> constexpr std::size_t count_of() { return Ids<E>::names.size(); }

template <class E> constexpr const char* id_of(E e) { return Ids<E>::names[static_cast<std::size_t>(e)]; }

// False (and *out untouched) for an unknown id. Ids are matched exactly (case matters).
template <class E> bool from_id(std::string_view id, E* out) {
    for (std::size_t i = 0; i < Ids<E>::names.size(); ++i)
        if (id == Ids<E>::names[i]) {
            *out = static_cast<E>(i);
            return true;
        }
    return false;
}

// Every value, in table order.
template <class E> constexpr std::array<E, Ids<E>::names.size()> all_of() {
    std::array<E, Ids<E>::names.size()> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<E>(i);
    return out;
}

// "en, zh": the ids for an error text or a document.
template <class E> std::string known_ids(std::string_view separator = ", ") {
    std::string out;
    for (const char* id : Ids<E>::names) {
        if (!out.empty()) out += separator;
        out += id;
    }
    return out;
}

// "Unknown language. Known languages: en, zh." — the one wording of every unknown-id error (the
// unknown id itself is not repeated: it came from outside and may be anything).
template <class E> std::string unknown_id_error() {
    return std::string("Unknown ") + Ids<E>::kind + ". Known " + Ids<E>::kinds + ": " + known_ids<E>() + ".";
}

}  // namespace capiton
