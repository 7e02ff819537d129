"""Pages as a person sees them: headless Chromium, network cut off, hostile ledger text."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from paths import ARTIFACTS, SAMPLE

from yubei_lib import runner as report
from yubei_lib.config import PAGES

pytestmark = [pytest.mark.slow, pytest.mark.browser]

HOSTILE = [
    "<script>alert('name')</script>",
    '<img src=x onerror="alert(1)">',
    "javascript:alert(2)",
    "\"quoted\" & 'single' </td></tr></table>",
]


def _open(browser, path: Path):
    """Open a page with every request but file: and data: blocked; collect what happens."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    seen = {"requests": [], "blocked": [], "errors": [], "dialogs": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            seen["blocked"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, seen


def _charts_drawn(page) -> tuple[int, int]:
    containers = page.locator(".vega-chart")
    n = containers.count()
    if n:
        page.wait_for_function(
            "() => [...document.querySelectorAll('.vega-chart')].every(c => c.querySelector('svg, canvas'))",
            timeout=20_000)
    drawn = page.locator(".vega-chart svg, .vega-chart canvas").count()
    return n, drawn


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_draws_its_charts_offline(browser, quarterly_pack, name, lang):
    stem = name if lang == "en" else f"{name}.{lang}"
    path = quarterly_pack / "2020-Q4" / "yubei" / f"{stem}.html"
    page, seen = _open(browser, path)
    try:
        n, drawn = _charts_drawn(page)
        assert drawn >= n
        if name != "data_quality":
            assert n >= 1, f"{stem} shows no chart"
        assert seen["errors"] == [] and seen["dialogs"] == []
        assert seen["blocked"] == [] and seen["requests"] == [path.as_uri()]
        if name == "summary":
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"summary.{lang}.png"), full_page=True)
    finally:
        page.close()


@pytest.fixture(scope="module")
def hostile_pack(tmp_path_factory):
    """A pack built from a ledger whose names, investors and units carry HTML and script."""
    folder = tmp_path_factory.mktemp("hostile")
    sample = pd.read_csv(SAMPLE / "projects.csv", dtype=str, keep_default_na=False)
    sample = sample[sample["district"].isin(["Yubei", "Jiangbei", "Dazu"])].copy()
    yubei = sample[sample["district"] == "Yubei"]
    value = yubei["contract_value (yuan)"].astype(float).sort_values(ascending=False)
    texts = ["project_name", "project_name_en", "investor", "responsible_unit", "responsible_leader"]
    for i, text in enumerate(HOSTILE):
        big, late = value.index[i], value.index[-1 - i]
        # among the largest projects of the year (contract_value page) ...
        sample.loc[big, texts] = text
        sample.loc[big, ["signed_on", "commenced_on", "operating_on", "terminated_on"]] = ["2020-03-15", "", "", ""]
        # ... and lagging: signed in 2018, never commenced (cohort_operation page)
        sample.loc[late, texts] = text
        sample.loc[late, ["signed_on", "commenced_on", "operating_on", "terminated_on"]] = ["2018-03-15", "", "", ""]
    projects = folder / "projects.csv"
    sample.to_csv(projects, index=False, quoting=csv.QUOTE_MINIMAL)
    capital = pd.read_csv(SAMPLE / "capital.csv", dtype=str)
    capital[capital.project_id.isin(sample.project_id)].to_csv(folder / "capital.csv", index=False)
    out = folder / "out"
    code = report.run(report.Options(periods=[pd.Timestamp("2020-12-31")], districts=["Yubei"], out=out,
                                     projects=projects, capital=folder / "capital.csv", jobs=2),
                      echo=lambda _: None)
    assert code == 0
    return out / "2020-Q4" / "yubei"


@pytest.mark.parametrize("name", PAGES)
def test_hostile_text_is_shown_as_text_and_never_runs(browser, hostile_pack, name):
    path = hostile_pack / f"{name}.html"
    page, seen = _open(browser, path)
    try:
        _charts_drawn(page)
        assert seen["dialogs"] == [], "a script from the ledger ran"
        assert seen["errors"] == [] and seen["blocked"] == []
        # the kit's three (folding the menus on a phone, the Vega bundle, drawing the charts) and the charts' specs
        assert page.locator("script").count() == 3 + page.locator("script.vega-spec").count()
        assert page.locator("img[onerror], [onerror]").count() == 0
        assert page.locator("a[href^='javascript:']").count() == 0
        if name in ("contract_value", "cohort_operation"):
            text = page.inner_text("body")
            assert HOSTILE[0] in text and HOSTILE[1] in text
    finally:
        page.close()


@pytest.fixture(scope="module")
def office_packs(tmp_path_factory):
    """The office's path: Yubei's own ledger, without and with the city's published table, en and zh."""
    packs = {}
    for case, rankings in (("alone", None), ("table", SAMPLE / "city_rankings.xlsx")):
        out = tmp_path_factory.mktemp(f"office-{case}")
        pages = list(PAGES) if rankings is None else ["summary", "district_rankings", "data_quality"]
        code = report.run(report.Options(periods=[pd.Timestamp("2020-12-31")], districts=["Yubei"], out=out,
                                         lang="en,zh", jobs=2, pages=pages,
                                         projects=SAMPLE / "yubei_projects.xlsx",
                                         capital=SAMPLE / "yubei_capital.xlsx", rankings=rankings),
                          echo=lambda _: None)
        assert code == 0
        packs[case] = out / "2020-Q4" / "yubei"
    return packs


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("case", ["alone", "table"])
def test_the_office_path_ranks_only_with_the_citys_table(browser, office_packs, case, lang):
    ARTIFACTS.mkdir(exist_ok=True)
    texts = {}
    for name in ("summary", "district_rankings"):
        stem = name if lang == "en" else f"{name}.{lang}"
        page, seen = _open(browser, office_packs[case] / f"{stem}.html")
        try:
            _charts_drawn(page)
            assert seen["errors"] == [] and seen["blocked"] == []
            texts[name] = page.locator("body").inner_text()
            page.screenshot(path=str(ARTIFACTS / f"office-{case}-{stem}.png"), full_page=True)
        finally:
            page.close()
    text = " ".join(texts.values())
    claims = re.findall(r"\b\d+(st|nd|rd|th)? of 22\b|第\d+名|第\d+位", text)
    if case == "alone":
        assert claims == [], claims
        why = "have no data in the ledger (" if lang == "en" else "在台账中没有数据（"
        assert texts["summary"].count(why) == 1 and texts["district_rankings"].count(why) == 1  # said once a page
        assert "--rankings" not in text  # no option on a leader's page
        table = "ranking table" if lang == "en" else "排名表"  # what a rank needs, in words: no option names
        assert table in texts["summary"] and table in texts["district_rankings"]
        assert ("Wansheng" if lang == "en" else "万盛经开区") in texts["district_rankings"]  # the districts lacking data
    else:
        # Yubei is 1st of 22 on the composite at 2020Q4, as the city's ledger ranks it.
        assert ("1 of 22" if lang == "en" else "第1名（共22个）") in texts["summary"]
        assert not re.search(r"--[a-z]", text)


@pytest.mark.parametrize("case", ["alone", "table"])
def test_a_set_made_one_language_at_a_time_links_every_page_to_its_other_language(office_packs, case):
    # English first, Chinese in a later run: the English pages learn of the Chinese ones without running again
    folder = office_packs[case]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    english = [stem for stem, entry in manifest["pages"].items() if entry["lang"] == "en"]
    assert english and all(manifest["pages"][stem]["status"] == "ok" for stem in english)
    for stem in english:
        page = (folder / f"{stem}.html").read_text(encoding="utf-8")
        assert f'<a href="{stem}.zh.html" hreflang="zh-CN">Chinese version</a>' in page, stem
        chinese = (folder / f"{stem}.zh.html").read_text(encoding="utf-8")
        assert f'<a href="{stem}.html" hreflang="en">英文版</a>' in chinese, stem
        assert re.search(r'href="tables\.xlsx"', page) and re.search(r'href="tables\.zh\.xlsx"', chinese)


def test_no_page_of_the_office_alone_claims_a_rank(office_packs):
    for path in sorted(office_packs["alone"].glob("*.html")):
        text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
        assert not re.findall(r"\b\d+(st|nd|rd|th)? of 22\b|第\d+名|第\d+位", text), path.name
    assert len(list(office_packs["alone"].glob("*.html"))) == 2 * len(PAGES)
