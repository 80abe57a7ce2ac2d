#include "font_file.h"

#include <cstdint>
#include <cstring>

namespace capiton::ui {

namespace {
std::uint32_t u32(const unsigned char* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}
std::uint32_t tag(const char (&t)[5]) { return u32(reinterpret_cast<const unsigned char*>(t)); }
}  // namespace

bool usable_font_file(const unsigned char* data, std::size_t size) {
    if (!data || size < 12) return false;
    const std::uint32_t version = u32(data);
    if (version != 0x00010000u && version != tag("true") && version != tag("OTTO")) return false;
    const std::size_t tables = (std::size_t{data[4]} << 8) | data[5];
    if (tables == 0 || 12 + 16 * tables > size) return false;
    // the tables stb_truetype reads, and the least of each it reads
    struct Need {
        std::uint32_t tag;
        std::uint32_t min_length;
        bool found;
    } need[] = {{tag("cmap"), 4, false}, {tag("head"), 54, false}, {tag("hhea"), 36, false}, {tag("hmtx"), 4, false},
                {tag("loca"), 2, false}, {tag("glyf"), 1, false}, {tag("CFF "), 1, false}};
    for (std::size_t t = 0; t < tables; ++t) {
        const unsigned char* record = data + 12 + 16 * t;
        const std::uint64_t offset = u32(record + 8), length = u32(record + 12);
        if (offset + length > size) return false;
        for (Need& n : need)
            if (n.tag == u32(record) && length >= n.min_length) n.found = true;
    }
    const bool outlines = (need[4].found && need[5].found) || need[6].found;
    return need[0].found && need[1].found && need[2].found && need[3].found && outlines;
}

}  // namespace capiton::ui
