#include <doctest.h>

#include <limits>
#include <string>

#include "core/json.h"

using namespace capiton;

static std::string str(std::string_view s) {
    std::string o;
    json::append_string(o, s);
    return o;
}

TEST_CASE("strings are escaped so that they are safe anywhere") {
    CHECK(str("bird") == "\"bird\"");
    CHECK(str("say \"hi\"\\") == "\"say \\\"hi\\\"\\\\\"");
    CHECK(str("</script><b>&") == "\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\"");
    CHECK(str("a\nb\x01") == "\"a\\nb\\u0001\"");
    CHECK(str("x\xe2\x80\xa8y") == "\"x\\u2028y\"");
    CHECK(str("鸟") == "\"鸟\"");
}

TEST_CASE("bytes that are not UTF-8 are written as U+FFFD, one per bad byte: the output is always JSON") {
    CHECK(str("a\xff" "b") == "\"a\xef\xbf\xbd" "b\"");
    CHECK(str("cut \xe9\xb8") == "\"cut \xef\xbf\xbd\xef\xbf\xbd\"");                 // 鸟 without its last byte
    CHECK(str("\xed\xa0\x80") == "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");          // a UTF-16 surrogate
    CHECK(str("\xc0\xaf\xe9\xb8\x9f") == "\"\xef\xbf\xbd\xef\xbf\xbd\xe9\xb8\x9f\"");  // overlong '/', then 鸟
    json::Value v;
    std::string e;
    REQUIRE(json::parse(str("x\x80y"), &v, &e));
    CHECK(v.string == "x\xef\xbf\xbdy");
}

TEST_CASE("numbers: floats round-trip, non-finite values become strings") {
    std::string o;
    json::append_number(o, 0.1f);
    CHECK(o == "0.100000001");
    o.clear();
    json::append_number(o, -std::numeric_limits<float>::infinity());
    CHECK(o == "\"-Infinity\"");
    Matrix m(2, 2);
    m << 1, 2, 3, 4;
    o.clear();
    json::append_matrix(o, m);
    CHECK(o == "[[1,2],[3,4]]");
}

TEST_CASE("the writer places commas and nests") {
    json::Writer w;
    w.begin_object().key("a").integer(1).key("b").begin_array().string("x").boolean(true).null().end_array();
    w.key("c").begin_object().end_object().key("d").number(0.5).end_object();
    CHECK(w.text() == "{\"a\":1,\"b\":[\"x\",true,null],\"c\":{},\"d\":0.5}");
}

TEST_CASE("reading: well-formed JSON of every kind") {
    json::Value v;
    std::string e;
    REQUIRE(json::parse(" {\"type\":\"goTo\",\"n\":-1.5e2,\"ok\":true,\"no\":false,\"x\":null,\"list\":[1,[2],{}]} ", &v, &e));
    REQUIRE(v.is_object());
    CHECK(v.find("type")->string == "goTo");
    CHECK(v.find("n")->number == -150.0);
    CHECK(v.find("ok")->boolean);
    CHECK_FALSE(v.find("no")->boolean);
    CHECK(v.find("x")->type == json::Value::Type::Null);
    CHECK(v.find("list")->array.size() == 3);
    CHECK(v.find("missing") == nullptr);
    REQUIRE(json::parse("\"\\u9e1f\\ud83d\\ude00 \\\"\\\\\\/\\b\\f\\n\\r\\t\"", &v, &e));
    CHECK(v.string == "鸟\xf0\x9f\x98\x80 \"\\/\b\f\n\r\t");  // 鸟, 😀 from a surrogate pair
    REQUIRE(json::parse("\"鸟 raw UTF-8\"", &v, &e));
    CHECK(v.string == "鸟 raw UTF-8");
    REQUIRE(json::parse("0", &v, &e));
    CHECK(v.number == 0.0);
}

TEST_CASE("reading: anything else is refused with a reason, and the output is untouched") {
    const char* bad[] = {
        "",           "   ",         "{",            "{\"a\":1,}",   "[1,]",         "{'a':1}",      "{\"a\" 1}",
        "{a:1}",      "01",          "1.",           ".5",           "-",            "1e",           "+1",
        "NaN",        "Infinity",    "tru",          "nul",          "\"abc",        "\"a\\x\"",     "\"\\u12\"",
        "\"\\uZZZZ\"", "\"tab\there\"", "1 2",          "{} x",         "[1] ]",        "1e999",        "\"\\ud800\"",
        "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\ud800x\"", "{\"a\":1,\"a\":2}", "\"\xff\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\""};
    for (const char* text : bad) {
        CAPTURE(text);
        json::Value v;
        v.type = json::Value::Type::String;
        v.string = "untouched";
        std::string e;
        CHECK_FALSE(json::parse(text, &v, &e));
        CHECK_FALSE(e.empty());
        CHECK(v.string == "untouched");
    }
    std::string e;
    json::Value v;
    CHECK_FALSE(json::parse("\"\\ud800\"", &v, &e));
    CHECK(e == "The text is not valid Unicode (it contains a lone UTF-16 surrogate).");  // as the tokenizer words it
}

TEST_CASE("reading: limits on depth and size") {
    json::Value v;
    std::string e;
    const std::string deep_ok = std::string(json::kMaxDepth, '[') + std::string(json::kMaxDepth, ']');
    CHECK(json::parse(deep_ok, &v, &e));
    const std::string too_deep = std::string(json::kMaxDepth + 1, '[') + std::string(json::kMaxDepth + 1, ']');
    CHECK_FALSE(json::parse(too_deep, &v, &e));
    CHECK(e.find("deep") != std::string::npos);
    const std::string huge = "\"" + std::string(json::kMaxTextBytes, 'a') + "\"";
    CHECK_FALSE(json::parse(huge, &v, &e));
}

TEST_CASE("what the writer writes, the reader reads back") {
    const std::string text = "a \"quoted\" \\ </script> & \n\t\x01 鸟 \xe2\x80\xa8 😀";
    std::string o;
    json::append_string(o, text);
    json::Value v;
    std::string e;
    REQUIRE(json::parse(o, &v, &e));
    CHECK(v.string == text);
}
