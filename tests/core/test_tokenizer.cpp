#include <doctest.h>

#include <string>
#include <vector>

#include "core/segmenter.h"
#include "core/tokenizer.h"

using capiton::tokenize;
using Tokens = std::vector<std::string>;

TEST_CASE("English is split into words and punctuation") {
    CHECK(tokenize("I saw a bird in the sky").tokens == Tokens{"I", "saw", "a", "bird", "in", "the", "sky"});
    CHECK(tokenize("Hello, world!").tokens == Tokens{"Hello", ",", "world", "!"});
    CHECK(tokenize("  spaced   out\tand\nnewlines ").tokens == Tokens{"spaced", "out", "and", "newlines"});
}

TEST_CASE("apostrophes, hyphens and decimal points inside a word stay in it") {
    CHECK(tokenize("don't stop").tokens == Tokens{"don't", "stop"});
    CHECK(tokenize("a well-known bird").tokens == Tokens{"a", "well-known", "bird"});
    CHECK(tokenize("pi is 3.14.").tokens == Tokens{"pi", "is", "3.14", "."});
    CHECK(tokenize("'quoted' - dash").tokens == Tokens{"'", "quoted", "'", "-", "dash"});
}

TEST_CASE("Chinese is cut into words by the segmenter") {
    // Expected cuts written by hand (a reader's segmentation), one sentence per line.
    const std::pair<const char*, Tokens> cases[] = {
        {"我在天空中看到一只鸟", {"我", "在", "天空", "中", "看到", "一只", "鸟"}},
        {"我吃了一个苹果", {"我", "吃", "了", "一个", "苹果"}},
        {"他喝了一杯果汁", {"他", "喝", "了", "一杯", "果汁"}},
        {"森林里的树有年轮", {"森林", "里", "的", "树", "有", "年轮"}},
        {"树叶制造氧气", {"树叶", "制造", "氧气"}},
        {"我从树上摘了一个苹果", {"我", "从", "树", "上", "摘", "了", "一个", "苹果"}},  // 树 and 上: words of the world
        {"你好，世界！", {"你好", "，", "世界", "！"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.first);
        CHECK(tokenize(c.first).tokens == c.second);
    }
}

TEST_CASE("the lesson's Chinese words are one token each") {
    for (const char* w : {"苹果", "手机", "果汁", "天空", "森林", "年轮", "氧气"}) {
        CAPTURE(w);
        CHECK(tokenize(w).tokens == Tokens{w});
        CHECK(capiton::in_dictionary(w));
    }
}

TEST_CASE("the small world's words win over a dictionary word that spans them, and only then") {
    CHECK(tokenize("苹果公司").tokens == Tokens{"苹果", "公司"});   // the dictionary has 苹果公司
    CHECK(tokenize("苹果发布了新手机").tokens == Tokens{"苹果", "发布", "了", "新", "手机"});  // and 新手机
    CHECK(tokenize("鱼在河里").tokens == Tokens{"鱼", "在", "河", "里"});  // and 河里
    CHECK(tokenize("你好").tokens == Tokens{"你好"});  // 你 is a word of the world; 你好 is commoner than 你 + 好
    CHECK(tokenize("上海").tokens == Tokens{"上海"});  // 上 and 海 do not split a city
}

TEST_CASE("spaces typed between Chinese characters override the segmenter") {
    CHECK(tokenize("天 空").tokens == Tokens{"天", "空"});
    CHECK(tokenize("我在天 空中").tokens == Tokens{"我", "在", "天", "空中"});  // 空中 is a word too
    CHECK(tokenize("天空　森林").tokens == Tokens{"天空", "森林"});  // U+3000 ideographic space
}

TEST_CASE("the segmenter: unknown characters stay single, and the pieces give the run back") {
    CHECK(capiton::segment_chinese("").empty());
    CHECK(capiton::segment_chinese("鸟").size() == 1);
    const char* run = "我们今天在森林里看到很多鸟和一条河";
    std::string joined;
    for (const std::string& w : capiton::segment_chinese(run)) joined += w;
    CHECK(joined == run);
    CHECK(capiton::dictionary_words() > 30000);
    CHECK(capiton::word_log_probability("天空") > capiton::word_log_probability("𠀀"));  // an extension-B character
    CHECK(tokenize("𠀀𠀁").tokens == Tokens{"𠀀", "𠀁"});
}

TEST_CASE("the front-coded dictionary gives back whole words that share their first characters") {
    // Consecutive entries of python3-jieba's dict.txt, each stored as "shares k bytes with the one before".
    for (const char* w : {"一丝", "一丝一毫", "一丝不苟", "一下", "一下子", "人民", "人民币", "中国"}) {
        CAPTURE(w);
        CHECK(capiton::in_dictionary(w));
    }
    for (const char* w : {"一丝一", "人民币人", "中国人民"}) {  // prefixes and joins of those, not words
        CAPTURE(w);
        CHECK_FALSE(capiton::in_dictionary(w));
    }
    CHECK(capiton::word_log_probability("一下") > capiton::word_log_probability("一丝不苟"));  // jieba: 13,924 against 112
}

TEST_CASE("mixed Chinese and English") {
    CHECK(tokenize("I love 北京 and apples。").tokens == Tokens{"I", "love", "北京", "and", "apples", "。"});
    CHECK(tokenize("GPT模型").tokens == Tokens{"GPT", "模型"});
    CHECK(tokenize("苹果iPhone手机").tokens == Tokens{"苹果", "iPhone", "手机"});
}

TEST_CASE("kana stay one token per character, and a combining mark stays with the Chinese word before it") {
    CHECK(tokenize("ねこ").tokens == Tokens{"ね", "こ"});
    CHECK(tokenize("天空\xcc\x81").tokens == Tokens{"天空\xcc\x81"});
}

TEST_CASE("combining marks and emoji variation selectors stay with their character") {
    CHECK(tokenize("cafe\xcc\x81 ok").tokens == Tokens{"cafe\xcc\x81", "ok"});           // e + U+0301
    CHECK(tokenize("I \xe2\x9d\xa4\xef\xb8\x8f you").tokens == Tokens{"I", "\xe2\x9d\xa4\xef\xb8\x8f", "you"});
    CHECK(tokenize("Привет мир").tokens == Tokens{"Привет", "мир"});
}

TEST_CASE("empty and whitespace-only input give a clear error") {
    auto r = tokenize("");
    CHECK_FALSE(r.ok());
    CHECK(r.error.find("empty") != std::string::npos);
    r = tokenize(" \t\n \xe3\x80\x80 ");  // includes U+3000 ideographic space
    CHECK_FALSE(r.ok());
    CHECK(r.error.find("only spaces") != std::string::npos);
    CHECK(r.tokens.empty());
}

TEST_CASE("invalid UTF-8 is refused with the byte position") {
    const char* bad[] = {"abc\xff", "\xc0\xaf", "ok \xed\xa0\x80", "\xf4\x90\x80\x80", "cut \xe4\xb8", "\x80"};
    for (const char* s : bad) {
        CAPTURE(s);
        auto r = tokenize(s);
        CHECK_FALSE(r.ok());
        CHECK(r.error.find("not valid UTF-8") != std::string::npos);
        CHECK(r.tokens.empty());
    }
    CHECK(tokenize("abc\xff").error.find("position 3") != std::string::npos);
}

TEST_CASE("control and invisible formatting characters are refused") {
    CHECK_FALSE(tokenize("bell\x07").ok());
    CHECK_FALSE(tokenize("evil \xe2\x80\xae txt").ok());   // U+202E right-to-left override
    CHECK_FALSE(tokenize("zero\xe2\x80\x8bwidth").ok());   // U+200B zero-width space
    CHECK(tokenize("bell\x07").error.find("U+0007") != std::string::npos);
}

TEST_CASE("the token limit is 64") {
    std::string s;
    for (int i = 0; i < 64; ++i) s += "w ";
    CHECK(tokenize(s).tokens.size() == 64);
    s += "w";
    auto r = tokenize(s);
    CHECK_FALSE(r.ok());
    CHECK(r.error.find("Too many tokens") != std::string::npos);
    CHECK(r.tokens.empty());
    // 65 Chinese characters without spaces
    std::string zh;
    for (int i = 0; i < 65; ++i) zh += "鸟";
    CHECK_FALSE(tokenize(zh).ok());
}

TEST_CASE("input longer than the byte limit is refused before any work") {
    std::string huge(capiton::kMaxInputBytes + 1, 'a');
    auto r = tokenize(huge);
    CHECK_FALSE(r.ok());
    CHECK(r.error.find("too long") != std::string::npos);
    CHECK(tokenize(std::string(capiton::kMaxInputBytes, 'a')).ok());  // one long word is one token
}

TEST_CASE("decode_utf8 decodes every length and rejects overlong forms") {
    char32_t c = 0;
    CHECK(capiton::decode_utf8("A", 0, &c) == 1);
    CHECK(c == U'A');
    CHECK(capiton::decode_utf8("\xc3\xa9", 0, &c) == 2);
    CHECK(c == 0xE9);
    CHECK(capiton::decode_utf8("\xe9\xb8\x9f", 0, &c) == 3);  // 鸟 U+9E1F
    CHECK(c == 0x9E1F);
    CHECK(capiton::decode_utf8("\xf0\x9f\x90\xa6", 0, &c) == 4);  // 🐦 U+1F426
    CHECK(c == 0x1F426);
    CHECK(capiton::decode_utf8("\xe0\x80\xaf", 0, &c) == 0);  // overlong '/'
    CHECK(capiton::decode_utf8("\xf0\x80\x80\xaf", 0, &c) == 0);
}

TEST_CASE("token_key lower-cases ASCII only") {
    CHECK(capiton::token_key("The") == "the");
    CHECK(capiton::token_key("BIRD") == "bird");
    CHECK(capiton::token_key("Été") == "Été");  // non-ASCII unchanged (documented)
}
