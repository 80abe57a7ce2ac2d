// Fuzz target: the CSV export (export.h) of matrices whose labels and values come from the input.
// The CSV is read back by RFC 4180's rules; then
//   every line holds the fields written (name and caption; a corner and the column labels; a row
//   label and the values), each label exactly as given or, when it starts with = + - @ tab or CR,
//   with one apostrophe before it;
//   no field starts with = + - @ tab or CR unless it is a plain decimal number (what spreadsheets
//   read as a number, not a formula): "-Infinity" included;
//   each finite value reads back as the same float.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/export.h"
#include "fuzz.h"

namespace {

using Line = std::vector<std::string>;

// RFC 4180: fields separated by ',', records by CRLF, a quoted field may hold , " CR LF ("" is one ").
bool read_csv(const std::string& s, std::vector<Line>* lines) {
    Line line;
    std::string field;
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] == '"') {
            for (++i;; ++i) {
                if (i >= s.size()) return false;
                if (s[i] == '"') {
                    if (i + 1 < s.size() && s[i + 1] == '"') {
                        field += '"';
                        ++i;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += s[i];
            }
        }
        while (i < s.size() && s[i] != ',' && s[i] != '\r') {
            if (s[i] == '"' || s[i] == '\n') return false;  // a quote or line break in an unquoted field
            field += s[i++];
        }
        if (i >= s.size()) return false;  // every record ends with CRLF
        line.push_back(std::move(field));
        field.clear();
        if (s[i] == ',') {
            ++i;
            continue;
        }
        if (s.compare(i, 2, "\r\n") != 0) return false;
        i += 2;
        lines->push_back(std::move(line));
        line.clear();
    }
    return line.empty() && field.empty();
}

bool formula_start(const std::string& f) {
    return !f.empty() && (f[0] == '=' || f[0] == '+' || f[0] == '-' || f[0] == '@' || f[0] == '\t' || f[0] == '\r');
}

// -?digits[.digits][e±digits]: read by a spreadsheet as a number.
bool plain_number(const std::string& f) {
    std::size_t i = f[0] == '-' ? 1 : 0;
    const auto digits = [&] {
        const std::size_t from = i;
        while (i < f.size() && f[i] >= '0' && f[i] <= '9') ++i;
        return i > from;
    };
    if (!digits()) return false;
    if (i < f.size() && f[i] == '.') {
        ++i;
        if (!digits()) return false;
    }
    if (i < f.size() && (f[i] == 'e' || f[i] == 'E')) {
        ++i;
        if (i < f.size() && (f[i] == '+' || f[i] == '-')) ++i;
        if (!digits()) return false;
    }
    return i == f.size();
}

bool label_written(const std::string& field, const std::string& label) {
    return formula_start(label) ? field == "'" + label : field == label;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    std::vector<capiton::LabelledMatrix> ms(in.ConsumeIntegralInRange<std::size_t>(1, 3));
    for (capiton::LabelledMatrix& lm : ms) {
        lm.name = in.ConsumeRandomLengthString(24);
        lm.caption = in.ConsumeRandomLengthString(24);
        const int rows = in.ConsumeIntegralInRange(0, 4), cols = in.ConsumeIntegralInRange(0, 4);
        for (int i = in.ConsumeIntegralInRange(0, rows); i > 0; --i)
            lm.rows.push_back(in.ConsumeRandomLengthString(12));
        for (int j = 0; j < cols; ++j) lm.cols.push_back(in.ConsumeRandomLengthString(12));
        lm.m.resize(rows, cols);
        for (int i = 0; i < rows; ++i)
            for (int j = 0; j < cols; ++j) {
                const std::uint32_t bits = in.ConsumeIntegral<std::uint32_t>();
                float x;
                std::memcpy(&x, &bits, sizeof x);  // any float: NaN, ±∞, subnormals included
                lm.m(i, j) = x;
            }
    }

    std::vector<Line> lines;
    FUZZ_CHECK(read_csv(capiton::to_csv(ms), &lines));
    for (const Line& line : lines)
        for (const std::string& field : line) FUZZ_CHECK(!formula_start(field) || plain_number(field));

    std::size_t k = 0;
    for (std::size_t n = 0; n < ms.size(); ++n) {
        const capiton::LabelledMatrix& lm = ms[n];
        if (n) {
            FUZZ_CHECK(k < lines.size() && lines[k] == Line{""});
            ++k;
        }  // the empty line between matrices
        FUZZ_CHECK(k + 2 + static_cast<std::size_t>(lm.m.rows()) <= lines.size());
        FUZZ_CHECK(lines[k].size() == 2 && label_written(lines[k][0], lm.name) &&
                   label_written(lines[k][1], lm.caption));
        ++k;
        FUZZ_CHECK(lines[k].size() == lm.cols.size() + 1 && lines[k][0].empty());
        for (std::size_t j = 0; j < lm.cols.size(); ++j) FUZZ_CHECK(label_written(lines[k][j + 1], lm.cols[j]));
        ++k;
        for (Eigen::Index i = 0; i < lm.m.rows(); ++i, ++k) {
            const std::size_t r = static_cast<std::size_t>(i);
            FUZZ_CHECK(lines[k].size() == static_cast<std::size_t>(lm.m.cols()) + 1);
            FUZZ_CHECK(label_written(lines[k][0], r < lm.rows.size() ? lm.rows[r] : ""));
            for (Eigen::Index j = 0; j < lm.m.cols(); ++j) {
                const float x = lm.m(i, j);
                const std::string& field = lines[k][static_cast<std::size_t>(j) + 1];
                if (std::isfinite(x))
                    FUZZ_CHECK(plain_number(field) && std::strtof(field.c_str(), nullptr) == x);
                else
                    FUZZ_CHECK(!plain_number(field));
            }
        }
    }
    FUZZ_CHECK(k == lines.size());
    return 0;
}
