// capiton core: the page's commands, in one table.
//
// Everything a page can ask of capiton — the hook window.capiton, the postMessage commands of an
// embedding page, the page script's own calls — is one row of kCommands, run by run_command():
//
//   in:   {"type": "goTo", "stage": "softmax"}            a JSON object: the name, then the arguments
//   out:  {"ok": true, …}  or  {"ok": false, "error": "…"}  (English; "malformed": true when an
//                                                            argument is missing or of the wrong type)
//
// Each row says where the command can be reached from (the hook, postMessage, the page script, the
// browser tests), its arguments in the hook's positional order, and what it does. The page script
// gets the table as JSON at build time (commands_json(), src/app/CMakeLists.txt) and makes the hook's
// methods and its postMessage dispatch from it. docs/page-hook.md is the written contract of this
// table; tests/core/test_page_hook_doc.cpp checks that both say the same.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ids.h"
#include "json.h"
#include "session.h"

namespace capiton {

// What the commands need from outside the core: the UI's last frame and the app's renderer. The app
// implements it; the tests use the defaults (nothing on screen).
class PageHost {
public:
    virtual ~PageHost() = default;
    struct Cell {
        MatrixId matrix;
        int row, col;
    };
    struct Rect {
        float x, y, w, h;  // CSS pixels
    };
    // The cell under the pointer, or under the keyboard's cell cursor, in the last frame.
    virtual std::optional<Cell> hovered_cell() const { return std::nullopt; }
    // The stop of the keyboard ring with the focus ("stage:softmax", "grid:scores", …), or "".
    virtual std::string keyboard_focus() const { return {}; }
    // The screen-reader mirror of the last frame: {"title","formula","body","tables":[…]}.
    virtual std::string accessible_json() const { return "{\"title\":\"\",\"formula\":\"\",\"body\":\"\",\"tables\":[]}"; }
    // Where a widget was drawn in the last frame (browser tests click on it).
    virtual std::optional<Rect> widget_rect(std::string_view id) const {
        (void)id;
        return std::nullopt;
    }
    virtual bool heatmap_gpu() const { return false; }  // cells painted by shaders/heatmap.frag
    struct FontAtlas {
        int width = 0, height = 0;  // the glyph texture, in pixels
        int max_texture = 0;        // the GPU's largest texture side
        double raster_scale = 0.0;  // device pixels per UI pixel the glyphs were drawn at
        int chinese_glyphs = 0;
        int glyphs = 0;     // in the body text's face, Latin and Chinese
        int fallbacks = 0;  // glyphs the last frame drew as the fallback (characters the atlas lacked)
    };
    virtual FontAtlas font_atlas() const { return {}; }
    virtual int largest_draw_list() const { return 0; }  // vertices, in the last frame built
    virtual void set_pinch(double factor) { (void)factor; }  // as if two fingers had pinched to it (0.5–3)
    virtual void redraw() {}  // the next frame is drawn even if it would draw what the canvas shows
    virtual void copy_done(bool ok) { (void)ok; }         // the page wrote the clipboard, or could not
};

// The app's own time per frame, as the app measures it (state().frameMs): the last kKept frames.
struct FrameTimes {
    static constexpr int kKept = 240;
    float ms[kKept] = {};
    long frames = 0;  // measured in all
    void add(float frame_ms) { ms[frames++ % kKept] = frame_ms; }
    int kept() const { return static_cast<int>(frames < kKept ? frames : kKept); }
    float percentile(float p) const;  // of the kept frames (nearest rank); 0 before any
};

// The session as the page drives it, with what the link allows.
struct Page {
    Session& session;
    PageHost& host;
    std::vector<std::string> allow;  // origins the link's "allow" lists (empty: the page decides)
    FrameTimes frame_times;  // the whole frame
    FrameTimes build_times;  // its part up to the draw lists (input, training here, the lesson's UI), before WebGL
};

// Where a command can be reached from (a command may have several).
enum Reach : unsigned {
    kHook = 1,     // window.capiton.<name>(args in order)
    kMessage = 2,  // postMessage {capiton: 1, type: <name>, id, …args} from an allowed origin
    kPage = 4,     // the page script itself (link changes, the screen-reader mirror, the clipboard)
    kTest = 8,     // the browser tests only; not part of the contract
};

enum class ArgType { String, Boolean, Integer, Number, StringOrNumber };

struct Arg {
    const char* name;
    ArgType type;
    std::size_t max_length;  // strings: longest accepted, in UTF-16 code units as the page counts
};

struct Command {
    const char* name;
    unsigned reach;           // Reach bits
    std::vector<Arg> args;    // in the hook's positional order
    // Runs with arguments already checked against `args`. A refusal returns its Status; on success
    // it may add fields to the reply, an object that already holds "ok": true.
    Status (*run)(Page& page, const json::Value& args, json::Writer& reply);
};

const std::vector<Command>& commands();
const Command* find_command(std::string_view name);

// Runs one command given as JSON text; the reply as JSON text, exactly one. Never throws; bad input of
// any kind gets {"ok":false,"error":…} and changes nothing; a command that throws gets
// {"ok":false,"error":"<name> failed: <reason>."}.
std::string run_command(Page& page, std::string_view json_text);

// The table for the page script: [{"name", "reach": ["hook", "message", …], "args": [{"name", "type",
// "max"}]}]; type is "string", "boolean", "integer", "number" or "string|number"; max is the longest
// string accepted (0: no limit), the largest |integer| is 1e6.
std::string commands_json();

// Names of a Reach bit, as commands_json() and docs/page-hook.md write them.
const char* reach_name(Reach r);

}  // namespace capiton
