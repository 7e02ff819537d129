"""Chart builders, checked through ``chart.to_dict()``."""

import re

import altair as alt
import pandas as pd
import pytest

from yubei_lib.ledger import reference
from yubei_lib.present import charts, theme

CJK = re.compile(r"[\u4e00-\u9fff]")
HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")
LEDGER_ONLY = {"project_id": "P-001", "project_name": "secret project", "investor": "ACME"}


def _with_ledger_columns(frame):
    """Add columns a raw ledger has, which must never reach a chart."""
    return frame.assign(**LEDGER_ONLY)


def monthly():
    return pd.DataFrame({"period": pd.to_datetime(["2020-03-01", "2020-01-01", "2020-02-01",
                                                   "2020-04-01", "2020-05-01"]),
                         "value": [6.3e9, 2.1e9, 0.4e9, 7.7e9, 10.1e9],
                         "count": [25, 12, 3, 30, 41]})


def cumulative():
    return pd.DataFrame({"date": pd.to_datetime(["2020-01-31", "2020-02-29", "2020-03-31",
                                                 "2020-03-31", "2020-12-31"]),
                         "cumulative": [2e9, 2.4e9, 8.7e9, 8.7e9, 78e9],
                         "kind": ["actual", "actual", "actual", "projection", "projection"]})


def compositions():
    return pd.DataFrame({"cluster": ["smart terminals", "aviation logistics", None],
                         "value": [3e10, 8e9, 2e9], "count": [40, 12, 3], "share": [0.75, 0.2, 0.05]})


def ranking():
    d = reference.districts().name_en
    n = len(d)
    return pd.DataFrame({"district": d, "conversion_rate": [0.1 + i / 100 for i in range(n)],
                         "rank_conversion_rate": list(range(n, 0, -1)),
                         "composite_score": [float(i + 1) for i in range(n)],
                         "composite_rank": list(range(1, n + 1)),
                         "operation_rate_2015_2017": [0.9] * n})


def bump():
    return pd.DataFrame({"quarter": ["2020Q4", "2020Q3", "2020Q4", "2020Q3", "2020Q4", "2020Q3"],
                         "district": ["Yubei", "Yubei", "Dazu", "Dazu", "Banan", "Banan"],
                         "rank": [1, 2, 2, 1, 3, 3]})


def cohorts():
    return pd.DataFrame({"cohort": ["2015-2017", "2015-2017", "2018-2020", "2018-2020"],
                         "figure": ["commencement_rate", "operation_rate"] * 2,
                         "value": [0.97, 0.91, 0.8, 0.58], "target": [None, 0.9, None, 0.6]})


def survival():
    return pd.DataFrame({"cohort": [2018, 2018, 2018, 2019, 2019],
                         "months": [3.9, 8.0, 12.0, 5.5, 11.0],
                         "share_in_operation": [0.1, 0.3, 0.62, 0.05, 0.4],
                         "at_risk": [40, 36, 28, 30, 27], "events": [4, 8, 12, 2, 10]})


def chains():
    return pd.DataFrame({"cluster": ["smart terminals"] * 3 + ["aviation logistics"] * 2,
                         "segment": ["chips", "LCD panels", "IoT", "warehousing", "express delivery"],
                         "value": [5e9, 2e9, 0.0, 9.7e8, 3e7], "count": [3, 1, 0, 4, 1],
                         "weak": [False, False, True, False, True]})


BUILDERS = {
    "signed_by_period": (monthly, lambda f, lang: charts.signed_by_period(f, lang)),
    "signed_by_quarter": (monthly, lambda f, lang: charts.signed_by_period(f, lang, freq="quarter")),
    "cumulative_vs_target": (cumulative, lambda f, lang: charts.cumulative_vs_target(f, 80e9, lang)),
    "composition": (compositions, lambda f, lang: charts.composition(f, "cluster", lang)),
    "district_ranking": (ranking, lambda f, lang: charts.district_ranking(
        f, "conversion_rate", "Yubei", lang)),
    "rank_bump": (bump, lambda f, lang: charts.rank_bump(f, "Yubei", lang)),
    "cohort_rates": (cohorts, lambda f, lang: charts.cohort_rates(f, lang)),
    "time_to_operation": (survival, lambda f, lang: charts.time_to_operation(f, lang)),
    "chain_heatmap": (chains, lambda f, lang: charts.chain_heatmap(f, lang)),
}


def units(spec):
    """Yield every single-view spec (with a mark) of a chart spec."""
    if "mark" in spec:
        yield spec
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for sub in spec.get(key, []):
            yield from units(sub)


def rows(spec):
    """Return the data rows of each dataset of the spec."""
    return spec.get("datasets", {})


def walk(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, path + (k,))
    elif isinstance(node, list):
        for v in node:
            yield from walk(v, path)
    else:
        yield path, node


def title_text(spec):
    title = spec["title"]
    return title["text"] if isinstance(title, dict) else title


@pytest.fixture(params=sorted(BUILDERS))
def built(request):
    make, build = BUILDERS[request.param]
    frame = make()
    return request.param, frame, build


def test_every_builder_returns_an_altair_chart_that_validates(built):
    _, frame, build = built
    chart = build(frame, "en")
    assert isinstance(chart, (alt.Chart, alt.LayerChart))
    chart.to_dict(validate=True)


def test_every_mark_has_a_tooltip_and_typed_fields(built):
    _, frame, build = built
    for unit in units(build(frame, "en").to_dict()):
        encoding = unit["encoding"]
        assert "tooltip" in encoding, unit["mark"]
        tips = encoding["tooltip"] if isinstance(encoding["tooltip"], list) else [encoding["tooltip"]]
        assert tips and all("type" in tip for tip in tips)
        for channel, enc in encoding.items():
            for item in enc if isinstance(enc, list) else [enc]:
                if isinstance(item, dict) and "field" in item:
                    assert item.get("type") in {"quantitative", "nominal", "ordinal", "temporal"}, channel


def test_data_rows_equal_the_aggregated_input_rows(built):
    name, frame, build = built
    spec = build(_with_ledger_columns(frame), "en").to_dict()
    datasets = rows(spec)
    extra = 1 if name == "cumulative_vs_target" else 0   # the target rule's one row
    assert sum(len(r) for r in datasets.values()) == len(frame) + extra
    assert len(max(datasets.values(), key=len)) == len(frame)
    for data in datasets.values():
        for row in data:
            assert not set(LEDGER_ONLY) & set(row)
            assert "secret project" not in row.values()


def test_titles_switch_with_language(built):
    _, frame, build = built
    en, zh = build(frame, "en").to_dict(), build(frame, "zh").to_dict()
    assert not CJK.search(title_text(en))
    assert CJK.search(title_text(zh))
    en_axes = [u["encoding"][c].get("title") for u in units(en) for c in ("x", "y")
               if c in u["encoding"] and u["encoding"][c].get("title")]
    zh_axes = [u["encoding"][c].get("title") for u in units(zh) for c in ("x", "y")
               if c in u["encoding"] and u["encoding"][c].get("title")]
    assert en_axes and not any(CJK.search(a) for a in en_axes)
    assert zh_axes and all(CJK.search(a) for a in zh_axes)


def test_unknown_language_is_refused(built):
    _, frame, build = built
    with pytest.raises(ValueError, match="unknown language"):
        build(frame, "de")


def test_builders_set_no_colours_or_fonts_of_their_own(built):
    _, frame, build = built
    spec = build(frame, "en").to_dict()
    allowed = {theme.HIGHLIGHT, theme.MUTED, theme.INK}
    for path, value in walk({k: v for k, v in spec.items() if k not in ("config", "datasets")}):
        assert not any(p in ("font", "fontSize", "fontWeight") for p in path), path
        if isinstance(value, str) and HEX.fullmatch(value):
            assert value in allowed, (path, value)


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="count"):
        charts.signed_by_period(monthly().drop(columns="count"), "en")
    with pytest.raises(ValueError, match="weak"):
        charts.chain_heatmap(chains().drop(columns="weak"), "en")


def _condition(encoding, channel):
    cond = encoding[channel]["condition"]
    return cond[0] if isinstance(cond, list) else cond


@pytest.mark.parametrize("district", ["Yubei", "渝北区", "yubei district"])
def test_district_ranking_highlights_the_own_district(district):
    spec = charts.district_ranking(ranking(), "conversion_rate", district, "en").to_dict()
    bars = next(u for u in units(spec) if u["mark"]["type"] == "bar")
    cond = _condition(bars["encoding"], "color")
    assert cond["test"] == "(datum.district === 'Yubei')"
    assert cond["value"] == theme.HIGHLIGHT
    assert bars["encoding"]["color"]["value"] == theme.MUTED
    assert (bars["encoding"]["x"]["field"], bars["encoding"]["x"]["type"]) == ("value", "quantitative")


def test_district_ranking_sorts_by_rank_and_has_rank_in_tooltip():
    spec = charts.district_ranking(ranking(), "conversion_rate", "Dazu", "zh").to_dict()
    for unit in units(spec):
        assert unit["encoding"]["y"]["sort"] == {"field": "rank", "op": "min", "order": "ascending"}
        assert "rank" in [tip["field"] for tip in unit["encoding"]["tooltip"]]
    data = next(iter(rows(spec).values()))
    assert len(data) == 22
    assert {r["label"] for r in data} == set(reference.districts().name_zh)
    assert "Dazu" in _condition(next(units(spec))["encoding"], "color")["test"]


def test_district_ranking_of_the_composite_uses_the_composite_rank():
    spec = charts.district_ranking(ranking(), "composite_score", "Yubei", "en").to_dict()
    data = next(iter(rows(spec).values()))
    assert [r["rank"] for r in data] == list(range(1, 23))
    assert "Composite score" in title_text(spec)


def test_rank_bump_reverses_ranks_and_highlights_a_thicker_line():
    spec = charts.rank_bump(bump(), "渝北", "en").to_dict()
    lines = [u for u in units(spec) if u["mark"]["type"] == "line"]
    assert lines
    for unit in units(spec):
        assert unit["encoding"]["y"]["scale"]["reverse"] is True
        assert unit["encoding"]["x"]["sort"] == ["2020Q3", "2020Q4"]
        cond = _condition(unit["encoding"], "color")
        assert cond["value"] == theme.HIGHLIGHT and "'Yubei'" in cond["test"]
    width = _condition(lines[0]["encoding"], "strokeWidth")
    assert width["value"] > lines[0]["encoding"]["strokeWidth"]["value"]


def test_signed_by_period_orders_periods_in_time_and_scales_money():
    spec = charts.signed_by_period(monthly(), "en").to_dict()
    assert spec["encoding"]["x"]["sort"] == ["Jan 2020", "Feb 2020", "Mar 2020", "Apr 2020", "May 2020"]
    assert spec["transform"] == [{"calculate": "datum.value / 1e+09", "as": "value_scaled"}]
    zh = charts.signed_by_period(monthly(), "zh", freq="quarter").to_dict()
    assert zh["transform"] == [{"calculate": "datum.value / 1e+08", "as": "value_scaled"}]
    assert zh["encoding"]["x"]["sort"] == ["2020年第一季度", "2020年第二季度"]
    assert zh["encoding"]["y"]["title"] == "签约金额 (亿元)"
    tips = {tip["field"] for tip in spec["encoding"]["tooltip"]}
    assert tips == {"period_label", "value_text", "count"}
    assert next(iter(rows(spec).values()))[0]["value_text"] == "CNY 6.3 bn"


def test_cumulative_vs_target_dashes_the_projection_and_draws_the_target():
    spec = charts.cumulative_vs_target(cumulative(), 80e9, "zh").to_dict()
    line, rule, text = spec["layer"]
    assert _condition(line["encoding"], "strokeDash")["test"] == "(datum.kind === 'projection')"
    assert line["encoding"]["x"]["type"] == "temporal"
    target_rows = rows(spec)[rule["data"]["name"]]
    assert target_rows[0]["target"] == 80e9 and target_rows[0]["label"] == "目标 800.0亿元"
    assert rule["mark"]["type"] == "rule" and text["mark"]["type"] == "text"
    no_target = charts.cumulative_vs_target(cumulative(), None, "en").to_dict()
    assert len(no_target["layer"]) == 1


def test_composition_translates_categories_and_sorts_by_value():
    spec = charts.composition(compositions(), "cluster", "zh").to_dict()
    assert [r["label"] for r in next(iter(rows(spec).values()))] == ["智能终端", "航空物流", "（未填写）"]
    for unit in units(spec):
        assert unit["encoding"]["y"]["sort"] == "-x"
    assert title_text(spec) == "按产业集群分类的签约金额"


def test_cohort_rates_put_target_ticks_only_where_there_is_a_target():
    spec = charts.cohort_rates(cohorts(), "en").to_dict()
    tick = next(u for u in units(spec) if u["mark"]["type"] == "tick")
    assert tick["transform"] == [{"filter": "isValid(datum.target)"}]
    assert tick["encoding"]["x"]["field"] == "target"


def test_time_to_operation_draws_step_lines_per_cohort():
    spec = charts.time_to_operation(survival(), "en").to_dict()
    line = next(u for u in units(spec) if u["mark"]["type"] == "line")
    assert line["mark"]["interpolate"] == "step-after"
    for unit in units(spec):
        assert unit["encoding"]["color"] == {**unit["encoding"]["color"], "field": "cohort_label",
                                             "type": "ordinal"}
        assert unit["encoding"]["x"]["field"] == "months"
    data = next(iter(rows(spec).values()))
    assert set(data[0]) == {"cohort", "months", "share_in_operation", "cohort_label", "share_text"}


def test_chain_heatmap_marks_weak_links():
    spec = charts.chain_heatmap(chains(), "en").to_dict()
    cells = next(u for u in units(spec) if u["mark"]["type"] == "rect")
    assert _condition(cells["encoding"], "strokeDash")["test"] == "datum.weak"
    data = next(iter(rows(spec).values()))
    assert [r["link"] for r in data] == [1, 2, 3, 1, 2]
    assert data[2]["cell_text"] == "CNY 0 · Weak link"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_builder_compiles_with_the_vega_lite_jupyterlab_ships(built, lang):
    # JupyterLab 4 draws the kit's charts with Vega-Lite 5 (MIME application/vnd.vegalite.v5+json)
    import vl_convert

    from yubei_lib.config import VEGALITE_MIME
    from yubei_lib.present.display import _render

    _, frame, build = built
    spec = _render(build(frame, lang).to_dict())[VEGALITE_MIME]
    assert vl_convert.vegalite_to_svg(spec, vl_version="5.21").startswith("<svg")
