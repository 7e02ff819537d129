"""A report set rebuilt from a changed ledger says what changed and which projects changed it."""

import html as htmllib
import json
import re
import shutil

import pandas as pd
import pytest
from paths import ARTIFACTS, SAMPLE
from typer.testing import CliRunner

from yubei_lib import runner as report
from yubei_lib.cli import app
from yubei_lib.figures.machine import district_figures, figures_dict
from yubei_lib.figures.revisions import changed_figures
from yubei_lib.ledger.load import load_ledger
from yubei_lib.present import wording
from yubei_lib.runner.revisions import FIGURES, REVISIONS, SNAPSHOT

pytestmark = pytest.mark.slow

AS_OF = pd.Timestamp("2020-09-30")
VALUE = "contract_value (yuan)"


def options(out, projects, capital, **kw):
    base = dict(periods=[AS_OF], districts=["Yubei"], pages=["summary", "data_quality"], out=out, jobs=2,
                projects=projects, capital=capital)
    base.update(kw)
    return report.Options(**base)


def edit(projects: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Add two projects signed in August 2020, correct a contract value, terminate a project."""
    yubei = projects.loc[projects["district"] == "Yubei"]
    signed = pd.to_datetime(yubei["signed_on"])
    corrected = yubei.loc[(signed.dt.year == 2020) & (signed <= AS_OF)].index[0]
    stalled = yubei.loc[signed.dt.year.between(2018, 2019) & yubei["commenced_on"].isna()
                        & yubei["terminated_on"].isna()].index[0]
    out = projects.copy()
    out.loc[corrected, VALUE] = str(int(float(out.loc[corrected, VALUE]) * 1.25))
    out.loc[stalled, "terminated_on"] = "2020-09-01"
    template = out.loc[corrected].copy()
    added = []
    for i, day in enumerate(("2020-08-10", "2020-08-24")):
        row = template.copy()
        row["project_id"], row["signed_on"], row[VALUE] = f"YB-2020-90{i + 1}", day, str(300_000_000 * (i + 1))
        row["commenced_on"] = row["operating_on"] = row["terminated_on"] = None
        row["project_name"], row["project_name_en"] = f"新签项目{i + 1}", f"New project {i + 1}"
        added.append(row)
    out = pd.concat([out, pd.DataFrame(added)], ignore_index=True)
    return out, sorted([out.loc[corrected, "project_id"], out.loc[stalled, "project_id"], *(r["project_id"] for r in added)])


def figures_of(projects, capital):
    ledger = load_ledger(projects, capital)
    return figures_dict(district_figures(ledger.projects, ledger.capital, AS_OF), AS_OF)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    root = tmp_path_factory.mktemp("revisions")
    projects, capital = root / "projects.csv", root / "capital.csv"
    original = pd.read_csv(SAMPLE / "projects.csv", dtype=str, keep_default_na=False).replace("", None)
    original.to_csv(projects, index=False)
    capital.write_bytes((SAMPLE / "capital.csv").read_bytes())
    out = root / "reports"
    assert report.run(options(out, projects, capital, lang="en,zh"), echo=lambda _: None) == 0
    folder = out / "2020-Q3" / "yubei"
    first = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.html")}
    shutil.copytree(folder, root / "first-set")
    shutil.copy(projects, root / "projects-first.csv")
    before = figures_of(projects, capital)
    changed, ids = edit(original)
    changed.to_csv(projects, index=False)
    after = figures_of(projects, capital)
    lines = []
    assert report.run(options(out, projects, capital, lang="en,zh"), echo=lines.append) == 0
    return folder, first, before, after, ids, lines, options(out, projects, capital, lang="en,zh")


def notice_items(page: str) -> list[str]:
    box = re.search(r'<div class="yubei-notice" role="note">(.*?)</div>', page, re.S)
    return [] if box is None else [htmllib.unescape(x) for x in re.findall(r"<li>(.*?)</li>", box[1])]


def test_the_first_build_keeps_its_figures_and_a_snapshot_and_shows_no_notice(rebuilt):
    folder, first, before, *_ = rebuilt
    assert notice_items(first["summary.html"]) == notice_items(first["summary.zh.html"]) == []
    assert (folder / SNAPSHOT).is_file()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["builds"]) == 2 and manifest["builds"][0]["data"] != manifest["builds"][1]["data"]
    assert {"time", "data", "version"} <= set(manifest["builds"][0])


def test_the_summary_lists_exactly_the_changed_figures(rebuilt):
    folder, _, before, after, *_ = rebuilt
    expected = changed_figures(before, after, "Yubei")
    assert {"signed_value_ytd", "signed_count_ytd"} <= {r["figure"] for r in expected}
    page = (folder / "summary.html").read_text(encoding="utf-8")
    assert notice_items(page) == wording.revision_lines(expected, "en")
    assert "Revised since the report of " in page
    zh = (folder / "summary.zh.html").read_text(encoding="utf-8")
    assert notice_items(zh) == wording.revision_lines(expected, "zh") and "自" in zh
    assert not any(re.search("[A-Za-z_]", x) for x in notice_items(zh))  # wholly Chinese, no key names
    assert not any(re.search("[\u4e00-\u9fff_]", x) for x in notice_items(page))
    stored = json.loads((folder / FIGURES).read_text(encoding="utf-8"))
    assert changed_figures(stored, after, "Yubei") == []  # the set now keeps the new figures


def test_the_data_quality_page_lists_exactly_the_four_projects(rebuilt):
    folder, _, _, _, ids, *_ = rebuilt
    record = json.loads((folder / REVISIONS).read_text(encoding="utf-8"))
    assert sorted(r["project_id"] for r in record["projects"]) == ids
    changes = {r["project_id"]: (r["change"], r["fields"]) for r in record["projects"]}
    assert sorted(c for c, _ in changes.values()) == ["added", "added", "changed", "changed"]
    assert sorted(f for c, f in changes.values() if c == "changed") == ["contract_value", "terminated_on"]
    for name, heading in (("data_quality.html", "Revisions since the last report"),
                          ("data_quality.zh.html", "自上次报告以来的修订")):
        section = (folder / name).read_text(encoding="utf-8").split(heading)[-1].split("<h2", 1)[0]
        tables = section.split("</table>")
        assert len(tables) == 3, name  # the changed figures, then the projects behind them
        assert sorted(re.findall(r"<td[^>]*>(YB-[^<]*)</td>", tables[1])) == ids, name


def test_a_rebuild_from_the_same_ledger_skips_and_keeps_the_notice(rebuilt):
    folder, *_, opts = rebuilt
    page = (folder / "summary.html").read_text(encoding="utf-8")
    lines = []
    assert report.run(opts, echo=lines.append) == 0
    assert lines[0].startswith("skipped 4 unchanged page")
    assert (folder / "summary.html").read_text(encoding="utf-8") == page


def test_an_unchanged_ledger_gives_no_notice(tmp_path):
    out = tmp_path / "reports"
    opts = options(out, SAMPLE / "projects.csv", SAMPLE / "capital.csv", pages=["summary"])
    assert report.run(opts, echo=lambda _: None) == 0
    opts.force = True
    assert report.run(opts, echo=lambda _: None) == 0
    folder = out / "2020-Q3" / "yubei"
    assert notice_items((folder / "summary.html").read_text(encoding="utf-8")) == []
    assert not (folder / REVISIONS).exists()
    assert len(json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["builds"]) == 2


def run_diff(*args):
    done = CliRunner().invoke(app, ["diff", *map(str, args)])
    assert done.exit_code == 0, done.output
    return done.stdout


@pytest.mark.parametrize("kind", ["sets", "ledgers"])
def test_yubei_diff_gives_the_same_figures_and_projects_as_json(rebuilt, kind):
    folder, _, before, after, ids, *_ = rebuilt
    root = folder.parents[2]
    if kind == "sets":
        result = json.loads(run_diff(root / "first-set", folder, "--format", "json"))
    else:
        result = json.loads(run_diff(root / "projects-first.csv", root / "projects.csv", "--as-of", "2020Q3",
                                     "--old-capital", root / "capital.csv", "--new-capital", root / "capital.csv",
                                     "--format", "json"))
    assert result["as_of"] == "2020-09-30"
    by_district = {d["district"]: d for d in result["districts"]}
    expected = {d: changed_figures(before, after, d) for d in [r["district"] for r in after["districts"]]}
    assert {d: e["figures"] for d, e in by_district.items()} == {d: f for d, f in expected.items() if f}
    assert sorted(p["project_id"] for p in by_district["Yubei"]["projects"]) == ids
    others = [e["projects"] for d, e in by_district.items() if d != "Yubei"]
    assert all(p == (None if kind == "sets" else []) for p in others)  # a set's snapshot holds its own district only


def test_yubei_diff_text_csv_and_bad_input(rebuilt):
    folder, *_ = rebuilt
    root = folder.parents[2]
    text = run_diff(root / "first-set", folder)
    assert text.startswith("Figures as of 2020-09-30 that differ") and "Signed value, year to date: " in text
    assert "YB-2020-901" in text
    zh = run_diff(root / "first-set", folder, "--lang", "zh")
    assert "截至" in zh and "新增" in zh
    rows = run_diff(root / "first-set", folder, "--format", "csv").splitlines()
    assert rows[0] == "as_of,district,figure,old,new,projects"
    signed = next(r for r in rows if ",signed_count_ytd," in r and ",Yubei," in r)
    assert ",43,45," in signed and signed.endswith("YB-2020-901 YB-2020-902")
    same = run_diff(folder, folder / "figures.json")
    assert "No figure differs." in same
    bad = CliRunner().invoke(app, ["diff", str(root / "projects.csv"), str(root / "projects-first.csv")])
    assert bad.exit_code == 2 and "--as-of" in bad.output
    other = CliRunner().invoke(app, ["diff", str(root / "nothing"), str(folder)])
    assert other.exit_code == 2 and "nothing: no such file or folder" in other.output


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_notice_and_the_projects_seen_in_a_browser(browser, rebuilt, lang):
    folder, *_ = rebuilt
    suffix = ".zh" if lang == "zh" else ""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto((folder / f"summary{suffix}.html").as_uri())
    notice = page.locator(".yubei-notice")
    assert notice.is_visible() and notice.locator("li").count() >= 2
    box = notice.bounding_box()
    assert box["y"] < 900  # near the top: on the first screen
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"revisions-summary{suffix}.png"))
    page.goto((folder / f"data_quality{suffix}.html").as_uri())
    heading = page.get_by_role("heading", name="自上次报告以来的修订" if lang == "zh" else "Revisions since the last report")
    heading.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"revisions-data_quality{suffix}.png"))
    page.close()
