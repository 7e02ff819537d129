"""The renderer hook and the escaped HTML pieces of the pages."""

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
