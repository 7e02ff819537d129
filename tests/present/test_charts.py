"""Chart builders, checked through ``chart.to_dict()``."""

import re

import altair as alt
import pandas as pd
import pytest

from yubei_lib.ledger import reference
from yubei_lib.present import charts, display, labels, theme


@pytest.fixture(autouse=True)
def kit_theme():
    """Draw every chart in the kit's theme, as a page does (the theme is enabled where pages are made)."""
    display.enable()


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
    return joined(title["text"] if isinstance(title, dict) else title)


def joined(title):
    """Return an axis or legend title as one string (a title may be given line by line)."""
    return " ".join(title) if isinstance(title, list) else title


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
    en_axes = [joined(u["encoding"][c].get("title")) for u in units(en) for c in ("x", "y")
               if c in u["encoding"] and u["encoding"][c].get("title")]
    zh_axes = [joined(u["encoding"][c].get("title")) for u in units(zh) for c in ("x", "y")
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
    allowed = {theme.HIGHLIGHT, theme.MUTED, theme.INK, theme.EDGE, theme.ON_DARK, theme.HALO,
               theme.GOOD, theme.BAD, *theme.COHORTS}  # (status colours, for a status written on a chart)
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
        if unit["mark"]["type"] == "line" or unit["encoding"].get("text", {}).get("field") == "label":
            cond = _condition(unit["encoding"], "color")
            assert cond["value"] == theme.HIGHLIGHT and "'Yubei'" in cond["test"]
    width = _condition(lines[0]["encoding"], "strokeWidth")
    assert width["value"] > lines[0]["encoding"]["strokeWidth"]["value"]


def test_signed_by_period_orders_periods_in_time_and_scales_money():
    spec = charts.signed_by_period(monthly(), "en").to_dict()
    assert spec["encoding"]["x"]["sort"] == ["Jan 2020", "Feb 2020", "Mar 2020", "Apr 2020", "May 2020"]
    assert spec["transform"][0] == {"calculate": "datum.value / 1e+09", "as": "value_scaled"}
    zh = charts.signed_by_period(monthly(), "zh", freq="quarter").to_dict()
    assert zh["transform"][0] == {"calculate": "datum.value / 1e+08", "as": "value_scaled"}
    assert zh["encoding"]["x"]["sort"] == ["2020年第一季度", "2020年第二季度"]
    assert zh["encoding"]["y"]["title"] == "签约金额（亿元）"
    tips = {tip["field"] for tip in spec["encoding"]["tooltip"]}
    assert tips == {"period_label", "value_text", "count"}
    assert next(iter(rows(spec).values()))[0]["value_text"] == "CNY 6.3 bn"


def test_cumulative_vs_target_dashes_the_projection_and_draws_the_target():
    spec = charts.cumulative_vs_target(cumulative(), 80e9, "zh").to_dict()
    line, latest, rule, text = spec["layer"]
    assert _condition(line["encoding"], "strokeDash")["test"] == "(datum.kind === 'projection')"
    assert line["encoding"]["x"]["type"] == "ordinal"
    target_rows = rows(spec)[rule["data"]["name"]]
    assert target_rows[0]["target"] == 80e9
    assert target_rows[0]["label"] == labels.t("target_line", "zh", value="800.0亿元")
    assert rule["mark"]["type"] == "rule" and text["mark"]["type"] == "text"
    no_target = charts.cumulative_vs_target(cumulative(), None, "en").to_dict()
    assert [u["mark"]["type"] for u in no_target["layer"]] == ["line", "text"]


def test_composition_translates_categories_and_sorts_by_value():
    spec = charts.composition(compositions(), "cluster", "zh").to_dict()
    assert [r["label"] for r in next(iter(rows(spec).values()))] == ["智能终端", "航空物流", "（未填写）"]
    for unit in units(spec):
        assert unit["encoding"]["y"]["sort"] == ["智能终端", "航空物流", "（未填写）"]  # largest first
    assert title_text(spec) == "按产业集群分类的签约金额"


def test_cohort_rates_put_target_ticks_only_where_there_is_a_target():
    spec = charts.cohort_rates(cohorts(), "en").to_dict()
    tick = next(u for u in units(spec) if u["mark"]["type"] == "tick")
    assert tick["transform"][-1] == {"filter": "isValid(datum.target)"}
    assert tick["encoding"]["x"]["field"] == "target"


def _cohort_scene(width):
    frame = cohorts().assign(value=[0.97, 0.91, 0.8, 0.598])  # 59.8 % against a target of 60 %
    spec = charts.cohort_rates(frame, "en").to_dict()
    rects = [(x, y, item) for m, role, _, x, y, item in scene(spec, width) if m == "rect" and role == "mark"]
    texts = [(x, y, item) for m, role, _, x, y, item in scene(spec, width) if m == "text" and role == "mark"]
    return rects, texts


@pytest.mark.parametrize("width", [340, 688])
def test_a_target_tick_stands_out_of_the_bar_it_ends(width):
    rects, texts = _cohort_scene(width)
    bars = [r for r in rects if r[2].get("fill") in theme.PALETTE]
    ticks = [r for r in rects if r[2].get("fill") == theme.INK]
    edges = [r for r in rects if r[2].get("fill") == theme.HALO]
    assert len(ticks) == len(edges) == 2 and len(bars) == 4
    thickness = max(item["height"] for _, _, item in bars)
    for x, y, item in ticks:
        assert item["height"] >= thickness + 2 * 4  # it reaches beyond the bar above and below
        assert item["width"] >= 3 and item.get("opacity", 1) == 1
        edge = next(e for e in edges if abs(e[0] + e[2]["width"] / 2 - (x + item["width"] / 2)) < 0.5)
        assert edge[2]["width"] >= item["width"] + 3  # a white edge: it shows on the bar's colour too
    # the 59.8 % bar: its status in words, after the tick (never over it), and the target named
    missed = next(t for t in texts if t[2]["text"] == "59.8% (not met)")
    tick = min(ticks, key=lambda r: abs(r[1] + r[2]["height"] / 2 - missed[1]))
    assert missed[0] + missed[2].get("dx", 0) > tick[0] + tick[2]["width"] and missed[2]["fill"] == theme.BAD
    label = next(t for t in texts if t[2]["text"] == "Target 60.0%")
    assert label[2]["align"] == "right" and label[0] + label[2].get("dx", 0) < tick[0]
    assert label[2]["fill"] == theme.ON_DARK
    assert next(t for t in texts if t[2]["text"] == "91.0% (met)")[2]["fill"] == theme.GOOD
    assert "97.0%" in [t[2]["text"] for t in texts]  # no target, no status


def test_a_short_bar_names_its_target_after_it():
    frame = cohorts().assign(value=[0.97, 0.91, 0.8, 0.2])
    data = next(iter(rows(charts.cohort_rates(frame, "zh").to_dict()).values()))
    assert data[3]["bar_text"] == "20.0%（未达标） · 目标 60.0%" and data[3]["target_label"] == ""


def test_rate_rankings_draw_the_own_target_and_say_the_status_in_words():
    frame = ranking()  # Yubei's conversion rate is 0.1 + its place / 100
    spec = charts.district_ranking(frame, "conversion_rate", "Yubei", "en", target=0.25).to_dict()
    rule = next(u for u in units(spec) if u["mark"]["type"] == "rule")
    assert rule["encoding"]["x"]["field"] == "target" and rule["mark"]["color"] == theme.INK
    data = {row["district"]: row for rows_ in rows(spec).values() for row in rows_ if "district" in row}
    assert data["Yubei"]["bar_text"].endswith(" · not met") and not data["Dazu"]["bar_text"].endswith("met")
    written = [item["text"] for m, role, _, _, _, item in scene(spec, 688) if m == "text" and role == "mark"]
    assert "Yubei's target 25.0%" in written
    label = next(u for u in units(spec) if u["mark"]["type"] == "text" and u["encoding"]["x"]["field"] == "target")
    assert label["mark"]["align"] == "right"  # a target past the middle: its words to the left of the line
    bars = next(u for u in units(spec) if u["mark"]["type"] == "bar")
    highest = float(frame["conversion_rate"].max())
    assert bars["encoding"]["x"]["scale"] == {"domain": [0, highest], "nice": False}  # not rounded by the width
    halo = [item for m, role, _, _, _, item in scene(spec, 688) if m == "text" and item.get("stroke") == theme.HALO]
    assert len(halo) == 22  # every district's words keep the line off them
    zh = charts.district_ranking(frame, "conversion_rate", "Yubei", "zh", target=0.05).to_dict()
    zh_rows = [row for rows_ in rows(zh).values() for row in rows_ if row.get("district") == "Yubei"]
    assert zh_rows[0]["bar_text"].endswith("，已达标")
    plain = charts.district_ranking(frame, "conversion_rate", "Yubei", "en").to_dict()
    assert not [u for u in units(plain) if u["mark"]["type"] == "rule"]


def test_time_to_operation_tells_each_year_apart_and_picks_one_out():
    frame = pd.concat([survival().assign(cohort=year) for year in range(2015, 2021)])
    spec = charts.time_to_operation(frame, "en").to_dict()
    line = next(u for u in units(spec) if u["mark"]["type"] == "line")
    colour, dash = line["encoding"]["color"], line["encoding"]["strokeDash"]
    years = [str(y) for y in range(2015, 2021)]
    assert colour["scale"]["domain"] == dash["scale"]["domain"] == years
    assert colour["scale"]["range"] == theme.COHORTS and dash["scale"]["range"] == theme.DASHES
    assert colour["legend"]["symbolType"] == "stroke" and colour["title"] == dash["title"]  # one legend, of lines
    pick = next(p for p in spec["params"] + line.get("params", []) if p.get("bind") == "legend")
    assert pick["select"] == {"type": "point", "fields": ["cohort_label"]}
    assert line["encoding"]["opacity"]["condition"][0]["param"] == pick["name"]  # the others fade
    drawn = {item["stroke"] for m, role, _, _, _, item in scene(spec, 688) if m == "line" and role == "mark"}
    assert drawn == set(theme.COHORTS)


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
    outline = [u for u in units(spec) if u["mark"]["type"] == "rect"][1]
    assert outline["transform"][-1] == {"filter": "datum.weak"}
    assert outline["mark"]["stroke"] == theme.INK and outline["mark"]["strokeWidth"] >= 2
    data = next(iter(rows(spec).values()))
    assert [r["link"] for r in data] == [1, 2, 3, 1, 2]
    assert [r["weak_mark"] for r in data] == ["", "", "Weak", "", "Weak"]
    assert data[2]["weak_text"] == "Weak link"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_builder_compiles_with_the_vega_lite_jupyterlab_ships(built, lang):
    # JupyterLab 4 draws the kit's charts with Vega-Lite 5 (MIME application/vnd.vegalite.v5+json)
    import vl_convert

    from yubei_lib.config import VEGALITE_MIME
    from yubei_lib.present.display import _render

    _, frame, build = built
    spec = _render(build(frame, lang).to_dict())[VEGALITE_MIME]
    assert vl_convert.vegalite_to_svg(spec, vl_version="5.21").startswith("<svg")


# ---- readers' faults: every chart fits a phone, says what it shows, in one language, one unit


ASCII_LETTER = re.compile(r"[A-Za-z]")
SHOWN_COLUMNS = re.compile(r"(^label$|_label$|_text$|^name_\d$|^weak_mark$)")


def scene(spec, width=390):
    """Return the marks Vega draws for a spec at ``width`` px: (marktype, role, name, x, y, item), absolute x, y."""
    import vl_convert

    spec = {**spec, "width": width}
    out = []

    def walk(node, ox=0.0, oy=0.0):
        if isinstance(node, dict) and "marktype" in node:
            for item in node.get("items", []):
                x, y = item.get("x", 0) + ox, item.get("y", 0) + oy
                out.append((node["marktype"], node.get("role"), node.get("name"), x, y, item))
                if node["marktype"] == "group":
                    for sub in item.get("items", []):
                        walk(sub, x, y)
        elif isinstance(node, dict):
            for sub in node.get("items", []):
                walk(sub, ox, oy)

    walk(vl_convert.vegalite_to_scenegraph(spec, vl_version="5.21")["scenegraph"])
    return out


def shown_strings(spec):
    """Yield every string a reader sees: titles, description, axis/legend/tooltip titles, mark text."""
    title = spec["title"]
    yield from [joined(title["text"]), joined(title.get("subtitle", "")), spec["description"]]
    for unit in units(spec):
        for channel, enc in unit["encoding"].items():
            for item in enc if isinstance(enc, list) else [enc]:
                if not isinstance(item, dict):
                    continue
                for holder in (item, item.get("axis") or {}, item.get("legend") or {}):
                    title = holder.get("title")
                    yield from (title if isinstance(title, list) else [title] if title else [])
    for data in rows(spec).values():
        for row in data:
            yield from (str(v) for k, v in row.items() if SHOWN_COLUMNS.search(k) and v is not None)


def year_to_date(as_of):
    """The cumulative frame of a small ledger signing CNY 1 bn on the 10th of each month."""
    from yubei_lib.figures.timeline import cumulative_frame

    signed = pd.date_range("2020-01-01", periods=12, freq="MS") + pd.Timedelta(days=9)
    projects = pd.DataFrame({"district": "Yubei", "contract_value": 1e9, "signed_on": signed})
    return cumulative_frame(projects, as_of, "Yubei", projected=13e9)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_is_as_wide_as_its_container(built, lang):
    _, frame, build = built
    spec = build(frame, lang).to_dict()
    assert spec["width"] == "container"
    assert all("width" not in unit for unit in units(spec) if unit is not spec)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_has_a_title_and_a_one_line_description_in_its_language(built, lang):
    import vl_convert

    _, frame, build = built
    spec = build(frame, lang).to_dict()
    assert title_text(spec) and spec["description"]
    assert "\n" not in spec["description"] and len(spec["description"]) < 400
    assert spec["description"] != title_text(spec)
    if lang == "zh":
        assert CJK.search(spec["description"]) and not ASCII_LETTER.search(spec["description"])
        assert spec["description"].endswith("。")
    else:
        assert not CJK.search(spec["description"]) and spec["description"].endswith(".")
    assert vl_convert.vegalite_to_vega(spec, vl_version="5.21")["description"] == spec["description"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pages_are_wholly_in_their_language(built, lang):
    _, frame, build = built
    shown = [s for s in shown_strings(build(frame, lang).to_dict()) if s]
    assert shown
    for text in shown:
        if lang == "zh":  # the fixtures hold no proper names outside the reference data
            assert not ASCII_LETTER.search(text), text
        else:
            assert not CJK.search(text), text


DECIMALS = re.compile(r"(?:^|[^\d,.])([\d,]+)(?:\.(\d+))?(?: bn| m|亿元|万元|$)")


def _decimals(texts):
    """Return the number of decimals of each amount written (None for an exact 0 or an amount too small)."""
    found = []
    for text in texts:
        m = DECIMALS.search(text)
        if m and not text.lstrip("CNY ").startswith(("<", ">")) and m[0].strip() != "0" and m[1] != "0":
            found.append(len(m[2] or ""))
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("values", [[304e8, 265.9e8, 2e8], [3e10, 8e8, 3e7], [5e11, 1e9, 2e6]])
def test_every_amount_of_a_chart_has_the_same_decimals(lang, values):
    frame = compositions().iloc[: len(values)].assign(value=values)
    spec = charts.composition(frame, "cluster", lang).to_dict()
    texts = [r["value_text"] for r in next(iter(rows(spec).values()))]
    assert len(set(_decimals(texts))) == 1, texts  # "304.0亿元" beside "265.9亿元", never "304亿元"
    heat = charts.chain_heatmap(chains().assign(value=[115.5e8, 110e8, 0.0, 9.7e8, 3e7]), lang).to_dict()
    cells = [r["cell_text"] for r in next(iter(rows(heat).values()))]
    assert len(set(_decimals(cells))) == 1, cells  # "110.0" beside "115.5", never "110"
    assert "0" in cells  # an empty link: nothing signed


def test_an_amount_too_small_for_the_decimals_says_so():
    from yubei_lib.present.charts.money import money_unit

    unit = money_unit([5e11, 2e6, 0.0], "en")
    assert unit.texts([5e11, 2e6, 0.0]) == ["CNY 500.0 bn", "CNY <0.1 bn", "CNY 0 bn"]
    assert money_unit([12_345.0, 800.0], "zh").texts([12_345.0, 800.0]) == ["1.2万元", "0.1万元"]
    assert money_unit([900.0], "en").text(900.0) == "CNY 900"  # whole yuan: no decimals


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_chart_writes_money_in_one_unit(lang):
    frame = compositions().assign(value=[3e10, 8e8, 3e7])  # labels.money: bn, m, m
    spec = charts.composition(frame, "cluster", lang).to_dict()
    texts = [r["value_text"] for r in next(iter(rows(spec).values()))]
    suffix = " bn" if lang == "en" else "亿元"
    assert all(x.endswith(suffix) for x in texts), texts
    unit = " (bn yuan)" if lang == "en" else "（亿元）"  # full-width brackets in Chinese
    assert spec["layer"][0]["encoding"]["x"]["title"].endswith(unit)
    heat = charts.chain_heatmap(chains(), lang).to_dict()
    data = next(iter(rows(heat).values()))
    assert all(r["value_text"].endswith(suffix) for r in data), [r["value_text"] for r in data]
    assert heat["layer"][0]["encoding"]["color"]["title"].endswith(unit)


@pytest.mark.parametrize("lang, sep, mid", [("en", "Sep", "15 Sep"), ("zh", "9月", "9月15日")])
def test_cumulative_point_at_the_end_of_september_is_labelled_september(lang, sep, mid):
    spec = charts.cumulative_vs_target(year_to_date("2020-09-30"), 12e9, lang).to_dict()
    data = rows(spec)[spec["layer"][0]["data"]["name"]]
    september = [r for r in data if r["date_text"] in ("30 Sep 2020", "2020年9月30日") and r["kind"] == "actual"]
    assert [r["month_label"] for r in september] == [sep]
    assert september[0]["cumulative"] == 9e9  # January to September
    x = spec["layer"][0]["encoding"]["x"]
    assert x["type"] == "ordinal" and len(x["scale"]["domain"]) == 12 and x["scale"]["domain"][8] == sep
    # as drawn: the point of the 9 bn total stands above the tick labelled September
    drawn = scene(spec, 600)
    points = sorted({round(x_, 1) for m, role, _, x_, _, _ in drawn if m == "symbol" and role == "mark"})
    ticks = {item["text"]: x_ for m, role, _, x_, _, item in drawn if role == "axis-label" and m == "text"}
    assert abs(points[8] - ticks[sep]) < 1.5 and abs(points[7] - ticks[x["scale"]["domain"][7]]) < 1.5
    # as_of in the middle of a month: the last point is labelled with its date, in its month's place
    spec = charts.cumulative_vs_target(year_to_date("2020-09-15"), 12e9, lang).to_dict()
    domain = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert domain[8] == mid and sep not in domain and len(domain) == 12
    drawn = scene(spec, 390)  # on a phone: written as the month over the day, and not thinned out
    ticks = [item["text"] for m, role, *_, item in drawn if role == "axis-label" and isinstance(item["text"], list)]
    assert ticks == [[sep, "15" if lang == "en" else "15日"]]


def test_cumulative_projection_draws_when_present_and_not_at_the_year_end():
    spec = charts.cumulative_vs_target(year_to_date("2020-09-30"), 12e9, "en").to_dict()
    data = rows(spec)[spec["layer"][0]["data"]["name"]]
    projection = [r["month_label"] for r in data if r["kind"] == "projection"]
    assert projection == ["Sep", "Dec"]
    dashed = [item for m, role, name, *_, item in scene(spec) if m == "line" and item.get("strokeDash") == [6, 4]]
    assert dashed and all("Projection" in item["description"] for item in dashed)
    assert "projection" in joined(spec["title"]["subtitle"]) and "projected" in spec["description"]
    spec = charts.cumulative_vs_target(year_to_date("2020-12-31"), 12e9, "en").to_dict()
    data = rows(spec)[spec["layer"][0]["data"]["name"]]
    assert {r["kind"] for r in data} == {"actual"} and data[-1]["month_label"] == "Dec"
    assert "subtitle" not in spec["title"] and "projected" not in spec["description"]
    assert [u["mark"]["type"] for u in spec["layer"]] == ["line", "text", "rule", "text"]  # the target stays


def test_composite_ranking_is_a_dot_per_district_on_an_axis_from_1():
    frame = ranking()  # composite_rank 1 .. 22 in the reference order, score = rank
    spec = charts.district_ranking(frame, "composite_score", "Yubei", "en").to_dict()
    dots = spec["layer"][0]
    assert dots["mark"]["type"] == "point" and "x2" not in dots["encoding"]  # no bar from an arbitrary base
    x = dots["encoding"]["x"]
    assert x["scale"] == {"domain": [1, 22], "nice": False, "zero": False}  # not reversed: 1 (best) at the left
    assert x["axis"]["values"] == [1, 5, 10, 15, 20]
    assert "further left = better" in joined(x["title"]) and "1 = best" in joined(x["title"])
    assert "越靠左越好" in joined(charts.district_ranking(frame, "composite_score", "Yubei", "zh")
                             .to_dict()["layer"][0]["encoding"]["x"]["title"])
    points = sorted((y, px) for m, role, _, px, y, _ in scene(spec) if m == "symbol" and role == "mark")
    xs = [px for _, px in points]
    assert len(xs) == 22 and xs == sorted(xs)  # best on top, at the left
    written = [item["text"] for m, role, _, _, _, item in scene(spec) if m == "text" and role == "mark"]
    assert "1.00 (#1)" in written and "22.00 (#22)" in written
    # a rate: the highest rate is the best rank and the longest bar
    rate = charts.district_ranking(frame, "conversion_rate", "Yubei", "en").to_dict()
    assert "x2" not in rate["layer"][0]["encoding"]


def test_bump_chart_joins_the_labels_of_districts_tied_at_the_end():
    frame = pd.DataFrame({"quarter": ["2020Q3"] * 4 + ["2020Q4"] * 4,
                          "district": ["Yubei", "Dazu", "Banan", "Jiangbei"] * 2,
                          "rank": [1, 2, 3, 4, 1, 2, 2, 2]})
    spec = charts.rank_bump(frame, "Yubei", "en").to_dict()
    data = next(iter(rows(spec).values()))
    ends = [r["end_text"].replace("\n", " ") for r in data if r["end_text"]]
    assert ends == ["Yubei", "Banan, Dazu, Jiangbei"]
    texts = [(round(x), round(y), item["text"]) for m, role, _, x, y, item in scene(spec) if m == "text"
             and role == "mark"]
    places = {}
    for x, y, text in texts:
        places.setdefault((x, y), []).append(text)
    assert len(places) == 2  # one label per rank, none on another ...
    for text in places.values():  # ... but the own name again, in its colour, over its own place
        assert len(text) == 1 or (len(text) == 2 and text[0].startswith(text[1]))
    tied = charts.rank_bump(frame.replace({"Dazu": "Yubei", "Yubei": "Dazu"}), "Yubei", "zh").to_dict()
    data = next(iter(rows(tied).values()))
    assert [r["end_text"].replace("\n", "") for r in data if r["end_text"]] == ["大足区", "渝北区、巴南区、江北区"]
    own = next(u for u in units(tied) if u["mark"]["type"] == "text" and u["encoding"]["text"]["field"] == "label")
    assert _condition(own["encoding"], "color")["value"] == theme.HIGHLIGHT


def test_bump_chart_names_district_and_quarter_and_keeps_gaps():
    frame = pd.DataFrame({"quarter": ["2020Q1", "2020Q1", "2020Q3", "2020Q3"],
                          "district": ["Yubei", "Dazu", "Yubei", "Dazu"], "rank": [1, 2, 2, 1]})
    spec = charts.rank_bump(frame, "Yubei", "zh").to_dict()
    line = spec["layer"][0]["encoding"]
    assert line["x"]["sort"] == ["2020年第一季度", "2020年第二季度", "2020年第三季度"]
    assert {t["field"] for t in line["tooltip"]} >= {"label", "quarter_label", "rank"}
    data = next(iter(rows(spec).values()))
    assert len({r["run"] for r in data}) == 2  # the missing quarter breaks the lines
    lines = [item for m, role, _, *_, item in scene(spec) if m == "line"]
    assert len(lines) == 2 * 2 + 2  # each district broken in two; Yubei again on top


def test_cohort_legend_is_titled_by_what_its_colours_mean():
    for lang in ("en", "zh"):
        spec = charts.cohort_rates(cohorts(), lang).to_dict()
        color = spec["layer"][0]["encoding"]["color"]
        assert color["title"] == labels.t("rate_basis", lang) != labels.t("figure", lang)


def test_long_category_names_wrap_and_the_category_axis_has_no_title():
    parks = pd.DataFrame({"park": ["Xiantao International Big Data Valley", "Airport New Town"],
                          "value": [2e9, 1e9], "count": [3, 1]})
    spec = charts.composition(parks, "park", "en").to_dict()
    y = spec["layer"][0]["encoding"]["y"]
    assert y["title"] is None and y["axis"]["labelLimit"] <= 200
    assert '["Xiantao International", "Big Data Valley"]' in y["axis"]["labelExpr"]
    assert spec["height"]["step"] >= 2 * 15  # room for two lines a bar
    drawn = scene(spec)
    labels_ = [(y_, item["text"]) for m, role, _, _, y_, item in drawn if role == "axis-label"
               and isinstance(item.get("text"), list)]
    assert labels_ and all(len(text) == 2 for _, text in labels_)
    assert not [item for m, role, *_, item in drawn if role == "axis-title" and item.get("text") == "Park"]


def test_chain_heatmap_weak_outline_renders_and_the_note_says_so():
    for lang in ("en", "zh"):
        spec = charts.chain_heatmap(chains(), lang).to_dict()
        note = spec["title"]["subtitle"]
        assert note == labels.t("weak_link_note", lang)
        assert not re.search(r"dash|虚线", note, re.I)
    outlines = [item for m, role, _, *_, item in scene(spec) if m == "rect" and item.get("strokeWidth", 0) >= 2]
    assert len(outlines) == 2 and all(item["stroke"] == theme.INK for item in outlines)
    assert all(item.get("fillOpacity") == 0 for item in outlines)


def test_own_district_colour_is_no_status_colour():
    spec = charts.district_ranking(ranking(), "conversion_rate", "Yubei", "en").to_dict()
    colours = {v for _, v in walk(spec) if isinstance(v, str) and HEX.fullmatch(v)}
    assert theme.HIGHLIGHT in colours and not colours & {theme.GOOD, theme.BAD}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_mark_is_described_to_assistive_technology_in_the_pages_language(built, lang):
    _, frame, build = built
    spec = build(frame, lang).to_dict()
    described = [u for u in units(spec) if u["mark"].get("aria") is not False]
    assert described and all(u["encoding"]["description"]["field"] == "mark_description" for u in described)
    texts = [item["description"] for _, role, _, _, _, item in scene(spec) if role == "mark" and "description" in item]
    assert texts
    for text in texts:
        assert not (ASCII_LETTER.search(text) if lang == "zh" else CJK.search(text)), text


# ---- every chart title says its period


def test_spans_are_written_as_years_months_or_dates():
    from yubei_lib.present.charts.base import quarter_span, span

    assert span("2018-01-01", "2020-12-31", "en") == "2018-2020" and span("2020-01-01", "2020-12-31", "zh") == "2020年"
    assert span("2020-01-01", "2020-06-30", "en") == "Jan-Jun 2020"
    assert span("2020-01-01", "2020-06-30", "zh") == "2020年1-6月"
    assert span("2019-07-01", "2020-06-30", "en") == "Jul 2019-Jun 2020"
    assert quarter_span("2019Q1", "2020Q4", "zh") == "2019年第一季度至2020年第四季度"


PERIODS = {"signed_by_period": "Jan-May 2020", "signed_by_quarter": "Jan-Jun 2020", "cumulative_vs_target": "2020",
           "rank_bump": "2020Q3-2020Q4"}
"""The period each builder finds in its own frame (the others are given theirs by the page)."""


def test_every_title_says_its_period(built):
    name, frame, build = built
    if name in PERIODS:  # found in the frame
        assert title_text(build(frame, "en").to_dict()).endswith(f", {PERIODS[name]}"), name
    else:
        assert not re.search(r"\d{4}", title_text(build(frame, "en").to_dict()))  # none given, none made up
    assert title_text(_with_period(name, frame, "en", "2018-2020")).endswith(", 2018-2020"), name
    assert title_text(_with_period(name, frame, "zh", "2018-2020年")).startswith("2018-2020年"), name


def test_outreach_months_are_the_period_of_its_title():
    frame = pd.DataFrame({"month": pd.to_datetime(["2019-01-01", "2019-03-01"]), "kind": ["visit_out", "event"],
                          "activities": [3, 1], "enterprises": [3, 1]})
    assert title_text(charts.activities_by_month(frame, "en").to_dict()).endswith(", Jan-Mar 2019")
    assert title_text(charts.activities_by_month(frame, "zh", period="2019年").to_dict()) == "2019年各月招商活动（按类型）"


def _with_period(name, frame, lang, period):
    calls = {
        "signed_by_period": lambda: charts.signed_by_period(frame, lang, period=period),
        "signed_by_quarter": lambda: charts.signed_by_period(frame, lang, freq="quarter", period=period),
        "cumulative_vs_target": lambda: charts.cumulative_vs_target(frame, 80e9, lang, period=period),
        "composition": lambda: charts.composition(frame, "cluster", lang, period=period),
        "district_ranking": lambda: charts.district_ranking(frame, "conversion_rate", "Yubei", lang, period=period),
        "rank_bump": lambda: charts.rank_bump(frame, "Yubei", lang, period=period),
        "cohort_rates": lambda: charts.cohort_rates(frame, lang, period=period),
        "time_to_operation": lambda: charts.time_to_operation(frame, lang, period=period),
        "chain_heatmap": lambda: charts.chain_heatmap(frame, lang, period=period),
    }
    return calls[name]().to_dict()


SPEC = re.compile(r'<script[^>]*class="vega-spec"[^>]*>(.*?)</script>', re.S)
YEAR = re.compile(r"(19|20)\d{2}")


@pytest.mark.slow
def test_every_chart_of_the_pack_says_its_period_and_a_title_means_one_chart(quarterly_pack):
    import json

    folder = quarterly_pack / "2020-Q4" / "yubei"
    for lang, pattern in (("en", "[a-z_]*.html"), ("zh", "*.zh.html")):
        seen: dict[str, tuple[str, str]] = {}
        pages = [p for p in sorted(folder.glob(pattern)) if lang == "zh" or ".zh." not in p.name]
        for page in pages:
            for text in SPEC.findall(page.read_text(encoding="utf-8")):
                spec = json.loads(text)
                title = title_text(spec)
                assert YEAR.search(title), (page.name, title)
                data = json.dumps(spec.get("datasets", {}), sort_keys=True)
                if title in seen:  # the same title twice: the same chart (the same data)
                    assert seen[title][1] == data, (title, seen[title][0], page.name)
                seen[title] = (page.name, data)
        assert len(seen) >= 10, (lang, sorted(seen))


def test_chinese_titles_take_full_width_brackets_and_no_axis_title_is_turned(built):
    _, frame, build = built
    spec = build(frame, "zh").to_dict()
    titles = [joined(u["encoding"][c].get("title")) for u in units(spec) for c in ("x", "y", "color")
              if c in u["encoding"] and isinstance(u["encoding"][c], dict) and u["encoding"][c].get("title")]
    titles.append(title_text(spec))
    assert not [t for t in titles if "(" in t or ")" in t], titles
    axis_y = spec["config"]["axisY"]
    assert axis_y["titleAngle"] == 0 and axis_y["titleY"] < 0  # level, above the axis
    assert not [u for u in units(spec) if u["encoding"].get("y", {}).get("axis", {}) and
                u["encoding"]["y"]["axis"].get("titleAngle", 0) != 0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_titles_and_subtitles_fit_a_phone(built, lang):
    from yubei_lib.present.charts.base import PHONE_TITLE, text_width

    name, frame, _ = built
    period = "Jan 2019-Nov 2020" if lang == "en" else "2019年1月-2020年11月"
    title = _with_period(name, frame, lang, period)["title"]
    for text, size in ((title["text"], theme.SIZES["chart_title"]), (title.get("subtitle", ""), theme.SIZES["subtitle"])):
        for line in text if isinstance(text, list) else [text]:
            assert text_width(line, size) * 1.08 <= PHONE_TITLE + 1, line
    if lang == "zh" and isinstance(title["text"], list):
        assert title["text"][0] == period  # broken after the period that leads it
