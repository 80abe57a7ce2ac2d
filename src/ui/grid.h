// capiton ui: colour grids. Owns drawing one matrix as a labelled grid of coloured, numbered cells
// (painted on the GPU when the app installed a painter, by the UI otherwise), laying grids out side
// by side, the explanation tooltip of a cell (grid_explain.cpp) and the operands it lights up, and
// mini heatmaps for matrices too big for numbers.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "core/explain.h"
#include "core/session.h"
#include "ui/theme.h"

namespace capiton::ui {

enum class Axis { Tokens, Features, Steps };  // what a grid's rows or columns stand for

struct Grid {
    MatrixId id;
    const char* name;     // as in the formula: "Q", "W_Q", "weights"
    const char* caption;  // catalog key of the line under the name
    const Matrix* m;
    Axis rows, cols;
    Palette palette;
    bool explainable = true;          // false: not a trace matrix: no explanation, no keyboard stop
    const char* rect_name = nullptr;  // recorded as "grid:<rect_name>" (default: the matrix name)
    // Labels that replace the axis labels (a grid of another sentence than the session's).
    const std::vector<std::string>* row_labels = nullptr;
    const std::vector<std::string>* col_labels = nullptr;
    bool label_places = false;  // own labels are a sentence's words: a repeated one carries its place
    // The selected row's outlined key: false, where the lesson's weights say it looks hardest (the same
    // for every grid of the layer, and with a mask never a hidden word); true, this grid's own largest
    // entry (another layer's weights).
    bool own_focus = false;
    // The rows are the keys (or values) the followed word reads, not words in their own right (K beside
    // the scores, V beside the weights): the row of the key it looks at hardest is lit (outlined)
    // instead of its own, whose label alone is lit, and no row is dimmed (every one takes part).
    bool key_rows = false;
    const char* shown_name = nullptr;  // drawn instead of `name` (as this language's formula writes it);
                                       // exports and ids keep `name`
};

// A row or column label: the (shortened) token, with its place when the sentence holds it more than
// once ("the (4)", as the notes name it), "step i", or the feature number from 1.
std::string axis_label(const Session& s, Axis a, int i);

// Draws one matrix as a labelled colour grid. Clicking a row of a token-row grid selects that token
// (its query is then highlighted in every grid); clicking it again clears the selection. Hovering a
// cell (or reaching it with the keyboard) explains it.
void draw_grid(Session& s, const Grid& g);
// Lays grids out left to right, wrapping to a new line when the next one does not fit.
void draw_grids(Session& s, std::initializer_list<Grid> grids);

// A matrix too big for numbers (W_Q is d_model × d_k): small coloured cells, the value on hover,
// recorded as "grid:<id>". Screen readers and the exports still get every number (the table copy).
// `moved` (shown when show_moved): how far the matrix moved from its start, as a fraction.
// `palette` and `caption` (the catalog key of the table copy's caption) as a Grid's.
void mini_heatmap(const char* id, const char* name, const Matrix& m, float moved, bool show_moved,
                  Palette palette = Palette::Signed, const char* caption = "train.weights_caption");

}  // namespace capiton::ui
