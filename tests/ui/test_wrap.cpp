// src/ui/wrap: line breaking that understands Chinese. The text is measured in "columns": a CJK
// character (U+2E80 and above) is two wide, anything else one, as in a terminal. Every expected
// result is worked out by hand from the rules in wrap.h.
#include <doctest.h>

#include <string>
#include <string_view>

#include "ui/wrap.h"

namespace {

float columns(std::string_view text) {
    float w = 0.0f;
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char b = static_cast<unsigned char>(text[i]);
        const std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
        for (std::size_t k = 1; k < len && i + k < text.size(); ++k)
            c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        w += c >= 0x2E80 ? 2.0f : 1.0f;
        i += len;
    }
    return w;
}

std::string wrap(std::string_view text, float width) { return capiton::ui::wrap_text(text, width, columns); }

}  // namespace

TEST_CASE("wrap: Latin text breaks at spaces, and the spaces at a break are dropped") {
    CHECK(wrap("the quick brown fox", 10.0f) == "the quick\nbrown fox");
    CHECK(wrap("aaa   bbb", 5.0f) == "aaa\nbbb");  // no trailing spaces on the first line
    CHECK(wrap("the quick brown fox", 100.0f) == "the quick brown fox");
}

TEST_CASE("wrap: a word with no break in it stays whole, even when too wide") {
    CHECK(wrap("abcdefghij", 4.0f) == "abcdefghij");
    CHECK(wrap("ab abcdefghij", 4.0f) == "ab\nabcdefghij");
}

TEST_CASE("wrap: a no-break space (U+00A0, as between a repeated word and its place) is no break") {
    // "the “dog (4)” barks": the line ends before the quoted label, never inside it
    CHECK(wrap("the \u201cdog\u00a0(4)\u201d barks", 10.0f) == "the\n\u201cdog\u00a0(4)\u201d\nbarks");
}

TEST_CASE("wrap: a space past the edge does not break the line early (it is dropped at the break)") {
    CHECK(wrap("aaa bbb ccc", 7.0f) == "aaa bbb\nccc");  // "aaa bbb" is 7 wide; the space after it is not counted
}

TEST_CASE("wrap: the text's own line breaks are kept") {
    CHECK(wrap("ab\ncd", 100.0f) == "ab\ncd");
    CHECK(wrap("one two\nthree four", 8.0f) == "one two\nthree\nfour");
    CHECK(wrap("ab\n", 100.0f) == "ab\n");
    CHECK(wrap("\n\nab", 100.0f) == "\n\nab");
    CHECK(wrap("", 10.0f).empty());
}

TEST_CASE("wrap: Chinese breaks between any two characters") {
    // 我在天空中看到一只鸟: ten characters, two columns each; four fit in 8 columns
    CHECK(wrap("\xe6\x88\x91\xe5\x9c\xa8\xe5\xa4\xa9\xe7\xa9\xba\xe4\xb8\xad\xe7\x9c\x8b\xe5\x88\xb0\xe4\xb8\x80"
               "\xe5\x8f\xaa\xe9\xb8\x9f", 8.0f) ==
          "\xe6\x88\x91\xe5\x9c\xa8\xe5\xa4\xa9\xe7\xa9\xba\n"   // 我在天空
          "\xe4\xb8\xad\xe7\x9c\x8b\xe5\x88\xb0\xe4\xb8\x80\n"   // 中看到一
          "\xe5\x8f\xaa\xe9\xb8\x9f");                           // 只鸟
}

TEST_CASE("wrap: never before closing punctuation (，。）」)") {
    // 你好，世界。 in 4 columns: "，" and "。" may not start a line, so each takes the character
    // before it along: 你 / 好， / 世 / 界。
    CHECK(wrap("\xe4\xbd\xa0\xe5\xa5\xbd\xef\xbc\x8c\xe4\xb8\x96\xe7\x95\x8c\xe3\x80\x82", 4.0f) ==
          "\xe4\xbd\xa0\n\xe5\xa5\xbd\xef\xbc\x8c\n\xe4\xb8\x96\n\xe7\x95\x8c\xe3\x80\x82");
    // with room for three characters: 你好， / 世界。
    CHECK(wrap("\xe4\xbd\xa0\xe5\xa5\xbd\xef\xbc\x8c\xe4\xb8\x96\xe7\x95\x8c\xe3\x80\x82", 6.0f) ==
          "\xe4\xbd\xa0\xe5\xa5\xbd\xef\xbc\x8c\n\xe4\xb8\x96\xe7\x95\x8c\xe3\x80\x82");
}

TEST_CASE("wrap: never after opening punctuation (（「)") {
    // 他说「你好」 in 6 columns: 他说 / 「你 / 好」 — 「 stays with 你, 」 with 好
    CHECK(wrap("\xe4\xbb\x96\xe8\xaf\xb4\xe3\x80\x8c\xe4\xbd\xa0\xe5\xa5\xbd\xe3\x80\x8d", 6.0f) ==
          "\xe4\xbb\x96\xe8\xaf\xb4\n\xe3\x80\x8c\xe4\xbd\xa0\n\xe5\xa5\xbd\xe3\x80\x8d");
    // 看（左）右 in 4 columns: 看 / （左） / 右 — the parenthesis is neither left open nor closed alone
    CHECK(wrap("\xe7\x9c\x8b\xef\xbc\x88\xe5\xb7\xa6\xef\xbc\x89\xe5\x8f\xb3", 4.0f) ==
          "\xe7\x9c\x8b\n\xef\xbc\x88\xe5\xb7\xa6\xef\xbc\x89\n\xe5\x8f\xb3");
}

TEST_CASE("wrap: Latin and Chinese mixed") {
    // "I saw 一只鸟 in the sky" in 10 columns: the Chinese words break inside, not as one block
    CHECK(wrap("I saw \xe4\xb8\x80\xe5\x8f\xaa\xe9\xb8\x9f in the sky", 10.0f) ==
          "I saw \xe4\xb8\x80\xe5\x8f\xaa\n\xe9\xb8\x9f in the\nsky");
    // a Latin word touching a Chinese one may break between them: "AI模型" in 3 columns
    CHECK(wrap("AI\xe6\xa8\xa1\xe5\x9e\x8b", 3.0f) == "AI\n\xe6\xa8\xa1\n\xe5\x9e\x8b");
}

TEST_CASE("wrap: which characters count as CJK and as punctuation") {
    using namespace capiton::ui;
    CHECK(is_cjk(U'\u6211'));   // 我
    CHECK(is_cjk(U'\u3002'));   // 。
    CHECK(is_cjk(U'\uFF0C'));   // ，
    CHECK_FALSE(is_cjk(U'a'));
    CHECK_FALSE(is_cjk(U'\u00e9'));  // é
    for (char32_t c : std::u32string_view(U"，。）」,.)")) CHECK(no_line_start(c));
    for (char32_t c : std::u32string_view(U"（「(")) CHECK(no_line_end(c));
    CHECK_FALSE(no_line_start(U'\u6211'));
    CHECK_FALSE(no_line_end(U'\u6211'));
}

TEST_CASE("wrap_formula: never inside brackets; at a space or between CJK characters outside them") {
    const auto formula = [](std::string_view text, float width) { return capiton::ui::wrap_formula(text, width, columns); };
    // "w = softmax(q · k / d)": q, ·, k, / and d are one column each (· is U+00B7, below U+2E80)
    CHECK(formula("w = softmax(q · k / d)", 18.0f) == "w =\nsoftmax(q · k / d)");
    CHECK(wrap("w = softmax(q · k / d)", 16.0f) == "w = softmax(q ·\nk / d)");  // wrap_text breaks inside
    // after the closing bracket, a break again
    CHECK(formula("f(a b) c d", 9.0f) == "f(a b) c\nd");
    CHECK(formula("f(a b) c d", 7.0f) == "f(a b)\nc d");
    CHECK(formula("x[i j] + y", 9.0f) == "x[i j]\n+ y");  // before the operator (next test case)
    // nested brackets: no break until the outer one closes…
    CHECK(formula("a (b (c d) e) f", 11.0f) == "a\n(b (c d) e)\nf");
    // …unless the bracket is wider than the line: then at a space inside it, as wrap_text would
    CHECK(formula("a (b (c d) e) f", 6.0f) == "a\n(b (c\nd) e)\nf");
    // a bracket that never closes does not stop the line from breaking
    CHECK(formula("x (y z w", 5.0f) == "x\n(y z\nw");
    // Chinese inside full-width brackets stays together too (13 columns); outside, it breaks between
    // characters
    CHECK(formula("词元（位置 编码）加", 13.0f) == "词元\n（位置 编码）\n加");
    CHECK(formula("词元（位置 编码）加", 12.0f) == "词元\n（位置 编\n码）加");  // 13 columns: broken inside
    CHECK(formula("no brackets at all here", 12.0f) == wrap("no brackets at all here", 12.0f));
}

TEST_CASE("wrap_formula: between its parts (after two or more spaces) rather than inside one") {
    const auto formula = [](std::string_view text, float width) { return capiton::ui::wrap_formula(text, width, columns); };
    CHECK(formula("a = b,   c = d + e", 12.0f) == "a = b,\nc = d + e");
    CHECK(wrap("a = b,   c = d + e", 11.0f) == "a = b,   c\n= d + e");
    // a part wider than the line still breaks at its single spaces
    CHECK(formula("a = b,   c = d + e", 5.0f) == "a =\nb,\nc = d\n+ e");
    // a line's leading spaces are an indent, not a place to break
    CHECK(formula("  + a + b", 6.0f) == "  + a\n+ b");
    CHECK(formula("  + a + b", 7.0f) == "  + a\n+ b");  // not "  + a +" and "b" alone
    CHECK(wrap("  ab cd", 5.0f) == "  ab\ncd");
}

TEST_CASE("wrap_formula: before a binary operator rather than after it; after \"=\" as before") {
    const auto formula = [](std::string_view text, float width) { return capiton::ui::wrap_formula(text, width, columns); };
    // the heads stage's formula on a narrow phone: "· W_O," starts a line, W_O never stands alone
    CHECK(formula("M = [h1 | h2] · W,   h = s(q) · V", 14.0f) == "M = [h1 | h2]\n· W,\nh = s(q) · V");
    CHECK(formula("M = [h1 | h2] · W,   h = s(q) · V", 9.0f) == "M =\n[h1 | h2]\n· W,\nh = s(q)\n· V");
    CHECK(formula("a × b − c", 6.0f) == "a × b\n− c");
    CHECK(formula("a × b − c", 4.0f) == "a\n× b\n− c");
    // "=" keeps breaking after itself
    CHECK(formula("a = b", 3.0f) == "a =\nb");
    // where the only break is after the operator, it is taken
    CHECK(formula("+ abc", 3.0f) == "+\nabc");
    // after an operator rather than inside a bracket
    CHECK(formula("X = E[词元] + PE(位置)", 9.0f) == "X =\nE[词元] +\nPE(位置)");
    CHECK(formula("a + (b c d e)", 9.0f) == "a +\n(b c d e)");
    // an operator inside a longer word is not one ("a·b" is a token)
    CHECK(formula("x a·b c", 5.0f) == "x a·b\nc");
    CHECK(wrap("a × b − c", 6.0f) == "a × b\n− c");  // wrap_text: at the last space that fits
}

TEST_CASE("wrapped_offset: a byte of the text found in its wrapped form, breaks put in and spaces dropped") {
    using capiton::ui::wrapped_offset;
    const std::string text = "the quick brown fox";
    const std::string wrapped = wrap(text, 10.0f);  // "the quick\nbrown fox" (the test above)
    REQUIRE(wrapped == "the quick\nbrown fox");
    CHECK(wrapped_offset(text, wrapped, 0) == 0);
    CHECK(wrapped_offset(text, wrapped, 4) == 4);    // "quick"
    CHECK(wrapped_offset(text, wrapped, 9) == 9);    // the space dropped at the break: where the break is
    CHECK(wrapped_offset(text, wrapped, 10) == 10);  // "brown", after the break
    CHECK(wrapped_offset(text, wrapped, text.size()) == wrapped.size());
    // Chinese: breaks put in, nothing dropped (each character is two columns, three bytes)
    const std::string zh = "\xe6\x98\x8e\xe6\x9c\x88\xe5\x85\x89\xe6\x98\x8e\xe6\x9c\x88";  // 明月光明月
    REQUIRE(wrap(zh, 6.0f) == "\xe6\x98\x8e\xe6\x9c\x88\xe5\x85\x89\n\xe6\x98\x8e\xe6\x9c\x88");
    CHECK(wrapped_offset(zh, wrap(zh, 6.0f), 3) == 3);
    CHECK(wrapped_offset(zh, wrap(zh, 6.0f), 9) == 9);    // the break put in just before 明: its offset
    CHECK(wrapped_offset(zh, wrap(zh, 6.0f), 12) == 13);  // 月, on the second line
    // the text's own line breaks are kept, not taken for breaks put in: "ab" ¶ "cd ef gh", the second
    // line wrapped at 5 columns ("cd ef" / "gh", the space dropped)
    const std::string own = "ab\ncd ef gh";
    REQUIRE(wrap(own, 5.0f) == "ab\ncd ef\ngh");
    CHECK(wrapped_offset(own, wrap(own, 5.0f), 3) == 3);    // "c", after the text's own break
    CHECK(wrapped_offset(own, wrap(own, 5.0f), 8) == 8);    // the space dropped: where the break put in is
    CHECK(wrapped_offset(own, wrap(own, 5.0f), 9) == 9);    // "g"
    CHECK(wrapped_offset(own, wrap(own, 5.0f), own.size()) == 11);
}

TEST_CASE("wrap: a paragraph does not end in one Chinese character alone") {
    // 一二三四五六七 is 14 columns: six fit in 12, and 七 would be left alone
    CHECK(wrap("\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03", 12.0f) == "\u4e00\u4e8c\u4e09\u56db\u4e94\n\u516d\u4e03");
    // with its closing punctuation (七。 cannot be split): the same
    CHECK(wrap("\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u3002", 12.0f) == "\u4e00\u4e8c\u4e09\u56db\u4e94\n\u516d\u4e03\u3002");
    // the line above would keep one character: left as it is
    CHECK(wrap("\u4e00\u4e8c\u4e09", 4.0f) == "\u4e00\u4e8c\n\u4e09");
    // two characters on the last line: nothing moves
    CHECK(wrap("\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b", 12.0f) == "\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\n\u4e03\u516b");
    // a Latin word alone on the last line is not a Chinese character: nothing moves
    CHECK(wrap("\u4e00\u4e8c\u4e09\u56db\u4e94\u516d ab", 12.0f) == "\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\nab");
    // a break at a space (dropped with the break): nothing moves, or 六 and 七 would lose the space between them
    CHECK(wrap("\u4e00\u4e8c\u4e09\u56db\u4e94\u516d \u4e03", 12.0f) == "\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\n\u4e03");
}
