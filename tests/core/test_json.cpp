#include <doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

#include "core/json.h"
#include "core/numbers.h"

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

TEST_CASE("the writer's settings: a float's shortest decimal that reads back as the same float") {
    json::Writer w;
    w.begin_array().setting(0.3f).setting(0.8f).setting(1234567.0f).setting(1e-5f).setting(-2.5f).setting(20.0f).number(0.3f);
    w.setting(std::nanf("")).end_array();
    // plain decimals, as a link writes them (20, not 2e+01); number(): nine digits, as matrices
    CHECK(w.text() == "[0.3,0.8,1234567,0.00001,-2.5,20,0.300000012,\"NaN\"]");
    json::Writer tiny;  // no plain decimal of nine places reads back: %.9g
    tiny.setting(1e-30f);
    CHECK(tiny.text() == "1e-30");
    for (float x : {0.3f, 0.1f, 3.14159274f, 1e-30f, 88.7228391f}) {  // each reads back exactly
        json::Writer one;
        one.setting(x);
        CHECK(static_cast<float>(std::strtod(one.text().c_str(), nullptr)) == x);
    }
}

TEST_CASE("a double's shortest decimal: whole numbers as written, fractions as short as reads back") {
    CHECK(capiton::shortest_decimal(20.0) == "20");
    CHECK(capiton::shortest_decimal(100000.0) == "100000");
    CHECK(capiton::shortest_decimal(1000000.0) == "1000000");
    CHECK(capiton::shortest_decimal(0.1) == "0.1");
    CHECK(capiton::shortest_decimal(-2.5) == "-2.5");
    CHECK(capiton::shortest_decimal(0.0) == "0");
    CHECK(capiton::shortest_decimal(12.25) == "12.25");
    CHECK(capiton::shortest_decimal(-0.0) == "-0");
    CHECK(capiton::shortest_decimal(1e300) == "1e+300");  // not 301 digits
    CHECK(capiton::shortest_decimal(1e-20) == "1e-20");
    CHECK(capiton::shortest_decimal(123456789012345.0) == "123456789012345");  // below 1e15: as written
    for (double x : {0.3, 1.0 / 3.0, 3.141592653589793, 1e-7, 123456789.125, 1e300, 1e-20, -2.5e-300}) {  // each reads back exactly
        CAPTURE(x);
        CHECK(std::strtod(capiton::shortest_decimal(x).c_str(), nullptr) == x);
    }
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
    CHECK(json::parse(huge, &v, &e, json::kMaxSnapshotBytes));  // the training worker's larger limit
    CHECK(v.string.size() == json::kMaxTextBytes);
}

TEST_CASE("reading: an object of 60,000 keys is read whole, and a repeat of its first key at its end is refused (keys compared sorted, not each with all before it)") {
    std::string text = "{";
    for (int k = 0; k < 60000; ++k) text += (k ? ",\"k" : "\"k") + std::to_string(k) + "\":" + std::to_string(k % 7);
    json::Value v;
    std::string e;
    REQUIRE(json::parse(text + "}", &v, &e));
    REQUIRE(v.object.size() == 60000u);
    CHECK(v.object[59999].first == "k59999");
    CHECK(v.find("k12345")->number == 12345 % 7);
    CHECK_FALSE(json::parse(text + ",\"k0\":1}", &v, &e));
    CHECK(e.find("twice") != std::string::npos);
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

// The shortcut for JSON numbers (numbers.h, json_number_c) against the C library's strtod: the same
// double, bit for bit, for the numbers capiton writes (floats at 9 significant digits, doubles at
// 17) and for the cases at the shortcut's edges, which go to strtod.
TEST_CASE("json numbers: the fast reading gives strtod's double, bit for bit") {
    const auto same = [](const std::string& text) {
        const double fast = capiton::json_number_c(text), slow = std::strtod(text.c_str(), nullptr);
        std::uint64_t a = 0, b = 0;
        std::memcpy(&a, &fast, sizeof a);
        std::memcpy(&b, &slow, sizeof b);
        return a == b;
    };
    for (const char* t : {"0", "-0", "0.0", "1", "-1", "0.5", "10", "1e22", "1e23", "9007199254740993", "123456789012345",
                          "1234567890123456", "0.000001", "1e-22", "1e-23", "4.9e-324", "2.2250738585072014e-308",
                          "1.7976931348623157e308", "0.1", "0.3", "3.14159274", "1E+2", "1e-0", "00.5e1",
                          "0.00000000000000000000000000001", "123456789e-30", "1e400", "-1e-400"})
        CHECK_MESSAGE(same(t), t);
    std::uint64_t state = 12345;
    const auto next = [&] {  // xorshift64: any bit pattern
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    char buf[64];
    int tried = 0;
    for (int k = 0; k < 50000; ++k) {
        const std::uint64_t bits = next();
        float f;
        const std::uint32_t b32 = static_cast<std::uint32_t>(bits);
        std::memcpy(&f, &b32, sizeof f);
        double d;
        std::memcpy(&d, &bits, sizeof d);
        if (std::isfinite(f)) {
            std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(f));
            tried++;
            CHECK_MESSAGE(same(buf), buf);
            CHECK(static_cast<float>(capiton::json_number_c(buf)) == f);  // a float written reads back as itself
        }
        if (std::isfinite(d)) {
            std::snprintf(buf, sizeof buf, "%.17g", d);
            CHECK_MESSAGE(same(buf), buf);
        }
    }
    CHECK(tried > 49000);
}
