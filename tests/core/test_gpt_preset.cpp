// The poem model's preset (gpt_preset.h): the file's rounding to half precision and its checks, and
// on the committed data/poems-gpt.bin what the issue asks of its heads: an induction head (score
// ≥ 0.5), the second copy of a repeated sequence at less than half the loss of the first, and a
// previous-token head on held-out poems.
#include <doctest.h>

#include <cmath>
#include <cstdio>

#include "core/gpt_heads.h"
#include "core/gpt_preset.h"

using namespace capiton;

namespace {

GptPresetFile small_file() {
    GptPresetFile f;
    f.vocab = make_char_vocab(parse_poem_texts("zh\t\t\t白日依山尽，黄河入海流。\n"));
    f.shape = {f.vocab.size(), 8, 16, 4, 24};
    f.params = init_gpt_params(f.shape, 5);
    SplitMix64 rng{9};
    for (int i = 0; i < GptParams<float>::kTensors; ++i)  // values from ~1e-4 to ~3: both ends of the half range used here
        for (Eigen::Index k = 0; k < f.params.tensor(i).size(); ++k)
            f.params.tensor(i).data()[k] = std::ldexp(rng.uniform(), static_cast<int>(rng.next() % 14) - 12);
    f.held_loss = 3.25f;
    return f;
}

}  // namespace

// Tolerance: binary16 keeps 11 significant bits: |x − half(x)| ≤ 2⁻¹¹·|x| for |x| ≥ 2⁻¹⁴ (the
// smallest normal half), and ≤ 2⁻²⁵ (half its subnormal step) below.
TEST_CASE("gpt preset file: every tensor back within half precision's rounding, the rest exact") {
    const GptPresetFile f = small_file();
    const std::string bytes = gpt_preset_bytes(f);
    GptPresetFile g;
    REQUIRE(load_gpt_preset(bytes, &g));
    CHECK(g.vocab.chars == f.vocab.chars);
    CHECK(g.shape.vocab == f.shape.vocab);
    CHECK(g.shape.context == 8);
    CHECK(g.shape.d_ff == 24);
    CHECK(g.held_loss == 3.25f);
    double worst = 0.0;
    for (int i = 0; i < GptParams<float>::kTensors; ++i) {
        REQUIRE(g.params.tensor(i).rows() == f.params.tensor(i).rows());
        REQUIRE(g.params.tensor(i).cols() == f.params.tensor(i).cols());
        for (Eigen::Index k = 0; k < f.params.tensor(i).size(); ++k) {
            const double x = f.params.tensor(i).data()[k], y = g.params.tensor(i).data()[k];
            const double bound = std::fabs(x) >= std::ldexp(1.0, -14) ? std::ldexp(std::fabs(x), -11) : std::ldexp(1.0, -25);
            CHECK(std::fabs(x - y) <= bound);
            if (std::fabs(x) >= std::ldexp(1.0, -14)) worst = std::max(worst, std::fabs(x - y) / std::fabs(x));
        }
    }
    std::printf("  gpt preset file: largest relative rounding of a normal half %.3g (bound 2^-11 = %.3g)\n", worst, std::ldexp(1.0, -11));
    std::size_t values = 0;
    for (int i = 0; i < GptParams<float>::kTensors; ++i) values += static_cast<std::size_t>(f.params.tensor(i).size());
    std::string chars;
    for (char32_t c : f.vocab.chars) chars += utf8_of(c);
    // magic, six sizes and the loss, the characters' byte count, the characters, two bytes a value
    CHECK(bytes.size() == 8 + 7 * 4 + 4 + chars.size() + 2 * values);
}

TEST_CASE("gpt preset file: a wrong, cut or lengthened file is refused and nothing changes") {
    const std::string bytes = gpt_preset_bytes(small_file());
    GptPresetFile g;
    g.held_loss = -1.0f;
    CHECK_FALSE(load_gpt_preset("", &g));
    CHECK_FALSE(load_gpt_preset(bytes.substr(0, bytes.size() - 1), &g));
    CHECK_FALSE(load_gpt_preset(bytes + "x", &g));
    CHECK_FALSE(load_gpt_preset("X" + bytes.substr(1), &g));
    CHECK_FALSE(load_gpt_preset(bytes.substr(0, 40), &g));
    CHECK(g.held_loss == -1.0f);
}

// The tests of the trained preset itself (data/poems-gpt.bin: its held-out loss after rounding, its
// induction and previous-token heads) come with the preset, which does not meet issue 10's goals yet.
