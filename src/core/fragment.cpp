#include "fragment.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string_view>

#include "numbers.h"
#include "session.h"
#include "tokenizer.h"

namespace capiton {

namespace {

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        char32_t c;
        const int n = decode_utf8(s, i, &c);
        if (n == 0) return false;
        i += static_cast<std::size_t>(n);
    }
    return true;
}

// A value is quoted in a warning only when it is short printable ASCII without markup or quote
// characters (never the raw bytes of a hostile link, even in a console).
bool showable(std::string_view v) {
    if (v.size() > 40) return false;
    for (char c : v)
        if (c < 0x20 || c > 0x7e || c == '<' || c == '>' || c == '&' || c == '"' || c == '\'' || c == '`' || c == '\\') return false;
    return true;
}
std::string quoted(std::string_view v) {
    if (!showable(v)) return v.size() > 40 ? "(a long value)" : "(a value)";
    return "\"" + std::string(v) + "\"";
}
// The same for the screen, in any language: in the screen's quotation marks (“…” in English and
// Chinese alike), a value not shown as an ellipsis.
std::string screen_quoted(std::string_view v) {
    return "\u201c" + (showable(v) ? std::string(v) : std::string("\u2026")) + "\u201d";
}

// "2, 4, 8, 16, 32": the d_model / d_k choices, for an error text.
std::string dim_choices() {
    std::string out;
    for (int d : kDimChoices) out += (out.empty() ? "" : ", ") + std::to_string(d);
    return out;
}

// 0.05, 20: a limit as a person writes it (no trailing zeros).
std::string short_number(float x) { return printf_c("%g", static_cast<double>(x)); }

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    while (true) {
        const std::size_t k = s.find(sep);
        out.push_back(s.substr(0, k));
        if (k == std::string_view::npos) return out;
        s = s.substr(k + 1);
    }
}

// Whole numbers only: an optional '-' (when allowed) and at most nine digits.
bool parse_int(std::string_view v, bool negative_ok, int* out) {
    bool neg = false;
    if (negative_ok && !v.empty() && v[0] == '-') {
        neg = true;
        v.remove_prefix(1);
    }
    // up to nine digits (kMaxDraw has seven): no int overflows; the caller checks the range
    if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string_view::npos) return false;
    int n = 0;
    for (char c : v) n = n * 10 + (c - '0');
    *out = neg ? -n : n;
    return true;
}

// Plain decimals only ("1", "0.5", "12.25"): no signs, exponents, hex, "inf" or "nan".
bool parse_decimal(std::string_view v, float* out) {
    if (v.empty() || v.size() > 32 || v.find_first_not_of("0123456789.") != std::string_view::npos) return false;
    if (std::count(v.begin(), v.end(), '.') > 1 || v.front() == '.' || v.back() == '.') return false;
    *out = static_cast<float>(strtod_c(std::string(v)));
    return true;
}

// A warning: its English, its catalog key and the key's arguments (made here, once, not at each call).
Note warning(std::string text, const char* key, std::initializer_list<std::string_view> args = {}) {
    Note n{std::move(text), key};
    for (std::string_view a : args) n.args.emplace_back(a);
    return n;
}

// The warning for a value of `key` it cannot be: `is_not` says what it should be in the console's
// English ("a number of heads (1, 2, 4)"); the screen says it with the choices (link.why.bad_choice) or
// the range (link.why.bad_range) alone, `limits`.
Note bad_value(const std::string& v, const std::string& key, const std::string& is_not, const char* catalog_key,
               std::initializer_list<std::string_view> limits) {
    Note n = warning("The value " + quoted(v) + " of \"" + key + "\" is not " + is_not + "; it was ignored.", catalog_key,
                     {screen_quoted(v), key});
    for (std::string_view l : limits) n.args.emplace_back(l);
    return n;
}

Note bad_id(const std::string& v, const std::string& key, const char* kind, const std::string& known) {
    return bad_value(v, key, std::string("a ") + kind + " (" + known + ")", "link.why.bad_choice", {known});
}

// An id of table E, or a warning "The value "x" of "key" is not a <kind> (a, b, c); it was ignored."
template <class E>
void read_id(const std::string& v, const std::string& key, std::optional<E>* out, std::vector<Note>* warnings) {
    E e;
    if (from_id(v, &e)) *out = e;
    else warnings->push_back(bad_id(v, key, Ids<E>::kind, known_ids<E>()));
}

bool is_dim(int d) { return std::find(kDimChoices.begin(), kDimChoices.end(), d) != kDimChoices.end(); }

}  // namespace

bool percent_decode(std::string_view in, std::string* out) {
    out->clear();
    const auto hex = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '+') {  // a space, as forms and URLSearchParams write it (a plus sign is "%2B")
            *out += ' ';
            continue;
        }
        if (in[i] != '%') {
            *out += in[i];
            continue;
        }
        if (i + 2 >= in.size()) return false;
        const int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
        if (hi < 0 || lo < 0) return false;
        *out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return true;
}

std::string percent_encode(std::string_view in) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (char ch : in) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

namespace {
// The URL standard's test for a host to be read as an IPv4 address: its last label is digits, or a
// hexadecimal number ("0x…").
bool ends_in_number(std::string_view host) {
    if (!host.empty() && host.back() == '.') host.remove_suffix(1);  // a trailing dot: the label before it
    const std::string_view last = host.substr(host.rfind('.') + 1);  // npos + 1 is 0: the whole host
    if (last.size() >= 2 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X'))
        return last.find_first_not_of("0123456789abcdefABCDEF", 2) == std::string_view::npos;
    return !last.empty() && last.find_first_not_of("0123456789") == std::string_view::npos;
}
// Four decimal numbers 0–255 without leading zeros, as a browser writes an IPv4 host in an origin
// (other forms a browser reads, "1.2.3.010" or "0x7f.1", are written otherwise and so never match).
bool canonical_ipv4(std::string_view host) {
    int parts = 0;
    for (std::size_t at = 0; at <= host.size(); ++parts) {
        const std::size_t dot = std::min(host.find('.', at), host.size());
        const std::string_view part = host.substr(at, dot - at);
        if (part.empty() || part.size() > 3 || part.find_first_not_of("0123456789") != std::string_view::npos ||
            (part.size() > 1 && part[0] == '0') || std::stoi(std::string(part)) > 255)
            return false;
        at = dot + 1;
    }
    return parts == 4;
}
}  // namespace

bool valid_origin(std::string_view o) {
    const std::size_t sep = o.find("://");
    if (sep == std::string_view::npos || sep == 0 || o.size() > 256) return false;
    for (std::size_t i = 0; i < sep; ++i) {
        const char c = o[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))))
            return false;
    }
    std::string_view rest = o.substr(sep + 3);
    const std::size_t colon = rest.find(':');
    std::string_view host = rest.substr(0, colon);
    if (colon != std::string_view::npos) {
        const std::string_view p = rest.substr(colon + 1);
        // digits without a leading zero: a browser writes ":080" as ":80" (and leaves that out for http)
        if (p.empty() || p.size() > 5 || p[0] == '0' || p.find_first_not_of("0123456789") != std::string_view::npos) return false;
        const long port = std::strtol(std::string(p).c_str(), nullptr, 10);
        if (port < 1 || port > 65535) return false;
    }
    if (host.empty() || host.front() == '.' || host.front() == '-') return false;
    for (char c : host)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
            return false;
    return !ends_in_number(host) || canonical_ipv4(host);
}

std::string normalized_origin(std::string_view o) {
    std::string n(o);
    for (char& c : n)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const auto drop = [&n](std::string_view scheme, std::string_view port) {  // the port a browser leaves out
        if (n.compare(0, scheme.size(), scheme) == 0 && n.size() > port.size() &&
            n.compare(n.size() - port.size(), port.size(), port) == 0)
            n.resize(n.size() - port.size());
    };
    drop("http://", ":80");
    drop("https://", ":443");
    return n;
}

namespace {
std::string head_counts() {  // "1, 2, 4"
    std::string out;
    for (int h : kHeadCounts) out += (out.empty() ? "" : ", ") + std::to_string(h);
    return out;
}
}  // namespace

Fragment parse_fragment(std::string_view text) {
    Fragment f;
    if (!text.empty() && text.front() == '#') text.remove_prefix(1);
    if (text.size() > kMaxFragmentBytes) {
        f.warnings.push_back(warning("The link's fragment is longer than " + std::to_string(kMaxFragmentBytes) +
                              " characters; all of it was ignored.", "link.why.too_long", {std::to_string(kMaxFragmentBytes)}));
        return f;
    }
    std::vector<std::string> seen;
    for (std::string_view part : split(text, '&')) {
        if (part.empty()) continue;
        const std::size_t eq = part.find('=');
        std::string key;
        if (!percent_decode(part.substr(0, eq), &key) || !valid_utf8(key)) {
            f.warnings.push_back(warning("A key in the link is not valid percent-encoded UTF-8; it was ignored.", "link.why.key_not_utf8"));
            continue;
        }
        if (std::find(kLinkKeys.begin(), kLinkKeys.end(), key) == kLinkKeys.end()) {
            f.warnings.push_back(warning("Unknown key " + quoted(key) + " in the link; it was ignored.", "link.why.unknown_key", {screen_quoted(key)}));
            continue;
        }
        if (eq == std::string_view::npos) {
            f.warnings.push_back(warning("The key \"" + key + "\" has no value (key=value); it was ignored.", "link.why.no_value", {key}));
            continue;
        }
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
            f.warnings.push_back(warning("The key \"" + key + "\" appears twice; the second one was ignored.", "link.why.twice", {key}));
            continue;
        }
        seen.push_back(key);
        std::string v;
        if (!percent_decode(part.substr(eq + 1), &v) || !valid_utf8(v)) {
            f.warnings.push_back(warning("The value of \"" + key + "\" is not valid percent-encoded UTF-8; it was ignored.",
                                  "link.why.value_not_utf8", {key}));
            continue;
        }
        if (key == "s") {
            if (v.size() > kMaxInputBytes)
                f.warnings.push_back(warning("The sentence in the link is longer than " + std::to_string(kMaxInputBytes) +
                                      " bytes; it was ignored.", "link.why.sentence_too_long", {std::to_string(kMaxInputBytes)}));
            else
                f.sentence = v;
        } else if (key == "stage") {
            read_id(v, key, &f.stage, &f.warnings);
        } else if (key == "lang") {
            read_id(v, key, &f.lang, &f.warnings);
        } else if (key == "theme") {
            read_id(v, key, &f.theme, &f.warnings);
        } else if (key == "mask") {
            read_id(v, key, &f.mask, &f.warnings);
        } else if (key == "pos") {
            read_id(v, key, &f.position, &f.warnings);
        } else if (key == "model") {
            read_id(v, key, &f.model, &f.warnings);
        } else if (key == "preset") {
            read_id(v, key, &f.preset, &f.warnings);
        } else if (key == "dm" || key == "dk") {
            int d = 0;
            if (parse_int(v, false, &d) && is_dim(d)) (key == "dm" ? f.d_model : f.d_k) = d;
            else f.warnings.push_back(bad_value(v, key, "one of " + dim_choices(), "link.why.bad_choice", {dim_choices()}));
        } else if (key == "heads") {
            int h = 0;
            if (parse_int(v, false, &h) && std::find(kHeadCounts.begin(), kHeadCounts.end(), h) != kHeadCounts.end()) f.heads = h;
            else f.warnings.push_back(bad_value(v, key, "a number of heads (" + head_counts() + ")", "link.why.bad_choice", {head_counts()}));
        } else if (key == "head") {
            int h = 0;
            if (parse_int(v, false, &h) && h >= 1 && h <= kHeadCounts.back()) f.head = h;
            else f.warnings.push_back(bad_value(v, key, "a head's number (1 to " + std::to_string(kHeadCounts.back()) + ")", "link.why.bad_range",
                                               {"1", std::to_string(kHeadCounts.back())}));
        } else if (key == "decoding") {
            read_id(v, key, &f.decoding, &f.warnings);
        } else if (key == "dt") {
            float t = 0;
            if (parse_decimal(v, &t) && t >= kMinDecodeTemperature && t <= kMaxDecodeTemperature) f.decode_temperature = t;
            else f.warnings.push_back(bad_value(v, key, "a decoder temperature between " + short_number(kMinDecodeTemperature) + " and " +
                                                   short_number(kMaxDecodeTemperature), "link.why.bad_range",
                                               {short_number(kMinDecodeTemperature), short_number(kMaxDecodeTemperature)}));
        } else if (key == "draw") {
            int d = 0;
            if (parse_int(v, false, &d) && d >= 1 && d <= kMaxDraw) f.draw = d;
            else f.warnings.push_back(bad_value(v, key, "a draw's number (1 to " + std::to_string(kMaxDraw) + ")", "link.why.bad_range",
                                               {"1", std::to_string(kMaxDraw)}));
        } else if (key == "step") {
            int t = 0;
            if (parse_int(v, false, &t) && t >= 1 && t <= kMaxTranslationLength + 1) f.step = t;
            else f.warnings.push_back(bad_value(v, key, "a decoder step (1 to " + std::to_string(kMaxTranslationLength + 1) + ")", "link.why.bad_range",
                                               {"1", std::to_string(kMaxTranslationLength + 1)}));
        } else if (key == "tok") {
            int t = 0;
            if (parse_int(v, true, &t) && t >= -1 && t < kMaxTokens) f.token = t;
            else f.warnings.push_back(bad_value(v, key, "a token index (-1 to " + std::to_string(kMaxTokens - 1) + ")", "link.why.bad_range",
                                               {"-1", std::to_string(kMaxTokens - 1)}));
        } else if (key == "t") {
            float t = 0;
            if (parse_decimal(v, &t) && t >= kMinTemperature && t <= kMaxTemperature) f.temperature = t;
            else f.warnings.push_back(bad_value(v, key, "a temperature between " + short_number(kMinTemperature) + " and " + short_number(kMaxTemperature),
                                               "link.why.bad_range", {short_number(kMinTemperature), short_number(kMaxTemperature)}));
        } else if (key == "layers") {
            std::vector<Layer> layers;
            if (!v.empty())
                for (std::string_view id : split(v, ',')) {
                    Layer l;
                    if (!from_id(id, &l)) {
                        f.warnings.push_back(warning("Unknown layer " + quoted(id) + " in the link (" + known_ids<Layer>() + "); it was ignored.",
                                              "link.why.unknown_layer", {screen_quoted(id), known_ids<Layer>()}));
                    } else if (std::find(layers.begin(), layers.end(), l) == layers.end()) {
                        layers.push_back(l);
                    }
                }
            f.layers = layers;
        } else if (key == "allow") {
            std::vector<std::string> origins;
            for (const std::string_view written : split(v, ',')) {
                if (written.empty()) continue;
                // an address copied from the bar ends in "/"; its origin is the same without it
                std::string_view o = written;
                if (o.size() > 1 && o.back() == '/') o.remove_suffix(1);
                if (!valid_origin(o)) {  // what the link says is quoted, "/" and all
                    f.warnings.push_back(warning("The origin " + quoted(written) +
                                              " in \"allow\" is not an origin a browser writes (scheme://host[:port]); it was ignored.",
                                          "link.why.bad_origin", {screen_quoted(written)}));
                } else if (origins.size() >= kMaxAllowedOrigins) {
                    f.warnings.push_back(warning("\"allow\" lists more than " + std::to_string(kMaxAllowedOrigins) + " origins; the rest were ignored.",
                                          "link.why.too_many_origins", {std::to_string(kMaxAllowedOrigins)}));
                    break;
                } else {
                    origins.push_back(normalized_origin(o));  // as a browser writes it: event.origin must match
                }
            }
            f.allow = origins;
        }
    }
    // A link made of thousands of bad parts gets a few lines, not thousands (each one a console line).
    if (f.warnings.size() > kMaxLinkWarnings) {
        const std::size_t more = f.warnings.size() - (kMaxLinkWarnings - 1);
        f.warnings.resize(kMaxLinkWarnings - 1);
        f.warnings.push_back(warning(std::to_string(more) + " more parts of the link were ignored as well.", "link.why.more", {std::to_string(more)}));
    }
    return f;
}

namespace {
// A refusal of the session's while applying a link (`link`) or a page's parameter: `what` is the
// value's name in the console's English, `key` the link's key, which the screen names.
void refused(const Status& st, const char* what, const char* key, bool link, std::vector<Note>* warnings) {
    if (st.ok()) return;
    if (link) warnings->push_back({std::string("The link's ") + what + " was not used: " + st.error, "link.why.not_used", {key}, st});
    else warnings->push_back({st.error, nullptr, {}, st});
}
}  // namespace

void apply_fragment(Session& s, const Fragment& f, std::vector<Note>* warnings, bool link) {
    const auto check = [&](const Status& st, const char* what, const char* key) { refused(st, what, key, link, warnings); };
    const Config& c = s.lesson().config();
    if (f.lang) s.set_language(*f.lang);
    // the same task's model already in use (the page's own link applied again, a run trained here): kept
    const TrainingState* in_use = s.training().state();
    if (f.preset && !(in_use && in_use->task == *f.preset)) check(s.load_preset(*f.preset), "preset", "preset");
    if (f.model) s.set_model(*f.model);
    if (f.d_model || f.d_k) check(s.set_dims(f.d_model.value_or(c.d_model), f.d_k.value_or(c.d_k)), "d_model / d_k", "dm / dk");
    if (f.sentence) check(s.set_sentence(*f.sentence), "sentence", "s");
    if (f.mask) check(s.set_mask(*f.mask), "mask", "mask");
    if (f.position) check(s.set_position(*f.position), "position", "pos");
    if (f.temperature) check(s.set_temperature(*f.temperature), "temperature", "t");
    if (f.heads) check(s.set_heads(*f.heads), "number of heads", "heads");
    if (f.head) check(s.select_head(*f.head - 1), "head", "head");
    if (f.decoding) check(s.set_decoding(*f.decoding), "decoding", "decoding");
    if (f.decode_temperature) check(s.set_decode_temperature(*f.decode_temperature), "decoder temperature", "dt");
    if (f.draw) check(s.set_draw(*f.draw), "draw", "draw");
    if (f.step) check(s.set_decode_step(*f.step - 1), "decoder step", "step");  // after what decodes again
    if (f.layers)
        for (Layer l : all_of<Layer>())
            s.set_layer(l, std::find(f.layers->begin(), f.layers->end(), l) != f.layers->end());
    if (f.theme) s.set_theme(*f.theme);
    if (f.stage) s.go_to(*f.stage);
    if (f.token) check(s.select_token(*f.token), "token index", "tok");
}

std::vector<std::string> apply_link(Session& s, std::string_view text, std::vector<std::string>* allow) {
    const Fragment f = parse_fragment(text);
    std::vector<Note> warnings = f.warnings;
    apply_fragment(s, f, &warnings);
    if (f.allow) *allow = *f.allow;
    std::vector<std::string> english;
    for (const Note& n : warnings) english.push_back(n.text);
    s.set_link_notes(std::move(warnings));  // the student sees them too, not only the console
    return english;
}

std::string note_query_keys(Session& s, std::string_view fixed) {
    const std::string link(fixed.substr(0, 1024));
    Note note("The link's keys come after \"?\", where capiton does not read them: write them after \"#\", as in " + link + ".",
              "link.why.after_query", {link});
    std::vector<Note> notes = s.link_notes();
    notes.insert(notes.begin(), note);
    s.set_link_notes(std::move(notes));
    return note.text;
}

namespace {
std::string layer_ids(const Preferences& p) {  // "search,signifier", as the link's "layers" value
    std::string ids;
    for (Layer layer : p.layers_on()) ids += (ids.empty() ? "" : ",") + std::string(id_of(layer));
    return ids;
}
}  // namespace

std::string fragment_of(const Session& s, const std::vector<std::string>& allow) {
    const Config defaults;
    const Lesson& l = s.lesson();
    std::string o = "s=" + percent_encode(l.sentence());
    o += "&stage=" + std::string(id_of(l.stage()));
    o += "&lang=" + std::string(id_of(s.prefs().language));
    const std::string layers = layer_ids(s.prefs());
    if (layers != layer_ids(Preferences{})) o += "&layers=" + layers;  // empty: every layer off
    // The training stage's model: the link brings its task's stored parameters (those trained in the
    // page cannot travel in a link; the share popup says so), with their sizes while the switch says
    // trained; untrained, the switch and the seeded sizes follow it (apply_fragment: preset, model, sizes).
    const TrainingState* training = s.training().state();
    const bool trained = l.model_kind() == ModelKind::Trained;
    if (training) o += "&preset=" + std::string(id_of(training->task));
    if (!trained) o += "&model=" + std::string(id_of(l.model_kind()));
    const bool sizes = !(training && trained);
    if (sizes && l.config().d_model != defaults.d_model) o += "&dm=" + std::to_string(l.config().d_model);
    if (sizes && l.config().d_k != defaults.d_k) o += "&dk=" + std::to_string(l.config().d_k);
    if (l.config().temperature != defaults.temperature) o += "&t=" + shortest_decimal(l.config().temperature);
    if (l.config().mask != defaults.mask) o += "&mask=" + std::string(id_of(l.config().mask));
    if (l.config().position != defaults.position) o += "&pos=" + std::string(id_of(l.config().position));
    if (l.heads() != kDefaultHeads) o += "&heads=" + std::to_string(l.heads());
    if (l.selected_head() != 0) o += "&head=" + std::to_string(l.selected_head() + 1);
    if (l.decoding() != DecodeMode::Greedy) o += "&decoding=" + std::string(id_of(l.decoding()));
    if (l.decode_temperature() != kDefaultDecodeTemperature) o += "&dt=" + shortest_decimal(l.decode_temperature());
    if (l.draw() != 1) o += "&draw=" + std::to_string(l.draw());
    if (l.decode_step() != 0) o += "&step=" + std::to_string(l.decode_step() + 1);
    if (l.selected_token() >= 0) o += "&tok=" + std::to_string(l.selected_token());
    o += "&theme=" + std::string(id_of(s.prefs().theme));
    if (!allow.empty()) {
        o += "&allow=";
        for (std::size_t i = 0; i < allow.size(); ++i) o += (i ? "," : "") + percent_encode(allow[i]);
    }
    return o;
}

}  // namespace capiton
