#include "preferences.h"

namespace capiton {

std::vector<Layer> Preferences::layers_on() const {
    std::vector<Layer> out;
    for (Layer l : all_of<Layer>())
        if (layer_on(l)) out.push_back(l);
    return out;
}

int Progress::answer_of(Stage st, std::string_view question) const {
    const auto it = answers_.find(st);
    return it == answers_.end() || it->second.question != question ? -1 : it->second.choice;
}

std::vector<Progress::Stored> Progress::parse(std::string_view text) {
    std::vector<Stored> out;
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        const std::string_view part = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
        const std::size_t colon = part.find(':');
        if (colon == std::string_view::npos) continue;
        Stage st;
        std::string_view num = part.substr(colon + 1), tag;
        if (const std::size_t at = num.find('@'); at != std::string_view::npos) {
            tag = num.substr(at + 1);
            num = num.substr(0, at);
            if (tag.size() != 8 || tag.find_first_not_of("0123456789abcdef") != std::string_view::npos) continue;
        }
        if (!from_id(part.substr(0, colon), &st)) continue;
        if (num.empty() || num.size() > 2 || num.find_first_not_of("0123456789") != std::string_view::npos) continue;
        out.push_back({st, std::stoi(std::string(num)), std::string(tag)});
    }
    return out;
}

}  // namespace capiton
