// The catalog format, and the shipped texts: every key in both languages with the same placeholders.
#include <doctest.h>

#include <cstdio>
#include <set>
#include <string>
#include <tuple>

#include "core/catalog.h"
#include "core/fragment.h"
#include "core/session.h"
#include "core/tokenizer.h"
#include "ui/lang/lang.h"

using namespace capiton;

TEST_CASE("catalog: key = text lines, comments, escapes, errors with line numbers") {
    Catalog c;
    std::string err;
    REQUIRE(c.parse("# comment\n\na.b = one line\nc = two\\nlines and a \\\\ backslash\n", &err));
    CHECK(std::string(c.get("a.b")) == "one line");
    CHECK(std::string(c.get("c")) == "two\nlines and a \\ backslash");
    CHECK(std::string(c.get("missing.key")) == "missing.key");  // visible, not a crash
    CHECK_FALSE(c.parse("ok = 1\nno equals sign here\n", &err));
    CHECK(err.find("line 2") != std::string::npos);
    CHECK_FALSE(c.parse("k = 1\nk = 2\n", &err));
    CHECK(err.find("twice") != std::string::npos);
    CHECK(std::string(c.get("a.b")) == "one line");  // a failed parse keeps the old entries
    // Any other backslash stays as it is, also at the end of a line.
    REQUIRE(c.parse("d = C:\\dir\\x and \\\\n\\\n", &err));
    CHECK(std::string(c.get("d")) == "C:\\dir\\x and \\n\\");
}

TEST_CASE("format_conversions lists printf conversions in order") {
    CHECK(format_conversions("%s looks at %s (%.2f), 100%% sure, %lu, %04lX") ==
          std::vector<char>{'s', 's', 'f', 'u', 'X'});
    CHECK(format_conversions("none").empty());
}

TEST_CASE("English and Chinese have the same keys and the same placeholders") {
    Catalog en, zh;
    std::string err;
    REQUIRE_MESSAGE(en.parse(lang::catalog(Language::En), &err), "en.txt: " << err);
    REQUIRE_MESSAGE(zh.parse(lang::catalog(Language::Zh), &err), "zh.txt: " << err);
    for (const std::string& k : en.keys()) {
        CAPTURE(k);
        CHECK_MESSAGE(zh.has(k), "missing in zh.txt: " << k);
        if (zh.has(k)) {
            CHECK(format_conversions(en.get(k)) == format_conversions(zh.get(k)));
            CHECK(named_placeholders(en.get(k)) == named_placeholders(zh.get(k)));
        }
    }
    for (const std::string& k : zh.keys()) CHECK_MESSAGE(en.has(k), "missing in en.txt: " << k);
    CHECK(en.keys().size() > 90);
}

TEST_CASE("every stage has a title, a short name, a formula and a body in both languages") {
    Catalog en, zh;
    std::string err;
    REQUIRE(en.parse(lang::catalog(Language::En), &err));
    REQUIRE(zh.parse(lang::catalog(Language::Zh), &err));
    for (const char* stage : {"seq2seq", "similarity", "tokens", "embedding", "projection", "scores", "scale", "mask",
                              "softmax", "weighting", "output"})
        for (const char* part : {"title", "short", "formula", "body"}) {
            const std::string key = std::string("stage.") + stage + "." + part;
            CAPTURE(key);
            CHECK(en.has(key));
            CHECK(zh.has(key));
        }
}

TEST_CASE("the English catalog's error texts are the tokenizer's own messages") {
    Catalog en;
    std::string err;
    REQUIRE(en.parse(lang::catalog(Language::En), &err));
    char buf[256];
    std::snprintf(buf, sizeof buf, en.get("error.too_long"), static_cast<unsigned long>(kMaxInputBytes + 1),
                  static_cast<unsigned long>(kMaxInputBytes));
    CHECK(tokenize(std::string(kMaxInputBytes + 1, 'a')).error == buf);
    std::snprintf(buf, sizeof buf, en.get("error.utf8"), 3ul);
    CHECK(tokenize("abc\xff").error == buf);
    std::snprintf(buf, sizeof buf, en.get("error.control"), 7ul);
    CHECK(tokenize("bell\x07").error == buf);
    // each invisible character the tokenizer names: key, a sentence holding one, its code point
    const std::tuple<const char*, const char*, unsigned long> invisible[] = {
        {"error.soft_hyphen", "bi\u00adrd", 0xADul},     {"error.direction", "bird\u061c", 0x61Cul},
        {"error.vowel_separator", "\u180e", 0x180Eul},   {"error.zero_width", "\ufeffbird", 0xFEFFul},
        {"error.annotation", "\ufff9bird", 0xFFF9ul},    {"error.tag", "bird\U000E0041", 0xE0041ul},
        {"error.joiner", "bird\u200d", 0x200Dul}};
    for (const auto& c : invisible) {
        const char* key = std::get<0>(c);
        CAPTURE(key);
        REQUIRE(en.has(key));
        std::snprintf(buf, sizeof buf, en.get(key), std::get<2>(c));
        CHECK(tokenize(std::get<1>(c)).error == buf);
    }
    std::snprintf(buf, sizeof buf, en.get("error.too_many"), static_cast<unsigned long>(kMaxTokens));
    std::string many;
    for (int i = 0; i < 70; ++i) many += "w ";
    CHECK(tokenize(many).error == buf);
    CHECK(tokenize("").error == en.get("error.empty"));
    CHECK(tokenize("   ").error == en.get("error.spaces"));
}

TEST_CASE("named placeholders are listed and filled in any order") {
    CHECK(named_placeholders("{query} looks at {key} ({weight}); {query}") ==
          std::vector<std::string>{"key", "query", "weight"});
    const std::map<std::string, std::string> v = {{"query", "bird"}, {"key", "sky"}};
    CHECK(fill_placeholders("“{query}” → “{key}”, {unknown}", v) == "“bird” → “sky”, {unknown}");
    CHECK(fill_placeholders("“{key}”在“{query}”之后", v) == "“sky”在“bird”之后");
    CHECK(fill_placeholders("no braces {", v) == "no braces {");
}

TEST_CASE("a link's notes have a text in both catalogs, with one %s for each of their arguments") {
    Catalog en, zh;
    std::string err;
    REQUIRE(en.parse(lang::catalog(Language::En), &err));
    REQUIRE(zh.parse(lang::catalog(Language::Zh), &err));
    // one link per kind of note; each should give one (the last: one too many parts, counted)
    std::string many;
    for (int i = 0; i < 12; ++i) many += "zz" + std::to_string(i) + "=1&";
    std::string origins = "allow=";
    for (std::size_t i = 0; i <= kMaxAllowedOrigins; ++i) origins += "https://a" + std::to_string(i) + ".example,";
    const std::vector<std::pair<std::string, const char*>> links = {
        {std::string(kMaxFragmentBytes + 1, 'a'), "link.why.too_long"},
        {"%ff=1", "link.why.key_not_utf8"},
        {"colour=red", "link.why.unknown_key"},
        {"stage", "link.why.no_value"},
        {"t=1&t=2", "link.why.twice"},
        {"s=%ff", "link.why.value_not_utf8"},
        {"s=" + std::string(kMaxInputBytes + 1, 'a'), "link.why.sentence_too_long"},
        {"stage=nowhere", "link.why.bad_choice"},
        {"dk=3", "link.why.bad_choice"},
        {"heads=3", "link.why.bad_choice"},
        {"t=99", "link.why.bad_range"},
        {"draw=0", "link.why.bad_range"},
        {"layers=tea", "link.why.unknown_layer"},
        {"allow=javascript:x", "link.why.bad_origin"},
        {origins, "link.why.too_many_origins"},
        {"s=%E2%80%8B", "link.why.not_used"},  // a zero-width space: the tokenizer refuses the sentence
    };
    for (const auto& case_ : links) {
        const std::string& link = case_.first;
        const char* key = case_.second;
        const std::string shown = link.substr(0, 40);
        CAPTURE(shown);
        Session s;
        std::vector<std::string> allow;
        (void)apply_link(s, link, &allow);
        REQUIRE(s.link_notes().size() == 1);
        const Note& n = s.link_notes().front();
        REQUIRE(n.key);
        CHECK(std::string(n.key) == key);
        const std::size_t args = n.args.size() + (n.cause.ok() ? 0 : 1);
        CHECK(format_conversions(en.get(n.key)) == std::vector<char>(args, 's'));
        CHECK(format_conversions(zh.get(n.key)) == std::vector<char>(args, 's'));
    }
    Session s;
    std::vector<std::string> allow;
    (void)apply_link(s, many, &allow);
    REQUIRE(s.link_notes().size() == kMaxLinkWarnings);
    const Note& last = s.link_notes().back();
    CHECK(std::string(last.key) == "link.why.more");
    CHECK(last.args == std::vector<std::string>{std::to_string(12 - (kMaxLinkWarnings - 1))});
    CHECK(format_conversions(en.get(last.key)) == std::vector<char>{'s'});
}

TEST_CASE("the refusals a link's values can meet have a text in both catalogs, the English one the refusal's own") {
    Catalog en, zh;
    std::string err;
    REQUIRE(en.parse(lang::catalog(Language::En), &err));
    REQUIRE(zh.parse(lang::catalog(Language::Zh), &err));
    Session s;
    const Status refusals[] = {s.select_token(60), s.select_head(7), s.set_decode_step(40)};
    for (const Status& st : refusals) {
        CAPTURE(st.error);
        REQUIRE(st.error_key);
        REQUIRE(zh.has(st.error_key));
        char buf[256];
        std::snprintf(buf, sizeof buf, en.get(st.error_key), st.error_args[0], st.error_args[1]);
        CHECK(st.error == buf);
    }
}

TEST_CASE("layer texts use only the placeholders the UI fills") {
    Catalog en;
    std::string err;
    REQUIRE(en.parse(lang::catalog(Language::En), &err));
    for (const std::string& k : en.keys()) {
        if (k.rfind("layer.", 0) != 0) continue;
        CAPTURE(k);
        CHECK(format_conversions(en.get(k)).empty());  // never printf-formatted
        const bool apple = k.rfind("layer.apple.", 0) == 0;  // the apple layer fills its own set
        for (const std::string& name : named_placeholders(en.get(k))) {
            CAPTURE(name);
            if (apple)
                CHECK((name == "fruit_key" || name == "company_key" || name == "fruit_percent" ||
                       name == "company_percent" || name == "fruit_x" || name == "fruit_y" || name == "company_x" ||
                       name == "company_y" || name == "cosine"));
            else
                CHECK((name == "query" || name == "key" || name == "weight" || name == "percent" || name == "n" ||
                       name == "self_shared" || name == "self_separate" || name == "self_count"));
        }
    }
}

TEST_CASE("every language of the table has a catalog, with the same keys as English") {
    Catalog en;
    std::string err;
    REQUIRE(en.parse(lang::catalog(Language::En), &err));
    for (Language l : all_of<Language>()) {
        CAPTURE(id_of(l));
        REQUIRE(lang::kCatalogs[static_cast<std::size_t>(l)] != nullptr);
        Catalog c;
        REQUIRE_MESSAGE(c.parse(lang::kCatalogs[static_cast<std::size_t>(l)], &err), err);
        CHECK(c.keys() == en.keys());
    }
    Catalog zh;
    REQUIRE(zh.parse(lang::catalog(Language::Zh), &err));
    CHECK(std::string(zh.get("app.language")) == "\xe8\xaf\xad\xe8\xa8\x80");  // 语言: zh.txt, not another file
    CHECK(std::string(en.get("app.language")) == "Language");
}

TEST_CASE("every idea of the article maps to a stage that exists") {
    Catalog concepts;
    std::string err;
    REQUIRE_MESSAGE(concepts.parse(lang::kConcepts, &err), "concepts.txt: " << err);
    REQUIRE(concepts.keys().size() >= 20);
    std::set<std::string> taught;
    for (const std::string& k : concepts.keys()) {
        CAPTURE(k);
        CHECK(k.rfind("concept.", 0) == 0);
        Stage st;
        CHECK_MESSAGE(from_id(concepts.get(k), &st), "no stage \"" << concepts.get(k) << "\"");
        taught.insert(concepts.get(k));
    }
    // The stages the article motivates all have at least one of its ideas.
    for (const char* id : {"seq2seq", "similarity", "projection", "scores", "scale", "softmax", "weighting", "output"})
        CHECK_MESSAGE(taught.count(id) == 1, id);
}
