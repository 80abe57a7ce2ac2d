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

TEST_CASE("an initialism keeps its last dot; other words end before a dot") {
    CHECK(tokenize("A.I. is here.").tokens == Tokens{"A.I.", "is", "here", "."});
    CHECK(tokenize("birds, e.g. a crow").tokens == Tokens{"birds", ",", "e.g.", "a", "crow"});
    CHECK(tokenize("in the U.S.").tokens == Tokens{"in", "the", "U.S."});
    CHECK(tokenize("a.b.c").tokens == Tokens{"a.b.c"});               // no dot after it: as before
    CHECK(tokenize("AI. Then").tokens == Tokens{"AI", ".", "Then"});  // one word is no initialism
    CHECK(tokenize("A.Is.").tokens == Tokens{"A.Is", "."});           // two letters between dots
    CHECK(tokenize("v1.2.").tokens == Tokens{"v1.2", "."});
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

// Joiners, variation selectors and invisible format characters (issue 9): what a student expects is
// that a word or an emoji they see as one stays one token, and that what they cannot see is named.
TEST_CASE("a zero-width non-joiner or joiner stays inside the word or emoji it joins") {
    // Persian "می‌خواهم" (I want): می, ZWNJ U+200C, خواهم; one word, as it is without the ZWNJ.
    const std::string want = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645";
    CHECK(tokenize(want + " \u0628\u0631\u0648\u0645").tokens == Tokens{want, "\u0628\u0631\u0648\u0645"});
    // Hindi "क्‍षमा": a conjunct with ZWJ U+200D after the virama; one word.
    const std::string hindi = "\u0915\u094d\u200d\u0937\u092e\u093e";
    CHECK(tokenize("I said " + hindi).tokens == Tokens{"I", "said", hindi});
    // Emoji ZWJ sequences: family (man, ZWJ, woman, ZWJ, girl); heart on fire (heart, VS16, ZWJ, fire);
    // technologist with a skin tone (person, tone, ZWJ, laptop). One token each, in both languages.
    const std::string family = "\U0001F468\u200d\U0001F469\u200d\U0001F467";
    const std::string fire = "\u2764\ufe0f\u200d\U0001F525";
    const std::string coder = "\U0001F9D1\U0001F3FD\u200d\U0001F4BB";
    CHECK(tokenize("I saw a " + family + " in the sky").tokens == Tokens{"I", "saw", "a", family, "in", "the", "sky"});
    CHECK(tokenize(fire + coder + "!").tokens == Tokens{fire, coder, "!"});
    CHECK(tokenize("我看见" + family + "在天空").tokens == Tokens{"我", "看见", family, "在", "天空"});
    // without the joiners, three emoji are three tokens
    CHECK(tokenize("\U0001F468\U0001F469\U0001F467").tokens.size() == 3);
}

TEST_CASE("a joiner with nothing to join is refused, and named") {
    for (const char* s : {"\u200dbird", "bird\u200d", "a \u200d b", "\u200c", "\u9e1f\u200c \u5929\u7a7a"}) {
        CAPTURE(s);
        const auto r = tokenize(s);
        CHECK_FALSE(r.ok());
        CHECK(std::string(r.error_key) == "error.joiner");
        CHECK(r.error.find("joins nothing") != std::string::npos);
    }
    CHECK(tokenize("bird\u200d").error.find("U+200D") != std::string::npos);
    CHECK(tokenize("\u200c").error.find("U+200C") != std::string::npos);
}

TEST_CASE("variation selectors stay with their character") {
    // 葛 with the ideographic variation selector U+E0100; ᠠ with the Mongolian selector U+180B.
    CHECK(tokenize("\u845b\U000E0100\u57ce").tokens.front().rfind("\u845b\U000E0100", 0) == 0);
    CHECK(tokenize("the \u2603\ufe0e snowman").tokens == Tokens{"the", "\u2603\ufe0e", "snowman"});
    CHECK(tokenize("\u1820\u180b\u1821 x").tokens == Tokens{"\u1820\u180b\u1821", "x"});
}

TEST_CASE("invisible format characters are refused with a message naming them, English and Chinese around them") {
    struct Case {
        const char* character;
        const char* code;  // as the message writes it
        const char* key;
        const char* name;  // words of the English message
    };
    const Case cases[] = {
        {"\u00ad", "U+00AD", "error.soft_hyphen", "soft hyphen"},
        {"\u061c", "U+061C", "error.direction", "direction mark"},
        {"\u200f", "U+200F", "error.direction", "direction mark"},
        {"\u202e", "U+202E", "error.direction", "direction mark"},
        {"\u2067", "U+2067", "error.direction", "direction mark"},
        {"\u180e", "U+180E", "error.vowel_separator", "Mongolian vowel separator"},
        {"\u200b", "U+200B", "error.zero_width", "zero-width"},
        {"\u2060", "U+2060", "error.zero_width", "zero-width"},
        {"\ufeff", "U+FEFF", "error.zero_width", "zero-width"},
        {"\ufff9", "U+FFF9", "error.annotation", "annotation"},
        {"\ufffa", "U+FFFA", "error.annotation", "annotation"},
        {"\ufffb", "U+FFFB", "error.annotation", "annotation"},
        {"\U000E0001", "U+E0001", "error.tag", "tag character"},
        {"\U000E0067", "U+E0067", "error.tag", "tag character"},
        {"\U000E007F", "U+E007F", "error.tag", "tag character"},
    };
    for (const Case& c : cases)
        for (const std::string& sentence : {"I saw a bi" + std::string(c.character) + "rd in the sky",
                                            std::string(c.character) + "I saw a bird", "I saw a bird " + std::string(c.character),
                                            "\u6211\u770b\u89c1\u4e00\u53ea" + std::string(c.character) + "\u9e1f",
                                            "\u5929\u7a7a" + std::string(c.character)}) {
            CAPTURE(sentence);
            const auto r = tokenize(sentence);
            CHECK_FALSE(r.ok());
            CHECK(r.tokens.empty());
            REQUIRE(r.error_key);
            CHECK(std::string(r.error_key) == c.key);
            CHECK(r.error.find(c.code) != std::string::npos);
            CHECK(r.error.find(c.name) != std::string::npos);
        }
    // the flag of England is black flag + tag letters g b e n g + cancel tag: refused too (the tags are
    // invisible letters; the flag alone, and every flag made of regional indicators, are fine)
    CHECK_FALSE(tokenize("\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F").ok());
    CHECK(tokenize("\U0001F3F4 \U0001F1EC\U0001F1E7").ok());
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

TEST_CASE("a sentence's language: by its words, Chinese when as many hold a Chinese character as a Latin letter; emoji and symbols aside") {
    using capiton::language_of;
    using capiton::Language;
    using capiton::mixes_languages;
    CHECK(language_of(tokenize("I saw a bird").tokens) == Language::En);
    CHECK(language_of(tokenize("I love pizza \xf0\x9f\x98\x80 \xe2\x9c\x93").tokens) == Language::En);  // 😀 ✓
    CHECK(language_of({"\xe9\xb8\x9f"}) == Language::Zh);                                                   // 鸟
    CHECK(language_of({"\xe9\xb8\x9f", "bird"}) == Language::Zh);                                           // a tie: Chinese
    CHECK(language_of({"I", "saw", "a", "\xe9\xb8\x9f"}) == Language::En);                                  // three to one
    CHECK(language_of({"\xe6\x88\x91", "\xe7\x9c\x8b\xe5\x88\xb0", "bird"}) == Language::Zh);            // 我 看到 bird
    CHECK(language_of({"\xe3\x81\x82"}) == Language::En);  // あ: kana are not Chinese
    CHECK(language_of({}) == Language::En);
    CHECK(mixes_languages({"I", "saw", "a", "\xe9\xb8\x9f"}));
    CHECK_FALSE(mixes_languages({"I", "saw", "\xf0\x9f\x98\x80"}));
    CHECK_FALSE(mixes_languages({"\xe6\x88\x91", "1", "!"}));
    CHECK_FALSE(mixes_languages({}));
}
