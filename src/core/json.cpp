#include "json.h"

#include <cmath>
#include <cstdio>

namespace capiton::json {

void append_string(std::string& out, std::string_view s) {
    out += '"';
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        char buf[8];
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            case '<': case '>': case '&':
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
                break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                           (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
                            static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
                    out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
                    i += 2;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    out += '"';
}

void append_number(std::string& out, double x) {
    if (std::isnan(x)) { out += "\"NaN\""; return; }
    if (std::isinf(x)) { out += x > 0 ? "\"Infinity\"" : "\"-Infinity\""; return; }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", x);  // 9 significant digits round-trip a float
    out += buf;
}

void append_matrix(std::string& out, const Matrix& m) {
    out += '[';
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        if (i) out += ',';
        out += '[';
        for (Eigen::Index j = 0; j < m.cols(); ++j) {
            if (j) out += ',';
            append_number(out, m(i, j));
        }
        out += ']';
    }
    out += ']';
}

void append_floats(std::string& out, const std::vector<float>& v) {
    out += '[';
    for (std::size_t k = 0; k < v.size(); ++k) {
        if (k) out += ',';
        append_number(out, v[k]);
    }
    out += ']';
}

void append_strings(std::string& out, const std::vector<std::string>& v) {
    out += '[';
    for (std::size_t k = 0; k < v.size(); ++k) {
        if (k) out += ',';
        append_string(out, v[k]);
    }
    out += ']';
}

}  // namespace capiton::json
