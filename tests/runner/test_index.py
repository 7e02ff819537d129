"""The reports index, English and Chinese, built from manifests written here (no kernel runs)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest
from paths import ARTIFACTS

from yubei_lib.config import PAGES
from yubei_lib.ledger.reference import districts
from yubei_lib.runner.index import write_index
from yubei_lib.runner.plan import period_folder

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def make_set(out: Path, as_of: str, district: str, *, district_id: str | None = None, pages=("summary", "contract_value"),
             langs=("en", "zh"), failed=(), last_failed=(), pdf=True, briefs=True) -> Path:
    """Write a report set's files and manifest as a run would leave them (pages are stand-ins)."""
    ids = districts().set_index("name_en")["district_id"]
    district_id = district_id or ids[district]
    folder = out / period_folder(pd.Timestamp(as_of)) / district_id
    folder.mkdir(parents=True, exist_ok=True)
    entries = {}
    for lang in langs:
        for page in pages:
            stem = page if lang == "en" else f"{page}.{lang}"
            if (page, lang) in failed:
                entries[stem] = {"page": page, "lang": lang, "status": "failed", "last_run": "failed",
                                 "error": f"{page}: cell 3 raised ValueError: broken {lang}"}
                continue
            (folder / f"{stem}.html").write_text("<!DOCTYPE html><title>page</title>", encoding="utf-8")
            entries[stem] = {"page": page, "lang": lang, "status": "ok", "html": f"{stem}.html", "key": "k"}
            if (page, lang) in last_failed:
                entries[stem].update({"last_run": "failed", "error": f"{page}: timed out after 600 s"})
            if pdf:
                (folder / f"{stem}.pdf").write_bytes(b"%PDF-1.4\n")
                entries[stem]["pdf"] = f"{stem}.pdf"
    manifest = {"period": period_folder(pd.Timestamp(as_of)), "as_of": as_of, "district": district,
                "district_id": district_id, "pages": entries}
    if briefs:
        manifest["briefs"] = {}
        for lang in langs:
            name = "brief.pdf" if lang == "en" else f"brief.{lang}.pdf"
            (folder / name).write_bytes(b"%PDF-1.4\n")
            manifest["briefs"][lang] = name
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return folder


class Outline(HTMLParser):
    """Periods (label, open) and, in each, its sets (district, latest), its links and its text."""

    def __init__(self):
        super().__init__()
        self.periods, self.hrefs, self.visible = [], [], []
        self.inside, self.text = "", []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "details":
            self.periods.append({"label": "", "open": "open" in attrs, "sets": []})
        elif tag == "h3":
            self.periods[-1]["sets"].append({"district": "", "latest": False})
        elif tag == "span" and attrs.get("class") == "latest":
            self.periods[-1]["sets"][-1]["latest"] = True
        elif tag == "a":
            self.hrefs.append(attrs["href"])
        if tag in ("summary", "h3"):
            self.inside, self.text = tag, []

    def handle_data(self, data):
        self.text.append(data)
        self.visible.append(data)

    def handle_endtag(self, tag):
        if tag == self.inside == "summary":
            self.periods[-1]["label"] = "".join(self.text).split("·")[0].strip()
        elif tag == self.inside == "h3":
            self.periods[-1]["sets"][-1]["district"] = "".join(self.text).split(" ")[0].strip()
        if tag == self.inside:
            self.inside = ""


def outline(path: Path) -> Outline:
    parser = Outline()
    text = path.read_text(encoding="utf-8")
    parser.feed(re.sub(r"<style>.*?</style>", "", text, flags=re.S))
    return parser


@pytest.fixture
def reports(tmp_path):
    out = tmp_path / "reports"
    make_set(out, "2020-12-31", "Yubei", failed=[("contract_value", "zh")], last_failed=[("summary", "en")])
    make_set(out, "2020-12-31", "Dazu", pdf=False, briefs=False)
    make_set(out, "2020-12-31", "Jiangbei", langs=("en",))
    make_set(out, "2020-09-30", "Yubei")
    make_set(out, "2020-09-30", "Beibei")
    make_set(out, "2020-11-15", "Yubei", pages=("summary",))
    return out


def test_newest_period_first_open_then_districts_in_reference_order(reports):
    index = write_index(reports)
    assert index == reports / "index.html"
    found = outline(index)
    assert [p["label"] for p in found.periods] == ["2020Q4", "2020-11-15", "2020Q3"]
    assert [p["open"] for p in found.periods] == [True, False, False]
    # the reference's order: Jiangbei, Yubei, Dazu
    assert [s["district"] for s in found.periods[0]["sets"]] == ["Jiangbei", "Yubei", "Dazu"]
    assert [s["district"] for s in found.periods[2]["sets"]] == ["Beibei", "Yubei"]


def test_each_districts_newest_set_is_marked_latest(reports):
    write_index(reports)
    for name, words in (("index.html", ("Yubei", "Jiangbei", "Dazu", "Beibei")),
                        ("index.zh.html", ("渝北区", "江北区", "大足区", "北碚区"))):
        found = outline(reports / name)
        latest = {(p["label"], s["district"]) for p in found.periods for s in p["sets"] if s["latest"]}
        q4, q3 = found.periods[0]["label"], found.periods[2]["label"]
        yubei, jiangbei, dazu, beibei = words
        assert latest == {(q4, yubei), (q4, jiangbei), (q4, dazu), (q3, beibei)}, (name, latest)


def test_two_languages_each_wholly_its_own_and_linked_to_the_other(reports):
    write_index(reports)
    en = (reports / "index.html").read_text(encoding="utf-8")
    zh = (reports / "index.zh.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in en and '<html lang="zh-CN">' in zh
    assert 'href="index.zh.html"' in en and 'href="index.html"' in zh
    assert not CJK.findall(en), sorted(set(CJK.findall(en)))
    for words in ("渝北区", "江北区", "2020年第四季度", "2020年11月15日", "季度综述", "签约金额", "最新", "简报",
                  "中文", "英文", "运行失败"):
        assert words in zh, words
    assert "Quarterly summary" in en and "Signed contract value" in en and "latest" in en and "Brief" in en
    # Chinese but for proper nouns: the visible words in Latin letters are the format's name and
    # the error messages of the runner, quoted as they are
    visible = outline(reports / "index.zh.html").visible
    latin = set(re.findall(r"[A-Za-z]+", " ".join(v for v in visible if "raised" not in v and "timed out" not in v)))
    assert latin <= {"PDF"}, latin


def test_each_set_lists_both_languages_pdfs_briefs_and_failures(reports):
    write_index(reports)
    en = (reports / "index.html").read_text(encoding="utf-8")
    zh = (reports / "index.zh.html").read_text(encoding="utf-8")
    for html in (en, zh):
        for name in ("summary.html", "summary.zh.html", "contract_value.html", "summary.pdf", "summary.zh.pdf",
                     "brief.pdf", "brief.zh.pdf"):
            assert f'href="2020-Q4/yubei/{name}"' in html, name
        assert 'href="2020-Q4/yubei/contract_value.zh.html"' not in html  # it failed: no link
        assert 'href="2020-Q4/dazu/summary.html"' in html and 'href="2020-Q4/dazu/summary.pdf"' not in html
    assert "failed: contract_value: cell 3 raised ValueError: broken zh" in en
    assert "last run failed: summary: timed out after 600 s" in en
    assert "运行失败：contract_value: cell 3 raised ValueError: broken zh" in zh
    assert "最近一次运行失败：summary: timed out after 600 s" in zh


def test_every_link_resolves_to_a_file_that_exists(reports):
    write_index(reports)
    (reports / "2020-Q3" / "beibei" / "summary.pdf").unlink()  # listed in the manifest, gone from the disk
    write_index(reports)
    for name in ("index.html", "index.zh.html"):
        hrefs = outline(reports / name).hrefs
        assert len(hrefs) > 30
        for href in hrefs:
            assert not re.match(r"[a-z]+:", href) and not href.startswith("/"), href  # relative, no scheme
            assert (reports / unquote(href)).is_file(), href
        assert "2020-Q3/beibei/summary.pdf" not in hrefs


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_hostile_names_and_errors_are_escaped(tmp_path):
    out = tmp_path / "reports"
    folder = make_set(out, "2020-12-31", HOSTILE, district_id='evil"><b>x', pages=("summary", "<u>mine"),
                      failed=[("summary", "en")])
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["pages"]["summary"]["error"] = HOSTILE
    manifest["period"] = "</details><script>alert(2)</script>"
    manifest["as_of"] = "<i>not a date</i>"
    manifest["pages"]["summary.zh"]["pdf"] = "javascript:alert(3)"
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    write_index(out)
    for name in ("index.html", "index.zh.html"):
        html = (out / name).read_text(encoding="utf-8")
        assert "<script" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html
        assert "<u>" not in html and "&lt;u&gt;mine" in html
        assert "javascript:" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html  # shown as text
        assert 'href="2020-Q4/evil%22%3E%3Cb%3Ex/summary.zh.html"' in html  # the folder's name, quoted
        found = outline(out / name)
        for href in found.hrefs:
            if not href.startswith("index"):
                assert (out / unquote(href)).is_file(), href


def _quarter_ends(n: int) -> list[str]:
    return [f"{d:%Y-%m-%d}" for d in pd.date_range("2018-03-31", periods=n, freq="QE")]


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """22 districts x 12 quarters, every page in both languages with PDFs and briefs."""
    out = tmp_path_factory.mktemp("large")
    names = list(districts()["name_en"])
    assert len(names) == 22
    for as_of in _quarter_ends(12):
        for name in names:
            make_set(out, as_of, name, pages=PAGES)
    write_index(out)
    return out


def test_22_districts_by_12_quarters_stay_small_and_grouped(large):
    for name in ("index.html", "index.zh.html"):
        path = large / name
        assert path.stat().st_size < 2_000_000, path.stat().st_size
        found = outline(path)
        assert len(found.periods) == 12 and [p["open"] for p in found.periods] == [True] + [False] * 11
        assert all(len(p["sets"]) == 22 for p in found.periods)
        assert sum(s["latest"] for p in found.periods for s in p["sets"]) == 22
        assert all(s["latest"] for s in found.periods[0]["sets"])
        assert len(found.hrefs) == 1 + 12 * 22 * (2 * len(PAGES) * 2 + 2)


SHOWN = "[...document.querySelectorAll('.set')].filter(e => e.checkVisibility())"


def _visible_sets(page) -> int:
    return page.evaluate(SHOWN + ".length")


@pytest.mark.slow
@pytest.mark.browser
def test_the_large_index_in_a_browser_loads_nothing_and_filters_by_district(browser, large):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, yubei in (("index.html", "Yubei"), ("index.zh.html", "渝北区")):
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        try:
            page.goto((large / name).as_uri())
            assert requests == [(large / name).as_uri()] and errors == []
            assert _visible_sets(page) == 22  # the newest period, open
            page.screenshot(path=str(ARTIFACTS / f"index.{'en' if name == 'index.html' else 'zh'}.png"))
            page.select_option("#district", label=yubei)
            assert _visible_sets(page) == 1
            assert page.evaluate(SHOWN + ".map(e => e.querySelector('h3').textContent)")[0].startswith(yubei)
            page.select_option("#district", index=0)
            assert _visible_sets(page) == 22
        finally:
            page.close()


def test_counts_are_words_with_their_plurals_in_both_languages(reports):
    from yubei_lib.runner.index import counted

    assert [counted("sets_in_period", n, "en") for n in (1, 2)] == ["1 district", "2 districts"]
    assert [counted("count_sets", n, "en") for n in (1, 7)] == ["1 report set", "7 report sets"]
    assert counted("supervision_units", 1, "en") == "1 unit" and counted("count_periods", 3, "zh") == "3个报告期"
    write_index(reports)
    for name in ("index.html", "index.zh.html"):
        text = (reports / name).read_text(encoding="utf-8")
        assert "(s)" not in text and "1 districts" not in text and "1 periods" not in text
    assert "6 report sets: 4 districts, 3 periods" in (reports / "index.html").read_text(encoding="utf-8")
