#!/usr/bin/python3
"""Subset Debian's Droid Sans Fallback (fonts-droid-fallback) to the Chinese capiton can show, and
write it as a C++ source (and, for the web, as a file the page fetches when Chinese is first needed).

Usage: embed_cjk_font.py OUT.cpp FONT.ttf TEXT_FILE... [--file OUT.ttf FIRST_FILE...]

A TEXT_FILE ending in .bin is the poem model's preset (data/poems-gpt.bin, src/core/gpt_preset.h):
its vocabulary is read, so that every character the poems stage can write can be drawn.

Kept: the 3,755 characters of GB2312 level 1 (the common Chinese characters, generated from
Python's gb2312 codec: no downloaded list), CJK and full-width punctuation, and every character of
the given text files (the Chinese lesson texts, and the core's sources, whose word lists its models
write). ImGui later rasterises only the glyphs on screen.

Without --file (the desktop build) that whole subset goes into OUT.cpp. With --file (the web build)
it is written to OUT.ttf, and OUT.cpp gets only the Chinese characters of the FIRST_FILEs (the
English texts and the language table: what an English screen shows), so that an English first frame
does not wait for the rest. Both are cut from the same font the same way, so a glyph looks the same
from either.
"""
import io
import struct
import sys

import gb2312  # cmake/gb2312.py, beside this script

from fontTools import subset
from fontTools.ttLib import TTFont


def preset_vocabulary(path):
    """The characters of the poem preset's vocabulary: after "CPTNGPT1", six uint32 and a float32,
    its UTF-8 byte count (uint32) and its characters."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"CPTNGPT1":
        sys.exit(f"{path}: not a poem preset")
    at = 8 + 6 * 4 + 4
    (size,) = struct.unpack_from("<I", data, at)
    return data[at + 4:at + 4 + size].decode("utf-8")


def chinese_of(paths):
    chars = set()
    for path in paths:
        if path.endswith(".bin"):
            text = preset_vocabulary(path)
        else:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        chars |= {c for c in text if 0x2E80 <= ord(c) <= 0xFFFF}
    return chars


def subset_font(font_path, chars):
    font = TTFont(font_path)
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.name_IDs = []
    opts.notdef_outline = True
    # Tables Dear ImGui's rasteriser (stb_truetype) never reads: vertical metrics, layout.
    opts.drop_tables += ["vhea", "vmtx", "GDEF", "GPOS", "GSUB", "gasp"]
    sub = subset.Subsetter(opts)
    sub.populate(text="".join(sorted(chars)))
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def main():
    args = sys.argv[1:]
    web_file, first = None, []
    if "--file" in args:
        i = args.index("--file")
        web_file, first = args[i + 1], args[i + 2:]
        args = args[:i]
    out, font_path, *texts = args
    chars = gb2312.level1()
    chars |= {chr(c) for c in range(0x3000, 0x3040)}  # CJK punctuation
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}  # full-width forms
    chars |= chinese_of(texts)
    whole = subset_font(font_path, chars)
    if web_file:
        with open(web_file, "wb") as f:
            f.write(whole)
        embedded_chars = chinese_of(first) & chars
        data = subset_font(font_path, embedded_chars)
    else:
        embedded_chars = set()
        data = whole
    points = ", ".join(str(ord(c)) for c in sorted(embedded_chars))
    lines = ["// Generated at build time by cmake/embed_cjk_font.py from Debian's fonts-droid-fallback",
             "// (Droid Sans Fallback, Apache License 2.0). Do not edit.",
             "namespace capiton::ui::fonts {",
             f"extern const bool kChineseComplete = {'false' if web_file else 'true'};",
             "// When not complete: the characters it has (the rest is in the file the page fetches).",
             f"extern const unsigned short kChineseChars[] = {{{points + ', ' if points else ''}0}};",
             f"extern const unsigned int kChineseSize = {len(data)};",
             "alignas(4) extern const unsigned char kChinese[] = {"]
    for i in range(0, len(data), 24):
        lines.append("  " + ",".join(str(b) for b in data[i:i + 24]) + ",")
    lines += ["};", "}  // namespace capiton::ui::fonts", ""]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
