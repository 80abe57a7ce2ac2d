#include "gpt_heads.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tokenizer.h"

namespace capiton {

namespace {
const HeadScore kNoHead{};  // what an empty report's best heads are: all scores 0
}

const HeadScore& InductionReport::best_induction() const {
    if (heads.empty()) return kNoHead;
    return *std::max_element(heads.begin(), heads.end(), [](const HeadScore& a, const HeadScore& b) { return a.induction < b.induction; });
}

int InductionReport::induction_heads() const {
    return static_cast<int>(std::count_if(heads.begin(), heads.end(), [](const HeadScore& h) { return h.induction >= kHeadScoreShare; }));
}

const HeadScore& InductionReport::best_previous() const {
    if (heads.empty()) return kNoHead;
    return *std::max_element(heads.begin(), heads.end(), [](const HeadScore& a, const HeadScore& b) { return a.previous < b.previous; });
}

namespace {

// Mean over rows i of [first, n) of head (l, h)'s weight on column i − back, for every sequence of the pass.
double mean_weight_back(const GptPass<float>& f, int l, int h, int heads, int first, int back) {
    double sum = 0.0;
    for (int b = 0; b < f.batch; ++b) {
        const auto A = f.weights(l, b, h, heads);
        for (int i = first; i < f.n; ++i) sum += static_cast<double>(A(i, i - back));
    }
    return sum / (static_cast<double>(f.batch) * (f.n - first));
}

// −log probs[target] averaged over the rows [from, to) of every sequence of the pass.
double mean_loss_rows(const GptPass<float>& f, const GptBatch& b, int from, int to) {
    double sum = 0.0;
    for (int s = 0; s < f.batch; ++s)
        for (int i = from; i < to; ++i) {
            const int r = s * f.n + i;
            sum -= std::log(static_cast<double>(f.probs(r, b.targets[static_cast<std::size_t>(r)])));
        }
    return sum / (static_cast<double>(f.batch) * (to - from));
}

}  // namespace

InductionReport induction_report(const GptParams<float>& p, const GptShape& sh, int period, int count, std::uint64_t seed) {
    period = measured_period(period, sh);
    SplitMix64 rng{seed};
    GptBatch b;
    b.batch = count;
    b.n = 2 * period;
    for (int s = 0; s < count; ++s) {
        // 2L + 1 ids: the last one is only a target
        const std::vector<int> ids = repeated_random(period, 2 * period + 1, sh.vocab, rng);
        b.tokens.insert(b.tokens.end(), ids.begin(), ids.end() - 1);
        b.targets.insert(b.targets.end(), ids.begin() + 1, ids.end());
    }
    const GptPass<float> f = gpt_forward(p, sh, b);
    InductionReport r;
    r.period = period;
    for (int l = 0; l < kGptLayers; ++l)
        for (int h = 0; h < sh.heads; ++h)
            r.heads.push_back({l, h, static_cast<float>(mean_weight_back(f, l, h, sh.heads, period, period - 1)),
                               static_cast<float>(mean_weight_back(f, l, h, sh.heads, 1, 1))});
    // row i predicts character i + 1: the first copy's characters 1 … L−1 from rows 0 … L−2, the
    // second copy's L+1 … 2L−1 from rows L … 2L−2
    r.first_copy_loss = static_cast<float>(mean_loss_rows(f, b, 0, period - 1));
    r.second_copy_loss = static_cast<float>(mean_loss_rows(f, b, period, 2 * period - 1));
    return r;
}

std::vector<float> previous_token_scores(const GptParams<float>& p, const GptShape& sh, const std::vector<int>& ids) {
    GptBatch b;
    b.batch = 1;
    b.n = static_cast<int>(ids.size());
    b.tokens = ids;
    const GptPass<float> f = gpt_forward(p, sh, b);
    std::vector<float> out;
    for (int l = 0; l < kGptLayers; ++l)
        for (int h = 0; h < sh.heads; ++h) out.push_back(static_cast<float>(mean_weight_back(f, l, h, sh.heads, 1, 1)));
    return out;
}

std::vector<int> gpt_generate(const GptParams<float>& p, const GptShape& sh, std::vector<int> ids, int count,
                              float temperature, std::uint64_t seed, int stop_id) {
    SplitMix64 rng{seed};
    std::vector<int> out;
    for (int k = 0; k < count; ++k) {
        GptBatch b;
        b.batch = 1;
        b.last_only = true;
        const std::size_t from = ids.size() > static_cast<std::size_t>(sh.context) ? ids.size() - static_cast<std::size_t>(sh.context) : 0;
        b.tokens.assign(ids.begin() + static_cast<std::ptrdiff_t>(from), ids.end());
        b.n = static_cast<int>(b.tokens.size());
        const GptPass<float> f = gpt_forward(p, sh, b);
        Eigen::RowVectorXf logits = f.logits.row(0);
        logits(kUnknownId) = -std::numeric_limits<float>::infinity();  // a rare character stands for none it could write
        Eigen::Index next = 0;
        if (temperature <= 0.0f) {
            logits.maxCoeff(&next);
        } else {
            // softmax(logits / T), then the first id whose running sum passes a uniform draw
            const Eigen::RowVectorXf w = ((logits.array() - logits.maxCoeff()) / temperature).exp().matrix();
            float u = 0.5f * (rng.uniform() + 1.0f) * w.sum();
            for (next = 0; next + 1 < w.size() && (u -= w(next)) > 0.0f; ++next) {
            }
        }
        ids.push_back(static_cast<int>(next));
        out.push_back(static_cast<int>(next));
        if (next == stop_id) break;
    }
    return out;
}

FormCount poem_form(const std::string& utf8) {
    static const std::u32string kEnds = U"，。？！；", kRight = U"，。";
    FormCount fc;
    int chars = 0;
    bool chinese = true;
    for (std::size_t i = 0; i < utf8.size();) {
        char32_t c = 0;
        const int len = decode_utf8(utf8, i, &c);
        i += static_cast<std::size_t>(std::max(len, 1));
        if (kEnds.find(c) != std::u32string::npos) {
            ++fc.lines;
            if (chinese && (chars == 5 || chars == 7) && kRight.find(c) != std::u32string::npos) ++fc.right;
            chars = 0;
            chinese = true;
        } else {
            ++chars;
            chinese = chinese && c >= 0x4E00 && c <= 0x9FFF;  // CJK unified ideographs
        }
    }
    return fc;
}

FormCount sampled_form(const GptParams<float>& p, const GptShape& sh, const PoemCorpus& corpus, int samples,
                       float temperature, std::uint64_t seed) {
    std::vector<int> firsts;
    for (const PoemText& t : corpus.held)
        if (t.lang == "zh") firsts.push_back(corpus.vocab.encode(t.text).front());
    FormCount total;
    for (int k = 0; k < samples && !firsts.empty(); ++k) {
        const int first = firsts[static_cast<std::size_t>(k) % firsts.size()];
        std::vector<int> text = {first};
        const std::vector<int> more = gpt_generate(p, sh, {kTextStartId, first}, kFormChars - 1, temperature, seed + static_cast<std::uint64_t>(k));
        text.insert(text.end(), more.begin(), more.end());
        const FormCount fc = poem_form(corpus.vocab.decode(text));
        total.lines += fc.lines;
        total.right += fc.right;
    }
    return total;
}

float uniform_repeat_loss(const GptShape& sh) { return std::log(static_cast<float>(repeat_alphabet(sh.vocab))); }

}  // namespace capiton
