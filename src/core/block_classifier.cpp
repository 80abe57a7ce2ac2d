// The multi-head presets' output heads (block_presets.h: load_block_classifier). In a file of its own so
// that only a program that calls it (the tests) links these numbers; the app never does.
#include <cstring>

#include "block_presets.h"

namespace capiton {

namespace {

struct BlockClassifierData {
    int heads;
    int w_c[2];            // rows, cols of W_C (b_C is (1, cols))
    const float* values;   // W_C then b_C, row-major
};

#include "block_classifier.inc"

}  // namespace

bool load_block_classifier(int heads, BlockParams<float>* out) {
    for (const BlockClassifierData& d : kBlockClassifierData) {
        if (d.heads != heads) continue;
        out->W_C.resize(d.w_c[0], d.w_c[1]);
        out->b_C.resize(1, d.w_c[1]);
        std::memcpy(out->W_C.data(), d.values, sizeof(float) * static_cast<std::size_t>(out->W_C.size()));
        std::memcpy(out->b_C.data(), d.values + out->W_C.size(), sizeof(float) * static_cast<std::size_t>(out->b_C.size()));
        return true;
    }
    return false;
}

}  // namespace capiton
