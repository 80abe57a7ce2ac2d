#!/usr/bin/env python3
"""The text the poem model (src/core/gpt.h, poems.h) learns from, cleaned at build time.

Reads the fortune files of Debian's fortunes-zh (tang300, song100) and fortunes / fortunes-min (the
English files in ENGLISH below), unpacked by scripts/bootstrap into build/_deps/fortunes, and writes
two files into the build tree:

  poems-train.tsv, poems-held.tsv   one text a line: language <TAB> title <TAB> author <TAB> text

Cleaning (docs/data.md says why):
  * a record is what lies between two lines holding only "%";
  * Chinese: the first line is the title, the second the author, each wrapped in ANSI colour codes
    (ESC[32m《…》ESC[m, ESC[33m作者：…ESC[m); both are kept as fields and stay OUT of the text the
    model reads. The text is the poem's lines joined without line breaks (each line already ends in
    ， 。 ？ …); lines without any punctuation ("其一", "其二": numbered parts) are dropped;
  * English: backspace overstrikes ("_\\bx") and tabs go, the attribution lines ("-- Mark Twain")
    become the author field (out of the text), the remaining lines are joined with single spaces;
  * any other ANSI code and control character is removed; a text left empty is dropped.
Split: by text, deterministic: every HELD_EVERY-th text of each file (the 10th, 20th, …) is held
out, the rest is for training. Prints how many characters the Chinese texts use and how few of them
cover most of the poems.
Usage: poems.py OUT_DIR FORTUNES_DIR
"""
import collections
import os
import re
import sys

CHINESE = ["tang300", "song100"]
ENGLISH = ["fortunes", "literature", "wisdom"]
HELD_EVERY = 10
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
PUNCTUATION = "，。？！；：、"


def records(path):
    text = open(path, encoding="utf-8").read()
    out, cur = [], []
    for line in text.split("\n"):
        if line.strip() == "%":
            out.append(cur)
            cur = []
        else:
            cur.append(line)
    out.append(cur)
    return [r for r in out if any(line.strip() for line in r)]


def plain(s):
    return CONTROL.sub("", ANSI.sub("", s)).strip()


def chinese(record):
    lines = [line for line in record if line.strip()]
    title = re.sub(r"^题目[:：]", "", plain(lines[0]))
    author = re.sub(r"^作者[:：]", "", plain(lines[1]))
    body = [plain(line) for line in lines[2:]]
    text = "".join(line for line in body if any(p in line for p in PUNCTUATION))
    return title, author, text


def english(record):
    words, author = [], ""
    for line in record:
        line = re.sub(r".\x08", "", line).replace("\t", " ")
        line = plain(line)
        if line.startswith("--"):
            author = line[2:].strip()
        elif line:
            words.append(" ".join(line.split()))
    return "", author, " ".join(words)


def main():
    out_dir, src = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    split = {"train": [], "held": []}
    for lang, names, clean in (("zh", CHINESE, chinese), ("en", ENGLISH, english)):
        for name in names:
            texts = [t for t in map(clean, records(os.path.join(src, name))) if t[2]]
            for i, (title, author, text) in enumerate(texts):
                row = "\t".join((lang, title, author, text)).replace("\n", " ")
                split["held" if (i + 1) % HELD_EVERY == 0 else "train"].append(row)
    for part, rows in split.items():
        with open(os.path.join(out_dir, "poems-%s.tsv" % part), "w", encoding="utf-8") as f:
            f.write("\n".join(rows) + "\n")
    counts = collections.Counter()
    for row in split["train"]:
        lang, _, _, text = row.split("\t")
        if lang == "zh":
            counts.update(text)
    total, covered, share = sum(counts.values()), 0, []
    for k, (_, n) in enumerate(counts.most_common(), 1):
        covered += n
        for goal in (0.5, 0.9, 0.99):
            if covered - n < goal * total <= covered:
                share.append("%d%%: %d" % (goal * 100, k))
    print("poems.py: %d train, %d held-out texts; Chinese train text %d characters, %d distinct (%s)"
          % (len(split["train"]), len(split["held"]), total, len(counts), ", ".join(share)))


if __name__ == "__main__":
    main()
