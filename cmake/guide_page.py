#!/usr/bin/python3
"""Write docs/embed.md as a web page beside the app (capiton-guide.html), so that a teacher can read how
to put capiton in a course page from the app itself (the share popup opens it); and docs/embed.zh.md,
its Chinese edition, as capiton-guide-zh.html (opened from a Chinese screen).

Usage: guide_page.py docs/embed.md OUT.html [LANG]   (LANG: the page's html lang, "en" if not given)

Debian's python3-markdown (BSD licence) turns the Markdown into HTML, with its tables and fenced code
extensions; the page around it is written here: no script, its own small style, light and dark.

The line MARKER in the Markdown (a comment, unseen where the Markdown itself is read) becomes the rows
of docs/page-hook.md's table of commands that a page's messages reach: the guide is all a teacher has
of capiton's documents once it is deployed.
"""
import html
import os
import re
import sys

import markdown

STYLE = """
body { margin: 0 auto; max-width: 54rem; padding: 1.5rem 1.25rem 4rem; background: #fbfaf7; color: #21262f;
       font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1, h2, h3 { line-height: 1.25; margin: 1.6em 0 .5em; }
h1 { margin-top: .5em; }
a { color: #b5400f; }
code { font: .9em/1.4 ui-monospace, "DejaVu Sans Mono", monospace; background: #efece5; padding: .1em .25em;
       border-radius: 3px; }
:not(pre) > code { overflow-wrap: anywhere; }  /* a long link in a sentence wraps, not the page */
td:first-child code { overflow-wrap: normal; white-space: nowrap; }  /* a key or a command stays whole */
pre { overflow-x: auto; background: #efece5; padding: .8em 1em; border-radius: 4px; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; display: block; overflow-x: auto; margin: 1em 0; }
th, td { border: 1px solid #d9d5cc; padding: .35em .6em; text-align: left; vertical-align: top; }
th { background: #efece5; }
@media (prefers-color-scheme: dark) {
  body { background: #1a1c21; color: #e6e8ec; }
  a { color: #f08a5d; }
  code, pre, th { background: #2a2d34; }
  th, td { border-color: #3a3e47; }
}
"""


MARKER = "<!-- message commands -->"


def message_commands(page_hook):
    """The rows of page_hook's table of commands reached from "message", without that column."""
    with open(page_hook, encoding="utf-8") as f:
        rows = [line for line in f if line.startswith("| `")]
    out = ["| command | arguments | reply and effect |", "|---|---|---|"]
    for row in rows:
        cells = row.strip().strip("|").split(" | ")
        if len(cells) >= 4 and "message" in cells[1].split(", "):
            # "(below)", "(rules below)": below in page-hook.md, not in the guide
            effect = re.sub(r"\((\w+ )?below\)", lambda m: "(" + (m.group(1) or "").replace(" ", ": ") + "capiton's source, docs/page-hook.md)",
                            " | ".join(cells[3:]))
            out.append("| " + " | ".join([cells[0], cells[2], effect]) + " |")
    if len(out) < 3:
        sys.exit(f"guide_page.py: no message commands in {page_hook}")
    return "\n".join(out)


# The two guides name each other by their Markdown; served, each is a page beside the other.
LINKS = {"docs/embed.zh.md": "capiton-guide-zh.html", "docs/embed.md": "capiton-guide.html"}


def main():
    source, out = sys.argv[1:3]
    lang = sys.argv[3] if len(sys.argv) > 3 else "en"
    with open(source, encoding="utf-8") as f:
        text = f.read()
    if MARKER in text:
        text = text.replace(MARKER, message_commands(os.path.join(os.path.dirname(source), "page-hook.md")))
    body = markdown.markdown(text, extensions=["tables", "fenced_code"], output_format="html")
    for doc, page in LINKS.items():
        body = body.replace(f"<code>{doc}</code>", f"<a href=\"{page}\"><code>{page}</code></a>")
    title = text.splitlines()[0].lstrip("# ").strip() if text.startswith("#") else "capiton"
    page = (f"<!doctype html>\n<html lang=\"{html.escape(lang)}\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>capiton — {html.escape(title)}</title>\n<link rel=\"icon\" href=\"data:,\">\n"
            f"<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")
    with open(out, "w", encoding="utf-8") as f:
        f.write(page)


if __name__ == "__main__":
    main()
