#!/usr/bin/python3
"""Subset Debian's Droid Sans Fallback (fonts-droid-fallback) to the Chinese capiton can show, and
write it as a C++ source.

Usage: embed_cjk_font.py OUT.cpp FONT.ttf TEXT_FILE...

Kept: the 3,755 characters of GB2312 level 1 (the common Chinese characters, generated from
Python's gb2312 codec: no downloaded list), CJK and full-width punctuation, and every character of
the given text files (the Chinese lesson texts). ImGui later rasterises only the glyphs on screen.
"""
import io
import sys

import gb2312  # cmake/gb2312.py, beside this script

from fontTools import subset
from fontTools.ttLib import TTFont



def main():
    out, font_path, *texts = sys.argv[1:]
    chars = gb2312.level1()
    chars |= {chr(c) for c in range(0x3000, 0x3040)}  # CJK punctuation
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}  # full-width forms
    for path in texts:
        with open(path, encoding="utf-8") as f:
            chars |= {c for c in f.read() if ord(c) >= 0x2E80}
    font = TTFont(font_path)
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.name_IDs = []
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(text="".join(sorted(chars)))
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    data = buf.getvalue()
    lines = ["// Generated at build time by cmake/embed_cjk_font.py from Debian's fonts-droid-fallback",
             "// (Droid Sans Fallback, Apache License 2.0). Do not edit.",
             "namespace capiton::ui::fonts {",
             f"extern const unsigned int kChineseSize = {len(data)};",
             "alignas(4) extern const unsigned char kChinese[] = {"]
    for i in range(0, len(data), 24):
        lines.append("  " + ",".join(str(b) for b in data[i:i + 24]) + ",")
    lines += ["};", "}  // namespace capiton::ui::fonts", ""]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
