#include <doctest.h>

#include <cmath>

#include <Eigen/SVD>

#include "core/demos.h"
#include "core/embedding.h"
#include "core/seq2seq.h"
#include "core/similarity.h"
#include "core/tokenizer.h"

using namespace capiton;

TEST_CASE("the encoder's states follow h_t = tanh(W_h h_{t-1} + W_x x_t), checked with plain loops") {
    const Encoder enc = make_encoder(8, 8, 11);
    const std::vector<std::string> toks = {"I", "saw", "a", "bird"};
    const Seq2Seq r = encode(toks, enc, 8, kDefaultTableSeed, 4);
    const Matrix X = embed_tokens(toks, 8, kDefaultTableSeed);
    std::vector<double> h(8, 0.0), next(8);
    for (int t = 0; t < 4; ++t) {
        for (int i = 0; i < 8; ++i) {
            double acc = 0.0;
            for (int k = 0; k < 8; ++k) acc += static_cast<double>(enc.W_h(i, k)) * h[static_cast<std::size_t>(k)];
            for (int k = 0; k < 8; ++k) acc += static_cast<double>(enc.W_x(i, k)) * X(t, k);
            next[static_cast<std::size_t>(i)] = std::tanh(acc);
        }
        h = next;
        for (int i = 0; i < 8; ++i) CHECK(r.states(t, i) == doctest::Approx(h[static_cast<std::size_t>(i)]).epsilon(1e-5));
    }
    CHECK(r.context.isApprox(r.states.row(3).transpose()));
}

TEST_CASE("the encoder is contractive: every singular value of W_h is 0.9") {
    const Encoder enc = make_encoder(8, 8, 11);
    Eigen::JacobiSVD<Eigen::MatrixXf> svd(enc.W_h);
    CHECK(svd.singularValues()(0) == doctest::Approx(kRecurrentGain).epsilon(1e-4));
    CHECK(svd.singularValues()(7) == doctest::Approx(kRecurrentGain).epsilon(1e-4));
}

TEST_CASE("early words fade from the fixed context vector as the sentence grows") {
    const Encoder enc = make_encoder(8, 8, 11);
    const auto base = std::vector<std::string>{"I", "saw", "a", "bird", "in", "the", "sky"};
    const float wx_norm = Eigen::JacobiSVD<Eigen::MatrixXf>(enc.W_x).singularValues()(0);
    const Matrix first = embed_tokens({"I", kNeutralToken}, 8, kDefaultTableSeed);
    const float change = (first.row(0) - first.row(1)).norm();
    float previous = 1e30f;
    for (int n : {5, 10, 20, 40}) {
        CAPTURE(n);
        const Seq2Seq r = encode(lengthen(base, n), enc, 8, kDefaultTableSeed, 6);
        REQUIRE(r.influence.size() == static_cast<std::size_t>(n));
        // The bound: tanh' <= 1 and every later step multiplies by W_h (norm 0.9).
        const float bound = std::pow(kRecurrentGain, static_cast<float>(n - 1)) * wx_norm * change;
        CHECK(r.influence[0] <= bound * 1.0001f);
        CHECK(r.influence[0] < previous);  // longer sentence, fainter first word
        previous = r.influence[0];
        CHECK(r.influence.back() > 0.1f);  // the last word is still loud
        CHECK(r.fade == doctest::Approx(r.influence.back() / r.influence.front()));
        CHECK(r.decoder_inputs.rows() == 6);
        for (int k = 0; k < 6; ++k) CHECK(r.decoder_inputs.row(k) == r.context.transpose());
    }
}

TEST_CASE("lengthen keeps the sentence and adds a fixed paragraph") {
    const auto l = lengthen({"I", "saw"}, 5);
    CHECK(l == std::vector<std::string>{"I", "saw", "and", "then", "it"});
    CHECK(lengthen({"a", "b", "c"}, 2) == std::vector<std::string>{"a", "b"});
    // the paragraph's 47th word ("that"), and its 63 words over, the first again
    CHECK(lengthen({"I"}, 48)[47] == "that");
    CHECK(lengthen({"I"}, 65)[63] == "ground");
    CHECK(lengthen({"I"}, 65)[64] == "and");
    // a Chinese sentence goes on in Chinese words (然后 "then", 它 "it"), as the tokenizer cuts Chinese
    CHECK(lengthen({"鸟", "飞"}, 4) == std::vector<std::string>{"鸟", "飞", "然后", "它"});
    CHECK(lengthen({"我", "看见", "a", "bird"}, 5) == std::vector<std::string>{"我", "看见", "a", "bird", "然后"});
    CHECK(lengthen({"I", "saw", "一只", "bird"}, 6) == std::vector<std::string>{"I", "saw", "一只", "bird", "and", "then"});
    // up to the longest input: every made-up word Chinese, each one token as typed
    const auto long_zh = lengthen({"鸟"}, kSeq2SeqMaxLength);
    REQUIRE(long_zh.size() == static_cast<std::size_t>(kSeq2SeqMaxLength));
    for (std::size_t i = 1; i < long_zh.size(); ++i) {
        CAPTURE(long_zh[i]);
        CHECK(language_of({long_zh[i]}) == Language::Zh);
        CHECK(tokenize(long_zh[i]).tokens == std::vector<std::string>{long_zh[i]});
    }
}

TEST_CASE("similarity: dot product, lengths, cosine and angle") {
    Similarity s = similarity_2d(3, 4, 4, 3);  // 12 + 12 = 24; |a| = |b| = 5; cos = 24/25
    CHECK(s.dot == doctest::Approx(24));
    CHECK(s.norm_a == doctest::Approx(5));
    CHECK(s.cosine == doctest::Approx(0.96));
    s = similarity_2d(1, 0, 0, 2);
    CHECK(s.dot == doctest::Approx(0));
    CHECK(s.angle_degrees == doctest::Approx(90));
    s = similarity_2d(1, 1, -2, -2);
    CHECK(s.cosine == doctest::Approx(-1));
    CHECK(s.angle_degrees == doctest::Approx(180));
    s = similarity_2d(0, 0, 1, 1);  // a zero vector has no direction
    CHECK(s.cosine == 0.0f);
    // Doubling a vector doubles the dot product but leaves the cosine alone.
    CHECK(similarity_2d(6, 8, 4, 3).dot == doctest::Approx(48));
    CHECK(similarity_2d(6, 8, 4, 3).cosine == doctest::Approx(0.96));
}
