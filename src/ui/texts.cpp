#include "texts.h"

namespace capiton::ui {

namespace {
// Written for capiton; the ideas follow the article in shared/seeds (see docs/).
const StageText kTexts[kStageCount] = {
    {"Tokens: cutting the sentence into pieces", "tokens", "sentence  \xe2\x86\x92  tokens t\xe2\x82\x81 \xe2\x80\xa6 t\xe2\x82\x99",
     "A model does not read letters; it reads tokens. capiton cuts English at spaces and punctuation and "
     "Chinese into single characters. Every token becomes one row in each matrix that follows, so the "
     "number of tokens n sets the size of everything after this step."},
    {"Embedding: one vector per token, plus its position", "embedding", "X = E[token] + PE(position)",
     "Each token is looked up in an embedding table E: a row of d_model numbers that stands for the word. "
     "Attention by itself ignores word order, so a position signal PE (sines and cosines at different "
     "frequencies) is added: the same word at another place gets a slightly different X. capiton's table "
     "is not trained: a word's row is fixed pseudo-random numbers drawn from the word itself, so the same "
     "word always gets the same row."},
    {"Projection: every token gets a query, a key and a value", "Q K V",
     "Q = X \xc2\xb7 W_Q      K = X \xc2\xb7 W_K      V = X \xc2\xb7 W_V",
     "Three parameter matrices give each token three roles. Its query says what it is looking for (the words "
     "you type into a search box), its key says what it can be found by (the titles of the pages), and its "
     "value is what it hands over once it is chosen (the text of the page). In a trained model W_Q, W_K and "
     "W_V are learned; here they are seeded random numbers, so the patterns below are not meaningful yet."},
    {"Scores: how well each query matches each key", "scores", "scores = Q \xc2\xb7 K\xe1\xb5\x80",
     "Every query is compared with every key by a dot product: multiply matching coordinates and add them "
     "up. Vectors that point the same way give a large score, opposite ones a negative score. Row i lists "
     "how well token i's query matches the key of every token."},
    {"Scale: divide by the square root of d_k", "scale", "scaled = scores / \xe2\x88\x9a" "d_k",
     "A dot product adds up d_k terms, so its typical size grows like \xe2\x88\x9a" "d_k. Without this division "
     "wide vectors would produce huge scores, softmax would put almost all the weight on one token, and "
     "learning would stall because the gradients vanish. Dividing keeps the scores in a useful range."},
    {"Mask: which tokens may be looked at", "mask", "masked[i][j] = scaled[i][j]  or  \xe2\x88\x92\xe2\x88\x9e",
     "With no mask every token may look at every other token, as in an encoder reading a whole sentence. A "
     "causal mask, as in text generators, hides the future: token i may only look at tokens 1 to i. Hidden "
     "scores become \xe2\x88\x92\xe2\x88\x9e, which softmax turns into a weight of exactly 0."},
    {"Softmax: scores become weights that add up to 1", "softmax",
     "weights[i][j] = exp(x[i][j] \xe2\x88\x92 max\xe1\xb5\xa2) / \xce\xa3\xe2\x82\x96 exp(x[i][k] \xe2\x88\x92 max\xe1\xb5\xa2)",
     "Softmax turns each row of scores into positive weights that sum to 1: a share of attention, like how "
     "much of each search result you actually read. Bigger scores get exponentially bigger shares. The "
     "row's maximum is subtracted first; it cancels out of the fraction but keeps exp from overflowing."},
    {"Weighting: mix the values by the weights", "weighting", "output = weights \xc2\xb7 V",
     "Each output row is a weighted average of the value rows: token i takes weights[i][j] of token j's "
     "value and adds them up. The tokens it attends to most supply most of its new vector."},
    {"Output: every token now carries its context", "output",
     "Attention(Q, K, V) = softmax(Q \xc2\xb7 K\xe1\xb5\x80 / \xe2\x88\x9a" "d_k) \xc2\xb7 V",
     "The result has one row per token, like the input, but each row has mixed in information from the rest "
     "of the sentence: after training, \xe2\x80\x9c" "bird\xe2\x80\x9d would carry some of \xe2\x80\x9csky\xe2\x80\x9d. "
     "The matching of queries and keys decided the weights; the values supplied the content. This "
     "re-encoded sentence is what the next layer of a transformer reads."},
};
}  // namespace

const StageText& stage_text(Stage s) { return kTexts[static_cast<int>(s)]; }

}  // namespace capiton::ui
