// The page's command table (core/commands.h): every command through run_command(), as the page sends
// them, and bad input of every kind.
#include <doctest.h>

#include <new>
#include <stdexcept>
#include <string>

#include "core/commands.h"
#include "core/json.h"
#include "core/presets.h"

using namespace capiton;

namespace {

// A host that reports a fixed last frame, and records what the page told it.
struct FakeHost : PageHost {
    bool copied = false, told = false;
    std::optional<Cell> hovered_cell() const override { return Cell{MatrixId::Scores, 3, 6}; }
    std::string keyboard_focus() const override { return "grid:scores"; }
    std::string accessible_json() const override { return "{\"title\":\"T\",\"formula\":\"F\",\"body\":\"B\",\"tables\":[]}"; }
    std::optional<Rect> widget_rect(std::string_view id) const override {
        if (id == "sentence") return Rect{1, 2, 3, 4};
        return std::nullopt;
    }
    bool heatmap_gpu() const override { return true; }
    void redraw() override { ++redraws; }
    int redraws = 0;
    void copy_done(bool ok) override {
        told = true;
        copied = ok;
    }
};

struct Fixture {
    Session session;
    FakeHost host;
    Page page{session, host, {}, {}, {}};
    json::Value run(const std::string& command) {
        const std::string reply = run_command(page, command);
        json::Value v;
        std::string e;
        REQUIRE_MESSAGE(json::parse(reply, &v, &e), reply);  // every reply is JSON
        REQUIRE(v.is_object());
        REQUIRE(v.find("ok"));
        return v;
    }
    bool ok(const std::string& command) { return run(command).find("ok")->boolean; }
    std::string error(const std::string& command) {
        const json::Value v = run(command);
        REQUIRE_FALSE(v.find("ok")->boolean);
        REQUIRE(v.find("error"));
        return v.find("error")->string;
    }
    bool malformed(const std::string& command) {
        const json::Value v = run(command);
        return !v.find("ok")->boolean && v.find("malformed") && v.find("malformed")->boolean;
    }
};

}  // namespace

TEST_CASE("commands: names are unique; hook commands are the ones a page may call") {
    for (std::size_t i = 0; i < commands().size(); ++i) {
        CHECK(commands()[i].reach != 0);
        for (std::size_t j = i + 1; j < commands().size(); ++j)
            CHECK(std::string(commands()[i].name) != commands()[j].name);
    }
    REQUIRE(find_command("goTo"));
    CHECK(find_command("goTo")->reach == (kHook | kMessage));
    CHECK(find_command("setTheme")->reach == (kHook | kMessage));  // a course page may match its own theme, as theme= can
    CHECK(find_command("state")->reach == kHook);  // by postMessage: getState
    CHECK(find_command("getState")->reach == kMessage);
    CHECK(find_command("widgetRect")->reach == kTest);
    CHECK(find_command("nope") == nullptr);
}

TEST_CASE("state: the session's state and what the last frame showed") {
    Fixture f;
    const json::Value v = f.run("{\"type\":\"state\"}");
    const json::Value* s = v.find("state");
    REQUIRE(s);
    CHECK(s->find("stage")->string == "seq2seq");
    CHECK(s->find("tokens")->array.size() == 7);
    CHECK(s->find("hover")->find("matrix")->string == "scores");
    CHECK(s->find("hover")->find("row")->number == 3);
    CHECK(s->find("keyboardFocus")->string == "grid:scores");
    CHECK(s->find("matrices")->find("weights")->array.size() == 7);
    CHECK(f.run("{\"type\":\"getState\"}").find("state")->find("sentence")->string == "I saw a bird in the sky");
}

TEST_CASE("goTo, setSentence, setLanguage, setLayer, setTheme change the session; bad values change nothing") {
    Fixture f;
    CHECK(f.ok("{\"type\":\"goTo\",\"stage\":\"softmax\"}"));
    CHECK(f.session.lesson().stage() == Stage::Softmax);
    CHECK(f.error("{\"type\":\"goTo\",\"stage\":\"Softmax\"}").find("Known stages: seq2seq,") != std::string::npos);
    CHECK(f.session.lesson().stage() == Stage::Softmax);

    CHECK(f.ok("{\"type\":\"setSentence\",\"text\":\"the cat sat\"}"));
    CHECK(f.session.lesson().sentence() == "the cat sat");
    CHECK(f.error("{\"type\":\"setSentence\",\"text\":\"   \"}").size() > 10);
    CHECK(f.error("{\"type\":\"setSentence\",\"text\":\"a \\ud800 b\"}").find("lone UTF-16 surrogate") != std::string::npos);
    CHECK(f.session.lesson().sentence() == "the cat sat");

    CHECK(f.ok("{\"type\":\"setLanguage\",\"lang\":\"zh\"}"));
    CHECK(f.session.prefs().language == Language::Zh);
    CHECK_FALSE(f.ok("{\"type\":\"setLanguage\",\"lang\":\"fr\"}"));

    CHECK(f.ok("{\"type\":\"setLayer\",\"layer\":\"apple\",\"on\":true}"));
    CHECK(f.session.prefs().layer_on(Layer::Apple));
    CHECK(f.ok("{\"type\":\"setLayer\",\"layer\":\"apple\",\"on\":false}"));
    CHECK_FALSE(f.session.prefs().layer_on(Layer::Apple));
    CHECK_FALSE(f.ok("{\"type\":\"setLayer\",\"layer\":\"apple<script>\",\"on\":true}"));

    CHECK(f.ok("{\"type\":\"setTheme\",\"theme\":\"dark\"}"));
    CHECK(f.session.prefs().theme == Theme::Dark);
    CHECK_FALSE(f.ok("{\"type\":\"setTheme\",\"theme\":\"Dark\"}"));
    CHECK(f.session.prefs().theme == Theme::Dark);
}

TEST_CASE("setParam: d_model, d_k, temperature, mask and position, checked as in a link; numbers or text") {
    Fixture f;
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"dm\",\"value\":16}"));
    CHECK(f.session.lesson().config().d_model == 16);
    CHECK(f.session.lesson().model() == nullptr);  // other sizes: seeded
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"dm\",\"value\":\"8\"}"));
    CHECK(f.session.lesson().model() != nullptr);  // back: the trained model
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"dk\",\"value\":8}"));
    CHECK(f.session.lesson().config().d_k == 8);
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"t\",\"value\":\"0.5\"}"));
    CHECK(f.session.lesson().config().temperature == 0.5f);
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"t\",\"value\":2.25}"));
    CHECK(f.session.lesson().config().temperature == 2.25f);
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"t\",\"value\":20}"));  // the maximum, a whole number
    CHECK(f.session.lesson().config().temperature == 20.0f);
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"t\",\"value\":10}"));
    CHECK(f.session.lesson().config().temperature == 10.0f);
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"mask\",\"value\":\"causal\"}"));
    CHECK(f.session.lesson().config().mask == MaskKind::Causal);
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"pos\",\"value\":\"rope\"}"));
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"heads\",\"value\":2}"));
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"head\",\"value\":\"2\"}"));
    CHECK(f.session.lesson().multi_head().heads() == 2);
    CHECK(f.session.lesson().multi_head().selected() == 1);
    CHECK_FALSE(f.ok("{\"type\":\"setParam\",\"name\":\"head\",\"value\":3}"));  // of 2 heads
    // the refusal is the session's own, not a link's ("The link's head was not used: …")
    const std::string head = f.error("{\"type\":\"setParam\",\"name\":\"head\",\"value\":3}");
    CHECK(head.find("link") == std::string::npos);
    CHECK(head.find("head") != std::string::npos);
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"decoding\",\"value\":\"sampled\"}"));
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"dt\",\"value\":2}"));
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"draw\",\"value\":4}"));
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"step\",\"value\":1}"));
    CHECK(f.session.lesson().encoder_decoder().mode() == DecodeMode::Sampled);
    CHECK(f.session.lesson().encoder_decoder().temperature() == 2.0f);
    CHECK(f.session.lesson().encoder_decoder().draw() == 4);
    // whole numbers sent as numbers are read as written, large ones too (not "2e+01", "1e+05")
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"draw\",\"value\":100000}"));
    CHECK(f.session.lesson().encoder_decoder().draw() == 100000);
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"draw\",\"value\":1000000}"));  // kMaxDraw
    CHECK(f.session.lesson().encoder_decoder().draw() == 1000000);
    CHECK_FALSE(f.ok("{\"type\":\"setParam\",\"name\":\"draw\",\"value\":1000001}"));
    CHECK_FALSE(f.ok("{\"type\":\"setParam\",\"name\":\"step\",\"value\":99}"));
    CHECK_FALSE(f.ok("{\"type\":\"setParam\",\"name\":\"decoding\",\"value\":\"beam\"}"));
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"decoding\",\"value\":\"greedy\"}"));
    CHECK(f.session.lesson().config().position == PositionKind::Rotary);
    CHECK(f.session.lesson().trace().Q_rot.rows() == static_cast<Eigen::Index>(f.session.lesson().tokens().size()));
    const std::string before = state_json(f.session);
    CHECK_FALSE(f.ok("{\"type\":\"setParam\",\"name\":\"dk\",\"value\":3}"));
    CHECK_FALSE(f.ok("{\"type\":\"setParam\",\"name\":\"t\",\"value\":100}"));
    CHECK_FALSE(f.ok("{\"type\":\"setParam\",\"name\":\"t\",\"value\":1e-7}"));
    CHECK_FALSE(f.ok("{\"type\":\"setParam\",\"name\":\"mask\",\"value\":\"full\"}"));
    CHECK(f.error("{\"type\":\"setParam\",\"name\":\"pos\",\"value\":\"alibi\"}").find("none, sinusoidal, learned, rope") !=
          std::string::npos);
    CHECK(f.error("{\"type\":\"setParam\",\"name\":\"s\",\"value\":\"hi\"}").find("Known parameters: model, dm, dk, t, mask, pos") !=
          std::string::npos);
    CHECK(state_json(f.session) == before);
    // the model switch is a parameter too: checked as the link's key
    CHECK(f.error("{\"type\":\"setParam\",\"name\":\"model\",\"value\":\"half\"}").find("trained, untrained") !=
          std::string::npos);
    CHECK(f.ok("{\"type\":\"setParam\",\"name\":\"model\",\"value\":\"untrained\"}"));
    CHECK(f.session.lesson().model_kind() == ModelKind::Untrained);
}

TEST_CASE("explain: the arithmetic behind a cell, or why there is none") {
    Fixture f;
    const json::Value v = f.run("{\"type\":\"explain\",\"matrix\":\"scores\",\"row\":3,\"col\":6}");
    REQUIRE(v.find("ok")->boolean);
    CHECK(v.find("kind")->string == "dotProduct");
    CHECK(v.find("value")->number == doctest::Approx(f.session.lesson().trace().scores(3, 6)));
    CHECK(v.find("operands")->array.size() == 2);
    CHECK(f.error("{\"type\":\"explain\",\"matrix\":\"q\",\"row\":0,\"col\":0}").find("Known matrices: embedding,") != std::string::npos);
    CHECK_FALSE(f.ok("{\"type\":\"explain\",\"matrix\":\"scores\",\"row\":7,\"col\":0}"));
    CHECK_FALSE(f.ok("{\"type\":\"explain\",\"matrix\":\"scores\",\"row\":-1,\"col\":0}"));
    CHECK(f.malformed("{\"type\":\"explain\",\"matrix\":\"scores\",\"row\":1.5,\"col\":0}"));
    CHECK(f.malformed("{\"type\":\"explain\",\"matrix\":\"scores\",\"row\":2e6,\"col\":0}"));
}

TEST_CASE("train, pause, loadPreset: a model drives the lesson") {
    Fixture f;
    CHECK(f.ok("{\"type\":\"loadPreset\",\"task\":\"apple\"}"));
    REQUIRE(f.session.training().state());
    CHECK(f.session.training().state()->preset);
    CHECK(f.ok("{\"type\":\"train\",\"task\":\"birdsky\"}"));
    CHECK(f.session.training().state()->running);
    CHECK(f.ok("{\"type\":\"pause\"}"));
    CHECK_FALSE(f.session.training().state()->running);
    CHECK(f.error("{\"type\":\"train\",\"task\":\"nope\"}") == "Unknown task. Known tasks: apple, lookback, birdsky, world.");
    CHECK_FALSE(f.ok("{\"type\":\"loadPreset\",\"task\":\"\"}"));
}

TEST_CASE("trainingProgress: where training is, and the loss curve as kept (at most 2,048 points)") {
    Fixture f;
    json::Value v = f.run("{\"type\":\"trainingProgress\"}");
    CHECK(v.find("step")->number == -1);
    CHECK(v.find("lossPoints")->number == 0);
    CHECK(f.ok("{\"type\":\"train\",\"task\":\"apple\"}"));
    f.session.train_slice(400);  // as the Train button's, the run pauses by itself where the stored run ended
    v = f.run("{\"type\":\"trainingProgress\"}");
    CHECK(v.find("step")->number == preset_run(TaskId::Apple).steps);
    CHECK_FALSE(v.find("running")->boolean);
    CHECK(f.ok("{\"type\":\"train\",\"task\":\"apple\"}"));  // again: it goes on
    for (int k = 0; k < 6; ++k) f.session.train_slice(300);  // 2,100 steps: past 2,048, pairs merged once
    v = f.run("{\"type\":\"trainingProgress\"}");
    CHECK(v.find("step")->number == 2100);
    CHECK(v.find("running")->boolean);
    CHECK(v.find("lossSteps")->number == 2100);
    CHECK(v.find("lossStride")->number == 2);
    CHECK(v.find("lossPoints")->number == 1050);
    CHECK(v.find("raceStep")->number == -1);
}

TEST_CASE("page commands: a link's fragment, its origins, the screen-reader mirror, the clipboard") {
    Fixture f;
    const json::Value v = f.run("{\"type\":\"applyFragment\",\"fragment\":\"#stage=output&dk=3&allow=https%3A%2F%2Fa.org\"}");
    REQUIRE(v.find("warnings"));
    CHECK(v.find("warnings")->array.size() == 1);  // dk=3
    CHECK(f.session.lesson().stage() == Stage::Output);
    const json::Value o = f.run("{\"type\":\"allowedOrigins\"}");
    REQUIRE(o.find("origins")->array.size() == 1);
    CHECK(o.find("origins")->array[0].string == "https://a.org");
    CHECK(f.run("{\"type\":\"accessible\"}").find("mirror")->find("title")->string == "T");
    CHECK(f.run("{\"type\":\"accessible\"}").find("htmlLang")->string == "en");
    CHECK(f.run("{\"type\":\"accessible\"}").find("lang")->string == "en");
    CHECK(f.run("{\"type\":\"setLanguage\",\"lang\":\"zh\"}").find("ok")->boolean);
    CHECK(f.run("{\"type\":\"accessible\"}").find("htmlLang")->string == "zh-CN");
    CHECK(f.run("{\"type\":\"accessible\"}").find("lang")->string == "zh");
    CHECK(f.ok("{\"type\":\"copyDone\",\"copied\":true}"));
    CHECK(f.host.told);
    CHECK(f.host.copied);
}

TEST_CASE("test commands: where a widget is, whether the shader paints, a frame drawn again") {
    Fixture f;
    const json::Value r = f.run("{\"type\":\"widgetRect\",\"id\":\"sentence\"}");
    REQUIRE(r.find("rect"));
    CHECK(r.find("rect")->find("w")->number == 3);
    CHECK(f.run("{\"type\":\"widgetRect\",\"id\":\"nowhere\"}").find("rect")->type == json::Value::Type::Null);
    CHECK(f.run("{\"type\":\"heatmapGpu\"}").find("gpu")->boolean);
    CHECK(f.ok("{\"type\":\"redraw\"}"));
    CHECK(f.host.redraws == 1);
}

TEST_CASE("malformed commands: refused as malformed, nothing changes") {
    Fixture f;
    const std::string before = state_json(f.session);
    for (const char* bad : {"[]", "null", "\"goTo\"", "{}", "{\"type\":1}", "{\"type\":\"nope\"}",
                            "{\"type\":\"goTo\"}", "{\"type\":\"goTo\",\"stage\":null}", "{\"type\":\"goTo\",\"stage\":5}",
                            "{\"type\":\"setLayer\",\"layer\":\"search\"}", "{\"type\":\"setLayer\",\"layer\":\"search\",\"on\":1}",
                            "{\"type\":\"setParam\",\"name\":\"t\",\"value\":true}", "{\"type\":\"setParam\",\"name\":\"t\"}",
                            "{\"type\":\"setSentence\",\"text\":[\"a\"]}", "{\"type\":\"train\",\"task\":{}}"}) {
        CAPTURE(bad);
        CHECK(f.malformed(bad));
    }
    // too long for the argument: malformed too (the page's own limits, in UTF-16 units)
    CHECK(f.malformed("{\"type\":\"goTo\",\"stage\":\"" + std::string(65, 'a') + "\"}"));
    CHECK_FALSE(f.malformed("{\"type\":\"goTo\",\"stage\":\"" + std::string(64, 'a') + "\"}"));
    std::string chinese;
    for (int i = 0; i < 4097; ++i) chinese += "鸟";
    CHECK(f.malformed("{\"type\":\"setSentence\",\"text\":\"" + chinese + "\"}"));
    CHECK(f.error("{\"type\":\"setSentence\",\"text\":\"" + chinese + "\"}") ==
          "setSentence: \"text\" is too long (at most 4096 characters).");
    CHECK(f.error("{\"type\":\"goTo\",\"stage\":5}") == "goTo needs \"stage\": a string.");
    // not JSON at all: refused, not malformed (a page's JSON.stringify only fails this way on lone surrogates)
    for (const char* broken : {"", "{", "{\"type\":\"goTo\",}", "\xff"}) {
        CAPTURE(broken);
        CHECK_FALSE(f.ok(broken));
        CHECK_FALSE(f.malformed(broken));
    }
    CHECK(state_json(f.session) == before);
}

// Natively only: the web build's core has no C++ exceptions (a throw there stops the app, and the page
// script answers the message: tests/e2e/links.test.mjs).
#ifndef __EMSCRIPTEN__
TEST_CASE("a command that throws gets one reply, ok false with the reason, and the next command runs") {
    // Nothing in the table throws on purpose; the host is outside the core, and memory can run out.
    struct ThrowingHost : PageHost {
        std::optional<Rect> widget_rect(std::string_view) const override { throw std::runtime_error("the frame is gone"); }
        std::string accessible_json() const override { throw std::bad_alloc(); }
    };
    Session session;
    ThrowingHost host;
    Page page{session, host, {}, {}, {}};
    CHECK(run_command(page, "{\"type\":\"widgetRect\",\"id\":\"sentence\"}") ==
          "{\"ok\":false,\"error\":\"widgetRect failed: the frame is gone.\"}");
    CHECK(run_command(page, "{\"type\":\"accessible\"}") == "{\"ok\":false,\"error\":\"accessible failed: out of memory.\"}");
    CHECK(run_command(page, "{\"type\":\"goTo\",\"stage\":\"softmax\"}") == "{\"ok\":true}");
    CHECK(session.lesson().stage() == Stage::Softmax);
}
#endif

TEST_CASE("the table as JSON for the page script") {
    json::Value v;
    std::string e;
    REQUIRE(json::parse(commands_json(), &v, &e));
    REQUIRE(v.array.size() == commands().size());
    const json::Value& layer = v.array[5];
    CHECK(layer.find("name")->string == "setLayer");
    CHECK(layer.find("reach")->array.size() == 2);
    CHECK(layer.find("args")->array[0].find("name")->string == "layer");
    CHECK(layer.find("args")->array[1].find("type")->string == "boolean");
    CHECK(layer.find("args")->array[0].find("max")->number == 64);
}
