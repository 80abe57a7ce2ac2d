// src/ui/format: how numbers and labels are written on screen. Expected strings written by hand;
// "\xe2\x88\x92" is the minus sign U+2212, "\xe2\x88\x9e" is ∞, "\xe2\x80\xa6" the ellipsis.
#include <doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "ui/format.h"

using namespace capiton::ui;

namespace {
std::string value(float v) {
    char buf[32];
    format_value(buf, sizeof buf, v);
    return buf;
}
constexpr float kInf = std::numeric_limits<float>::infinity();
}  // namespace

TEST_CASE("formatted: printf into a string as long as the text (a paragraph of 1,105 bytes was cut at 1,023)") {
    const std::string paragraph(5000, 'x');
    CHECK(formatted("%s!", paragraph.c_str()) == paragraph + "!");
    CHECK(formatted("%d apples, %.1f nats", 3, 2.5) == "3 apples, 2.5 nats");
    CHECK(formatted("%s", "").empty());
}

TEST_CASE("format_value: two decimals, a real minus sign, no negative zero, ±∞") {
    CHECK(value(1.234f) == "1.23");
    CHECK(value(2.5f) == "2.50");
    CHECK(value(-1.234f) == "\xe2\x88\x92" "1.23");
    CHECK(value(-12.3f) == "\xe2\x88\x92" "12.30");
    CHECK(value(0.0f) == "0.00");
    CHECK(value(-0.0f) == "0.00");
    CHECK(value(-0.001f) == "0.00");  // rounds to −0.00: shown without a sign
    CHECK(value(-0.004f) == "0.00");
    CHECK(value(kInf) == "+\xe2\x88\x9e");
    CHECK(value(-kInf) == "\xe2\x88\x92\xe2\x88\x9e");
    CHECK(num(-3.0f) == "\xe2\x88\x92" "3.00");
}

TEST_CASE("format_value: past a million, three significant digits; NaN as it is") {
    CHECK(value(999999.0f) == "999999.00");
    CHECK(value(1234567.0f) == "1.23e+06");
    CHECK(value(-3.4028235e38f) == "\xe2\x88\x92" "3.4e+38");
    CHECK(value(std::numeric_limits<float>::quiet_NaN()) == "NaN");
}

TEST_CASE("format_value: a small buffer is cut, never overrun") {
    char buf[4];
    format_value(buf, sizeof buf, 123.0f);
    CHECK(std::string(buf) == "123");
}

TEST_CASE("grouped: thousands separated by commas") {
    CHECK(grouped(0) == "0");
    CHECK(grouped(999) == "999");
    CHECK(grouped(1000) == "1,000");
    CHECK(grouped(18240) == "18,240");
    CHECK(grouped(1234567) == "1,234,567");
    CHECK(grouped(123456789012LL) == "123,456,789,012");  // past a 32-bit long
}

TEST_CASE("rounded_sum_differs: when the terms as shown add up to another number than the result") {
    using capiton::ui::rounded_sum_differs;
    CHECK_FALSE(rounded_sum_differs({0.5f, 0.25f}, {2.0f, 4.0f}));  // 1 + 1 = 2.00 either way
    CHECK(rounded_sum_differs({0.004f, 0.004f}, {1.0f, 1.0f}));      // 0.00 + 0.00 shown, 0.01 is the result
    // a case like the page's: 2.314×2.934 + (−4.266)×(−1.806) + (−2.324)×3.336 + (−2.236)×2.704 = 0.69
    // (to two decimals), while the terms as shown, 2.31×2.93 + 4.27×1.81 − 2.32×3.34 − 2.24×2.70, make 0.70
    CHECK(rounded_sum_differs({2.314f, -4.266f, -2.324f, -2.236f}, {2.934f, -1.806f, 3.336f, 2.704f}));
    CHECK_FALSE(rounded_sum_differs({}, {}));
    CHECK_FALSE(rounded_sum_differs({0.125f}, {1.0f}));  // shown 0.12 × 1.00 = 0.12, as printf rounds the tie
}

TEST_CASE("format_ratio: three significant digits, large ratios written out with thousands separated") {
    CHECK(format_ratio(1.0) == "1");
    CHECK(format_ratio(10.2) == "10.2");
    CHECK(format_ratio(999.4) == "999");
    CHECK(format_ratio(1000.0) == "1,000");
    CHECK(format_ratio(12345.0) == "12,300");
    CHECK(format_ratio(2.69e6) == "2,690,000");
    CHECK(format_ratio(2694999.0) == "2,690,000");
    CHECK(format_ratio(123456789012.0) == "123,000,000,000");
    CHECK(format_ratio(2e15) == "2e+15");
    CHECK(format_ratio(INFINITY) == "inf");
}

TEST_CASE("format_short: three significant digits, NaN and ±∞ as they are") {
    CHECK(format_short(3.0f) == "3");
    CHECK(format_short(0.5f) == "0.5");
    CHECK(format_short(-0.5f) == "\xe2\x88\x92" "0.5");
    CHECK(format_short(-0.0f) == "0");  // no minus for a zero
    CHECK(real_minus("-0.000") == "0.000");  // a cosine of −0.0002 written to three places
    CHECK(real_minus("-0.001") == "\xe2\x88\x92" "0.001");
    CHECK(format_short(1234.5f) == "1.23e+03");
    CHECK(format_short(std::nanf("")) == "NaN");
    CHECK(format_short(kInf) == "+\xe2\x88\x9e");
    CHECK(format_short(-kInf) == "\xe2\x88\x92\xe2\x88\x9e");
}

TEST_CASE("percent: a fraction as a whole percentage") {
    CHECK(percent(0.37f) == "37%");
    CHECK(percent(1.0f) == "100%");
    CHECK(percent(0.0f) == "0%");
    CHECK(percent(0.9996f) == ">99%");  // a softmax weight short of 1
    CHECK(percent(0.994f) == "99%");
    CHECK(percent(0.0004f) == "<1%");
    CHECK(percent(0.006f) == "1%");
    CHECK(percent(0.995f) == ">99%");  // 99.5000005 as a float: printed "100%", and less than 1
    CHECK(percent(0.005f) == "<1%");   // 0.4999999: printed "0%", and more than 0
    CHECK(percent(-0.0f) == "0%");
    CHECK(percent(0.9999f, "超过 99%", "不到 1%") == "超过 99%");
}

TEST_CASE("short_label: an ellipsis after N code points, cut between UTF-8 sequences") {
    CHECK(short_label("hello") == "hello");
    CHECK(short_label("abcdefghi") == "abcdefghi");            // 9 code points: kept
    CHECK(short_label("abcdefghij") == "abcdefghi\xe2\x80\xa6");  // 10: cut after 9
    CHECK(short_label("abcdef", 3) == "abc\xe2\x80\xa6");
    // 我在天空中看到一只鸟: 10 code points, 30 bytes
    const std::string bird = "\xe6\x88\x91\xe5\x9c\xa8\xe5\xa4\xa9\xe7\xa9\xba\xe4\xb8\xad\xe7\x9c\x8b\xe5\x88\xb0"
                             "\xe4\xb8\x80\xe5\x8f\xaa\xe9\xb8\x9f";
    CHECK(short_label(bird) == bird.substr(0, 27) + "\xe2\x80\xa6");  // 我在天空中看到一只…
    CHECK(short_label(bird, 3) == "\xe6\x88\x91\xe5\x9c\xa8\xe5\xa4\xa9\xe2\x80\xa6");  // 我在天…
    CHECK(short_label(bird, 10) == bird);
    CHECK(short_label("a\xe6\x88\x91" "b", 2) == "a\xe6\x88\x91\xe2\x80\xa6");  // a我…
    CHECK(short_label("", 3).empty());
    CHECK(kLabelInGrid < kLabelInText);
}

TEST_CASE("split_words: words between spaces, no empty ones") {
    CHECK(split_words("I ate an apple") == std::vector<std::string>{"I", "ate", "an", "apple"});
    CHECK(split_words("  a  bb c ") == std::vector<std::string>{"a", "bb", "c"});
    CHECK(split_words("").empty());
    CHECK(split_words("   ").empty());
}

TEST_CASE("token_in_text: a repeated word with its place, from 1") {
    const std::vector<std::string> t = {"dog", "sees", "the", "dog", "in", "the", "park"};
    CHECK(token_in_text(t, 0) == "dog\u00a0(1)");
    CHECK(token_in_text(t, 3) == "dog\u00a0(4)");
    CHECK(token_in_text(t, 1) == "sees");
    CHECK(token_in_text(t, 5) == "the\u00a0(6)");
    CHECK(token_in_text({"a-very-long-word-that-goes-on-and-on", "x"}, 0) == "a-very-long-word-that-go\xe2\x80\xa6");
}

TEST_CASE("ends_sentence: a quoted text that ends a sentence takes no full stop after its closing quote") {
    CHECK(ends_sentence("Who is it?"));
    CHECK(ends_sentence("I saw a bird."));
    CHECK(ends_sentence("Run!"));
    CHECK(ends_sentence("I saw a bird in the sky and\u2026"));  // its own ellipsis (one short_label cut is not asked)
    CHECK(ends_sentence("\u4f60\u597d\u3002"));                 // 你好。
    CHECK(ends_sentence("\u8c01\uff1f"));                       // 谁？
    CHECK_FALSE(ends_sentence("I saw a bird"));
    CHECK_FALSE(ends_sentence("\u6211\u770b\u5230\u4e00\u53ea\u9e1f"));  // 我看到一只鸟
    CHECK_FALSE(ends_sentence(""));
}

TEST_CASE("subscript: a whole number in subscript digits, as the formulas write indices") {
    CHECK(subscript(4) == "\u2084");
    CHECK(subscript(10) == "\u2081\u2080");
    CHECK(subscript(-2) == "-\u2082");
}

TEST_CASE("axis_ticks: a chart's y values, round ones, from the bottom up") {
    const auto same = [](const std::vector<float>& got, const std::vector<float>& want) {
        REQUIRE(got.size() == want.size());
        for (std::size_t i = 0; i < want.size(); ++i) CHECK(got[i] == doctest::Approx(want[i]).epsilon(1e-5));
    };
    same(axis_ticks(0.0f, 1.0f, false), {0.0f, 0.5f, 1.0f});          // attention weights, accuracy
    same(axis_ticks(0.0f, 10.0f, false), {0.0f, 5.0f, 10.0f});        // the poem model's loss
    same(axis_ticks(0.0f, 0.0413f, false), {0.0f, 0.02f, 0.04f});     // a gradient's size: within the range
    same(axis_ticks(0.0f, 0.9f, false), {0.0f, 0.25f, 0.5f, 0.75f});  // steps of 2.5 × 0.1 (≤ half of 0.9)
    same(axis_ticks(1e-6f, 10.0f, true), {1e-6f, 1e-3f, 10.0f});      // a training loss, log scale
    same(axis_ticks(1e-4f, 10.0f, true), {1e-4f, 1e-2f, 10.0f});
    same(axis_ticks(0.5f, 0.9f, true), {});                           // no power of ten inside
    CHECK(axis_ticks(1.0f, 1.0f, false).empty());
    CHECK(axis_ticks(0.0f, 1.0f, true).empty());                      // a log scale from 0
    same(axis_ticks(-0.2f, 0.2f, false), {-0.2f, 0.0f, 0.2f});          // multiples of the step: 0 exactly
    CHECK(axis_ticks(-0.2f, 0.2f, false)[1] == 0.0f);
    same(axis_ticks(0.3f, 1.0f, false), {0.5f, 0.75f, 1.0f});          // round values, not 0.3 + steps
    CHECK(axis_ticks(5.0f, 5.0000005f, false).empty());                // too narrow for a float
    CHECK(axis_label(5000.0f, false) == "5.00 \u00D7 10\u00B3");
}

TEST_CASE("axis_label: powers of ten in superscript on a log scale") {
    CHECK(axis_label(1e-6f, true) == "10\u207B\u2076");
    CHECK(axis_label(1e-3f, true) == "10\u207B\u00B3");
    CHECK(axis_label(1e-12f, true) == "10\u207B\u00B9\u00B2");
    CHECK(axis_label(1.0f, true) == "1");
    CHECK(axis_label(10.0f, true) == "10");
    CHECK(axis_label(100.0f, true) == "10\u00B2");
    CHECK(axis_label(0.5f, false) == "0.5");
    CHECK(axis_label(0.0f, false) == "0");
}

TEST_CASE("percent_fine: a drawn character's small probability is never written as 0.0%") {
    CHECK(percent_fine(0.123f) == "12.3%");
    CHECK(percent_fine(0.01f) == "1.0%");
    CHECK(percent_fine(0.00047f) == "0.047%");
    CHECK(percent_fine(0.0000123f) == "0.0012%");
    CHECK(percent_fine(0.000000049f) == "<0.001%");
    CHECK(percent_fine(0.0f) == "<0.001%");
    CHECK(percent_fine(NAN) == "NaN");
}

TEST_CASE("format_prose: a number in a sentence, powers of ten written as a student reads them") {
    CHECK(format_prose(0.461f) == "0.461");
    CHECK(format_prose(0.00264f) == "0.00264");
    CHECK(format_prose(4.2f) == "4.2");
    CHECK(format_prose(0.0f) == "0");
    CHECK(format_prose(4.47e-5f) == "4.47 \u00D7 10\u207B\u2075");
    CHECK(format_prose(9.999e-5f) == "1.00 \u00D7 10\u207B\u2074");  // rounded up to the next power
    CHECK(format_prose(-2.5e-7f) == "\u22122.50 \u00D7 10\u207B\u2077");
    CHECK(format_prose(3.2e7f) == "3.20 \u00D7 10\u2077");
    CHECK(format_prose(1234.0f) == "1.23 \u00D7 10\u00B3");  // "1.23e+03" is what "%.3g" writes
    CHECK(format_prose(999.4f) == "999");
    CHECK(format_prose(999.6f) == "1.00 \u00D7 10\u00B3");
    CHECK(format_prose(-0.0f) == "0");
    CHECK(format_prose(1e-9f) == "1.00 \u00D7 10\u207B\u2079");
}

TEST_CASE("joined_words: words as they are written, punctuation on the right side of its space") {
    using W = std::vector<std::string>;
    CHECK(joined_words(W{"I", "saw", "a", "bird", "."}) == "I saw a bird.");
    CHECK(joined_words(W{"I", "saw", "a", "bird", "(", "in", "the", "sky", ")"}) == "I saw a bird (in the sky)");
    CHECK(joined_words(W{"he", "said", "\"", "hi", "\"", "twice"}) == "he said \"hi\" twice");
    CHECK(joined_words(W{"I", "saw", "50", "%", "of", "them"}) == "I saw 50% of them");
    CHECK(joined_words(W{"a", "bird", "[", "in", "the", "sky", "]", "flew"}) == "a bird [in the sky] flew");
    CHECK(joined_words(W{"it", "costs", "$", "5"}) == "it costs $5");
    // 我在天空中看到一只鸟。: no space between Chinese words, none before 。
    CHECK(joined_words(W{"\u6211", "\u5728", "\u5929\u7a7a", "\u3002"}) == "\u6211\u5728\u5929\u7a7a\u3002");
    CHECK(joined_words(W{"\u300a", "\u4e66", "\u300b"}) == "\u300a\u4e66\u300b");  // 《书》
    // an unknown word marked, and then a space between every two words (but not before punctuation)
    CHECK(joined_words(W{"\u732b", "\u5728", "\u6cb3\u8fb9", "\u7761\u89c9", "\u3002"}, {true, false, true, false, false}) ==
          "\u732b(?) \u5728 \u6cb3\u8fb9(?) \u7761\u89c9\u3002");
    CHECK(joined_words(W{}).empty());
}
