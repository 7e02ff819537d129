"""The renderer hook and the escaped HTML pieces of the pages."""

import html
import re

import altair as alt
import pandas as pd
import pytest
import vl_convert

from yubei_lib.present import charts, display


def test_renderer_gives_the_mime_jupyterlab_draws_and_no_schema_url():
    display.enable()
    display.enable()  # idempotent
    chart = alt.Chart(pd.DataFrame({"a": [1, 2]})).mark_bar().encode(x="a:Q")
    bundle = alt.renderers.get()(chart.to_dict())
    assert set(bundle) == {display.VEGALITE_MIME, "text/plain"}
    assert "$schema" not in bundle[display.VEGALITE_MIME]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chart_specs_compile_with_the_vega_lite_jupyterlab_ships(lang):
    # JupyterLab 4 draws application/vnd.vegalite.v5+json with Vega-Lite 5: the kit's specs must compile there
    frame = pd.DataFrame({"period": pd.to_datetime(["2020-01-31", "2020-02-29"]), "value": [1e9, 2e9], "count": [1, 2]})
    ranks = pd.DataFrame({"district": ["Yubei", "Dazu"], "conversion_rate": [0.2, 0.1], "rank_conversion_rate": [1, 2]})
    for chart in (charts.signed_by_period(frame, lang), charts.district_ranking(ranks, "conversion_rate", "Yubei", lang)):
        spec = display._render(chart.to_dict())[display.VEGALITE_MIME]
        svg = vl_convert.vegalite_to_svg(spec, vl_version="5.21")
        assert svg.startswith("<svg")


def test_table_escapes_every_cell_and_header_and_marks_the_own_district():
    frame = pd.DataFrame({"district": ["Yubei", "Dazu"], "<b>h</b>": ["<script>x</script>", "a & b"]})
    html = str(display.table(frame, "en", highlight=("district", "Yubei")))
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html and "a &amp; b" in html
    assert "&lt;b&gt;h&lt;/b&gt;" in html and html.count('<tr class="own">') == 1


def test_table_caps_rows_and_says_how_many_more():
    html = str(display.table(pd.DataFrame({"n": range(10)}), "zh", max_rows=3))
    assert html.count("<tr>") == 1 + 3 and "另有7项" in html


def test_tiles_and_messages_escape_and_keep_known_states_only():
    html = str(display.tiles([{"title": "<i>t</i>", "value": "1", "state": "evil\" onclick=\"x"}]))
    assert 'class="tile neutral"' in html and "&lt;i&gt;" in html and "evil" not in html
    assert str(display.messages(["<img src=x onerror=alert(1)>"])).count("<img") == 0


def test_a_status_is_a_coloured_badge_with_a_mark_and_a_word():
    frame = pd.DataFrame({"cohort": ["2015-2017", "2018-2020"], "target": [0.9, 0.6], "status": ["met", "not_met"],
                          "a": [1, 2], "b": [3, 4]})
    html = str(display.table(frame, "en", formats={"status": "status", "target": "percent"}))
    assert '<td class="status" data-label="Status"><span class="yubei-status bad">✗ Not met</span></td>' in html
    assert '<span class="yubei-status good">✓ Met</span>' in html
    assert 'class="yubei-table reflow"' in html  # five columns: the rows stack on a phone
    zh = str(display.table(frame, "zh", {"cohort": "cohort", "status": "status"}, {"status": "status"}))
    assert "✗ 未达标" in zh and "reflow" not in zh and "data-label" not in zh


def test_a_money_column_is_written_in_one_unit_with_one_number_of_decimals():
    frame = pd.DataFrame({"v": [139.5e6, 3.1e9, None, 2.5e4]})
    for lang, unit in (("en", " bn"), ("zh", "亿元")):
        cells = [html.unescape(c) for c in re.findall(r'<td class="num">([^<]*)</td>',
                                                      str(display.table(frame, lang, formats={"v": "money"})))]
        assert cells[2] == ("n/a" if lang == "en" else "无")
        cells = cells[:2] + cells[3:]
        assert all(c.endswith(unit) for c in cells) and cells[-1].startswith(("CNY <0.01", "<0.01"))
        assert len({len(c.split(".")[1]) if "." in c else 0 for c in cells}) == 1


MONEY = {"en": re.compile(r"^CNY [<>\-]?[\d,]+(\.(\d+))?( bn| m)?$"), "zh": re.compile(r"^[<>\-]?[\d]+(\.(\d+))?(亿元|万元|元)$")}
TABLE = re.compile(r'<table class="yubei-table[^"]*">(.*?)</table>', re.S)


def _columns(table_html):
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table_html, re.S)]
    rows = [r for r in rows if r]
    return [[html.unescape(re.sub("<[^>]+>", "", r[i])) for r in rows if i < len(r)]
            for i in range(max(map(len, rows), default=0))]


@pytest.mark.slow
def test_every_money_column_of_the_pack_has_one_unit_and_one_number_of_decimals(quarterly_pack):
    pages = sorted((quarterly_pack / "2020-Q4" / "yubei").glob("*.html"))
    assert len(pages) >= 14
    checked = 0
    for path in pages:
        lang = "zh" if path.name.endswith(".zh.html") else "en"
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'<details class="chart-data">.*?</details>', "", text, flags=re.S)  # the charts' own data
        for table_html in TABLE.findall(text):
            for cells in _columns(table_html):
                money = [MONEY[lang].match(c) for c in cells if c not in ("n/a", "无", "")]
                if not money or not all(money):
                    continue
                checked += 1
                assert len({m.group(3) for m in money}) == 1, (path.name, cells)  # one unit
                assert len({len(m.group(2) or "") for m in money}) == 1, (path.name, cells)  # one number of decimals
            if lang == "zh":
                assert not re.search(r"\d,\d{3}", table_html), path.name  # no thousands separator in Chinese
    assert checked >= 8
