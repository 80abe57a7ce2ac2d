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
