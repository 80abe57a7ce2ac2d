// capiton app: paints matrix grids with shaders/heatmap.{vert,frag} (OpenGL ES 3.0 / WebGL2, or
// desktop OpenGL 3.0 with the same shaders under "#version 130").
#pragma once

#include "ui/ui.h"

namespace capiton::app {

// Compiles the shaders. On failure reports why (console error on the web) and returns false;
// the UI then draws the cells itself.
// Starts compiling the shaders; false when no program could even be made. Whether they compiled is
// known at the first paint (heatmap_ready): the UI then draws the cells itself if they did not.
bool heatmap_init(bool gles);
bool heatmap_ready();  // the shaders compiled and linked (asks the GPU once)
void heatmap_begin_frame();
bool heatmap_paint(ImDrawList* draw_list, const ui::HeatmapCells& cells);  // a ui::HeatmapPainter
void heatmap_shutdown();

}  // namespace capiton::app
