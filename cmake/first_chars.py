#!/usr/bin/python3
"""Write the characters the first font atlas holds as a C++ source (kFirstChars, 0-terminated).

Usage: first_chars.py OUT.cpp SOURCE...

They are ASCII, the fallback glyph (U+FFFD's, which the subsets hold at FALLBACK_AT: embed_fonts.py), and
every other character below U+2E80 (where the Chinese font takes over) that capiton's own sources write (code and catalogs: as they are, or as escapes in
string literals, "\xe2\x97\x8f" or "\u25CF") and DejaVu Sans's subset holds
(embed_fonts.py). Anything else a screen shows (a typed sentence, a vocabulary) is added to the atlas when
it first appears (src/ui/text.cpp), so the first atlas rasterises about a third of the subset's glyphs.
Runs at build time.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from embed_fonts import FALLBACK_AT, REGULAR  # noqa: E402

CJK_START = 0x2E80
UTF8_ESCAPES = re.compile(r"(?:\\x[0-9a-fA-F]{2})+")  # a run of \xNN: the bytes of UTF-8 characters
UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def written(text):
    """The characters a source writes: its own, and those its string literals spell as escapes."""
    yield from text
    for run in UTF8_ESCAPES.findall(text):
        yield from bytes(int(run[i + 2:i + 4], 16) for i in range(0, len(run), 4)).decode("utf-8", "ignore")
    for code in UNICODE_ESCAPE.findall(text):
        yield chr(int(code, 16))


def main():
    out, sources = sys.argv[1], sys.argv[2:]
    covered = {c for a, b in REGULAR for c in range(a, b + 1)} - {0xFFFD}  # drawn as the fallback glyph
    chars = set(range(0x20, 0x7F)) | {FALLBACK_AT}
    for path in sources:
        with open(path, encoding="utf-8") as f:
            chars.update(c for c in map(ord, written(f.read())) if 0x80 <= c < CJK_START and c in covered)
    listed = ", ".join(f"0x{c:04X}" for c in sorted(chars))
    text = "\n".join([
        "// Generated at build time by cmake/first_chars.py from capiton's sources. Do not edit.",
        "namespace capiton::ui::fonts {",
        f"extern const unsigned short kFirstChars[] = {{{listed}, 0}};",
        "}  // namespace capiton::ui::fonts",
        "",
    ])
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
