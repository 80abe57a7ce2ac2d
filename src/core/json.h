// capiton core: a minimal JSON writer (state(), exports, command replies) and reader (page commands).
//
// Writing: strings are escaped so that the output is safe to embed anywhere (<, >, &, U+2028/9
// escaped); a byte that is not part of valid UTF-8 is written as U+FFFD, so the output is always
// JSON. Numbers are written with a decimal point whatever the C locale (numbers.h). Non-finite numbers are not JSON: they are written as the strings "Infinity", "-Infinity",
// "NaN", which the page turns back into numbers.
// Reading: one JSON text (RFC 8259) from outside (a page's command), with limits on size and depth;
// anything else is refused with a short English reason, never half-read.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "matrix.h"

namespace capiton::json {

void append_string(std::string& out, std::string_view s);
void append_number(std::string& out, double x);
void append_matrix(std::string& out, const Matrix& m);  // [[row0...],[row1...]]
void append_floats(std::string& out, const std::vector<float>& v);         // [x,y,…]
void append_strings(std::string& out, const std::vector<std::string>& v);  // ["a","b",…]

// Builds one JSON text; the writer places the commas. Keys and values alternate inside an object.
class Writer {
public:
    Writer& begin_object() { return open('{'); }
    Writer& end_object() { return close('}'); }
    Writer& begin_array() { return open('['); }
    Writer& end_array() { return close(']'); }
    Writer& key(std::string_view k);
    Writer& string(std::string_view s);
    Writer& number(double x);
    Writer& setting(float x);  // a chosen value: its shortest decimal (json.cpp)
    Writer& integer(long long x);
    Writer& boolean(bool b);
    Writer& null();
    Writer& raw(std::string_view json_value);  // a value already written as JSON
    Writer& matrix(const Matrix& m);
    Writer& floats(const std::vector<float>& v);
    Writer& strings(const std::vector<std::string>& v);
    const std::string& text() const { return out_; }
    std::string take() { return std::move(out_); }

private:
    Writer& open(char c);
    Writer& close(char c);
    void value_start();
    std::string out_;
    bool comma_ = false;  // a value was written at this level: the next one needs a comma
};

// A parsed JSON value.
struct Value {
    enum class Type { Null, Bool, Number, String, Array, Object };
    Type type = Type::Null;
    bool boolean = false;
    double number = 0.0;
    std::string string;                                   // UTF-8
    std::vector<Value> array;
    std::vector<std::pair<std::string, Value>> object;    // in document order, keys unique
    const Value* find(std::string_view key) const;        // null when absent (or not an object)
    bool is_string() const { return type == Type::String; }
    bool is_number() const { return type == Type::Number; }
    bool is_bool() const { return type == Type::Bool; }
    bool is_object() const { return type == Type::Object; }
};

constexpr std::size_t kMaxTextBytes = 1 << 20;  // longer texts are refused whole
// The training worker's snapshots (the app's own worker, not the page's visitors): a poem run's
// resent history (100,000 losses, ~11 bytes each) and its weights (~610 KB in base64) pass 1 MiB.
constexpr std::size_t kMaxSnapshotBytes = 4 << 20;
constexpr int kMaxDepth = 32;                    // nesting of arrays and objects

// Parses `text`; false with the reason in *error (and *out untouched) when it is not one well-formed
// JSON value within the limits (max_bytes long at most). Refused: invalid UTF-8, lone UTF-16
// surrogates in \u escapes, control characters inside strings, repeated keys, anything after the
// value but white space.
bool parse(std::string_view text, Value* out, std::string* error, std::size_t max_bytes = kMaxTextBytes);

}  // namespace capiton::json
