// The check of a font file before it goes to the font atlas (src/ui/font_file.h): sfnt table
// directories written out here by hand, and the wrong answers a server can give instead of the font.
#include <doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ui/font_file.h"

using capiton::ui::usable_font_file;

namespace {

void put32(std::string& s, std::uint32_t v) {
    for (int k = 3; k >= 0; --k) s += static_cast<char>((v >> (8 * k)) & 0xFFu);
}

// An sfnt file: a version, then one directory record per (tag, length), each table's bytes zero
// after the directory. offset_past moves every table's offset that many bytes further.
std::string sfnt(const char* version, const std::vector<std::pair<const char*, std::uint32_t>>& tables, std::uint32_t offset_past = 0) {
    std::string s(version, 4);
    s += static_cast<char>(0);
    s += static_cast<char>(tables.size());
    s += std::string(6, '\0');  // searchRange, entrySelector, rangeShift: not read
    std::uint32_t at = 12 + 16 * static_cast<std::uint32_t>(tables.size());
    for (const auto& [tag, length] : tables) {
        s += std::string(tag, 4);
        put32(s, 0);  // checksum: not read
        put32(s, at + offset_past);
        put32(s, length);
        at += length;
    }
    return s + std::string(at - s.size(), '\0');
}

bool usable(const std::string& s) {
    return usable_font_file(reinterpret_cast<const unsigned char*>(s.data()), s.size());
}

const std::vector<std::pair<const char*, std::uint32_t>> kTrueType = {
    {"cmap", 4}, {"glyf", 8}, {"head", 54}, {"hhea", 36}, {"hmtx", 4}, {"loca", 4}};

}  // namespace

TEST_CASE("font file: an sfnt whose tables lie inside it, with those stb_truetype reads, is usable") {
    CHECK(usable(sfnt("\x00\x01\x00\x00", kTrueType)));
    CHECK(usable(sfnt("true", kTrueType)));
    CHECK(usable(sfnt("OTTO", {{"CFF ", 16}, {"cmap", 4}, {"head", 54}, {"hhea", 36}, {"hmtx", 4}})));
}

TEST_CASE("font file: what a server may send instead is refused") {
    CHECK_FALSE(usable_font_file(nullptr, 0));
    CHECK_FALSE(usable(""));
    CHECK_FALSE(usable("<!doctype html><html><head><title>Sign in to the network</title></head></html>"));
    const std::string good = sfnt("\x00\x01\x00\x00", kTrueType);
    CHECK_FALSE(usable(good.substr(0, good.size() - 1)));           // cut: the last table runs past the end
    CHECK_FALSE(usable(good.substr(0, 40)));                         // cut inside the directory
    CHECK_FALSE(usable(sfnt("ttcf", kTrueType)));                    // a collection
    CHECK_FALSE(usable(sfnt("\x00\x01\x00\x00", {})));               // no tables
    CHECK_FALSE(usable(sfnt("\x00\x01\x00\x00", kTrueType, 1000)));  // tables said to lie past the end
    CHECK_FALSE(usable(sfnt("\x00\x01\x00\x00", {{"glyf", 8}, {"head", 54}, {"hhea", 36}, {"hmtx", 4}, {"loca", 4}})));  // no cmap
    CHECK_FALSE(usable(sfnt("\x00\x01\x00\x00", {{"cmap", 4}, {"head", 54}, {"hhea", 36}, {"hmtx", 4}})));  // no outlines
    CHECK_FALSE(usable(sfnt("\x00\x01\x00\x00", {{"cmap", 4}, {"glyf", 8}, {"head", 20}, {"hhea", 36}, {"hmtx", 4}, {"loca", 4}})));  // head too short
}
