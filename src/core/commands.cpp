#include "commands.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>

#include "explain.h"
#include "fragment.h"
#include "numbers.h"
#include "presets.h"

namespace capiton {

float FrameTimes::percentile(float p) const {
    const int n = kept();
    if (n == 0) return 0.0f;
    std::vector<float> sorted(ms, ms + n);
    std::sort(sorted.begin(), sorted.end());
    const int rank = std::clamp(static_cast<int>(std::ceil(p / 100.0f * static_cast<float>(n))), 1, n);
    return sorted[static_cast<std::size_t>(rank - 1)];
}

namespace {

using json::Value;

// ---- reading the arguments (already checked against the row's Arg list) ------------------------------
const std::string& text(const Value& args, const char* name) { return args.find(name)->string; }
bool flag(const Value& args, const char* name) { return args.find(name)->boolean; }
int whole(const Value& args, const char* name) { return static_cast<int>(args.find(name)->number); }

// An id of table E from argument `name`, or the table's "Unknown …. Known …: …" refusal.
template <class E>
Status read_id(const Value& args, const char* name, E* out) {
    if (!from_id(text(args, name), out)) return {unknown_id_error<E>()};
    return {};
}

// ---- the commands, in the order of the table ----------------------------------------------------------

Status state(Page& p, const Value&, json::Writer& r) {
    r.key("state").begin_object();
    write_state(r, p.session);
    r.key("hover");
    if (const auto cell = p.host.hovered_cell())
        r.begin_object().key("matrix").string(id_of(cell->matrix)).key("row").integer(cell->row).key("col").integer(cell->col).end_object();
    else
        r.null();
    r.key("keyboardFocus").string(p.host.keyboard_focus());
    const auto times = [&r](const FrameTimes& f) {
        r.key("last").number(f.kept() ? f.ms[(f.frames - 1) % FrameTimes::kKept] : 0.0f);
        r.key("p50").number(f.percentile(50)).key("p95").number(f.percentile(95)).key("max").number(f.percentile(100));
    };
    r.key("frameMs").begin_object().key("frames").integer(p.frame_times.kept());
    times(p.frame_times);
    r.key("build").begin_object();
    times(p.build_times);
    r.end_object().end_object();
    r.end_object();
    return {};
}

Status go_to(Page& p, const Value& a, json::Writer&) {
    Stage st{};
    Status s = read_id(a, "stage", &st);
    if (s.ok()) p.session.go_to(st);
    return s;
}

Status set_sentence(Page& p, const Value& a, json::Writer&) { return p.session.set_sentence(text(a, "text")); }

Status set_language(Page& p, const Value& a, json::Writer&) {
    Language l{};
    Status s = read_id(a, "lang", &l);
    if (s.ok()) p.session.set_language(l);
    return s;
}

Status set_layer(Page& p, const Value& a, json::Writer&) {
    Layer l{};
    Status s = read_id(a, "layer", &l);
    if (s.ok()) p.session.set_layer(l, flag(a, "on"));
    return s;
}

Status set_theme(Page& p, const Value& a, json::Writer&) {
    Theme t{};
    Status s = read_id(a, "theme", &t);
    if (s.ok()) p.session.set_theme(t);
    return s;
}

// The parameters setParam takes: each is the link key of the same name (fragment.h).
constexpr std::array<const char*, 12> kParams = {"model", "dm", "dk", "t", "mask", "pos", "heads", "head", "decoding", "dt", "draw", "step"};

// A parameter is checked exactly like the same key in a link (fragment.h).
Status set_param(Page& p, const Value& a, json::Writer&) {
    const std::string& name = text(a, "name");
    if (std::find(kParams.begin(), kParams.end(), name) == kParams.end()) {
        std::string known;
        for (const char* k : kParams) known += (known.empty() ? "" : ", ") + std::string(k);
        return {"Unknown parameter. Known parameters: " + known + "."};
    }
    const Value& v = *a.find("value");
    const std::string value = v.is_string() ? v.string : shortest_decimal(v.number);
    const Fragment f = parse_fragment(name + "=" + percent_encode(value));
    if (!f.warnings.empty()) return {f.warnings.front().text};
    std::vector<Note> warnings;
    apply_fragment(p.session, f, &warnings, false);
    if (!warnings.empty()) return warnings.front().cause;
    return {};
}

Status explain_cell(Page& p, const Value& a, json::Writer& r) {
    MatrixId m{};
    if (Status s = read_id(a, "matrix", &m); !s.ok()) return s;
    Explanation e;
    if (!explain(p.session, m, whole(a, "row"), whole(a, "col"), &e)) return {"No such cell in that matrix."};
    write_explanation(r, e);
    return {};
}

Status train(Page& p, const Value& a, json::Writer&) {
    TaskId t{};
    if (Status s = read_id(a, "task", &t); !s.ok()) return s;
    const PresetRun& run = preset_run(t);  // as the task's button: its stored run's rate and d_k, and
    return p.session.train(t, run.lr, run.d_k, p.session.stop_at(t, run.d_k));  // where it pauses by itself
}

Status train_until(Page& p, const Value& a, json::Writer&) {
    TaskId t{};
    if (Status s = read_id(a, "task", &t); !s.ok()) return s;
    const PresetRun& run = preset_run(t);  // trained as its stored preset was, at full pace
    p.session.set_training_pace(Pace::Full);
    return p.session.train(t, run.lr, run.d_k, whole(a, "until"));
}

Status set_pace(Page& p, const Value& a, json::Writer&) {
    Pace pace{};
    Status s = read_id(a, "pace", &pace);
    if (s.ok()) p.session.set_training_pace(pace);
    return s;
}

Status pause(Page& p, const Value&, json::Writer&) {
    p.session.pause();
    return {};
}

Status load_preset(Page& p, const Value& a, json::Writer&) {
    TaskId t{};
    if (Status s = read_id(a, "task", &t); !s.ok()) return s;
    return p.session.load_preset(t);
}

// ---- the poems stage (poem_stage.h)
Status generate(Page& p, const Value& a, json::Writer& r) {
    const double t = a.find("temperature")->number;
    const int seed = whole(a, "seed");
    if (seed < 1) return {"The seed must be a whole number from 1 to 1000000."};
    Status s = p.session.generate_poem(text(a, "text"), static_cast<float>(t), static_cast<std::uint64_t>(seed));
    if (s.ok()) r.key("continuation").string(p.session.poems().continuation());
    return s;
}

Status train_poems(Page& p, const Value& a, json::Writer&) {
    PoemAction act{};
    if (Status s = read_id(a, "action", &act); !s.ok()) return s;
    return p.session.train_poems(act);
}

Status select_poem_head(Page& p, const Value& a, json::Writer&) {
    return p.session.select_poem_head(whole(a, "layer") - 1, whole(a, "head") - 1);
}

Status poem_step(Page& p, const Value& a, json::Writer&) { return p.session.select_poem_step(whole(a, "step") - 1); }

Status use_poem_preset(Page& p, const Value&, json::Writer&) { return p.session.use_poem_preset(); }

Status apply_link_fragment(Page& p, const Value& a, json::Writer& r) {
    r.key("warnings").strings(apply_link(p.session, text(a, "fragment"), &p.allow));
    return {};
}

Status allowed_origins(Page& p, const Value&, json::Writer& r) {
    r.key("origins").strings(p.allow);
    return {};
}

Status accessible(Page& p, const Value&, json::Writer& r) {
    r.key("mirror").raw(p.host.accessible_json());
    r.key("lang").string(id_of(p.session.prefs().language));
    r.key("htmlLang").string(info_of(p.session.prefs().language).html_lang);
    return {};
}

Status copy_done(Page& p, const Value& a, json::Writer&) {
    p.host.copy_done(flag(a, "copied"));
    return {};
}

Status widget_rect(Page& p, const Value& a, json::Writer& r) {
    r.key("rect");
    if (const auto rect = p.host.widget_rect(text(a, "id")))
        r.begin_object().key("x").number(rect->x).key("y").number(rect->y).key("w").number(rect->w).key("h").number(rect->h).end_object();
    else
        r.null();
    return {};
}

// Where training is, without the whole state (bench/train polls it every millisecond).
Status training_progress(Page& p, const Value&, json::Writer& r) {
    const Training& t = p.session.training();
    r.key("step").integer(t.state() ? t.state()->step : -1).key("running").boolean(t.state() && t.state()->running);
    r.key("raceStep").integer(t.race_progress() ? t.race_progress()->step() : -1).key("raceRunning").boolean(t.race_running());
    // the loss curve as kept (core/curve.h): its points, the steps each stands for, the steps it covers
    const Curve* c = t.state() ? &t.state()->losses : nullptr;
    r.key("lossPoints").integer(c ? static_cast<long long>(c->points().size()) : 0).key("lossStride").integer(c ? c->stride() : 1);
    r.key("lossSteps").integer(c ? c->count() : 0);
    return {};
}

Status heatmap_gpu(Page& p, const Value&, json::Writer& r) {
    r.key("gpu").boolean(p.host.heatmap_gpu());
    return {};
}

Status set_pinch(Page& p, const Value& a, json::Writer&) {
    const double f = a.find("factor")->number;
    if (!(f >= 0.5 && f <= 3.0)) return {"The pinch factor must be between 0.5 and 3."};
    p.host.set_pinch(f);
    return {};
}

Status draw_list(Page& p, const Value&, json::Writer& r) {
    r.key("vertices").integer(p.host.largest_draw_list());
    return {};
}

Status redraw(Page& p, const Value&, json::Writer&) {
    p.host.redraw();
    return {};
}

Status font_atlas(Page& p, const Value&, json::Writer& r) {
    const PageHost::FontAtlas a = p.host.font_atlas();
    r.key("width").integer(a.width).key("height").integer(a.height).key("maxTexture").integer(a.max_texture)
        .key("rasterScale").number(a.raster_scale).key("chineseGlyphs").integer(a.chinese_glyphs)
        .key("glyphs").integer(a.glyphs).key("fallbacks").integer(a.fallbacks);
    return {};
}

constexpr std::size_t kNoLimit = 0;
constexpr double kLargestIndex = 1e6;  // row and column arguments beyond this are refused as malformed

// ---- checking the arguments against a row ------------------------------------------------------------

std::size_t utf16_length(const std::string& s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if ((c & 0xC0) != 0x80) n += c >= 0xF0 ? 2 : 1;  // a 4-byte sequence is a surrogate pair
    }
    return n;
}

bool too_long(const Arg& arg, const Value& v) {
    return v.is_string() && arg.max_length != kNoLimit && utf16_length(v.string) > arg.max_length;
}

bool fits(const Arg& arg, const Value& v) {
    switch (arg.type) {
        case ArgType::String: return v.is_string();
        case ArgType::Boolean: return v.is_bool();
        case ArgType::Integer:
            return v.is_number() && std::floor(v.number) == v.number && std::fabs(v.number) <= kLargestIndex;
        case ArgType::Number: return v.is_number();
        case ArgType::StringOrNumber: return v.is_string() || v.is_number();
    }
    return false;
}

const char* type_words(ArgType t) {
    switch (t) {
        case ArgType::String: return "a string";
        case ArgType::Boolean: return "true or false";
        case ArgType::Integer: return "a whole number";
        case ArgType::Number: return "a number";
        case ArgType::StringOrNumber: return "a string or a finite number";
    }
    return "";
}

const char* type_id(ArgType t) {  // for the page script's own check of postMessage arguments
    switch (t) {
        case ArgType::String: return "string";
        case ArgType::Boolean: return "boolean";
        case ArgType::Integer: return "integer";
        case ArgType::Number: return "number";
        case ArgType::StringOrNumber: return "string|number";
    }
    return "";
}

std::string error_reply(const std::string& error, bool malformed) {
    json::Writer w;
    w.begin_object().key("ok").boolean(false).key("error").string(error);
    if (malformed) w.key("malformed").boolean(true);
    w.end_object();
    return w.take();
}

}  // namespace

const std::vector<Command>& commands() {
    using T = ArgType;
    static const std::vector<Command> table = {
        {"state", kHook, {}, state},
        {"getState", kMessage, {}, state},
        {"goTo", kHook | kMessage, {{"stage", T::String, 64}}, go_to},
        {"setSentence", kHook | kMessage, {{"text", T::String, 4096}}, set_sentence},
        {"setLanguage", kHook | kMessage, {{"lang", T::String, 16}}, set_language},
        {"setLayer", kHook | kMessage, {{"layer", T::String, 64}, {"on", T::Boolean, 0}}, set_layer},
        {"setTheme", kHook | kMessage, {{"theme", T::String, 16}}, set_theme},
        {"setParam", kHook | kMessage, {{"name", T::String, 16}, {"value", T::StringOrNumber, 32}}, set_param},
        {"explain", kHook | kMessage, {{"matrix", T::String, 64}, {"row", T::Integer, 0}, {"col", T::Integer, 0}}, explain_cell},
        {"train", kHook | kMessage, {{"task", T::String, 64}}, train},
        {"trainUntil", kTest, {{"task", T::String, 64}, {"until", T::Integer, 0}}, train_until},
        {"setPace", kHook | kMessage, {{"pace", T::String, 16}}, set_pace},
        {"pause", kHook | kMessage, {}, pause},
        {"loadPreset", kHook | kMessage, {{"task", T::String, 64}}, load_preset},
        {"generate", kHook | kMessage, {{"text", T::String, 256}, {"temperature", T::Number, 0}, {"seed", T::Integer, 0}}, generate},
        {"trainPoems", kHook | kMessage, {{"action", T::String, 16}}, train_poems},
        {"selectPoemHead", kHook | kMessage, {{"layer", T::Integer, 0}, {"head", T::Integer, 0}}, select_poem_head},
        {"poemStep", kHook | kMessage, {{"step", T::Integer, 0}}, poem_step},
        {"usePoemPreset", kHook | kMessage, {}, use_poem_preset},
        {"applyFragment", kPage, {{"fragment", T::String, kNoLimit}}, apply_link_fragment},
        {"allowedOrigins", kPage, {}, allowed_origins},
        {"accessible", kPage, {}, accessible},
        {"copyDone", kPage, {{"copied", T::Boolean, 0}}, copy_done},
        {"widgetRect", kTest, {{"id", T::String, 200}}, widget_rect},
        {"trainingProgress", kTest, {}, training_progress},
        {"heatmapGpu", kTest, {}, heatmap_gpu},
        {"fontAtlas", kTest, {}, font_atlas},
        {"drawList", kTest, {}, draw_list},
        {"setPinch", kTest, {{"factor", T::Number, 0}}, set_pinch},
        {"redraw", kTest, {}, redraw},
    };
    return table;
}

const Command* find_command(std::string_view name) {
    for (const Command& c : commands())
        if (name == c.name) return &c;
    return nullptr;
}

std::string run_command(Page& page, std::string_view json_text) {
    Value v;
    std::string error;
    if (!json::parse(json_text, &v, &error)) return error_reply(error, false);
    const Value* type = v.find("type");
    if (!v.is_object() || !type || !type->is_string())
        return error_reply("A command is a JSON object with \"type\": the command's name.", true);
    const Command* c = find_command(type->string);
    if (!c) return error_reply("Unknown command. Known commands: " + [] {
        std::string names;
        for (const Command& k : commands()) names += (names.empty() ? "" : ", ") + std::string(k.name);
        return names;
    }() + ".", true);
    for (const Arg& arg : c->args) {
        const Value* a = v.find(arg.name);
        if (!a || !fits(arg, *a))
            return error_reply(std::string(c->name) + " needs \"" + arg.name + "\": " + type_words(arg.type) + ".", true);
        if (too_long(arg, *a))
            return error_reply(std::string(c->name) + ": \"" + arg.name + "\" is too long (at most " +
                               std::to_string(arg.max_length) + " characters).", true);
    }
    // One reply whatever happens inside: a command that throws (the host is outside the core, and
    // memory can run out) is refused with the reason, as the page's sender waits for an answer.
    try {
        json::Writer reply;
        reply.begin_object().key("ok").boolean(true);
        const Status s = c->run(page, v, reply);
        if (!s.ok()) return error_reply(s.error, false);
        reply.end_object();
        return reply.take();
    } catch (const std::bad_alloc&) {
        return error_reply(std::string(c->name) + " failed: out of memory.", false);
    } catch (const std::exception& e) {
        return error_reply(std::string(c->name) + " failed: " + e.what() + ".", false);
    } catch (...) {
        return error_reply(std::string(c->name) + " failed: an internal error.", false);
    }
}

const char* reach_name(Reach r) {
    switch (r) {
        case kHook: return "hook";
        case kMessage: return "message";
        case kPage: return "page";
        case kTest: return "test";
    }
    return "";
}

std::string commands_json() {
    json::Writer w;
    w.begin_array();
    for (const Command& c : commands()) {
        w.begin_object().key("name").string(c.name).key("reach").begin_array();
        for (Reach r : {kHook, kMessage, kPage, kTest})
            if (c.reach & r) w.string(reach_name(r));
        w.end_array().key("args").begin_array();
        for (const Arg& a : c.args) {
            w.begin_object().key("name").string(a.name).key("type").string(type_id(a.type));
            w.key("max").integer(static_cast<long long>(a.max_length)).end_object();
        }
        w.end_array().end_object();
    }
    w.end_array();
    return w.take();
}

}  // namespace capiton
