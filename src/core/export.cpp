#include "export.h"

#include <cmath>
#include <cstdio>

#include "json.h"
#include "numbers.h"

namespace capiton {

namespace {

std::string csv_field(const std::string& s) {
    std::string v = s;
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
        v = "'" + v;  // formula injection: keep it text
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}

std::string csv_number(float x) {
    // ±∞ are words to a spreadsheet, not numbers: "-Infinity" gets a label's care (it would run as a formula)
    if (std::isinf(x)) return csv_field(x < 0 ? "-Infinity" : "Infinity");
    if (std::isnan(x)) return "NaN";
    return printf_c("%.9g", static_cast<double>(x));
}

}  // namespace

std::string to_csv(const std::vector<LabelledMatrix>& ms) {
    std::string o;
    for (std::size_t k = 0; k < ms.size(); ++k) {
        const LabelledMatrix& lm = ms[k];
        if (k) o += "\r\n";
        o += csv_field(lm.name) + "," + csv_field(lm.caption) + "\r\n";
        for (const std::string& c : lm.cols) o += "," + csv_field(c);
        o += "\r\n";
        for (Eigen::Index i = 0; i < lm.m.rows(); ++i) {
            o += csv_field(static_cast<std::size_t>(i) < lm.rows.size() ? lm.rows[static_cast<std::size_t>(i)] : "");
            for (Eigen::Index j = 0; j < lm.m.cols(); ++j) o += "," + csv_number(lm.m(i, j));
            o += "\r\n";
        }
    }
    return o;
}

std::string to_json(const std::string& stage, const std::string& sentence, const std::vector<LabelledMatrix>& ms) {
    std::string o = "{\"capiton\":1,\"stage\":";
    json::append_string(o, stage);
    o += ",\"sentence\":";
    json::append_string(o, sentence);
    o += ",\"matrices\":[";
    for (std::size_t k = 0; k < ms.size(); ++k) {
        if (k) o += ',';
        o += "{\"name\":";
        json::append_string(o, ms[k].name);
        o += ",\"caption\":";
        json::append_string(o, ms[k].caption);
        o += ",\"rows\":";
        json::append_strings(o, ms[k].rows);
        o += ",\"cols\":";
        json::append_strings(o, ms[k].cols);
        o += ",\"values\":";
        json::append_matrix(o, ms[k].m);
        o += '}';
    }
    o += "]}";
    return o;
}

}  // namespace capiton
