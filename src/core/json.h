// capiton core: a minimal JSON writer for the page hook (state()) and exports.
// Strings are escaped so that the output is safe to embed anywhere (<, >, &, U+2028/9 escaped).
// Non-finite numbers are not JSON: they are written as the strings "Infinity", "-Infinity", "NaN",
// which the page turns back into numbers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "matrix.h"

namespace capiton::json {

void append_string(std::string& out, std::string_view s);
void append_number(std::string& out, double x);
void append_matrix(std::string& out, const Matrix& m);  // [[row0...],[row1...]]
void append_floats(std::string& out, const std::vector<float>& v);         // [x,y,…]
void append_strings(std::string& out, const std::vector<std::string>& v);  // ["a","b",…]

}  // namespace capiton::json
