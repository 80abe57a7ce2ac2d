#include "poems.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "tokenizer.h"

namespace capiton {

std::vector<PoemText> parse_poem_texts(std::string_view tsv) {
    std::vector<PoemText> out;
    while (!tsv.empty()) {
        const std::size_t end = std::min(tsv.find('\n'), tsv.size());
        std::string_view line = tsv.substr(0, end);
        tsv.remove_prefix(std::min(end + 1, tsv.size()));
        std::vector<std::string> fields;
        for (std::size_t tab; (tab = line.find('\t')) != std::string_view::npos; line.remove_prefix(tab + 1))
            fields.emplace_back(line.substr(0, tab));
        fields.emplace_back(line);
        if (fields.size() == 4 && !fields[3].empty()) out.push_back({fields[0], fields[1], fields[2], fields[3]});
    }
    return out;
}

std::string utf8_of(char32_t c) {
    std::string s;
    if (c < 0x80) {
        s += static_cast<char>(c);
    } else if (c < 0x800) {
        s += static_cast<char>(0xC0 | (c >> 6));
        s += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        s += static_cast<char>(0xE0 | (c >> 12));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        s += static_cast<char>(0xF0 | (c >> 18));
        s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (c & 0x3F));
    }
    return s;
}

namespace {

template <typename F>
void each_char(std::string_view utf8, F&& f) {
    for (std::size_t i = 0; i < utf8.size();) {
        char32_t c = 0;
        const int len = decode_utf8(utf8, i, &c);
        if (len == 0) {
            ++i;  // not UTF-8: skipped
            continue;
        }
        f(c);
        i += static_cast<std::size_t>(len);
    }
}

}  // namespace

int CharVocab::id(char32_t c) const {
    const auto it = ids.find(c);
    return it == ids.end() ? kUnknownId : it->second;
}

std::vector<int> CharVocab::encode(std::string_view utf8) const {
    std::vector<int> out;
    each_char(utf8, [&](char32_t c) { out.push_back(id(c)); });
    return out;
}

std::vector<std::string> CharVocab::unknown_in(std::string_view utf8) const {
    std::vector<std::string> out;
    each_char(utf8, [&](char32_t c) {
        const std::string ch = utf8_of(c);
        if (id(c) == kUnknownId && std::find(out.begin(), out.end(), ch) == out.end()) out.push_back(ch);
    });
    return out;
}

std::string CharVocab::decode(const std::vector<int>& list) const {
    std::string s;
    for (int i : list) s += utf8_of(i >= 0 && i < size() ? chars[static_cast<std::size_t>(i)] : kUnknownChar);
    return s;
}

CharVocab char_vocab_from(const std::vector<char32_t>& chars) {
    CharVocab v;
    v.chars = chars;
    for (std::size_t i = 0; i < chars.size(); ++i) v.ids.emplace(chars[i], static_cast<int>(i));
    return v;
}

CharVocab make_char_vocab(const std::vector<PoemText>& train) { return make_char_vocab(train, 1); }

CharVocab make_char_vocab(const std::vector<PoemText>& train, int min_count) {
    std::map<char32_t, long> count;
    for (const PoemText& t : train) each_char(t.text, [&](char32_t c) { ++count[c]; });
    count.erase(kUnknownChar);
    count.erase(kTextStart);
    std::vector<std::pair<char32_t, long>> order;  // by code point
    for (const auto& [c, n] : count)
        if (n >= min_count) order.emplace_back(c, n);
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<char32_t> chars = {kUnknownChar, kTextStart};
    for (const auto& [c, n] : order) chars.push_back(c);
    return char_vocab_from(chars);
}

PoemCorpus make_poem_corpus(std::string_view train_tsv, std::string_view held_tsv, int min_count) {
    return make_poem_corpus(train_tsv, held_tsv, make_char_vocab(parse_poem_texts(train_tsv), min_count));
}

PoemCorpus make_poem_corpus(std::string_view train_tsv, std::string_view held_tsv, CharVocab vocab) {
    PoemCorpus c;
    c.vocab = std::move(vocab);
    c.train = parse_poem_texts(train_tsv);
    c.held = parse_poem_texts(held_tsv);
    for (const auto& [texts, zh, en] : {std::tie(c.train, c.train_zh, c.train_en), std::tie(c.held, c.held_zh, c.held_en)})
        for (const PoemText& t : texts) {
            std::vector<int>& stream = t.lang == "zh" ? zh : en;
            stream.push_back(kTextStartId);
            const std::vector<int> ids = c.vocab.encode(t.text);
            stream.insert(stream.end(), ids.begin(), ids.end());
        }
    return c;
}

bool read_file_bytes(const std::string& path, std::string* out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream s;
    s << in.rdbuf();
    *out = s.str();
    return true;
}

bool load_poem_corpus(const std::string& dir, PoemCorpus* out, int min_count) {
    std::string train, held;
    if (!read_file_bytes(dir + "/poems-train.tsv", &train) || !read_file_bytes(dir + "/poems-held.tsv", &held)) return false;
    *out = make_poem_corpus(train, held, min_count);
    return true;
}

// ---- training ---------------------------------------------------------------------------------

namespace {
int pick(SplitMix64& rng, std::size_t n) { return static_cast<int>(rng.next() % static_cast<std::uint64_t>(n)); }
float unit(SplitMix64& rng) { return 0.5f * (rng.uniform() + 1.0f); }  // [0, 1)
}  // namespace

std::vector<int> repeated_random(int period, int length, int vocab, SplitMix64& rng) {
    return repeated_random_from(period, length, repeat_alphabet(vocab), rng);
}

std::vector<int> repeated_random_from(int period, int length, int alphabet, SplitMix64& rng) {
    std::vector<int> seq(static_cast<std::size_t>(length));
    for (int i = 0; i < length; ++i)
        seq[static_cast<std::size_t>(i)] =
            i < period ? 2 + pick(rng, static_cast<std::size_t>(alphabet)) : seq[static_cast<std::size_t>(i - period)];
    return seq;
}

GptBatch draw_gpt_batch(const PoemCorpus& corpus, const GptShape& sh, int batch, const GptMix& mix, SplitMix64& rng) {
    return draw_gpt_batch(corpus, sh, batch, mix, GptRepeat{}, rng);
}

GptBatch draw_gpt_batch(const PoemCorpus& corpus, const GptShape& sh, int batch, const GptMix& mix, const GptRepeat& repeat,
                        SplitMix64& rng) {
    GptBatch b;
    b.batch = batch;
    b.n = sh.context;
    const std::size_t row = static_cast<std::size_t>(sh.context) + 1;
    for (int r = 0; r < batch; ++r) {
        const float u = unit(rng);
        const std::vector<int>* stream = u < mix.zh ? &corpus.train_zh : u < mix.zh + mix.en ? &corpus.train_en : nullptr;
        std::vector<int> ids;
        std::size_t scored_from = 1;  // ids[i] is a scored target for i ≥ scored_from
        if (stream && stream->size() > row) {
            const auto start = stream->begin() + pick(rng, stream->size() - row + 1);
            ids.assign(start, start + static_cast<std::ptrdiff_t>(row));
        } else {
            int longest = repeat.max_period > 0 ? repeat.max_period : sh.context / 2;
            if (repeat.lagged) longest = std::max(repeat.min_period, std::min(longest, static_cast<int>(row) - 5));  // s ≤ row − 5
            const int period = repeat.min_period + pick(rng, static_cast<std::size_t>(longest - repeat.min_period + 1));
            int alphabet = std::min(repeat.alphabet, sh.vocab - 2);
            if (repeat.min_alphabet > 0 && repeat.min_alphabet < alphabet) {
                const double lo = std::log(static_cast<double>(repeat.min_alphabet)), hi = std::log(static_cast<double>(alphabet));
                alphabet = std::clamp(static_cast<int>(std::lround(std::exp(lo + unit(rng) * (hi - lo)))), repeat.min_alphabet, alphabet);
            }
            if (repeat.lagged) {
                // random characters; from s on, each repeats the one `period` back; scored after s
                ids = repeated_random_from(static_cast<int>(row), static_cast<int>(row), alphabet, rng);
                const int s = period + pick(rng, static_cast<std::size_t>(std::max(1, static_cast<int>(row) - period - 4)));
                for (std::size_t i = static_cast<std::size_t>(s); i < row; ++i) ids[i] = ids[i - static_cast<std::size_t>(period)];
                scored_from = static_cast<std::size_t>(s) + 1;
            } else {
                ids = repeated_random_from(period, static_cast<int>(row), alphabet, rng);
            }
        }
        b.tokens.insert(b.tokens.end(), ids.begin(), ids.end() - 1);
        for (std::size_t i = 1; i < row; ++i) b.targets.push_back(i >= scored_from ? ids[i] : -1);
    }
    return b;
}

GptTrainer::GptTrainer(const GptRun& run, const PoemCorpus& c) : run_config(run), corpus(&c) {
    run_config.shape.vocab = c.vocab.size();
    params = init_gpt_params(run_config.shape, run.seed);
    if (run.fixed_positions) params.wpe = positional_encoding(run_config.shape.context, run_config.shape.d_model);
    rng_state = run.seed + 1;
    adam.lr = rate_at(0);
}

float GptTrainer::rate_at(int k) const {
    const GptRun& r = run_config;
    // with a curriculum, each part its own schedule: [0, early_steps) and [early_steps, schedule_steps)
    int from = 0, to = r.schedule_steps;
    if (r.early_steps > 0 && k < r.early_steps) to = r.early_steps;
    if (r.early_steps > 0 && k >= r.early_steps) from = r.early_steps;
    k -= from;
    to -= from;
    if (k < r.warmup) return r.lr * static_cast<float>(k + 1) / static_cast<float>(r.warmup);
    const float done = static_cast<float>(std::min(k, to) - std::min(r.warmup, to)) / static_cast<float>(std::max(to - r.warmup, 1));
    return r.lr * (1.0f - 0.9f * done);
}

int GptTrainer::rows_at(int k) const {
    const GptRun& r = run_config;
    return k < r.early_steps && r.early_batch > 0 ? r.early_batch : r.batch;
}

void GptTrainer::run(int steps) {
    SplitMix64 rng{rng_state};
    GptParams<float> g;
    const GptRun& r = run_config;
    for (int k = 0; k < steps; ++k) {
        const bool early = step < r.early_steps;
        const GptBatch b = draw_gpt_batch(*corpus, shape(), rows_at(step), early ? r.early_mix : r.mix, early ? r.early_repeat : r.repeat, rng);
        const float loss = gpt_loss_and_grad(params, shape(), b, g);
        if (r.fixed_positions) g.wpe.setZero();  // before clipping: the norm is of what moves
        clip_gradient_norm(g, kGptClip);
        adam.lr = rate_at(step);
        // AdamW: p ← p − lr·λ·p on the matrices (a tensor of one row is a gain or a bias; a fixed
        // position table does not move at all), then Adam
        if (r.weight_decay > 0.0f)
            for (int i = 0; i < GptParams<float>::kTensors; ++i) {
                const bool fixed = r.fixed_positions && i == GptParams<float>::kWpe;
                if (params.tensor(i).rows() > 1 && !fixed) params.tensor(i) *= 1.0f - adam.lr * r.weight_decay;
            }
        adam.step(params, g);
        losses.push_back(loss);
        ++step;
    }
    rng_state = rng.state;
}

float stream_loss(const GptParams<float>& p, const GptShape& sh, const std::vector<int>& stream, int max_windows) {
    constexpr int kRows = 16;
    const std::size_t n = static_cast<std::size_t>(sh.context);
    double total = 0.0;
    long count = 0;
    int windows = 0;
    for (std::size_t start = 0; start + n + 1 <= stream.size() && (max_windows == 0 || windows < max_windows);) {
        GptBatch b;
        b.n = sh.context;
        for (; b.batch < kRows && start + n + 1 <= stream.size() && (max_windows == 0 || windows < max_windows); ++b.batch, ++windows) {
            b.tokens.insert(b.tokens.end(), stream.begin() + static_cast<std::ptrdiff_t>(start), stream.begin() + static_cast<std::ptrdiff_t>(start + n));
            b.targets.insert(b.targets.end(), stream.begin() + static_cast<std::ptrdiff_t>(start + 1),
                             stream.begin() + static_cast<std::ptrdiff_t>(start + n + 1));
            start += n;
        }
        const GptPass<float> f = gpt_forward(p, sh, b);
        total += static_cast<double>(f.loss) * f.scored;
        count += f.scored;
    }
    return count ? static_cast<float>(total / static_cast<double>(count)) : 0.0f;
}

float unigram_stream_loss(const std::vector<int>& train, const std::vector<int>& held, int vocab, int context) {
    std::vector<double> count(static_cast<std::size_t>(vocab), 0.0);
    for (int id : train)
        if (id >= 0 && id < vocab) count[static_cast<std::size_t>(id)] += 1.0;
    const double total = static_cast<double>(train.size()) + vocab;
    const std::size_t n = static_cast<std::size_t>(context);
    double loss = 0.0;
    long scored = 0;
    for (std::size_t start = 0; n > 0 && start + n + 1 <= held.size(); start += n)  // stream_loss's windows
        for (std::size_t t = start + 1; t <= start + n; ++t) {
            const int id = held[t];
            const double c = id >= 0 && id < vocab ? count[static_cast<std::size_t>(id)] : 0.0;
            loss -= std::log((c + 1.0) / total);
            ++scored;
        }
    return scored ? static_cast<float>(loss / static_cast<double>(scored)) : 0.0f;
}

}  // namespace capiton
