"""The report page template: no code, no network, one Vega bundle, escaped values."""

import re

import nbformat
import pandas as pd
import pytest

from yubei_lib.config import VEGALITE_MIME
from yubei_lib.runner import render as page


def _nb():
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("secret_code_line = 1")
    code.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="stray print\n"),
        nbformat.v4.new_output("display_data", data={VEGALITE_MIME: {"mark": "bar", "title": "</script><script>alert(1)</script>"},
                                                     "text/plain": "<chart>"}),
        nbformat.v4.new_output("display_data", data={VEGALITE_MIME: {"mark": "point"}, "text/plain": "<chart>"}),
        nbformat.v4.new_output("execute_result", data={"text/plain": "42"}, execution_count=1),
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("## Key figures · 主要指标"), code]
    return nb


def _render(**kw):
    args = dict(title="Yubei · <img src=x onerror=alert(1)>", subtitle="2020Q4", kicker="Report", lang="en",
                files={"/d/p.csv": "ab" * 32}, version="0.1.0", generated="2021-01-01 08:00 (Beijing time)")
    args.update(kw)
    return page.render(_nb(), **args)


def test_page_hides_code_streams_and_plain_text_results():
    html = _render()
    assert "secret_code_line" not in html and "stray print" not in html and ">42<" not in html


def test_page_inlines_the_vega_bundle_once_and_loads_nothing():
    html = _render()
    assert html.count("window.vegaEmbed=") == 1 and html.count('class="vega-spec"') == 2
    assert "default-src 'none'" in html
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"']?(https?:)?//", html, re.I)
    assert "require.js" not in html and "mathjax" not in html.lower()


def test_page_escapes_titles_parameters_and_chart_specs():
    html = _render()
    assert "Yubei · &lt;img src=x onerror=alert(1)&gt;" in html
    specs = re.findall(r'<script[^>]*class="vega-spec"[^>]*>(.*?)</script>', html, re.S)
    assert len(specs) == 2 and "</script>" not in specs[0] and "\\u003c/script\\u003e" in specs[0]


def test_page_has_contents_footer_and_print_css_and_chinese_words():
    html = _render(lang="zh")
    assert '<html lang="zh-CN">' in html and "目录" in html and 'href="#section-0"' in html
    assert "@media print" in html and "本页生成信息" in html
    # provenance stays compact: file names, not machine paths; hashes shortened (full ones in manifest.json)
    assert "p.csv <code>" + "ab" * 4 + "</code>" in html and "/d/p.csv" not in html and "ab" * 5 not in html


def test_a_bilingual_markdown_cell_shows_only_the_pages_language():
    nb = _nb()
    nb.cells[0] = nbformat.v4.new_markdown_cell("## Key figures\n\nEnglish words.\n<!-- zh -->\n## 主要指标\n\n中文说明。")
    en = page.render(nb, title="t", subtitle="s", kicker="k", lang="en", files={}, version="0", generated="")
    zh = page.render(nb, title="t", subtitle="s", kicker="k", lang="zh", files={}, version="0", generated="")
    assert "English words." in en and "主要指标" not in en and "中文说明" not in en
    assert "中文说明。" in zh and "Key figures" not in zh and "English words" not in zh
    assert '<a href="#section-0">主要指标</a>' in zh


def test_navigation_definitions_running_header_and_chart_figures():
    html = _render(nav=[("summary.html", "Quarterly summary", True), ("contract_value.html", "Signed <value>", False)],
                   index="../../index.html", other_language="summary.zh.html",
                   definitions=[("Operation rate", "Share in operation <b>")], running='Yubei · 2020Q4 "x"')
    current = re.search(r'<a [^>]*aria-current="page"[^>]*>([^<]*)</a>', html)
    assert current and current.group(1) == "Quarterly summary" and 'href="summary.html"' in current.group(0)
    assert "Signed &lt;value&gt;" in html and 'href="../../index.html"' in html and 'href="summary.zh.html"' in html
    assert re.search(r'<section [^>]*id="definitions"', html) and "<dd>Share in operation &lt;b&gt;</dd>" in html
    assert '@top-left { content: "Yubei · 2020Q4 \\22 x\\22 "; }' in html and "counter(pages)" in html
    # each chart in a figure with its caption and an accessible name
    assert html.count("<figure") == 2 and html.count("<figcaption>") == 2 and 'role="img"' in html


def test_equal_inputs_give_equal_pages():
    assert _render() == _render()


def test_the_footer_names_files_short_hashes_version_and_the_time_nothing_else():
    html = _render(files={"/srv/ledger/projects.csv": "dc002051" + "0" * 56, "C:\\data\\capital.csv": "98f5" * 16})
    footer = html[html.index('<footer class="page-footer">'):html.index("</footer>")]
    assert "projects.csv <code>dc002051</code>" in footer and "capital.csv <code>98f598f5</code>" in footer
    assert "2021-01-01 08:00 (Beijing time)" in footer and "yubei_lib 0.1.0" in footer
    shown = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)  # (the Vega bundle has its own words)
    assert not [w for w in ("/srv", "ledger/", "C:\\", "UTC", "strict") if w in shown]
    assert not re.search(r"[0-9a-f]{9,}", footer)


def _note(text):
    return nbformat.v4.new_output("display_data", data={"text/html": f'<p class="yubei-note">{text}</p>',
                                                         "text/plain": "<html output>"})


def test_a_note_is_said_once_and_a_section_of_nothing_else_is_left_out():
    nb = nbformat.v4.new_notebook()
    said = "The outreach log was not given"
    cells = []
    for heading, outputs in (("## Visits", [_note(said)]), ("## By month", [_note(said)]),
                             ("## By leader", [_note(said), _note("Shown from the leader table")]),
                             ("## Enterprises", [_note(said)])):
        cells.append(nbformat.v4.new_markdown_cell(f"{heading}\n\nWhat it shows."))
        code = nbformat.v4.new_code_cell("x")
        code.outputs = outputs
        cells.append(code)
    nb.cells = cells
    html = page.render(nb, title="t", subtitle="s", kicker="k", lang="en", files={}, version="0", generated="")
    main = html[html.index("<main>"):html.index("</main>")]  # (small: a failed assertion prints it)
    assert main.count(said) == 1 and "Shown from the leader table" in main
    assert "Visits" in main and "By leader" in main and "By month" not in main and "Enterprises" not in main
    assert re.findall(r'<a href="#section-\d+">([^<]*)</a>', html) == ["Visits", "By leader"]


def test_no_word_of_a_page_names_an_option_and_chinese_names_no_latin_method():
    from yubei_lib.config import PAGES
    from yubei_lib.present.glossary import definitions
    from yubei_lib.present.words import CATALOGUE as words

    flagged = [k for k, v in words.items() for text in v.values() if re.search(r"--[a-z]", str(text))]
    assert flagged == []
    zh = [text for v in words.values() for text in [v.get("zh", "")]] + [d for p in PAGES for _, d in definitions(p, "zh")]
    assert not [text for text in zh if "Kaplan" in text or "Meier" in text]


def _shown(html: str) -> str:
    """The text a reader meets: the page without its scripts and style, tags removed."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S))


ABSOLUTE = re.compile(r"(?:^|[\s\"'(=])(?:/(?:tmp|home|root|srv|work|usr|var|mnt|Users)/|[A-Za-z]:\\)")
"""The start of a machine's absolute path (POSIX or Windows)."""


@pytest.mark.slow
def test_every_page_of_the_pack_speaks_to_leaders(quarterly_pack):
    pages = sorted((quarterly_pack / "2020-Q4" / "yubei").glob("*.html"))
    assert len(pages) == 14
    for path in pages:
        html = path.read_text(encoding="utf-8")
        text = _shown(html)
        zh = path.name.endswith(".zh.html")
        found = {"option": re.findall(r"--[a-z][a-z-]+", text), "path": ABSOLUTE.findall(text),
                 "pack": str(quarterly_pack) in html, "utc": "UTC" in text,
                 "hash": re.findall(r"\b[0-9a-f]{64}\b", text), "method": zh and "Kaplan" in text}
        assert not any(found.values()), (path.name, found)
        footer = text[text.rindex("How this page was made" if not zh else "本页生成信息"):]
        assert ("（北京时间）" if zh else "(Beijing time)") in footer, path.name
        assert re.search(r"projects\.csv +[0-9a-f]{8}\b", footer) and "yubei_lib" in footer


@pytest.mark.slow
def test_the_same_data_into_another_folder_gives_the_same_page_but_its_time(quarterly_pack, tmp_path):
    from yubei_lib import runner
    from yubei_lib.config import SAMPLE

    code = runner.run(runner.Options(periods=[pd.Timestamp("2020-12-31")], districts=["Yubei"], out=tmp_path,
                                     pages=["data_quality"], jobs=1, investment=SAMPLE / "investment.xlsx",
                                     activities=SAMPLE / "activities.xlsx"), echo=lambda _: None)
    assert code == 0

    def timeless(path):
        html = path.read_text(encoding="utf-8")
        html = re.sub(r'<nav [^>]*class="pages"[^>]*>.*?</nav>', "", html, flags=re.S)  # the set's other pages differ
        return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d \(Beijing time\)", "", html)  # when it was made

    ours = timeless(tmp_path / "2020-Q4" / "yubei" / "data_quality.html")
    pack = timeless(quarterly_pack / "2020-Q4" / "yubei" / "data_quality.html")
    at = next((i for i, (a, b) in enumerate(zip(ours, pack)) if a != b), min(len(ours), len(pack)))
    assert len(ours) == len(pack) == at, (ours[at - 200:at + 200], pack[at - 200:at + 200])  # (a short window)
