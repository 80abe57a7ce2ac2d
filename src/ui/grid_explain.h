// capiton ui: a grid cell's explanation (grid_explain.cpp), drawn by the grids (grid.cpp): shared
// between the two, not part of the grids' public face (grid.h).
#pragma once

#include <string>

#include "core/explain.h"
#include "core/session.h"
#include "ui/grid.h"

namespace capiton::ui {

// A row's (rows) or column's label in grid `g`: its own labels if it has them, else the axis's.
std::string axis_label(const Session& s, const Grid& g, bool rows, int i);

// The tooltip of cell (e.row, e.col) of `g`: its arithmetic, term by term, and what the terms are.
void explanation_tooltip(const Session& s, const Grid& g, const Explanation& e);

}  // namespace capiton::ui
