// The URL fragment: parsing (including hostile input), applying, writing, round trips.
#include <doctest.h>

#include <string>

#include "core/fragment.h"
#include "core/session.h"

using namespace capiton;

TEST_CASE("fragment: the issue's example") {
    const Fragment f = parse_fragment("#stage=softmax&lang=zh&s=I%20saw%20a%20bird");
    CHECK(f.warnings.empty());
    CHECK(f.stage == std::optional<Stage>(Stage::Softmax));
    CHECK(f.lang == std::optional<Language>(Language::Zh));
    CHECK(f.sentence == std::optional<std::string>("I saw a bird"));
    CHECK_FALSE(f.layers.has_value());
    CHECK_FALSE(f.d_k.has_value());
}

TEST_CASE("fragment: every key, well formed") {
    const Fragment f = parse_fragment(
        "s=%E6%88%91%E5%9C%A8&stage=output&lang=en&layers=search,apple&dm=16&dk=2&t=0.5&mask=causal&pos=rope"
        "&heads=2&head=2&tok=1&theme=dark&allow=https%3A%2F%2Fcourse.example.org,http://localhost:8080");
    CHECK(f.warnings.empty());
    CHECK(*f.sentence == "\xe6\x88\x91\xe5\x9c\xa8");  // 我在
    CHECK(*f.stage == Stage::Output);
    CHECK(*f.layers == std::vector<Layer>{Layer::Search, Layer::Apple});
    CHECK(*f.d_model == 16);
    CHECK(*f.d_k == 2);
    CHECK(*f.temperature == 0.5f);
    CHECK(*f.mask == MaskKind::Causal);
    CHECK(*f.position == PositionKind::Rotary);
    CHECK(*f.heads == 2);
    CHECK(*f.head == 2);
    CHECK(*f.token == 1);
    CHECK(*f.theme == Theme::Dark);
    CHECK(*f.allow == std::vector<std::string>{"https://course.example.org", "http://localhost:8080"});
}

TEST_CASE("fragment: empty input, empty parts and an empty layer list") {
    CHECK(parse_fragment("").warnings.empty());
    CHECK(parse_fragment("#").warnings.empty());
    const Fragment f = parse_fragment("&&layers=&&");
    CHECK(f.warnings.empty());
    REQUIRE(f.layers.has_value());
    CHECK(f.layers->empty());  // "layers=" switches every layer off
}

TEST_CASE("fragment: a plain decimal is read up to 32 characters, as long as a page's value may be") {
    const Fragment f = parse_fragment("t=1.000000000000000000000000000000");  // 32
    CHECK(f.warnings.empty());
    REQUIRE(f.temperature.has_value());
    CHECK(*f.temperature == 1.0f);
}

TEST_CASE("fragment: bad values are ignored one by one, each with a warning") {
    struct Case {
        const char* text;
        const char* key_in_warning;
    };
    const Case cases[] = {
        {"stage=Softmax", "stage"},          {"stage=", "stage"},           {"lang=fr", "lang"},
        {"theme=blue", "theme"},             {"mask=full", "mask"},         {"dk=3", "dk"},
        {"pos=RoPE", "pos"},                 {"pos=", "pos"},               {"heads=3", "heads"},
        {"heads=8", "heads"},                {"heads=two", "heads"},        {"head=0", "head"},
        {"head=5", "head"},                  {"head=-1", "head"},
        {"dk=64", "dk"},                     {"dk=-4", "dk"},               {"dk=4.0", "dk"},
        {"dm=0x8", "dm"},                    {"tok=-2", "tok"},             {"tok=64", "tok"},
        {"tok=1e3", "tok"},                  {"tok=99999999999999999999", "tok"},
        {"t=0", "t"},                        {"t=21", "t"},                 {"t=-1", "t"},
        {"t=inf", "t"},                      {"t=nan", "t"},                {"t=1e1", "t"},
        {"t=.5", "t"},                       {"t=1..5", "t"},               {"s=%zz", "s"},
        {"t=1.0000000000000000000000000000000", "t"},  // 33 characters: longer than a value may be
        {"s=%E6%88", "s"},                   {"s=%C0%AF", "s"},             {"s=%ED%A0%80", "s"},
        {"allow=*", "allow"},                {"allow=javascript:alert(1)", "allow"},
        {"allow=https://a.org/path", "allow"}, {"allow=https://a.org:99999", "allow"},
        {"allow=https://user@a.org", "allow"}, {"allow=https://%20a.org", "allow"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        const Fragment f = parse_fragment(c.text);
        REQUIRE(f.warnings.size() == 1);
        CHECK(f.warnings[0].text.find(std::string("\"") + c.key_in_warning) != std::string::npos);
        CHECK_FALSE(f.stage.has_value());
        CHECK_FALSE(f.d_k.has_value());
        CHECK_FALSE(f.token.has_value());
        CHECK_FALSE(f.temperature.has_value());
        CHECK_FALSE(f.sentence.has_value());
        CHECK((!f.allow.has_value() || f.allow->empty()));
    }
}

TEST_CASE("fragment: the screen quotes a refused value in its own quotation marks, and never shows a hostile one") {
    // the screen's arguments (its catalog text's %s), not the console's English
    const Fragment plain = parse_fragment("stage=foo");
    REQUIRE(plain.warnings.size() == 1);
    CHECK(plain.warnings[0].args.at(0) == "\u201cfoo\u201d");  // “foo”
    CHECK(plain.warnings[0].args.at(1) == "stage");
    CHECK(plain.warnings[0].text.find("\"foo\"") != std::string::npos);  // the console keeps "foo"
    for (const char* hostile : {"dk=%3Cb%3E", "stage=%22onload%22", "lang=" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
        CAPTURE(hostile);
        const Fragment f = parse_fragment(hostile);
        REQUIRE(f.warnings.size() == 1);
        CHECK(f.warnings[0].args.at(0) == "\u201c\u2026\u201d");  // “…”
    }
    const Fragment key = parse_fragment("%3Cb%3E=1");
    REQUIRE(key.warnings.size() == 1);
    CHECK(key.warnings[0].args.at(0) == "\u201c\u2026\u201d");
}

TEST_CASE("fragment: unknown, repeated and value-less keys; good keys beside them still count") {
    const Fragment f = parse_fragment("foo=1&stage=scores&stage=output&lang&dk=8&__proto__=x&constructor");
    CHECK(f.warnings.size() == 5);
    CHECK(*f.stage == Stage::Scores);  // the first one wins
    CHECK(*f.d_k == 8);
    CHECK_FALSE(f.lang.has_value());
}

TEST_CASE("fragment: unknown layers are dropped, known ones kept once") {
    const Fragment f = parse_fragment("layers=search,<script>,search,apple,");
    CHECK(f.warnings.size() == 2);  // "<script>" and the empty id
    CHECK(*f.layers == std::vector<Layer>{Layer::Search, Layer::Apple});
}

TEST_CASE("fragment: hostile input") {
    SUBCASE("too long as a whole: nothing is used") {
        const std::string huge = "stage=output&s=" + std::string(kMaxFragmentBytes, 'a');
        const Fragment f = parse_fragment(huge);
        CHECK(f.warnings.size() == 1);
        CHECK_FALSE(f.stage.has_value());
    }
    SUBCASE("a sentence longer than the tokenizer takes") {
        std::string s = "s=";
        for (int i = 0; i < 400; ++i) s += "%E9%B8%9F";  // 鸟 × 400 = 1200 bytes
        const Fragment f = parse_fragment(s);
        CHECK(f.warnings.size() == 1);
        CHECK_FALSE(f.sentence.has_value());
    }
    SUBCASE("markup and script in values stay data, quoted only when short and printable") {
        const Fragment f = parse_fragment("s=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&stage=%3Cscript%3E");
        CHECK(*f.sentence == "<img src=x onerror=alert(1)>");  // a sentence may hold anything printable
        REQUIRE(f.warnings.size() == 1);
        CHECK(f.warnings[0].text.find('<') == std::string::npos);  // not even the console gets markup back
        const Fragment g = parse_fragment("stage=%E2%80%AE%00abc");  // bidi override and NUL
        REQUIRE(g.warnings.size() == 1);
        CHECK(g.warnings[0].text.find('\0') == std::string::npos);
        CHECK(g.warnings[0].text.find("\xe2\x80\xae") == std::string::npos);
    }
    SUBCASE("too many origins") {
        std::string s = "allow=";
        for (int i = 0; i < 20; ++i) s += "https://h" + std::to_string(i) + ".org,";
        const Fragment f = parse_fragment(s);
        CHECK(f.allow->size() == kMaxAllowedOrigins);
        CHECK(f.warnings.size() == 1);
    }
    SUBCASE("thousands of bad parts give a few warnings, the last one counting the rest") {
        std::string s = "stage=output";
        for (int i = 0; i < 2000; ++i) s += "&x=1";  // an unknown key, 2,000 times
        REQUIRE(s.size() <= kMaxFragmentBytes);
        const Fragment f = parse_fragment(s);
        REQUIRE(f.warnings.size() == 8);
        CHECK(f.warnings[0].text.find("\"x\"") != std::string::npos);
        CHECK(f.warnings[7].text.find("1993 more") != std::string::npos);  // 2,000 − the 7 shown
        CHECK(*f.stage == Stage::Output);  // the good part still counts
        CHECK(parse_fragment("a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8").warnings.size() == 8);  // exactly 8: all shown
        CHECK(parse_fragment("a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8").warnings[7].text.find("\"h\"") != std::string::npos);
    }
    SUBCASE("percent-encoded separators do not split") {
        const Fragment f = parse_fragment("s=a%26stage%3Doutput");
        CHECK(*f.sentence == "a&stage=output");
        CHECK_FALSE(f.stage.has_value());
    }
}

TEST_CASE("percent encoding round-trips any bytes and leaves only unreserved characters") {
    const std::string raw = "I saw a bird & a <tree>\xe6\xa0\x91 100% #1";
    const std::string enc = percent_encode(raw);
    CHECK(enc.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~%") ==
          std::string::npos);
    std::string back;
    REQUIRE(percent_decode(enc, &back));
    CHECK(back == raw);
    CHECK_FALSE(percent_decode("%", &back));
    CHECK_FALSE(percent_decode("%4", &back));
    CHECK_FALSE(percent_decode("%g0", &back));
    REQUIRE(percent_decode("the+cat+sat", &back));  // as URLSearchParams and Python's urlencode write spaces
    CHECK(back == "the cat sat");
    REQUIRE(percent_decode("1%2B1", &back));  // a plus sign, as encodeURIComponent and percent_encode write it
    CHECK(back == "1+1");
    CHECK(percent_encode("1+1") == "1%2B1");
}

TEST_CASE("origins") {
    for (const char* ok : {"https://example.org", "http://localhost:8080", "http://127.0.0.1:5173", "https://a-b.c.d",
                           "app://x"})
        CHECK_MESSAGE(valid_origin(ok), ok);
    for (const char* bad : {"", "example.org", "https://", "https://a.org/", "https://a.org:", "https://a.org:0",
                            "https://a.org:65536", "https://*.org", "https://a b", "null", "://a.org", "1http://a.org",
                            "https://.a.org", "https://a.org?x", "https://u:p@a.org",
                            // IPv4 hosts a browser cannot read (postMessage would throw) or writes otherwise
                            "http://256.0.0.1", "http://1.2.3.4.5", "http://1.2.3.09", "http://1.2.3", "http://1.2.3.4.",
                            "http://0x7f.0.0.1", "http://a.0x1f", "http://example.123",
                            "http://a.org:080", "https://a.org:0443", "http://a.org:08080"})
        CHECK_FALSE_MESSAGE(valid_origin(bad), bad);
    for (const char* ok : {"http://10.0.0.1", "http://255.255.255.255:8080", "http://0.0.0.0", "http://a1.b2", "http://1a.example"})
        CHECK_MESSAGE(valid_origin(ok), ok);
    CHECK(normalized_origin("HTTPS://Example.COM:443") == "https://example.com");
    CHECK(normalized_origin("http://LOCALHOST:80") == "http://localhost");
    CHECK(normalized_origin("http://a.org:443") == "http://a.org:443");
    CHECK(normalized_origin("https://a.org:8443") == "https://a.org:8443");
    CHECK(normalized_origin("http://a.org:8080") == "http://a.org:8080");
}

TEST_CASE("fragment: allowed origins are kept as browsers write them") {
    const Fragment f = parse_fragment("allow=HTTPS%3A%2F%2FCourse.Example.org%3A443,http%3A%2F%2F256.0.0.1");
    REQUIRE(f.allow);
    REQUIRE(f.allow->size() == 1u);
    CHECK((*f.allow)[0] == "https://course.example.org");
    CHECK(f.warnings.size() == 1u);
    // an address copied from the bar, with its "/": the same origin; a path beyond it is still refused
    const Fragment g = parse_fragment("allow=https%3A%2F%2Fcourse.example.org%2F,https%3A%2F%2Fa.org%2Fx%2F,https%3A%2F%2F%2F");
    REQUIRE(g.allow);
    REQUIRE(g.allow->size() == 1u);
    CHECK((*g.allow)[0] == "https://course.example.org");
    REQUIRE(g.warnings.size() == 2u);
    CHECK(g.warnings[0].text.find("\"https://a.org/x/\"") != std::string::npos);  // as the link wrote it
}

TEST_CASE("fragment: applied to a session, and written back") {
    Session s;
    std::vector<Note> warnings;
    apply_fragment(s, parse_fragment("s=the%20cat%20sat&stage=softmax&layers=search,qkv&dk=8&t=2.5&mask=causal&pos=learned&heads=2&head=2&tok=2&theme=dark"),
                   &warnings);
    CHECK(warnings.empty());
    const Lesson& l = s.lesson();
    CHECK(l.sentence() == "the cat sat");
    CHECK(l.stage() == Stage::Softmax);
    CHECK(s.prefs().layer_on(Layer::Search));
    CHECK(s.prefs().layer_on(Layer::Qkv));
    CHECK_FALSE(s.prefs().layer_on(Layer::Apple));
    CHECK(l.config().d_k == 8);
    CHECK(l.config().temperature == 2.5f);
    CHECK(l.config().mask == MaskKind::Causal);
    CHECK(l.config().position == PositionKind::Learned);
    CHECK(l.multi_head().heads() == 2);
    CHECK(l.multi_head().selected() == 1);
    CHECK(l.selected_token() == 2);
    CHECK(s.prefs().theme == Theme::Dark);
    CHECK(fragment_of(s) ==
          "s=the%20cat%20sat&stage=softmax&lang=en&layers=search,qkv&model=untrained&dk=8&t=2.5&mask=causal&pos=learned&heads=2&head=2&tok=2&theme=dark");

    // Written back and read into a fresh session: the same state.
    Session t;
    apply_fragment(t, parse_fragment(fragment_of(s)), &warnings);
    CHECK(warnings.empty());
    CHECK(state_json(t) == state_json(s));
}

TEST_CASE("fragment: a value the session refuses is reported and changes nothing") {
    Session s;
    const std::string before = state_json(s);
    std::vector<Note> warnings;
    apply_fragment(s, parse_fragment("s=%20%20%20&tok=40"), &warnings);  // blank sentence; token past the end
    CHECK(warnings.size() == 2);
    CHECK(state_json(s) == before);
}

TEST_CASE("fragment: a head beyond the heads in use is refused and changes nothing") {
    Session s;
    std::vector<Note> warnings;
    apply_fragment(s, parse_fragment("heads=2&head=3"), &warnings);  // head 3 of 2
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].text.find("head") != std::string::npos);
    CHECK(s.lesson().multi_head().heads() == 2);
    CHECK(s.lesson().multi_head().selected() == 0);
}

TEST_CASE("fragment: temperatures are written as the shortest decimal that reads back exactly") {
    for (float t : {0.05f, 0.1f, 1.0f / 3.0f, 1.5f, 7.25f, 19.99f, 20.0f}) {
        Session s;
        REQUIRE(s.set_temperature(t).ok());
        const Fragment f = parse_fragment(fragment_of(s));
        CAPTURE(fragment_of(s));
        CHECK(f.warnings.empty());
        REQUIRE(f.temperature.has_value());
        CHECK(*f.temperature == t);
    }
}

TEST_CASE("fragment: the language comes first, so that a link's own sentence wins over its default") {
    Session s;
    std::vector<Note> warnings;
    apply_fragment(s, parse_fragment("lang=zh"), &warnings);
    CHECK(s.prefs().language == Language::Zh);
    CHECK(s.lesson().sentence() == kLanguageInfo[1].default_sentence);  // the default followed
    Session t;
    apply_fragment(t, parse_fragment("s=the%20cat%20sat&lang=zh"), &warnings);
    CHECK(t.lesson().sentence() == "the cat sat");
    CHECK(warnings.empty());
}

TEST_CASE("a link applied: warnings for what was not used, and the origins it allows") {
    Session s;
    std::vector<std::string> allow = {"https://old.example"};
    const std::vector<std::string> w = apply_link(s, "#stage=nope&allow=https%3A%2F%2Fcourse.example.org", &allow);
    REQUIRE(w.size() == 1);
    CHECK(w[0].find("\"stage\"") != std::string::npos);
    REQUIRE(s.link_notes().size() == 1);  // the screen shows them until dismissed
    CHECK(s.link_notes()[0].text == w[0]);
    s.dismiss_link_notes();
    CHECK(s.link_notes().empty());
    CHECK(apply_link(s, "#s=a%E2%80%AEb", &allow).size() == 1);  // a sentence the tokenizer refuses
    CHECK(s.lesson().sentence() == "I saw a bird in the sky");
    CHECK(s.link_notes().size() == 1);
    CHECK(allow == std::vector<std::string>{"https://course.example.org"});
    CHECK(apply_link(s, "#dk=8", &allow).empty());
    CHECK(s.link_notes().empty());  // a good link clears them
    CHECK(allow == std::vector<std::string>{"https://course.example.org"});  // a link without "allow" keeps it
}

TEST_CASE("a link's keys written after \"?\": a note first among the link's, with the link as it should be") {
    Session s;
    std::vector<std::string> allow;
    REQUIRE(apply_link(s, "#stage=nope", &allow).size() == 1);
    const std::string said = note_query_keys(s, "embed.html#lang=zh&tok=3");
    CHECK(said == "The link's keys come after \"?\", where capiton does not read them: write them after \"#\", as in "
                  "embed.html#lang=zh&tok=3.");
    REQUIRE(s.link_notes().size() == 2);
    CHECK(s.link_notes()[0].text == said);
    CHECK(std::string(s.link_notes()[0].key) == "link.why.after_query");
    CHECK(s.link_notes()[0].args == std::vector<std::string>{"embed.html#lang=zh&tok=3"});
    CHECK(s.link_notes()[1].text.find("\"stage\"") != std::string::npos);  // the fragment's own, after it
}

TEST_CASE("fragment: the model key, and the analogies shown on a first visit") {
    std::vector<Note> warnings;
    Session s;
    CHECK(fragment_of(s).find("layers") == std::string::npos);  // the default: search and signifier
    CHECK(fragment_of(s).find("model") == std::string::npos);   // the default: trained
    apply_fragment(s, parse_fragment("model=untrained&layers="), &warnings);
    CHECK(warnings.empty());
    CHECK(s.lesson().model_kind() == ModelKind::Untrained);
    CHECK(s.prefs().layers_on().empty());
    CHECK(fragment_of(s).find("&layers=&model=untrained&") != std::string::npos);
    Session t;
    apply_fragment(t, parse_fragment(fragment_of(s)), &warnings);
    CHECK(warnings.empty());
    CHECK(t.lesson().model_kind() == ModelKind::Untrained);
    CHECK(t.prefs().layers_on().empty());
    const Fragment bad = parse_fragment("model=half");
    CHECK_FALSE(bad.model.has_value());
    REQUIRE(bad.warnings.size() == 1);
    CHECK(bad.warnings[0].text == "The value \"half\" of \"model\" is not a model (trained, untrained); it was ignored.");
    // an old link with sizes: seeded weights at those sizes, as before
    Session u;
    apply_fragment(u, parse_fragment("dm=16&dk=8"), &warnings);
    CHECK(u.lesson().model_kind() == ModelKind::Untrained);
    CHECK(u.lesson().config().d_model == 16);
}

TEST_CASE("fragment: a training task's model travels as its preset, with its sizes") {
    std::vector<Note> warnings;
    Session s;
    REQUIRE(s.load_preset(TaskId::Apple).ok());
    REQUIRE(s.set_sentence("we eat the apple").ok());
    const std::string link = fragment_of(s);
    CHECK(link.find("&preset=apple&") != std::string::npos);
    CHECK(link.find("dm=") == std::string::npos);  // the preset's sizes come with it
    CHECK(link.find("dk=") == std::string::npos);
    Session t;
    apply_fragment(t, parse_fragment(link), &warnings);
    CHECK(warnings.empty());
    REQUIRE(t.training().state() != nullptr);
    CHECK(t.training().state()->preset);
    CHECK(t.lesson().model_kind() == ModelKind::Trained);
    REQUIRE(t.lesson().model() != nullptr);
    CHECK(t.lesson().model()->task.id == "apple");
    CHECK(t.lesson().trace().weights.isApprox(s.lesson().trace().weights));  // the same weights on the same words
    CHECK(fragment_of(t) == link);
    // a run trained here: the link brings the task's preset (its weights cannot travel)
    Session r;
    REQUIRE(r.train(TaskId::Birdsky, 0.02f, 16).ok());
    r.train_slice(5);
    CHECK(fragment_of(r).find("&preset=birdsky&") != std::string::npos);
    CHECK(fragment_of(r).find("dk=") == std::string::npos);
    // untrained beside a preset: the switch wins; the preset still travels (the switch brings it back)
    REQUIRE(s.load_preset(TaskId::Apple).ok());
    s.set_model(ModelKind::Untrained);
    CHECK(fragment_of(s).find("&preset=apple&model=untrained&") != std::string::npos);
    Session u;
    apply_fragment(u, parse_fragment(fragment_of(s)), &warnings);
    CHECK(warnings.empty());
    CHECK(u.lesson().model_kind() == ModelKind::Untrained);
    CHECK(state_json(u) == state_json(s));
    u.set_model(ModelKind::Trained);
    REQUIRE(u.lesson().model() != nullptr);
    CHECK(u.lesson().model()->task.id == "apple");
    // the page's own link applied again keeps a run trained here (no preset put in its place)
    Session again;
    REQUIRE(again.train(TaskId::Birdsky, 0.02f, 8).ok());
    again.train_slice(3);
    const int run = again.training().run_id();
    apply_fragment(again, parse_fragment(fragment_of(again)), &warnings);
    CHECK(warnings.empty());
    CHECK(again.training().run_id() == run);
    CHECK_FALSE(again.training().state()->preset);
    CHECK(again.training().state()->step == 3);
    const Fragment bad = parse_fragment("preset=banana");
    CHECK_FALSE(bad.preset.has_value());
    REQUIRE(bad.warnings.size() == 1);
}
