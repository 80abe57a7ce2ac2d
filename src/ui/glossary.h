// capiton ui: the glossary's entries, in the order the popup lists them (content, no ImGui).
// Each id has two keys in every catalog: glossary.<id>.term and glossary.<id>.text
// (tests/ui/test_glossary.cpp checks both languages).
#pragma once

#include <array>

namespace capiton::ui {

inline constexpr std::array<const char*, 36> kGlossary = {
    "token",      "embedding", "position", "qkv",        "signifier", "capiton",  "parameter", "weight",   "dot",      "scaled_dot",
    "logits",     "softmax",   "one_hot",  "temperature", "mask",     "dims",     "self",
    "cross",      "encoder_decoder", "kv_cache", "decoding", "multi_head", "w_o",     "residual",   "layer_norm", "ffn",     "loss",
    "nat",        "held_out", "gradient",   "eta",       "adam",     "head_out",   "world",    "w_p",      "induction",
};

}  // namespace capiton::ui
