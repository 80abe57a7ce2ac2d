#!/usr/bin/python3
"""Subset Debian's DejaVu Sans fonts to the characters capiton draws and write them as a C++ source.

Usage: embed_fonts.py OUT.cpp REGULAR.ttf BOLD.ttf

Which of these glyphs the font atlas holds is decided at run time (cmake/first_chars.py, src/ui/text.cpp).
Runs at build time; the fonts are never committed.
"""
import io
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

# Inclusive code point ranges. Regular: typing and labels (Latin, Greek), and the lesson's symbols.
SYMBOLS = [(0x1D40, 0x1D40), (0x1D62, 0x1D62),  # ᵀ ᵢ
           (0x2010, 0x2027), (0x2032, 0x2033), (0x2070, 0x207F), (0x2080, 0x209C),  # dashes, quotes, ⁱ, ₖ
           (0x2190, 0x2194), (0x21D2, 0x21D2),  # arrows
           (0x2202, 0x2202), (0x2208, 0x2208), (0x2211, 0x2212), (0x221A, 0x221A), (0x221D, 0x221E),
           (0x2248, 0x2248), (0x2260, 0x2260), (0x2264, 0x2265), (0x22C5, 0x22C5),  # ∂ ∈ ∑ − √ ∝ ∞ ≈ ≠ ≤ ≥ ⋅
           (0x25B2, 0x25BC), (0x25C0, 0x25C0), (0x25CF, 0x25CF), (0x2713, 0x2713), (0xFFFD, 0xFFFD)]
# Characters that draw nothing, each of zero width in DejaVu Sans: zero-width spaces and joiners, the
# word joiner, variation selectors, the byte order mark. An emoji typed into a sentence brings some
# (a family joined by U+200D, a heart made colourful by U+FE0F); the fonts have no emoji, each of
# which is drawn as the fallback "�", but the characters between and after them stay invisible.
INVISIBLE = [(0x200B, 0x200F), (0x2060, 0x2064), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF)]
REGULAR = [(0x0020, 0x007E), (0x00A0, 0x017F), (0x0391, 0x03C9)] + SYMBOLS + INVISIBLE
# U+FFFD, the replacement character, is ImGui's fallback glyph (drawn for any character the atlas
# lacks). The subsets hold its glyph at U+007F (DEL, a control character no text draws) instead:
# ImGui's lookup tables run from U+0000 to a face's highest code point, four faces of them built at
# start-up; without U+FFFD they stop at U+2713 (Latin alone) or at the highest Chinese character on
# screen (U+9E1F on the English screen: bench/README.md, session 27).
FALLBACK_AT = 0x7F
# Bold: headings only (η: the glossary's "learning rate η"; tests/ui/test_glyphs.cpp checks the glossary's
# terms and the stages' titles against it).
BOLD = [(0x0020, 0x007E), (0x00A0, 0x00FF), (0x03B7, 0x03B7), (0x1D40, 0x1D40), (0x2013, 0x2014), (0x2018, 0x201D),
        (0x2190, 0x2192), (0x2211, 0x2212), (0x221A, 0x221A), (0x221E, 0x221E), (0x22C5, 0x22C5),
        (0xFFFD, 0xFFFD)] + INVISIBLE  # the fallback glyph, as in the regular face


def subset_font(path, ranges):
    font = TTFont(path)
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.notdef_outline = True
    opts.name_IDs = []
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=[c for a, b in ranges for c in range(a, b + 1)])
    sub.subset(font)
    moved = 0
    for table in font["cmap"].tables:
        if table.isUnicode() and 0xFFFD in table.cmap:
            table.cmap[FALLBACK_AT] = table.cmap.pop(0xFFFD)
            moved += 1
    if not moved:
        sys.exit(f"embed_fonts.py: {path} has no U+FFFD glyph to hold at U+{FALLBACK_AT:04X} (the fallback glyph)")
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def c_array(name, data):
    lines = [f"extern const unsigned int {name}Size = {len(data)};",
             f"alignas(4) extern const unsigned char {name}[] = {{"]
    for i in range(0, len(data), 24):
        lines.append("  " + ",".join(str(b) for b in data[i:i + 24]) + ",")
    lines.append("};")
    return "\n".join(lines)


def main():
    out, regular, bold = sys.argv[1:4]
    text = [
        "// Generated at build time by cmake/embed_fonts.py from Debian's fonts-dejavu-core. Do not edit.",
        "// DejaVu fonts: Bitstream Vera license + public domain changes (see /usr/share/doc/fonts-dejavu-core).",
        "namespace capiton::ui::fonts {",
        c_array("kRegular", subset_font(regular, REGULAR)),
        c_array("kBold", subset_font(bold, BOLD)),
        f"extern const unsigned short kFallbackChar = 0x{FALLBACK_AT:04X};  // U+FFFD's glyph",
        "extern const unsigned short kInvisible[] = {  // first and last of each range, 0-terminated",
        "  " + ", ".join(f"0x{a:04X}, 0x{b:04X}" for a, b in INVISIBLE) + ", 0};",
        "}  // namespace capiton::ui::fonts",
        "",
    ]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(text))


if __name__ == "__main__":
    main()
