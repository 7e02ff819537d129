"""The brief of a report set: one HTML document, printed to ``brief.pdf`` / ``brief.zh.pdf``.

A cover (district, period, as-of date, the synthetic-data mark where the pages carry it,
what the brief holds), then the summary page, then the set's other pages in the kit's
page order (pages of one's own after), each page's header and main starting on a new
sheet. The pages' style and their two scripts (the Vega bundle and the loop that draws
the charts) are taken once, from the first page. ``@page`` rules give every sheet a
running header (district, period) and its number, counted through the whole brief.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import string
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from yubei_lib.config import PAGES
from yubei_lib.config import VERSION as __version__
from yubei_lib.ledger.periods import quarter_end
from yubei_lib.present import labels
from yubei_lib.runner import fonts
from yubei_lib.runner.render import LINKS

BRIEF_FORMAT = 2
"""Part of each brief's key: changing how a brief is composed makes earlier briefs stale."""

CSP = ("default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
       "img-src data:; font-src data:")
"""The brief's Content-Security-Policy: the pages' own, nothing from the network."""


def brief_name(lang: str) -> str:
    """Return the file name of a set's brief in a language.

    Examples
    --------
    >>> brief_name("en"), brief_name("zh")
    ('brief.pdf', 'brief.zh.pdf')
    """
    return "brief.pdf" if labels.check_lang(lang) == "en" else f"brief.{lang}.pdf"


def page_order(page: str) -> tuple[int, str]:
    """Sort key of pages in a brief: the kit's pages in their order (summary first), then others by name."""
    return (PAGES.index(page) if page in PAGES else len(PAGES), page)


def set_pages(folder: Path, manifest: dict, lang: str) -> list[tuple[str, Path]]:
    """Return the set's good pages in a language, as (page, HTML file), in the brief's order."""
    found = {}
    for stem, entry in manifest.get("pages", {}).items():
        if entry.get("lang", "en") != lang or entry.get("status") != "ok":
            continue
        path = Path(folder) / Path(str(entry.get("html") or f"{stem}.html")).name
        if path.is_file():
            found[str(entry.get("page", stem))] = path
    return [(page, found[page]) for page in sorted(found, key=page_order)]


def brief_key(pages: list[tuple[str, Path]], lang: str) -> str:
    """Return what makes a brief stale when it changes: its pages' HTML, its language, the kit.

    A page's links are left out: they are not printed, and they change when the set gains a
    page or a language (:mod:`~yubei_lib.runner.links`), which leaves the brief as it was.
    """
    digest = hashlib.sha256(json.dumps([BRIEF_FORMAT, __version__, lang]).encode())
    for page, path in pages:
        text = LINKS.sub("", path.read_text(encoding="utf-8"))
        digest.update(page.encode() + b"\0" + hashlib.sha256(text.encode("utf-8")).digest())
    return digest.hexdigest()


def period_label(as_of: str, lang: str) -> str:
    """Return the set's period in a language: its quarter, or its date.

    Examples
    --------
    >>> period_label("2020-12-31", "en"), period_label("2020-12-31", "zh"), period_label("2020-11-15", "zh")
    ('2020Q4', '2020年第四季度', '2020年11月15日')
    """
    day = pd.Timestamp(as_of)
    if day == quarter_end(day):
        return labels.quarter(day, lang)
    return date_label(as_of, lang)


def date_label(as_of: str, lang: str) -> str:
    """Return a date as a reader of the language writes it.

    Examples
    --------
    >>> date_label("2020-12-31", "en"), date_label("2020-12-31", "zh")
    ('2020-12-31', '2020年12月31日')
    """
    day = pd.Timestamp(as_of)
    return f"{day:%Y-%m-%d}" if labels.check_lang(lang) == "en" else f"{day.year}年{day.month}月{day.day}日"


def running_header(manifest: dict, lang: str, synthetic: bool) -> str:
    """Return the running header of a set's printed sheets: district, period and, for the sample, its mark."""
    parts = [labels.name("district", manifest.get("district", ""), lang)]
    try:
        parts.append(period_label(manifest.get("as_of", ""), lang))
    except (ValueError, TypeError):
        parts.append(str(manifest.get("period", "")))
    if synthetic:
        parts.append(labels.t("synthetic", lang))
    return " · ".join(p for p in parts if p)


def css_string(text: str) -> str:
    r"""Return text as a CSS string literal that cannot end its string, its rule or its style element.

    Examples
    --------
    >>> css_string('a "b" </style>')
    '"a \\22 b\\22  \\3c /style\\3e "'
    """
    safe = "".join(c if c.isprintable() and c not in '"\\<>&' else f"\\{ord(c):x} " for c in text)
    return f'"{safe}"'


def page_rules(running: str, lang: str) -> str:
    """Return the ``@page`` rules of a printed sheet: A4 portrait, the running header and the page number.

    The margin boxes take the page's font stack in its language (:func:`yubei_lib.runner.fonts.stack`).
    """
    pieces = []
    for literal, field, _, _ in string.Formatter().parse(labels.t("pdf_page_of", lang)):
        if literal:
            pieces.append(css_string(literal))
        if field:
            pieces.append("counter(page)" if field == "page" else "counter(pages)")
    box = f"font-family: {fonts.stack(lang)}; font-size: 8pt; color: #5f6b76;"
    return ("@page { size: A4 portrait; margin: 18mm 14mm 16mm;\n"
            f"  @top-left {{ content: {css_string(running)}; {box} }}\n"
            f"  @bottom-right {{ content: {' '.join(pieces)}; {box} white-space: nowrap; }}\n}}\n")


BRIEF_CSS = """
@page { @bottom-left { content: none; } }  /* (the pages' one-line footer: the cover says when the brief was made) */
body.yubei-brief { max-width: none; padding: 0; }
.brief-page { break-before: page; page-break-before: always; }
.brief-cover { padding-top: 55mm; }
.brief-cover .kicker { font-size: 12pt; }
.brief-cover h1 { font-size: 30pt; margin: 8px 0 4px; }
.brief-cover .period { font-size: 20pt; margin: 0 0 6px; }
.brief-cover .as-of { font-size: 13pt; color: #5f6b76; margin: 0 0 14px; }
.brief-cover .synthetic { font-size: 12pt; }
.brief-cover h2 { margin-top: 36mm; font-size: 13pt; }
.brief-cover ol { font-size: 12pt; line-height: 1.8; }
.brief-cover .generated { margin-top: 18mm; font-size: 9pt; color: #5f6b76; }
"""


@dataclass
class Parts:
    """The pieces of a rendered page the brief is made of (source text, verbatim)."""

    lang: str
    style: str
    header: str
    main: str
    scripts: str
    synthetic: bool


class _Landmarks(HTMLParser):
    """Find the page's landmarks with the standard HTML tokenizer (script and style text are not tags)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.lines = [0] + [m.end() for m in re.finditer("\n", text)]
        self.spans: dict[str, list[int]] = {}
        self.depth = {"header": 0, "main": 0}
        self.scripts: list[tuple[int, int]] = []
        self.styles: list[tuple[int, int]] = []
        self.script_at: int | None = None
        self.style_at: int | None = None
        self.lang = ""

    def _at(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        at = self._at()
        if tag == "html":
            self.lang = attrs.get("lang") or ""
        elif tag == "style" and "header" not in self.spans:  # the head's styles
            self.style_at = at
        elif tag == "script" and (attrs.get("type") or "text/javascript").endswith("javascript"):
            self.script_at = at
        elif tag in self.depth:
            wanted = tag == "main" or "page-header" in (attrs.get("class") or "").split()
            if self.depth[tag]:
                self.depth[tag] += 1
            elif wanted and tag not in self.spans:
                self.spans[tag] = [at, -1]
                self.depth[tag] = 1

    def handle_endtag(self, tag):
        end = self.text.index(">", self._at()) + 1
        if tag == "style" and self.style_at is not None:
            self.styles.append((self.text.index(">", self.style_at) + 1, self._at()))
            self.style_at = None
        elif tag == "script" and self.script_at is not None:
            self.scripts.append((self.script_at, end))
            self.script_at = None
        elif tag in self.depth and self.depth[tag]:
            self.depth[tag] -= 1
            if not self.depth[tag]:
                self.spans[tag][1] = end


def page_parts(text: str) -> Parts:
    """Return the style, header, main and trailing scripts of a rendered report page.

    Raises
    ------
    ValueError
        When the page lacks one of them (not a page of the kit's template).
    """
    found = _Landmarks(text)
    found.feed(text)
    found.close()
    missing = [name for name in ("header", "main") if found.spans.get(name, [0, -1])[1] < 0]
    if not found.styles:
        missing.insert(0, "style")
    main_end = found.spans.get("main", [0, -1])[1]
    scripts = [s for s in found.scripts if s[0] >= main_end]
    if len(scripts) < 2:
        missing.append("the two scripts at the end")
    if missing:
        raise ValueError(f"not a report page of the kit: no {', '.join(missing)}")
    header = text[slice(*found.spans["header"])]
    return Parts(lang=found.lang, style="\n".join(text[a:b] for a, b in found.styles), header=header,
                 main=text[slice(*found.spans["main"])],
                 scripts="\n".join(text[a:b] for a, b in scripts[-2:]),
                 synthetic='class="synthetic"' in header)


def compose(manifest: dict, lang: str, pages: list[tuple[str, Path]], generated: str) -> str:
    """Return the brief's HTML document: the cover, then each page's header and main on new sheets.

    Parameters
    ----------
    manifest : dict
        The set's manifest (district, as-of date, period).
    lang : {"en", "zh"}
    pages : list of (page, path)
        The pages, in the brief's order (:func:`set_pages`).
    generated : str
        When the brief was made, shown on the cover.

    Raises
    ------
    ValueError
        When there is no page, or a page is not one of the kit's.
    """
    if not pages:
        raise ValueError("the set has no page in this language")
    parts = []
    for page, path in pages:
        try:
            parts.append((page, page_parts(path.read_text(encoding="utf-8"))))
        except ValueError as exc:
            raise ValueError(f"{path.name}: {exc}") from None
    synthetic = any(p.synthetic for _, p in parts)
    esc = html.escape
    district = labels.name("district", manifest.get("district", ""), lang)
    as_of = str(manifest.get("as_of", ""))
    try:
        period, day = period_label(as_of, lang), date_label(as_of, lang)
    except (ValueError, TypeError):
        period, day = str(manifest.get("period", "")), as_of
    running = running_header(manifest, lang, synthetic)
    titles = "".join(f"<li>{esc(labels.page_title(page, lang))}</li>" for page, _ in parts)
    cover = (f'<section class="brief-cover">\n<p class="kicker">{esc(labels.t("report_title", lang))}</p>\n'
             f"<h1>{esc(district)}</h1>\n<p class=\"period\">{esc(period)}</p>\n"
             f'<p class="as-of">{esc(labels.t("as_of", lang))} {esc(day)}</p>\n'
             + (f'<p class="synthetic">{esc(labels.t("synthetic", lang))}</p>\n' if synthetic else "")
             + f'<h2>{esc(labels.t("brief_contents", lang))}</h2>\n<ol>{titles}</ol>\n'
             f'<p class="generated">{esc(labels.t("generated", lang))} {esc(generated)}</p>\n</section>')
    body = "\n".join(f'<article class="brief-page" data-page="{esc(page)}">\n{p.header}\n{p.main}\n</article>'
                     for page, p in parts)
    first = parts[0][1]
    title = f"{district} · {period} · {labels.t('brief', lang)}"
    return (f'<!DOCTYPE html>\n<html lang="{esc(first.lang or ("zh-CN" if lang == "zh" else "en"))}">\n<head>\n'
            f'<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
            f"<title>{esc(title)}</title>\n<style>{first.style}</style>\n"
            f"<style>\n{BRIEF_CSS}{page_rules(running, lang)}</style>\n</head>\n"
            f'<body class="yubei-brief">\n{cover}\n{body}\n{first.scripts}\n</body>\n</html>\n')
