// capiton core: the state in a URL fragment, read and written.
//
//   index.html#stage=softmax&lang=zh&s=I%20saw%20a%20bird&layers=search,apple&model=untrained&dk=4&t=1
//
// Keys (docs/embed.md): s (sentence), stage, lang (en|zh), layers (comma-separated layer ids, may be
// empty: none; absent: the analogies search and signifier, the first visit's default), model
// (trained|untrained), preset (a training task whose stored parameters drive the lesson), dm (d_model)
// and dk (d_k, each one of kDimChoices), t (temperature), mask (none|causal),
// pos (none|sinusoidal|learned|rope), heads (1|2|4: the heads stage's number of heads), head (the
// heads stage's selected head, from 1), decoding (greedy|sampled: how the decode stage's decoder picks),
// dt (its temperature when sampling), draw (which seeded draw, from 1), step (the decode stage's step,
// from 1),
// tok (selected token index, -1 for none), theme (light|dark), allow (comma-separated origins that may
// send postMessage commands).
//
// The fragment comes from whoever wrote the link, so nothing in it is trusted: parse_fragment()
// keeps a value only when it is well formed and in range, and says in a warning why it ignored any
// other (unknown key, repeated key, bad percent-encoding, invalid UTF-8, out of range, too long).
// Values are never evaluated or turned into markup; the sentence goes through the tokenizer's own
// checks when it is applied.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attention.h"
#include "ids.h"
#include "status.h"

namespace capiton {

class Session;

constexpr std::size_t kMaxFragmentBytes = 8192;  // a longer fragment is ignored as a whole
constexpr std::size_t kMaxLinkWarnings = 8;       // warnings a fragment's parse gives at most (the last one counts the rest)
constexpr std::size_t kMaxAllowedOrigins = 16;
constexpr std::array<int, 5> kDimChoices = {2, 4, 8, 16, 32};  // what the d_model / d_k menus offer

struct Fragment {
    std::optional<std::string> sentence;
    std::optional<Stage> stage;
    std::optional<Language> lang;
    std::optional<Theme> theme;
    std::optional<std::vector<Layer>> layers;
    std::optional<int> d_model, d_k, token, heads, head;  // head: from 1
    std::optional<float> temperature;
    std::optional<MaskKind> mask;
    std::optional<PositionKind> position;
    std::optional<ModelKind> model;
    std::optional<TaskId> preset;  // the training stage's stored parameters of that task drive the lesson
    std::optional<DecodeMode> decoding;
    std::optional<float> decode_temperature;
    std::optional<int> draw, step;  // step: from 1
    std::optional<std::vector<std::string>> allow;  // origins, each "scheme://host[:port]"
    std::vector<Note> warnings;  // one per ignored part (kMaxLinkWarnings at most): English, and its catalog key
};

Fragment parse_fragment(std::string_view text);  // text with or without the leading '#'

// Applies what the fragment holds to the session, in dependency order (the language before the
// sentence, so that a link's own sentence wins over the language's default; a preset before the
// model (a link with both says untrained), the model before the
// sizes, as other sizes than the trained model's mean seeded parameters; sizes before the
// sentence; the sentence before the token). A value the session refuses adds a warning and changes
// nothing.
// `link` false (the page hook's setParam): a refusal is the session's own message, not the link's.
void apply_fragment(Session& s, const Fragment& f, std::vector<Note>* warnings, bool link = true);

// A link's fragment (at start-up, or the page's hashchange) applied to the session: parse_fragment,
// then apply_fragment. Returns why any part was not used (English, for the console); the session keeps
// the same as notes for the screen. `allow` becomes the link's origins when it lists any.
std::vector<std::string> apply_link(Session& s, std::string_view text, std::vector<std::string>* allow);

// The link's keys were written after "?" (a query, which the server reads and capiton does not); `fixed`
// is the link as it should have been ("embed.html#stage=softmax&lang=zh"). Puts the note first among
// the session's link notes, for the screen, and returns it in English, for the console.
std::string note_query_keys(Session& s, std::string_view fixed);

// The session's state as a fragment (without '#'), keys in the order listed above; `allow` is added
// when non-empty. parse_fragment(fragment_of(s)) restores the same state.
std::string fragment_of(const Session& s, const std::vector<std::string>& allow = {});

// The keys a link may have (docs/embed.md); the page script gets the list too (page_commands), to
// tell keys written after "?" where they belong.
inline constexpr std::array<const char*, 20> kLinkKeys = {
    "s", "stage", "lang", "layers", "model", "preset", "dm", "dk", "t", "mask",
    "pos", "heads", "head", "decoding", "dt", "draw", "step", "tok", "theme", "allow"};

// "%XX" decoding, '+' read as a space (as forms and URLSearchParams write one); false on a bad escape. Encoding escapes everything but
// A–Z a–z 0–9 - _ . ~ (so the result is safe in a fragment, an attribute or a query).
bool percent_decode(std::string_view in, std::string* out);
std::string percent_encode(std::string_view in);

// "https://example.org", "http://localhost:8080": a scheme of letters, "://", a host of letters,
// digits, '-' and '.', an optional port; nothing else (no path, user, query, spaces or wildcards).
// A host that reads as an IPv4 address must be one as a browser writes it ("10.0.0.1"): postMessage
// throws on a target it cannot read ("http://256.0.0.1").
bool valid_origin(std::string_view origin);
// A valid origin as browsers write it: scheme and host in lower case, without the scheme's default
// port (":80" for http, ":443" for https).
std::string normalized_origin(std::string_view origin);

}  // namespace capiton
