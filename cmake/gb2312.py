"""The 3,755 common Chinese characters of GB2312 level 1, from Python's gb2312 codec (no downloaded
list). Shared by embed_cjk_font.py (the glyphs the font keeps) and zh_dictionary.py (the words the
segmenter keeps: those the font can show)."""


def level1():
    chars = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars
