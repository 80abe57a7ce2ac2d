#include "catalog.h"

#include <algorithm>
#include <cstring>

namespace capiton {

namespace {
std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}
}  // namespace

bool Catalog::parse(std::string_view text, std::string* error) {
    std::map<std::string, std::string> entries;
    int line_no = 0;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        ++line_no;
        line = trim(line);
        if (line.empty() || line.front() == '#') continue;
        const std::size_t eq = line.find(" = ");
        if (eq == std::string_view::npos) {
            *error = "line " + std::to_string(line_no) + ": expected \"key = text\"";
            return false;
        }
        const std::string key(trim(line.substr(0, eq)));
        const std::string_view raw = line.substr(eq + 3);
        std::string value;  // raw with its escapes \n and \\ replaced, copied a run at a time (the texts are long)
        value.reserve(raw.size());
        for (std::size_t i = 0; i < raw.size();) {
            const std::size_t b = std::min(raw.find('\\', i), raw.size());
            value.append(raw, i, b - i);
            if (b == raw.size()) break;
            const bool escape = b + 1 < raw.size() && (raw[b + 1] == 'n' || raw[b + 1] == '\\');
            value += escape && raw[b + 1] == 'n' ? '\n' : '\\';
            i = b + (escape ? 2 : 1);
        }
        if (key.empty() || key.find(' ') != std::string::npos) {
            *error = "line " + std::to_string(line_no) + ": a key is one word";
            return false;
        }
        if (!entries.emplace(key, std::move(value)).second) {
            *error = "line " + std::to_string(line_no) + ": key \"" + key + "\" appears twice";
            return false;
        }
    }
    entries_ = std::move(entries);
    return true;
}

const char* Catalog::get(const std::string& key) const {
    const auto it = entries_.find(key);
    if (it != entries_.end()) return it->second.c_str();
    missing_ = key;
    return missing_.c_str();
}

std::vector<std::string> Catalog::keys() const {
    std::vector<std::string> k;
    for (const auto& e : entries_) k.push_back(e.first);
    return k;
}

std::vector<char> format_conversions(std::string_view fmt) {
    std::vector<char> out;
    for (std::size_t i = 0; i < fmt.size(); ++i) {
        if (fmt[i] != '%') continue;
        if (i + 1 < fmt.size() && fmt[i + 1] == '%') { ++i; continue; }
        std::size_t j = i + 1;
        while (j < fmt.size() && std::strchr("0123456789.-+ #lhz", fmt[j])) ++j;
        if (j < fmt.size()) out.push_back(fmt[j] == 'i' ? 'd' : fmt[j]);
        i = j;
    }
    return out;
}

std::vector<std::string> named_placeholders(std::string_view text) {
    std::vector<std::string> names;
    for (std::size_t i = text.find('{'); i != std::string_view::npos; i = text.find('{', i + 1)) {
        const std::size_t j = text.find('}', i);
        if (j == std::string_view::npos) break;
        names.emplace_back(text.substr(i + 1, j - i - 1));
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

std::string fill_placeholders(std::string_view text, const std::map<std::string, std::string>& values) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '{') {
            const std::size_t j = text.find('}', i);
            if (j != std::string_view::npos) {
                const auto it = values.find(std::string(text.substr(i + 1, j - i - 1)));
                if (it != values.end()) {
                    out += it->second;
                    i = j + 1;
                    continue;
                }
            }
        }
        out += text[i++];
    }
    return out;
}

}  // namespace capiton
