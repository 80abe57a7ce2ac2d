#include "json.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "numbers.h"
#include "tokenizer.h"  // decode_utf8

namespace capiton::json {

void append_string(std::string& out, std::string_view s) {
    out += '"';
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        char buf[8];
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            case '<': case '>': case '&':
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
                break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else if (c < 0x80) {
                    out += static_cast<char>(c);
                } else {
                    char32_t cp;
                    const int len = decode_utf8(s, i, &cp);
                    if (len == 0) out += "\xEF\xBF\xBD";  // not UTF-8: U+FFFD for this byte, so the output stays JSON
                    else if (cp == 0x2028 || cp == 0x2029) out += cp == 0x2028 ? "\\u2028" : "\\u2029";
                    else out.append(s.substr(i, static_cast<std::size_t>(len)));
                    if (len > 0) i += static_cast<std::size_t>(len) - 1;
                }
        }
    }
    out += '"';
}

void append_number(std::string& out, double x) {
    if (std::isnan(x)) { out += "\"NaN\""; return; }
    if (std::isinf(x)) { out += x > 0 ? "\"Infinity\"" : "\"-Infinity\""; return; }
    out += printf_c("%.9g", x);  // 9 significant digits round-trip a float
}

void append_matrix(std::string& out, const Matrix& m) {
    out += '[';
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        if (i) out += ',';
        out += '[';
        for (Eigen::Index j = 0; j < m.cols(); ++j) {
            if (j) out += ',';
            append_number(out, m(i, j));
        }
        out += ']';
    }
    out += ']';
}

void append_floats(std::string& out, const std::vector<float>& v) {
    out += '[';
    for (std::size_t k = 0; k < v.size(); ++k) {
        if (k) out += ',';
        append_number(out, v[k]);
    }
    out += ']';
}

void append_strings(std::string& out, const std::vector<std::string>& v) {
    out += '[';
    for (std::size_t k = 0; k < v.size(); ++k) {
        if (k) out += ',';
        append_string(out, v[k]);
    }
    out += ']';
}


// ---- Writer ----------------------------------------------------------------------------------------

void Writer::value_start() {
    if (comma_) out_ += ',';
    comma_ = true;
}
Writer& Writer::open(char c) {
    value_start();
    out_ += c;
    comma_ = false;
    return *this;
}
Writer& Writer::close(char c) {
    out_ += c;
    comma_ = true;
    return *this;
}
Writer& Writer::key(std::string_view k) {
    value_start();
    append_string(out_, k);
    out_ += ':';
    comma_ = false;  // the value follows without a comma
    return *this;
}
Writer& Writer::string(std::string_view s) { value_start(); append_string(out_, s); return *this; }
Writer& Writer::number(double x) { value_start(); append_number(out_, x); return *this; }

// A setting the student or a page chose (a temperature): the shortest decimal that reads back as the
// same float, so 0.3 reads 0.3, not 0.300000012. Computed values keep number()'s nine digits, so that
// the same float reads the same wherever it appears (a cell of a matrix and its explanation).
Writer& Writer::setting(float x) {
    value_start();
    if (std::isfinite(x)) out_ += shortest_decimal(x);  // as a link writes it
    else append_number(out_, x);
    return *this;
}
Writer& Writer::integer(long long x) { value_start(); out_ += std::to_string(x); return *this; }
Writer& Writer::boolean(bool b) { value_start(); out_ += b ? "true" : "false"; return *this; }
Writer& Writer::null() { value_start(); out_ += "null"; return *this; }
Writer& Writer::raw(std::string_view json_value) { value_start(); out_ += json_value; return *this; }
Writer& Writer::matrix(const Matrix& m) { value_start(); append_matrix(out_, m); return *this; }
Writer& Writer::floats(const std::vector<float>& v) { value_start(); append_floats(out_, v); return *this; }
Writer& Writer::strings(const std::vector<std::string>& v) { value_start(); append_strings(out_, v); return *this; }

// ---- reading ---------------------------------------------------------------------------------------

const Value* Value::find(std::string_view key) const {
    if (type != Type::Object) return nullptr;
    for (const auto& [k, v] : object)
        if (k == key) return &v;
    return nullptr;
}

namespace {

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// A recursive-descent reader over the whole text; every failure sets `error` once and unwinds.
struct Reader {
    std::string_view s;
    std::size_t i = 0;
    std::string error;

    bool fail(const char* why) {  // "Not JSON: …" errors say where; the others are about the text itself
        if (error.empty())
            error = std::string(why) + (std::string_view(why).rfind("Not JSON", 0) == 0 ? " (at byte " + std::to_string(i) + ")." : ".");
        return false;
    }
    void skip_space() {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    }
    bool literal(const char* word) {
        const std::size_t n = std::strlen(word);
        if (s.substr(i, n) != word) return fail("Not JSON: an unexpected word");
        i += n;
        return true;
    }
    bool hex4(char32_t* out) {
        if (i + 4 > s.size()) return fail("Not JSON: a \\u escape is cut short");
        char32_t v = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = s[i++];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= static_cast<char32_t>(c - '0');
            else if (c >= 'a' && c <= 'f') v |= static_cast<char32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= static_cast<char32_t>(c - 'A' + 10);
            else return fail("Not JSON: a \\u escape has a character that is not hexadecimal");
        }
        *out = v;
        return true;
    }
    bool string(std::string* out) {
        ++i;  // the opening quote
        while (true) {
            if (i >= s.size()) return fail("Not JSON: a string is not closed");
            const unsigned char c = static_cast<unsigned char>(s[i]);
            if (c == '"') { ++i; return true; }
            if (c < 0x20) return fail("Not JSON: a control character inside a string");
            if (c == '\\') {
                if (++i >= s.size()) return fail("Not JSON: a string is not closed");
                const char e = s[i++];
                switch (e) {
                    case '"': *out += '"'; break;
                    case '\\': *out += '\\'; break;
                    case '/': *out += '/'; break;
                    case 'b': *out += '\b'; break;
                    case 'f': *out += '\f'; break;
                    case 'n': *out += '\n'; break;
                    case 'r': *out += '\r'; break;
                    case 't': *out += '\t'; break;
                    case 'u': {
                        char32_t cp = 0;
                        if (!hex4(&cp)) return false;
                        constexpr const char* kLone = "The text is not valid Unicode (it contains a lone UTF-16 surrogate)";
                        if (cp >= 0xDC00 && cp <= 0xDFFF) return fail(kLone);
                        if (cp >= 0xD800 && cp <= 0xDBFF) {  // must pair with a low surrogate
                            if (s.substr(i, 2) != "\\u") return fail(kLone);
                            i += 2;
                            char32_t lo = 0;
                            if (!hex4(&lo)) return false;
                            if (lo < 0xDC00 || lo > 0xDFFF) return fail(kLone);
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        }
                        append_utf8(*out, cp);
                        break;
                    }
                    default: return fail("Not JSON: an unknown escape in a string");
                }
                continue;
            }
            char32_t cp = 0;
            const int len = decode_utf8(s, i, &cp);
            if (len <= 0) return fail("The text is not valid UTF-8");
            out->append(s.substr(i, static_cast<std::size_t>(len)));
            i += static_cast<std::size_t>(len);
        }
    }
    bool number(double* out) {
        const std::size_t start = i;
        const auto digits = [&] {
            const std::size_t from = i;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
            return i > from;
        };
        if (i < s.size() && s[i] == '-') ++i;
        if (i < s.size() && s[i] == '0') ++i;
        else if (!digits()) return fail("Not JSON: a malformed number");
        if (i < s.size() && s[i] == '.') {
            ++i;
            if (!digits()) return fail("Not JSON: a malformed number");
        }
        if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
            ++i;
            if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
            if (!digits()) return fail("Not JSON: a malformed number");
        }
        *out = json_number_c(s.substr(start, i - start));  // the grammar above is all it sees
        if (!std::isfinite(*out)) return fail("Not JSON: a number too large");
        return true;
    }
    // Whether an object's keys are all different: sorted, in O(n log n) whatever the keys (a hash
    // set's worst case, keys made to collide, is quadratic).
    static bool unique_keys(const Value& v) {
        std::vector<std::string_view> keys;
        keys.reserve(v.object.size());
        for (const auto& member : v.object) keys.push_back(member.first);
        std::sort(keys.begin(), keys.end());
        return std::adjacent_find(keys.begin(), keys.end()) == keys.end();
    }
    bool value(Value* v, int depth) {
        skip_space();
        if (i >= s.size()) return fail("Not JSON: a value is missing");
        const char c = s[i];
        if (c == '{' || c == '[') {
            if (depth >= kMaxDepth) return fail("Not accepted: arrays and objects nested too deep");
            ++i;
            const bool object = c == '{';
            v->type = object ? Value::Type::Object : Value::Type::Array;
            skip_space();
            if (i < s.size() && s[i] == (object ? '}' : ']')) { ++i; return true; }
            while (true) {
                skip_space();
                if (object) {
                    if (i >= s.size() || s[i] != '"') return fail("Not JSON: an object key must be a string");
                    std::string key;
                    if (!string(&key)) return false;
                    skip_space();
                    if (i >= s.size() || s[i] != ':') return fail("Not JSON: a ':' is missing after a key");
                    ++i;
                    Value member;
                    if (!value(&member, depth + 1)) return false;
                    v->object.emplace_back(std::move(key), std::move(member));
                } else {
                    Value item;
                    if (!value(&item, depth + 1)) return false;
                    v->array.push_back(std::move(item));
                }
                skip_space();
                if (i < s.size() && s[i] == ',') { ++i; continue; }
                if (i < s.size() && s[i] == (object ? '}' : ']')) {
                    ++i;
                    return !object || unique_keys(*v) || fail("Not accepted: a key appears twice in one object");
                }
                return fail(object ? "Not JSON: a ',' or '}' is missing" : "Not JSON: a ',' or ']' is missing");
            }
        }
        if (c == '"') {
            v->type = Value::Type::String;
            return string(&v->string);
        }
        if (c == 't' || c == 'f') {
            v->type = Value::Type::Bool;
            v->boolean = c == 't';
            return literal(c == 't' ? "true" : "false");
        }
        if (c == 'n') {
            v->type = Value::Type::Null;
            return literal("null");
        }
        v->type = Value::Type::Number;
        return number(&v->number);
    }
};

}  // namespace

bool parse(std::string_view text, Value* out, std::string* error, std::size_t max_bytes) {
    if (text.size() > max_bytes) {
        *error = "Not accepted: the text is longer than " + std::to_string(max_bytes) + " bytes.";
        return false;
    }
    Reader r{text, 0, {}};
    Value v;
    bool ok = r.value(&v, 0);
    if (ok) {
        r.skip_space();
        if (r.i != text.size()) ok = r.fail("Not JSON: something follows the value");
    }
    if (!ok) {
        *error = r.error;
        return false;
    }
    *out = std::move(v);
    return true;
}

}  // namespace capiton::json
