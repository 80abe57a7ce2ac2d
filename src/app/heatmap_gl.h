// capiton app: paints matrix grids with shaders/heatmap.{vert,frag} (OpenGL ES 3.0 / WebGL2, or
// desktop OpenGL 3.0 with the same shaders under "#version 130").
#pragma once

#include <cstdint>

#include "ui/ui.h"

namespace capiton::app {

// Says which GLSL to compile for. The shaders are compiled at the first paint, after ImGui's (which
// the first frame needs). Whether they compiled is asked once that does not wait (gl.h,
// heatmap_ready); until then, and if they did not (reported on the console), the UI draws the cells
// itself.
void heatmap_init(bool gles);
bool heatmap_ready();  // the shaders compiled and linked (in the browser, asked without waiting)
void heatmap_begin_frame();
std::uint64_t heatmap_frame_hash();  // what this frame's grids paint: their cells and values (frame_hash.h)
bool heatmap_paint(ImDrawList* draw_list, const ui::HeatmapCells& cells);  // a ui::HeatmapPainter
void heatmap_shutdown();

}  // namespace capiton::app
