// capiton ui: the two themes, the matrix palette's CPU side and ImGui's style (see theme.h).
#include "ui/theme.h"

#include <algorithm>
#include <cmath>

#include "ui/state.h"
#include "ui/ui.h"

namespace capiton::ui {

namespace {

// Fields in ThemeColours order: background, ink, muted, accent, error, operand; unknown; cell_base, cell_dim,
// masked; panel, grid_line, axis; notes (search, signifier, apple, qkv); button, button_hover,
// button_active, frame, frame_hover, border, header; popup; weight; grab.
const ThemeColours kLight = {{0.985f, 0.98f, 0.97f, 1}, {0.13f, 0.15f, 0.20f, 1}, {0.38f, 0.41f, 0.48f, 1},
                             {0.87f, 0.33f, 0.10f, 1}, {0.75f, 0.08f, 0.10f, 1}, {0.0f, 0.56f, 0.56f, 1},
                             {0.55f, 0.36f, 0.0f, 1},
                             {0.98f, 0.98f, 0.97f, 1}, {0.96f, 0.96f, 0.96f, 1}, {0.80f, 0.81f, 0.84f, 1},
                             {1.0f, 1.0f, 1.0f, 1},    {0.91f, 0.91f, 0.93f, 1}, {0.59f, 0.61f, 0.65f, 1},
                             {{0.91f, 0.96f, 0.99f, 1}, {0.97f, 0.93f, 0.99f, 1}, {0.99f, 0.93f, 0.91f, 1}, {0.92f, 0.97f, 0.92f, 1}},
                             {0.90f, 0.90f, 0.92f, 1}, {0.98f, 0.80f, 0.68f, 1}, {0.95f, 0.65f, 0.45f, 1},
                             {1.0f, 1.0f, 1.0f, 1},    {1.0f, 0.96f, 0.92f, 1},  {0.78f, 0.78f, 0.82f, 1},
                             {0.98f, 0.85f, 0.75f, 1},
                             {1.0f, 1.0f, 1.0f, 1},
                             {0.36f, 0.20f, 0.62f, 1},
                             {0.87f, 0.33f, 0.10f, 0.85f}};
const ThemeColours kDark = {{0.10f, 0.11f, 0.13f, 1}, {0.90f, 0.91f, 0.93f, 1}, {0.62f, 0.65f, 0.71f, 1},
                            {0.98f, 0.52f, 0.25f, 1}, {1.0f, 0.45f, 0.45f, 1},  {0.25f, 0.85f, 0.85f, 1},
                            {0.95f, 0.75f, 0.30f, 1},
                            {0.17f, 0.18f, 0.21f, 1}, {0.13f, 0.14f, 0.16f, 1}, {0.30f, 0.31f, 0.35f, 1},
                            {0.15f, 0.16f, 0.19f, 1}, {0.22f, 0.23f, 0.27f, 1}, {0.50f, 0.52f, 0.57f, 1},
                            {{0.12f, 0.20f, 0.27f, 1}, {0.21f, 0.15f, 0.27f, 1}, {0.28f, 0.16f, 0.14f, 1}, {0.13f, 0.23f, 0.16f, 1}},
                            {0.22f, 0.23f, 0.27f, 1}, {0.45f, 0.27f, 0.16f, 1}, {0.60f, 0.33f, 0.17f, 1},
                            {0.16f, 0.17f, 0.20f, 1}, {0.22f, 0.20f, 0.19f, 1}, {0.32f, 0.33f, 0.38f, 1},
                            {0.42f, 0.26f, 0.16f, 1},
                            {0.16f, 0.17f, 0.20f, 1},
                            {0.52f, 0.36f, 0.90f, 1},
                            {0.98f, 0.52f, 0.25f, 0.65f}};

}  // namespace

const ThemeColours& theme() { return state.dark ? kDark : kLight; }
bool theme_applied(bool dark, bool touch) { return state.dark == dark && state.touch_style == touch; }

ImVec4 lerp(const ImVec4& a, const ImVec4& b, float t) {
    return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1.0f);
}

ImVec4 cell_colour(float v, float max_abs, Palette p) {
    const ImVec4 white = theme().cell_base;
    if (std::isinf(v)) return theme().masked;
    if (p == Palette::Weights) return lerp(white, theme().weight, std::pow(std::clamp(v, 0.0f, 1.0f), kWeightGamma));
    const float t = max_abs > 0.0f ? std::clamp(v / max_abs, -1.0f, 1.0f) : 0.0f;
    const float s = std::pow(std::fabs(t), kSignedGamma);
    return t >= 0 ? lerp(white, rgba(kPositive), s) : lerp(white, rgba(kNegative), s);
}

// ---- public ----------------------------------------------------------------------------------------

void setup_style() {
    ImGuiStyle& st = ImGui::GetStyle();
    st.WindowPadding = ImVec2(20, 16);
    st.FramePadding = ImVec2(10, 5);
    st.ItemSpacing = ImVec2(10, 8);
    st.FrameRounding = 6.0f;
    st.GrabRounding = 6.0f;
    st.PopupRounding = 6.0f;
    st.ScrollbarRounding = 6.0f;
    st.WindowBorderSize = 0.0f;
    st.FrameBorderSize = 1.0f;
    apply_theme(false);
}

void apply_theme(bool dark, bool touch) {
    if (dark) ImGui::StyleColorsDark();
    else ImGui::StyleColorsLight();
    state.dark = dark;
    state.touch_style = touch;
    const ThemeColours& t = theme();
    ImVec4* c = ImGui::GetStyle().Colors;
    c[ImGuiCol_WindowBg] = t.background;
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_Text] = t.ink;
    c[ImGuiCol_Button] = t.button;
    c[ImGuiCol_ButtonHovered] = t.button_hover;
    c[ImGuiCol_ButtonActive] = t.button_active;
    c[ImGuiCol_FrameBg] = t.frame;
    c[ImGuiCol_FrameBgHovered] = t.frame_hover;
    c[ImGuiCol_FrameBgActive] = t.frame_hover;
    c[ImGuiCol_Border] = t.border;
    c[ImGuiCol_Header] = t.header;
    c[ImGuiCol_HeaderHovered] = t.button_hover;
    c[ImGuiCol_CheckMark] = t.accent;
    c[ImGuiCol_SliderGrab] = t.grab;
    c[ImGuiCol_SliderGrabActive] = t.grab;
    c[ImGuiCol_Separator] = t.grid_line;
    c[ImGuiCol_PopupBg] = t.popup;
    // A finger has no hover: after a tap the pointer stays where the finger lifted, and the button
    // tapped would stay lit as if the mouse rested on it. Pressed colours stay (the tap's feedback),
    // and so does what a hover shows besides colour (a cell's explanation, which a tap asks for).
    if (touch) {
        c[ImGuiCol_ButtonHovered] = t.button;
        c[ImGuiCol_FrameBgHovered] = t.frame;
        c[ImGuiCol_HeaderHovered] = t.header;
    }
}

void clear_colour(float rgb[3]) {
    rgb[0] = theme().background.x;
    rgb[1] = theme().background.y;
    rgb[2] = theme().background.z;
}

}  // namespace capiton::ui
