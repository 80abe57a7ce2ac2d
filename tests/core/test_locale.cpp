// Numbers as text whatever the C locale: a program that embeds the core (or a library it loads) may
// call setlocale(LC_ALL, "de_DE.UTF-8"), after which printf writes "0,5" and strtod stops at the "."
// of "0.5". JSON, links, CSV and messages must still write and read one decimal point.
//
// Natively the test makes the locale itself (tests/CMakeLists.txt runs localedef into the build folder,
// CAPITON_TEST_LOCPATH) and checks that it really has a decimal comma, so the test means something.
// Emscripten's C library has no locales with another decimal point: there it passes as a plain check.
#include <doctest.h>

#include <clocale>
#include <cstdlib>
#include <limits>
#include <string>

#include "core/commands.h"
#include "core/export.h"
#include "core/fragment.h"
#include "core/json.h"
#include "core/session.h"

using namespace capiton;

namespace {

// setlocale(LC_ALL, "de_DE.UTF-8") for the test's duration, then back to "C".
struct GermanLocale {
    bool on = false;
    GermanLocale() {
#ifdef CAPITON_TEST_LOCPATH
        setenv("LOCPATH", CAPITON_TEST_LOCPATH, 1);
#endif
        on = std::setlocale(LC_ALL, "de_DE.UTF-8") != nullptr;
    }
    ~GermanLocale() {
        std::setlocale(LC_ALL, "C");
#ifdef CAPITON_TEST_LOCPATH
        unsetenv("LOCPATH");
#endif
    }
};

}  // namespace

TEST_CASE("numbers are written and read with a decimal point under a decimal-comma locale") {
    Session s;  // made before the locale changes, as the app's is
    GermanLocale german;
#ifndef __EMSCRIPTEN__
    REQUIRE(german.on);
    REQUIRE(std::string(std::localeconv()->decimal_point) == ",");
#endif
    SUBCASE("JSON: written and read") {
        std::string o;
        json::append_number(o, 0.25);
        CHECK(o == "0.25");
        json::Value v;
        std::string e;
        REQUIRE(json::parse("[1.5,-2.25e1]", &v, &e));
        CHECK(v.array[0].number == 1.5);
        CHECK(v.array[1].number == -22.5);
        CHECK(state_json(s).find("\"b\":[1.5,2.5]") != std::string::npos);  // the similarity stage's second vector
    }
    SUBCASE("links: a temperature read, and written back") {
        CHECK(parse_fragment("t=0.5&dt=2.5").temperature == 0.5f);
        CHECK(parse_fragment("t=0.5&dt=2.5").decode_temperature == 2.5f);
        std::vector<Note> warnings;
        apply_fragment(s, parse_fragment("t=2.5"), &warnings);
        CHECK(warnings.empty());
        CHECK(fragment_of(s).find("&t=2.5&") != std::string::npos);
        // a limit in a warning
        CHECK(parse_fragment("t=99").warnings.at(0).text.find("between 0.05 and 20") != std::string::npos);
    }
    SUBCASE("CSV: one field per value") {
        LabelledMatrix lm{"w", "", {"a"}, {"x", "y"}, Matrix(1, 2)};
        lm.m << 0.25f, -1.5f;
        CHECK(to_csv({lm}) == "w,\r\n,x,y\r\na,0.25,-1.5\r\n");
    }
    SUBCASE("page commands: a number given to setParam") {
        PageHost host;
        Page page{s, host, {}, {}, {}};
        CHECK(run_command(page, "{\"type\":\"setParam\",\"name\":\"t\",\"value\":2.25}") == "{\"ok\":true}");
        CHECK(s.lesson().config().temperature == 2.25f);
    }
}
