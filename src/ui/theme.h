// capiton ui: colours and style. Owns the two themes (light, dark), the matrix palette — defined only
// here: the CPU fallback below and shaders/heatmap.frag (as uniforms, through HeatmapCells) both read
// it — and ImGui's style. Every colour the UI draws with comes from theme() or from the constants here.
#pragma once

#include <imgui.h>

#include "core/ids.h"

namespace capiton::ui {

// An opaque colour that can be constexpr (ImGui 1.86's ImVec4 cannot).
struct Rgb {
    float r, g, b;
};
inline ImVec4 rgba(Rgb c) { return ImVec4(c.r, c.g, c.b, 1.0f); }

// ---- the matrix palette --------------------------------------------------------------------------
// Signed values: blue (negative) - the theme's cell base (0) - orange (positive), scaled by the
// largest magnitude in the matrix, the same in both themes. Weights in [0, 1]: cell base - the
// theme's violet (ThemeColours::weight: a lighter one on the dark theme's dark cells, where the light
// theme's hardly stood out; white numbers stay readable on both). Orange and blue are also the two
// series of every two-line chart (orange: without the division, first vector; blue: with it, second
// vector).
constexpr Rgb kPositive = {0.90f, 0.42f, 0.12f};  // orange
constexpr Rgb kNegative = {0.16f, 0.40f, 0.74f};  // blue
enum class Palette { Signed, Weights };
constexpr float kSignedGamma = 0.8f;   // colour strength = |v / max_abs| ^ this
constexpr float kWeightGamma = 0.7f;   // colour strength = weight ^ this
constexpr float kDimAmount = 0.55f;    // how far a faded row moves towards the theme's cell_dim

// ---- other fixed colours -------------------------------------------------------------------------
constexpr Rgb kOnColour = {1.0f, 1.0f, 1.0f};  // text on a coloured button (current stage, chosen token)
constexpr Rgb kRight = {0.16f, 0.58f, 0.28f};  // a question's right option, once answered
constexpr Rgb kWrong = {0.80f, 0.20f, 0.20f};  // a wrong choice

// ---- the themes ----------------------------------------------------------------------------------
struct ThemeColours {
    ImVec4 background, ink, muted, accent, error, operand;
    ImVec4 unknown;                      // a word the trained model never saw (chips, notes)
    ImVec4 cell_base, cell_dim, masked;  // grid cells: value 0, faded rows, −∞
    ImVec4 panel, grid_line, axis;       // planes and charts
    ImVec4 notes[count_of<Layer>()];      // layer note boxes, one tint per layer (indexed by Layer)
    ImVec4 button, button_hover, button_active, frame, frame_hover, border, header;
    ImVec4 popup;                        // popups and tooltips
    ImVec4 weight;                       // the weights palette's full colour (violet)
    // A slider's grab: the accent, part see-through, so that the value written across the slider
    // stays readable where the grab sits, while the grab stands out from its track (≥ 3:1 light;
    // text and grab ≈ 3.6 and 3.2:1 dark, where no one alpha gives both more).
    ImVec4 grab;
};
// The theme in use (apply_theme switches it).
const ThemeColours& theme();
bool theme_applied(bool dark, bool touch);  // apply_theme(dark, touch) is in use

ImVec4 lerp(const ImVec4& a, const ImVec4& b, float t);  // opaque
// A cell's colour in the current theme (the CPU fallback of shaders/heatmap.frag; also decides
// whether the cell's number is written in white).
ImVec4 cell_colour(float v, float max_abs, Palette p);

}  // namespace capiton::ui
