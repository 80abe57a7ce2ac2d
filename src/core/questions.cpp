#include "questions.h"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "embedding.h"
#include "gpt_preset.h"
#include "tokenizer.h"

namespace capiton {

namespace {
std::vector<std::string> keys(const std::string& prefix, int n) {
    std::vector<std::string> k;
    for (int i = 0; i < n; ++i) k.push_back(prefix + ".o" + std::to_string(i + 1));
    return k;
}

// Word i, told apart by its place when it occurs twice ("the (6)"), as the grids' labels are; and every
// word so.
std::string placed(const std::vector<std::string>& words, int i) {
    return words[static_cast<std::size_t>(i)] + place_if_repeated(words, i);
}
std::vector<std::string> placed(const std::vector<std::string>& words) {
    std::vector<std::string> out;
    for (int i = 0; i < static_cast<int>(words.size()); ++i) out.push_back(placed(words, i));
    return out;
}
}  // namespace

bool has_question(Stage st) { return st != Stage::Seq2Seq && st != Stage::Similarity && st != Stage::Training; }

std::string question_signature(const Question& q) {
    std::string sig = q.key + '\x1f' + q.why_suffix + '\x1f' + std::to_string(q.correct);
    for (const std::string& o : q.options) sig += '\x1f' + o;
    for (const auto& [name, value] : q.values) sig += '\x1e' + name + '=' + value;
    return sig;
}

std::string question_tag(const Question& q) {
    std::uint32_t h = 2166136261u;
    for (const char c : question_signature(q)) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    char out[9];
    std::snprintf(out, sizeof out, "%08x", static_cast<unsigned>(h));
    return out;
}

bool question_for(const Lesson& s, Stage st, Question* out) {
    if (!has_question(st)) return false;
    Question q;
    q.stage = st;
    q.key = std::string("q.") + id_of(st);
    const Trace& t = s.trace();
    const int query = s.annotated_query();
    // the followed word, for the questions that name it (the others stay the same question, and their
    // answers stand, whatever the sentence: question_signature)
    if (query >= 0 && (st == Stage::Softmax || st == Stage::Output)) q.values["query"] = placed(t.tokens, query);
    switch (st) {
        case Stage::Seq2Seq:
        case Stage::Similarity:
        case Stage::Training:
            return false;  // not reached: has_question
        case Stage::Tokens: {  // how many tokens? counted by the tokenizer itself, in the sentence's language
            const bool chinese = language_of(t.tokens) == Language::Zh;
            // Chinese: dictionary words (喜欢, 苹果) against one-character words and punctuation
            const char* phrase = chinese ? "\u6211\u559c\u6b22\u82f9\u679c\uff0c\u4f60\u5462\uff1f" : "don't stop, bird!";  // 我喜欢苹果，你呢？
            if (chinese) q.why_suffix = ".why_zh";
            const int n = static_cast<int>(tokenize(phrase).tokens.size());
            q.values["phrase"] = phrase;
            for (int k = n - 2; k <= n + 1; ++k) q.options.push_back(std::to_string(k));
            q.correct = 2;
            q.tokens_as_options = true;  // plain texts, not catalog keys
            break;
        }
        case Stage::Embedding: {  // is X the same for one word at two positions? compared, not assumed
            const Config& c = s.config();
            const Matrix E = embed_tokens({"bird"}, c.d_model, c.table_seed);
            const Matrix P = position_rows(c, 4);
            const bool same = (E.row(0) + P.row(0)).isApprox(E.row(0) + P.row(3));
            q.options = keys(q.key, 2);  // o1 = same, o2 = different
            q.correct = same ? 0 : 1;
            if (same) q.why_suffix = ".why_same";  // none or rotary: nothing is added to X
            break;
        }
        case Stage::Projection:
            q.options = keys(q.key, 3);  // o1 same vector, o2 three different vectors, o3 Q = K but V differs
            q.correct = 1;
            break;
        case Stage::Scores: {  // is scores always symmetric? scores = X·W_Q·W_Kᵀ·Xᵀ: for every sentence
            // exactly when W_Q·W_Kᵀ is (not the sentence shown: one word's 1 × 1 grid always is)
            const Matrix M = s.weights().W_Q * s.weights().W_K.transpose();
            const bool symmetric = M.isApprox(M.transpose());
            q.options = keys(q.key, 2);  // o1 always, o2 not in general
            q.correct = symmetric ? 0 : 1;
            float most = -1.0f;
            for (int i = 0; i < t.scores.rows(); ++i)
                for (int j = i + 1; j < t.scores.cols(); ++j) {
                    const float d = std::abs(t.scores(i, j) - t.scores(j, i));
                    if (d > most) most = d, q.mirror_i = i, q.mirror_j = j;
                }
            break;
        }
        case Stage::Scale:
            q.options = keys(q.key, 3);  // 2×, 4×, 16×: √(64/4) = 4
            q.correct = 1;
            break;
        case Stage::Mask:
            q.options = keys(q.key, 3);  // every token, only itself, none
            q.correct = 1;
            break;
        case Stage::Softmax: {  // add 5 to a row: compute both and compare
            if (query < 0) return false;
            Matrix row = t.masked.row(query) / s.config().temperature;
            Matrix shifted = row.array() + 5.0f;
            const bool unchanged = softmax_rows(row).isApprox(softmax_rows(shifted), 1e-5f);
            q.options = keys(q.key, 3);  // o1 larger weights for larger scores, o2 unchanged, o3 all equal
            q.correct = unchanged ? 1 : 0;
            break;
        }
        case Stage::Weighting:
            q.options = keys(q.key, 3);  // zero vector, the average of the value rows, its own value
            q.correct = 1;
            break;
        case Stage::Heads: {  // how wide is each head's output row? d_model / H, from the block in use
            const BlockShape& sh = s.multi_head().shape();
            q.values["heads"] = std::to_string(sh.heads);
            q.values["d_model"] = std::to_string(sh.d_model);
            for (int w : {2 * sh.d_k(), sh.d_k(), 4 * sh.d_k()}) q.options.push_back(std::to_string(w));  // d_model among them unless H = 1
            q.tokens_as_options = true;
            q.correct = 1;
            break;
        }
        case Stage::Block:
            q.options = keys(q.key, 3);  // o1 a zero row, o2 the word passes on unchanged, o3 the sentence's average
            q.correct = 1;
            break;
        case Stage::Cross: {  // where does the row of a target word look? read off the alignment
            const EncoderDecoder& ed = s.encoder_decoder();
            const Matrix& A = ed.pass().Ac;
            const int words = static_cast<int>(ed.translation().tokens.size());
            // the written word whose source word stands farthest from its own place, among the rows that
            // are sure of it (largest weight ≥ kSure: a function word spreads or parks its weight); an
            // untrained model is sure of nothing: then among every row
            constexpr float kSure = 0.9f;
            int row = -1;
            Eigen::Index answer = 0;  // the source word row looks at most
            for (const float least : {kSure, 0.0f}) {
                int far = -1;
                for (int r = 0; r < words && r < A.rows(); ++r) {
                    Eigen::Index top = 0;
                    const float w = A.row(r).maxCoeff(&top);
                    const int d = std::abs(static_cast<int>(top) - r);
                    if (w >= least && d > far) far = d, row = r, answer = top;
                }
                if (row >= 0) break;
            }
            if (row < 0 || ed.source().size() < 2) return false;
            q.values["word"] = placed(ed.translation().tokens, row);
            q.options = placed(ed.source());
            q.tokens_as_options = true;
            q.correct = static_cast<int>(answer);
            break;
        }
        case Stage::Decode:  // how many new rows of K and V at the fifth step, with the cache?
            q.values["step"] = "5";
            q.options = {"5", "1", "0"};
            q.tokens_as_options = true;  // plain numbers, not catalog keys
            q.correct = 1;
            break;
        case Stage::Poems:  // the causal row on the KV cache: row r sees rows 0 … r (the text start is row 0)
            q.values["row"] = std::to_string(kPoemQuestionRow);
            q.values["context"] = std::to_string(kGptPresetRun.shape.context);
            q.options = {std::to_string(kPoemQuestionRow), std::to_string(kPoemQuestionRow + 1), q.values["context"]};
            q.tokens_as_options = true;  // plain numbers, not catalog keys
            q.correct = 1;
            break;
        case Stage::Output: {  // which token does the query look at most? read off the weights
            if (query < 0 || t.tokens.size() < 2) return false;  // one word: nothing to choose between
            q.options = placed(t.tokens);
            q.tokens_as_options = true;
            q.correct = s.focus_of(query).key;
            if (q.correct < 0) return false;
            break;
        }
    }
    *out = std::move(q);
    return true;
}

}  // namespace capiton
