"""The report page template: no code, no network, one Vega bundle, escaped values."""

import re

import nbformat

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
    args = dict(title="Yubei · <Summary>", subtitle="2020Q4", kicker="Report", lang="en",
                parameters={"district": "<img src=x onerror=alert(1)>"}, files={"/d/p.csv": "ab" * 32},
                version="0.1.0", generated="2020-12-31 00:00", notebook="summary.ipynb")
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
    assert "Yubei · &lt;Summary&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    specs = re.findall(r'<script[^>]*class="vega-spec"[^>]*>(.*?)</script>', html, re.S)
    assert len(specs) == 2 and "</script>" not in specs[0] and "\\u003c/script\\u003e" in specs[0]


def test_page_has_contents_footer_and_print_css_and_chinese_words():
    html = _render(lang="zh")
    assert '<html lang="zh-CN">' in html and "目录" in html and 'href="#section-0"' in html
    assert "@media print" in html and "本页生成信息" in html
    # provenance stays compact: file names, not machine paths; hashes shortened (full ones in manifest.json)
    assert "p.csv <code>SHA-256 " + "ab" * 6 + "…</code>" in html and "/d/p.csv" not in html and "ab" * 32 not in html


def test_a_bilingual_markdown_cell_shows_only_the_pages_language():
    nb = _nb()
    nb.cells[0] = nbformat.v4.new_markdown_cell("## Key figures\n\nEnglish words.\n<!-- zh -->\n## 主要指标\n\n中文说明。")
    en = page.render(nb, title="t", subtitle="s", kicker="k", lang="en", parameters={}, files={}, version="0",
                     generated="", notebook="n.ipynb")
    zh = page.render(nb, title="t", subtitle="s", kicker="k", lang="zh", parameters={}, files={}, version="0",
                     generated="", notebook="n.ipynb")
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
