// capiton core: the matrices of one stage as files a student can open elsewhere (CSV, JSON).
#pragma once

#include <string>
#include <vector>

#include "matrix.h"

namespace capiton {

// One grid as shown on screen: its name ("weights"), the line under it, its row and column labels.
struct LabelledMatrix {
    std::string name, caption;
    std::vector<std::string> rows, cols;
    Matrix m;
};

// CSV (RFC 4180, CRLF line ends): for each matrix a line "name,caption", a header line (an empty
// corner, then the column labels), one line per row (its label, then the values with 9 significant
// digits and a decimal point whatever the C locale; −∞ as '-Infinity), and an empty line between
// matrices. Fields are quoted when they hold a comma, a quote or a line break; a field a spreadsheet
// would run as a formula (= + - @ at the start, a tab or CR) gets a leading apostrophe, so a token
// like "=SUM(A1)" stays text, and so does -Infinity; only plain numbers start with '-'.
std::string to_csv(const std::vector<LabelledMatrix>& ms);

// {"capiton":1,"stage":…,"sentence":…,"matrices":[{"name","caption","rows","cols","values"}]}
// (values as in state(): numbers, with "-Infinity" for masked cells).
std::string to_json(const std::string& stage, const std::string& sentence, const std::vector<LabelledMatrix>& ms);

}  // namespace capiton
