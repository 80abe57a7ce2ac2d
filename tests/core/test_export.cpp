// Stage exports: CSV that spreadsheets read safely, JSON like state().
#include <doctest.h>

#include <limits>
#include <string>

#include "core/export.h"

using namespace capiton;

namespace {
LabelledMatrix small() {
    LabelledMatrix lm{"weights", "each row sums to 1", {"I", ","}, {"I", ","}, Matrix(2, 2)};
    lm.m << 0.25f, 0.75f, 1.0f, -std::numeric_limits<float>::infinity();
    return lm;
}
}  // namespace

TEST_CASE("CSV: labels, values, quoting, CRLF") {
    const std::string csv = to_csv({small()});
    CHECK(csv ==
          "weights,each row sums to 1\r\n"
          ",I,\",\"\r\n"
          "I,0.25,0.75\r\n"
          "\",\",1,'-Infinity\r\n");
}

TEST_CASE("CSV: a value that is not a plain number never starts a field with = + - @") {
    // A spreadsheet runs "-Infinity" as a formula (#NAME?); the masked cell gets the apostrophe that
    // keeps it text, as a label would. Negative numbers stay numbers.
    LabelledMatrix lm{"masked", "", {"a"}, {"x", "y", "z", "w"}, Matrix(1, 4)};
    lm.m << -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::infinity(),
        std::numeric_limits<float>::quiet_NaN(), -0.5f;
    const std::string csv = to_csv({lm});
    CHECK(csv.find("a,'-Infinity,Infinity,NaN,-0.5\r\n") != std::string::npos);
}

TEST_CASE("CSV: quotes are doubled, formulas defused, several matrices separated by a blank line") {
    LabelledMatrix a{"Q", "say \"hi\"", {"=SUM(A1)", "+1", "-x", "@me", "ok"}, {"1"}, Matrix(5, 1)};
    a.m << 1, 2, 3, 4, 5;
    LabelledMatrix b{"K", "line\nbreak", {"a"}, {"1"}, Matrix(1, 1)};
    b.m << 0.1f;
    const std::string csv = to_csv({a, b});
    CHECK(csv.find("Q,\"say \"\"hi\"\"\"\r\n") == 0);
    CHECK(csv.find("'=SUM(A1),1\r\n") != std::string::npos);
    CHECK(csv.find("'+1,2\r\n") != std::string::npos);
    CHECK(csv.find("'-x,3\r\n") != std::string::npos);
    CHECK(csv.find("'@me,4\r\n") != std::string::npos);
    CHECK(csv.find("ok,5\r\n\r\nK,\"line\nbreak\"\r\n") != std::string::npos);
    CHECK(csv.find("a,0.100000001\r\n") != std::string::npos);  // 9 significant digits: the float exactly
}

TEST_CASE("JSON: the stage, the sentence and each matrix with its labels") {
    CHECK(to_json("softmax", "I ,", {small()}) ==
          "{\"capiton\":1,\"stage\":\"softmax\",\"sentence\":\"I ,\",\"matrices\":[{\"name\":\"weights\","
          "\"caption\":\"each row sums to 1\",\"rows\":[\"I\",\",\"],\"cols\":[\"I\",\",\"],"
          "\"values\":[[0.25,0.75],[1,\"-Infinity\"]]}]}");
}
