"""`yubei metrics --format json` against an independent oracle (tests/oracle.py).

The oracle is written from docs/definitions.md alone (#machine-keys); it reads its inputs with
the kit's loader but computes every figure itself, project by project. Here it is first
checked by hand on a five-row ledger, then compared with the kit's command on ledgers that no
other test uses: the office corpus, messy ledgers generated below, and the committed sample.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

import openpyxl
import oracle  # noqa: E402  (tests/oracle.py, the independent reference)
import pytest
from oracle import (  # noqa: E402
    Inflow,
    Project,
    machine_figures,
    minus_months,
    parse_as_of,
)
from paths import DATA, ROOT, SAMPLE  # noqa: E402
from typer.testing import CliRunner

from yubei_lib.cli import app

OFFICE = DATA / "office"
COHORTS = ["2015-2017", "2018-2020"]
D = date


# =========================================================================== 1. the oracle by hand
# Four districts, five projects, as of the leap day 2020-02-29.
#
#   P1 Yubei    signed 2017-02-28  100  commenced 2017-06-01, never in operation
#   P2 Yubei    signed 2019-02-28   50  nothing else
#   P3 Yubei    signed 2020-01-15  300  commenced 2020-02-29 (= as_of), operating 2020-03-01 (after)
#   P4 Jiangbei signed 2018-05-01  200  operating 2019-06-01 without a commencement date,
#                                        terminated 2020-02-01
#   P5 Jiangbei signed 2020-03-01  400  (after as_of: does not exist yet)
HAND_PROJECTS = [
    Project("P1", "Yubei", D(2017, 2, 28), 100.0, D(2017, 6, 1), None, None),
    Project("P2", "Yubei", D(2019, 2, 28), 50.0, None, None, None),
    Project("P3", "Yubei", D(2020, 1, 15), 300.0, D(2020, 2, 29), D(2020, 3, 1), None),
    Project("P4", "Jiangbei", D(2018, 5, 1), 200.0, None, D(2019, 6, 1), D(2020, 2, 1)),
    Project("P5", "Jiangbei", D(2020, 3, 1), 400.0, None, None, None),
]
HAND_CAPITAL = [
    Inflow("P1", D(2020, 1, 1), 30.0),     # Jan 1 counts; signed three years earlier: counts
    Inflow("P3", D(2020, 2, 29), 45.0),    # on as_of: counts
    Inflow("P3", D(2020, 3, 1), 1000.0),   # after as_of: not yet
    Inflow("P2", D(2019, 12, 31), 7.0),    # last year: not YTD
    Inflow("P4", D(2020, 2, 10), 20.0),    # Jiangbei: capital, but nothing signed YTD
]
HAND_DISTRICTS = ["Yubei", "Jiangbei", "Beibei", "Wansheng"]
HAND_TARGETS = {("Yubei", 2020): 1200.0, ("Jiangbei", 2019): 999.0}


def _hand(as_of="2020-02-29"):
    obj = machine_figures(HAND_PROJECTS, HAND_CAPITAL, as_of, COHORTS, HAND_DISTRICTS, HAND_TARGETS)
    return {row["district"]: row for row in obj["districts"]}, obj


def test_oracle_hand_ledger_signed_capital_conversion():
    rows, obj = _hand()
    assert obj["as_of"] == "2020-02-29" and obj["cohorts"] == COHORTS
    assert [r["district"] for r in obj["districts"]] == HAND_DISTRICTS
    y, j, b = rows["Yubei"], rows["Jiangbei"], rows["Beibei"]
    # Yubei YTD: only P3 (300); capital 30 (P1, Jan 1) + 45 (P3, on as_of) = 75; 75 / 300.
    assert (y["signed_value_ytd"], y["signed_count_ytd"], y["realized_capital_ytd"]) == (300.0, 1, 75.0)
    assert y["conversion_rate_ytd"] == 0.25
    # Jiangbei: P5 signed after as_of does not exist; capital 20 but nothing signed: undefined.
    assert (j["signed_value_ytd"], j["signed_count_ytd"], j["realized_capital_ytd"]) == (0.0, 0, 20.0)
    assert j["conversion_rate_ytd"] is None
    # Beibei: nothing at all.
    assert (b["signed_value_ytd"], b["signed_count_ytd"], b["realized_capital_ytd"]) == (0.0, 0, 0.0)
    assert b["conversion_rate_ytd"] is None


def test_oracle_hand_ledger_cohort_rates():
    rows, _ = _hand()
    y, j, b = rows["Yubei"], rows["Jiangbei"], rows["Beibei"]
    # Yubei 2015-2017: P1 commenced, not operating -> 1/1, 0/1.
    assert (y["commencement_rate_2015_2017"], y["operation_rate_2015_2017"]) == (1.0, 0.0)
    # Yubei 2018-2020: P2 (nothing), P3 (commenced on as_of, operating the day after) -> 1/2, 0/2.
    assert (y["commencement_rate_2018_2020"], y["operation_rate_2018_2020"]) == (0.5, 0.0)
    # Jiangbei 2018-2020: P4 only (P5 not signed yet); terminated stays in the denominator;
    # operating without a commencement date counts as commenced -> 1/1, 1/1.
    assert (j["commencement_rate_2018_2020"], j["operation_rate_2018_2020"]) == (1.0, 1.0)
    assert (j["commencement_rate_2015_2017"], j["operation_rate_2015_2017"]) == (None, None)
    assert b["operation_rate_2018_2020"] is None and b["commencement_rate_2015_2017"] is None


RANK_KEYS = ("rank_conversion_rate", "rank_operation_rate_2015_2017", "rank_operation_rate_2018_2020",
             "composite_score", "composite_rank")


def test_oracle_hand_ledger_no_rank_while_a_district_has_no_data():
    rows, _ = _hand()  # Beibei and Wansheng: no project signed by as_of
    assert all(rows[d][k] is None for d in HAND_DISTRICTS for k in RANK_KEYS)


def test_oracle_hand_ledger_ranks_and_composite():
    published = {d: {"conversion_rate": None, "operation_rate_2015_2017": None, "operation_rate_2018_2020": None}
                 for d in ("Beibei", "Wansheng")}  # the city's table: their rates are undefined
    obj = machine_figures(HAND_PROJECTS, HAND_CAPITAL, "2020-02-29", COHORTS, HAND_DISTRICTS, HAND_TARGETS,
                          published=published)
    rows = {row["district"]: row for row in obj["districts"]}
    r = {d: (rows[d]["rank_conversion_rate"], rows[d]["rank_operation_rate_2015_2017"],
             rows[d]["rank_operation_rate_2018_2020"]) for d in HAND_DISTRICTS}
    # conversion: Yubei 0.25 is the only defined -> 1; the three undefined tie at 2.
    # op 2015-2017: Yubei 0.0 only defined -> 1; others 2.
    # op 2018-2020: Jiangbei 1.0 -> 1, Yubei 0.0 -> 2, Beibei and Wansheng undefined -> 3.
    assert r == {"Yubei": (1, 1, 2), "Jiangbei": (2, 2, 1), "Beibei": (2, 2, 3), "Wansheng": (2, 2, 3)}
    # composite = mean: 4/3, 5/3, 7/3, 7/3 -> ranks 1, 2, 3, 3 (ascending, ties share).
    assert [rows[d]["composite_score"] for d in HAND_DISTRICTS] == [4 / 3, 5 / 3, 7 / 3, 7 / 3]
    assert [rows[d]["composite_rank"] for d in HAND_DISTRICTS] == [1, 2, 3, 3]


def test_oracle_hand_ledger_lagging_and_targets():
    rows, _ = _hand()
    y, j = rows["Yubei"], rows["Jiangbei"]
    # 2020-02-29 - 12 months = 2019-02-28: P2 (signed that day, not commenced) lags;
    # 2020-02-29 - 36 months = 2017-02-28: P1 (signed that day, not operating) lags; P3 too young.
    assert y["lagging_count"] == 2
    # Jiangbei: P4 was terminated on 2020-02-01 (before as_of): not live; P5 not signed yet.
    assert j["lagging_count"] == 0
    # Yubei 2020 target 1200: attainment 300/1200 = 0.25; Jan 1..Feb 29 = 60 days of 366:
    # pace = 0.25 / (60/366) = 1.525.
    assert y["target_attainment"] == 0.25
    assert math.isclose(y["pace"], 1.525, rel_tol=1e-12)
    # Jiangbei has a target only for 2019: none for 2020.
    assert j["target_attainment"] is None and j["pace"] is None


def test_oracle_hand_ledger_later_date_moves_everything():
    rows, obj = _hand("2020Q1")
    assert obj["as_of"] == "2020-03-31"
    y, j = rows["Yubei"], rows["Jiangbei"]
    # P3 now in operation; capital of 2020-03-01 (1000) counts: (30+45+1000)/300.
    assert y["operation_rate_2018_2020"] == 0.5
    assert y["realized_capital_ytd"] == 1075.0 and math.isclose(y["conversion_rate_ytd"], 1075 / 300)
    # P5 now exists: Jiangbei signed 400, capital 20.
    assert (j["signed_value_ytd"], j["signed_count_ytd"], j["conversion_rate_ytd"]) == (400.0, 1, 0.05)
    assert j["commencement_rate_2018_2020"] == 0.5 and j["operation_rate_2018_2020"] == 0.5
    # Pace: Jan 1..Mar 31 2020 = 91 days of 366.
    assert math.isclose(y["pace"], 0.25 / (91 / 366), rel_tol=1e-12)


def test_oracle_helpers():
    assert minus_months(D(2020, 2, 29), 12) == D(2019, 2, 28)
    assert minus_months(D(2020, 2, 29), 36) == D(2017, 2, 28)
    assert minus_months(D(2021, 2, 28), 12) == D(2020, 2, 28)
    assert minus_months(D(2019, 3, 31), 1) == D(2019, 2, 28)
    assert minus_months(D(2020, 1, 15), 13) == D(2018, 12, 15)
    assert parse_as_of("2017Q2") == D(2017, 6, 30) and parse_as_of("2020Q4") == D(2020, 12, 31)
    assert parse_as_of("2016-03-31") == D(2016, 3, 31)
    ranks = oracle.rank_highest_first({"a": 0.5, "b": 0.5, "c": 0.2, "d": None, "e": None})
    assert ranks == {"a": 1, "b": 1, "c": 3, "d": 4, "e": 4}
    assert oracle.rank_lowest_first({"a": 2.0, "b": 1.0, "c": 2.0, "d": 3.0}) == {"a": 2, "b": 1, "c": 2, "d": 4}


# =========================================================================== 2. the kit vs the oracle
class Ran(NamedTuple):
    """What a run of ``yubei metrics`` gave: exit code, standard output, standard error."""

    returncode: int
    stdout: str
    stderr: str


def _districts() -> list[str]:
    from yubei_lib.ledger.reference import districts

    return list(districts().name_en)


def _metrics_args(projects, capital, as_of, extra=()) -> list[str]:
    args = ["metrics", "--projects", str(projects)]
    if capital is not None:
        args += ["--capital", str(capital)]
    return [*args, "--as-of", as_of, "--cohorts", ",".join(COHORTS), "--format", "json", *extra]


def _run_cli(projects, capital, as_of, extra=()) -> Ran:
    """Run ``yubei metrics`` in this process: the command's own code, options and output, without a start-up."""
    done = CliRunner().invoke(app, _metrics_args(projects, capital, as_of, extra))
    if done.exception is not None and not isinstance(done.exception, SystemExit):
        raise done.exception
    return Ran(done.exit_code, done.stdout, done.stderr)


def test_the_command_in_its_own_process_prints_what_it_prints_in_this_one():
    """The one run of ``python -m yubei_lib metrics`` as a process: the comparisons below run it in process."""
    args = _metrics_args(SAMPLE / "projects.csv", SAMPLE / "capital.csv", "2020Q3")
    proc = subprocess.run([sys.executable, "-m", "yubei_lib", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 0, proc.stderr
    here = _run_cli(SAMPLE / "projects.csv", SAMPLE / "capital.csv", "2020Q3")
    assert here.returncode == 0 and json.loads(proc.stdout) == json.loads(here.stdout)
    assert len(json.loads(proc.stdout)["districts"]) == 22


def _same(kit, want, key) -> bool:
    if isinstance(want, str):
        return kit == want
    if want is None or kit is None:
        return kit is None and want is None
    if oracle.is_int_key(key):
        return isinstance(kit, int) and not isinstance(kit, bool) and kit == want
    if isinstance(kit, bool) or not isinstance(kit, (int, float)):
        return False
    return math.isclose(kit, want, rel_tol=1e-9, abs_tol=1e-12)


def _compare(label: str, as_of: str, kit: dict, want: dict) -> list[str]:
    bad = []
    for key in ("as_of", "cohorts"):
        if kit.get(key) != want[key]:
            bad.append(f"{label} as_of={as_of}: top-level {key}: kit {kit.get(key)!r}, oracle {want[key]!r}")
    kit_rows = kit.get("districts")
    if not isinstance(kit_rows, list) or [r.get("district") for r in kit_rows] != [r["district"] for r in want["districts"]]:
        names = [r.get("district") for r in kit_rows] if isinstance(kit_rows, list) else kit_rows
        return bad + [f"{label} as_of={as_of}: districts (order) kit {names!r}"]
    for k_row, o_row in zip(kit_rows, want["districts"]):
        missing = set(o_row) - set(k_row)
        if missing:
            bad.append(f"{label} as_of={as_of} {o_row['district']}: keys missing from kit: {sorted(missing)}")
        for key, value in o_row.items():
            if key in k_row and not _same(k_row[key], value, key):
                bad.append(f"{label} as_of={as_of} {o_row['district']} {key}: kit {k_row[key]!r}, oracle {value!r}")
    return bad


def _targets(path=None) -> dict:
    from yubei_lib.ledger.reference import load_targets

    return oracle.targets_by_district_year(load_targets(path))


def city_table(path: Path, p_rows, as_of: str, names: list[str], seed: int) -> dict:
    """Write a published table for ``as_of``'s quarter (all 22 rows, random rates, some empty) and return it as a dict.

    Its rates for the districts with ledger data are random too: the kit ranks those on the ledger's values.
    """
    rng = random.Random(seed)
    end = parse_as_of(as_of)
    chinese = seed % 2 == 0
    heads = (["季度", "区县", "实际到位资金动态转化率(%)", "2015-2017年项目投产率(%)", "2018-2020年项目投产率(%)"]
             if chinese else ["quarter", "district", "conversion_rate", "operation_rate_2015_2017",
                               "operation_rate_2018_2020"])
    table, lines = {}, [heads]
    for d in names:
        rates = [None if rng.random() < 0.1 else round(rng.uniform(0, 0.6 if k == 0 else 1), 4) for k in range(3)]
        table[d] = dict(zip(["conversion_rate", "operation_rate_2015_2017", "operation_rate_2018_2020"], rates))
        cells = ["" if r is None else (f"{r * 100:.2f}" if chinese else str(r)) for r in rates]
        if chinese:  # the city writes percentages, to two decimals
            table[d] = {k: (None if v is None else float(f"{v * 100:.2f}") / 100) for k, v in table[d].items()}
        lines.append([f"{end.year}年第{'一二三四'[(end.month - 1) // 3]}季度" if chinese else f"{end:%Y-%m-%d}", d, *cells])
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(lines)
    has = {d for d in names if any(p.district == d and p.signed_on <= end for p in p_rows)}
    return {d: v for d, v in table.items() if d not in has}


def check_against_oracle(label, projects, capital, dates, unit=None, targets=None, tables=None,
                         investment=None, activities=None, own=None, scheme=None):
    """Run the kit's command for every date (two at a time) and compare with the oracle.

    With ``tables`` (a folder), each quarter-end date runs a second time with a published
    table (``--rankings``) covering the districts the ledger holds nothing for. With
    ``investment`` and ``activities`` (files) and ``own`` (the district the log belongs to,
    as written for ``--district``), the second set's figures have their tables; with
    ``scheme`` (``(name, [(indicator, weight, direction), ...])``) the ranks are the scheme's.
    """
    from yubei_lib.ledger.load import load_ledger

    ledger = load_ledger(projects, capital, unit=unit, investment=investment, activities=activities)
    p_rows, c_rows = oracle.ledger_rows(ledger.projects, ledger.capital)
    i_rows = oracle.investment_rows(ledger.investment) if investment is not None else None
    a_rows = oracle.activity_rows(ledger.activities) if activities is not None else None
    names = _districts()
    goal = _targets(targets)
    extra = (["--unit", unit] if unit else []) + (["--targets", str(targets)] if targets else [])
    extra += (["--investment", str(investment)] if investment is not None else []) + (
        ["--activities", str(activities)] if activities is not None else [])
    extra += (["--district", own] if own else []) + (["--scheme", scheme[0]] if scheme else [])
    home = None
    if own:
        from yubei_lib.ledger.reference import resolve_district

        home = resolve_district(own)
    assert not (scheme and tables), "the oracle ranks by a scheme only from the ledger"
    runs = [(d, extra, None) for d in dates]
    if tables is not None:
        for k, d in enumerate(dates):
            end = parse_as_of(d)
            if end.month in (3, 6, 9, 12) and (end + timedelta(days=1)).day == 1:
                path = Path(tables) / f"table_{k}.csv"
                published = city_table(path, p_rows, d, names, seed=len(label) + k)
                runs.append((d, [*extra, "--rankings", str(path)], published))
    procs = [_run_cli(projects, capital, as_of, args) for as_of, args, _ in runs]
    problems = []
    for (as_of, _, published), proc in zip(runs, procs):
        if proc.returncode != 0:
            problems.append(f"{label} as_of={as_of}: exit {proc.returncode}: {proc.stderr.strip()[-800:]}")
            continue
        try:
            kit = json.loads(proc.stdout)
        except json.JSONDecodeError as exc:
            problems.append(f"{label} as_of={as_of}: stdout is not one JSON object ({exc}): {proc.stdout[:300]!r}")
            continue
        want = machine_figures(p_rows, c_rows, as_of, COHORTS, names, goal, published=published, investment=i_rows,
                               activities=a_rows, own=home, scheme=scheme[1] if scheme and not published else None)
        if published is not None and any(r["composite_rank"] is None for r in want["districts"]):
            problems.append(f"{label} as_of={as_of}: the table should give every district data, and so ranks")
        problems += _compare(label + (" with table" if published is not None else ""), as_of, kit, want)
    assert not problems, f"{len(problems)} disagreement(s):\n" + "\n".join(problems[:60])


# --------------------------------------------------------------------------- (a) the office corpus
OFFICE_CASES = [
    # ledger, capital, --unit, as_of dates
    ("ledger.parquet", "capital.parquet", None, ["2019-12-31", "2020Q2"]),
    ("ledger_bom.csv", "capital_bom.csv", None, ["2020-02-29"]),
    ("ledger_gbk.csv", "capital_gbk.csv", None, ["2019-03-05"]),
    ("ledger_zh.xlsx", "capital_zh.xlsx", None, ["2019Q3", "2020-06-30"]),
    ("ledger_nounit.csv", "capital_nounit.csv", "wan", ["2020-08-31"]),
    ("expected_projects.csv", "expected_capital.csv", "yuan", ["2018-12-31"]),
    ("warnings.csv", None, None, ["2020-06-30"]),
]


def _office_cases():
    listed = {c[0] for c in OFFICE_CASES}
    cases = list(OFFICE_CASES)
    # Pick up good ledgers a teammate adds later (ledger_X.ext with capital_X.*).
    for path in sorted(OFFICE.glob("ledger_*")) if OFFICE.is_dir() else []:
        if path.name in listed:
            continue
        stem = path.stem.removeprefix("ledger_")
        partners = sorted(OFFICE.glob(f"capital_{stem}.*"))
        cases.append((path.name, partners[0].name if partners else None, None, ["2020-12-31"]))
    return cases


@pytest.mark.parametrize("ledger,capital,unit,dates", _office_cases(), ids=[c[0] for c in _office_cases()])
def test_kit_agrees_with_oracle_on_office_ledger(ledger, capital, unit, dates, tmp_path):
    projects = OFFICE / ledger
    cap = OFFICE / capital if capital else None
    if not projects.exists() or (cap is not None and not cap.exists()):
        pytest.skip(f"{ledger} / {capital} not in tests/data/office yet")
    check_against_oracle(f"office/{ledger}", projects, cap, dates, unit=unit, tables=tmp_path)


# --------------------------------------------------------------------------- (b) generated messy ledgers
# Each district as offices spell it: Chinese with and without 区, English with " District", case.
SPELLINGS = {
    "Yubei": ["渝北区", "渝北", "Yubei District", "YUBEI"],
    "Jiangbei": ["江北区", "江北", "jiangbei"],
    "Shapingba": ["沙坪坝区", "沙坪坝"],
    "Nan'an": ["南岸区", "南岸", "Nan'an District"],
    "Wansheng": ["万盛经开区", "万盛", "Wansheng"],
    "Fuling": ["涪陵区", "涪陵"],
    "Beibei": ["北碚区", "北碚"],      # an exact copy of Fuling: ties in every figure
    "Rongchang": ["荣昌区", "荣昌"],   # signs only in 2015-2016, capital later
    "Qijiang": ["綦江区", "綦江"],     # signs only in 2019 and 2021
}
PREFIX = {"Yubei": "YB", "Jiangbei": "JB", "Shapingba": "SPB", "Nan'an": "NA", "Wansheng": "WS",
          "Fuling": "FL", "Beibei": "BB", "Rongchang": "RC", "Qijiang": "QJ"}
ACTIVE_YEARS = {"Yubei": range(2015, 2022), "Jiangbei": [2015, 2016, 2018, 2020, 2021],
                "Shapingba": [2016, 2017, 2019, 2020], "Nan'an": [2015, 2017, 2018, 2019],
                "Wansheng": [2018, 2020, 2021], "Fuling": [2015, 2016, 2017, 2018, 2019, 2020],
                "Rongchang": [2015, 2016], "Qijiang": [2019, 2021]}
GEN_DATES = ["2016-03-31", "2017Q2", "2018-09-15", "2019-12-31", "2020-02-29", "2020-06-30",
             "2020-11-15", "2021-02-28", "2021-03-31"]
LAST = D(2021, 12, 31)


def _hot_dates():
    """Dates where off-by-one mistakes show: each as_of, the day after, Jan 1s, month-clip days."""
    hot = set()
    for s in GEN_DATES:
        d = parse_as_of(s)
        hot |= {d, d + timedelta(days=1), D(d.year, 1, 1), minus_months(d, 12), minus_months(d, 36),
                minus_months(d, 12) + timedelta(days=1), minus_months(d, 36) + timedelta(days=1)}
    hot |= {D(2020, 2, 29), D(2020, 2, 28), D(2017, 2, 28), D(2020, 3, 1)}
    return sorted(hot)


HOT = _hot_dates()


def _plan_hot_dates():
    """Dates where a planned date's off-by-one mistakes show: each as_of, the day before and after, and
    as_of minus 3 months (the warning period) with the days around it."""
    hot = set()
    for s in GEN_DATES + ["2019-06-30", "2020-12-31"]:
        d, cut = parse_as_of(s), minus_months(parse_as_of(s), 3)
        hot |= {d, d - timedelta(days=1), d + timedelta(days=1), cut, cut - timedelta(days=1), cut + timedelta(days=1)}
    return sorted(hot)


PLAN_HOT = _plan_hot_dates()


def _plan(rng, signed):
    """A planned date for a stage (None for most projects): around a hot date, or up to 3 years after
    signing, sometimes before it (a warning)."""
    if rng.random() < 0.6:
        return None
    if rng.random() < 0.4:
        near = [d for d in PLAN_HOT if signed - timedelta(days=60) <= d]
        if near:
            return rng.choice(near)
    return signed + timedelta(days=rng.randint(-45, 3 * 365))


def _draw(rng, lo, hi):
    if hi < lo:
        return None
    if rng.random() < 0.25:
        hot = [d for d in HOT if lo <= d <= hi]
        if hot:
            return rng.choice(hot)
    return lo + timedelta(days=rng.randrange((hi - lo).days + 1))


class _Messy:
    """A generated ledger being built: projects and capital as lists of dicts, ids numbered by district and year."""

    def __init__(self):
        self.projects, self.capital, self.counter = [], [], {}

    def add(self, district, signed, wan, commenced, operating, terminated, plan_c=None, plan_o=None):
        year = signed.year
        self.counter[(district, year)] = self.counter.get((district, year), 0) + 1
        pid = f"{PREFIX[district]}-{year}-{self.counter[(district, year)]:03d}"
        self.projects.append(dict(id=pid, district=district, signed=signed, wan=wan, commenced=commenced,
                                  operating=operating, terminated=terminated, plan_c=plan_c, plan_o=plan_o))
        return pid


def generate_messy(seed: int):
    """Return (projects, capital): lists of dicts in 万元 with datetime.date fields."""
    rng = random.Random(seed)
    ledger = _Messy()
    _random_projects(ledger, rng, random.Random(f"plans {seed}"))  # planned dates (figure 21) drawn apart
    _boundary_projects(ledger)
    _random_capital(ledger, rng)
    copies = _copy_fuling_to_beibei(ledger)
    rng.shuffle(ledger.projects)
    rng.shuffle(ledger.capital)
    _keep_copies_in_order(ledger, copies)
    return ledger.projects, ledger.capital


def _random_projects(ledger, rng, plans):
    """Add one to five projects to each active year of each district, with stages (or none) drawn after signing."""
    for district, years in ACTIVE_YEARS.items():
        for year in years:
            for _ in range(rng.randint(1, 5)):
                signed = _draw(rng, D(year, 1, 1), min(D(year, 12, 31), D(2021, 6, 30)))
                wan = round(rng.uniform(50, 300000), 2) if rng.random() > 0.2 else float(rng.randint(1, 9) * 1000)
                commenced = _draw(rng, signed, min(signed + timedelta(days=600), LAST)) if rng.random() < 0.7 else None
                operating = None
                if commenced and rng.random() < 0.6:
                    operating = _draw(rng, commenced, min(commenced + timedelta(days=800), LAST))
                if operating and rng.random() < 0.2:
                    commenced = None  # operation without commencement date
                terminated = _draw(rng, signed, min(signed + timedelta(days=1500), LAST)) if rng.random() < 0.15 else None
                ledger.add(district, signed, wan, commenced, operating, terminated, _plan(plans, signed),
                           _plan(plans, signed))


def _boundary_projects(ledger):
    """Add the hand-placed boundary projects."""
    add = ledger.add
    add("Yubei", D(2020, 2, 29), 1234.56, None, None, None)          # not lagging at 2021-02-28, lagging at 2021-03-31
    add("Yubei", D(2017, 2, 28), 500.0, D(2017, 5, 1), None, None)     # 36-month cut of 2020-02-29
    add("Jiangbei", D(2019, 12, 31), 800.0, D(2020, 6, 30), D(2020, 7, 1), None)
    add("Yubei", D(2016, 3, 31), 700.0, D(2016, 3, 31), D(2016, 3, 31), D(2017, 6, 30))
    add("Yubei", D(2019, 8, 1), 300.0, None, None, None, D(2019, 9, 30))             # plan 3 months before 2019-12-31
    add("Jiangbei", D(2019, 8, 1), 300.0, None, None, None, D(2019, 10, 1))          # a day later: yellow then
    add("Nan'an", D(2017, 1, 10), 90.0, D(2017, 5, 1), None, None, None, D(2020, 11, 30))  # operation plan ahead


def _random_capital(ledger, rng):
    """Add 0-4 inflows per project, from signing up to four years later, then some years after signing and on boundaries."""
    for p in ledger.projects:
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 4])):
            when = _draw(rng, p["signed"], min(p["signed"] + timedelta(days=4 * 365), LAST))
            ledger.capital.append(dict(id=p["id"], received=when, wan=round(rng.uniform(1, 50000), 2)))
    rc = [p["id"] for p in ledger.projects if p["district"] == "Rongchang"]
    ledger.capital += [dict(id=rc[0], received=D(2020, 1, 1), wan=3000.0),
                       dict(id=rc[-1], received=D(2020, 6, 30), wan=4500.5),
                       dict(id=rc[0], received=D(2021, 3, 31), wan=100.0)]


def _copy_fuling_to_beibei(ledger):
    """Make Beibei an exact copy of Fuling (same dates, values and inflows), so every figure ties; return the ids' map."""
    copies = {}
    for p in [p for p in ledger.projects if p["district"] == "Fuling"]:
        copies[p["id"]] = ledger.add("Beibei", p["signed"], p["wan"], p["commenced"], p["operating"], p["terminated"],
                                     p["plan_c"], p["plan_o"])
    ledger.capital += [dict(id=copies[c["id"]], received=c["received"], wan=c["wan"])
                       for c in ledger.capital if c["id"] in copies]
    return copies


def _keep_copies_in_order(ledger, copies):
    """Keep the copies in the same relative order as their originals, after the shuffle.

    So even a sum taken row by row gives Fuling and Beibei bit-identical figures (a true tie,
    whatever the order).
    """
    projects, capital = ledger.projects, ledger.capital
    twin = {v: k for k, v in copies.items()}
    slots = [i for i, p in enumerate(projects) if p["district"] == "Beibei"]
    by_id = {p["id"]: p for p in projects}
    originals = [p["id"] for p in projects if p["district"] == "Fuling"]
    for i, pid in zip(slots, originals):
        projects[i] = by_id[copies[pid]]
    slots = [i for i, c in enumerate(capital) if c["id"] in twin]
    ordered = [dict(c, id=copies[c["id"]]) for c in capital if c["id"] in copies]
    for i, c in zip(slots, ordered):
        capital[i] = c

def _slash(d):
    return f"{d.year}/{d.month}/{d.day}" if d else ""


def _wan_text(x, k):
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    if k % 3 == 0:  # thousands separators, as offices type them
        whole, _, frac = text.partition(".")
        text = f"{int(whole):,}" + (f".{frac}" if frac else "")
    return text


def _excel_date(d, k):
    if d is None:
        return None
    return [d, f"{d.year}/{d.month}/{d.day}", f"{d.year}年{d.month}月{d.day}日", (d - D(1899, 12, 30)).days][k % 4]


def _write_gbk_csv(path, header, rows):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode("gbk"))


def _write_xlsx(path, title, header, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.cell(row=1, column=1, value=title)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    for r, values in enumerate([header, *rows], start=3):  # row 2 blank, header on row 3
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=v)
            if isinstance(v, date):
                cell.number_format = "yyyy/m/d"
    wb.save(path)


def write_gbk_projects(path, projects):
    header = ["项目编号", "项目名称", "区县", "签约时间", "协议投资额（万元）", "开工时间", "投产时间", "终止日期",
              "责任单位", "责任领导", "投资方", "投资方类型", "计划开工日期", "计划投产时间"]
    rows = [[p["id"], f"测试项目{k}号", SPELLINGS[p["district"]][k % len(SPELLINGS[p["district"]])],
             _slash(p["signed"]), _wan_text(p["wan"], k), _slash(p["commenced"]), _slash(p["operating"]),
             _slash(p["terminated"]), "区投资促进局", "王建国", p.get("investor") or "", p.get("itype") or "",
             _slash(p.get("plan_c")), _slash(p.get("plan_o"))]
            for k, p in enumerate(projects)]
    _write_gbk_csv(path, header, rows)


def write_gbk_capital(path, capital):
    rows = [[c["id"], _slash(c["received"]), _wan_text(c["wan"], k)] for k, c in enumerate(capital)]
    _write_gbk_csv(path, ["项目编号", "到位日期", "到位资金（万元）"], rows)


def write_xlsx_projects(path, projects):
    header = ["序号", "项目编号", "项目名称", "所属区县", "签约日期", "协议投资额(亿元)", "开工日期", "投产日期",
              "终止日期", "责任单位", "责任领导", "投资方", "投资方类型", "计划开工时间", "计划投产日期"]
    rows = [[k + 1, p["id"], f"测试项目{k}号", SPELLINGS[p["district"]][(k + 1) % len(SPELLINGS[p["district"]])],
             _excel_date(p["signed"], k), p["wan"] / 1e4, _excel_date(p["commenced"], k + 1),
             _excel_date(p["operating"], k + 2), _excel_date(p["terminated"], k + 3), "区商务委", "赵敏",
             p.get("investor"), p.get("itype"), _excel_date(p.get("plan_c"), k + 2), _excel_date(p.get("plan_o"), k + 3)]
            for k, p in enumerate(projects)]
    _write_xlsx(path, "招商引资项目台账（测试）", header, rows)


def write_xlsx_capital(path, capital):
    header = ["序号", "项目编号", "到位日期", "到位资金(亿元)"]
    rows = [[k + 1, c["id"], _excel_date(c["received"], k), c["wan"] / 1e4] for k, c in enumerate(capital)]
    _write_xlsx(path, "实际到位资金明细", header, rows)


TARGETS_CSV = """district,year,figure,cohort,value,unit
渝北区,2020,contract_value,,30,亿元
Yubei,2021,contract_value,,2.5,bn yuan
Yubei,2020,conversion_rate,,20,%
jiangbei,2019,contract_value,,150000,万元
Jiangbei District,2020,contract_value,,4,亿元
荣昌,2020,contract_value,,1,亿元
Qijiang,2019,contract_value,,250000000,yuan
Wansheng,2020,operation_rate,2018-2020,60,%
"""


@pytest.mark.parametrize("seed", [11, 2020])
def test_kit_agrees_with_oracle_on_gbk_ledger_with_xlsx_capital(tmp_path, seed):
    projects, capital = generate_messy(seed)
    p, c = tmp_path / "台账.csv", tmp_path / "到位资金.xlsx"
    write_gbk_projects(p, projects)
    write_xlsx_capital(c, capital)
    dates = GEN_DATES if seed == 11 else ["2019-12-31", "2020-02-29", "2021-02-28"]
    check_against_oracle(f"generated gbk/xlsx seed {seed}", p, c, dates, tables=tmp_path)


def test_kit_agrees_with_oracle_on_xlsx_ledger_with_gbk_capital_and_targets(tmp_path):
    projects, capital = generate_messy(7)
    p, c, t = tmp_path / "ledger.xlsx", tmp_path / "capital.csv", tmp_path / "targets.csv"
    write_xlsx_projects(p, projects)
    write_gbk_capital(c, capital)
    t.write_text(TARGETS_CSV, encoding="utf-8")
    check_against_oracle("generated xlsx/gbk seed 7 with targets", p, c,
                         ["2017Q2", "2019-06-30", "2020-02-29", "2020-09-30", "2021-03-31"], targets=t,
                         tables=tmp_path)


def test_generated_ledger_has_what_the_comparison_needs():
    """The generator really makes the awkward cases (so the agreement test means something)."""
    projects, capital = generate_messy(11)
    assert any(p["terminated"] for p in projects)
    assert any(p["operating"] and not p["commenced"] for p in projects)
    assert {p["district"] for p in projects} >= set(ACTIVE_YEARS) | {"Beibei"}
    signed = {p["id"]: p["signed"] for p in projects}
    assert any(c["received"].year - signed[c["id"]].year >= 2 for c in capital)
    ids = [p["id"] for p in projects]
    assert len(ids) == len(set(ids))
    assert all(p["commenced"] is None or p["commenced"] >= p["signed"] for p in projects)
    assert all(p["operating"] is None or p["operating"] >= (p["commenced"] or p["signed"]) for p in projects)
    strip = lambda rows, prefix: [dict(r, id=r["id"].split("-", 1)[1]) for r in rows if r["id"].startswith(prefix)]  # noqa: E731
    fl = [dict(p, district="") for p in strip(projects, "FL-")]
    assert fl and fl == [dict(p, district="") for p in strip(projects, "BB-")]
    assert strip(capital, "FL-") == strip(capital, "BB-")


# --------------------------------------------------------------------------- (c) the committed sample
def test_kit_agrees_with_oracle_on_sample():
    check_against_oracle("data/sample", SAMPLE / "projects.csv", SAMPLE / "capital.csv",
                         ["2016-03-31", "2019Q4", "2020-02-29", "2020-12-31"])


# =========================================================================== 3. the second set (figures 13-18)
# The oracle by hand first, then the kit against it with the optional tables.
SECOND = [
    #       id    district  signed           value  commenced        operating  terminated       investor  type
    Project("S1", "Yubei", D(2017, 3, 1), 2e9, D(2018, 1, 1), None, None, "甲公司", "Global 500"),
    Project("S2", "Yubei", D(2016, 5, 1), 1e8, None, None, D(2019, 12, 31), "乙公司", "foreign"),
    Project("S3", "Yubei", D(2019, 6, 1), 1e9, D(2019, 12, 31), None, None, "甲公司", "foreign"),
    Project("S4", "Yubei", D(2019, 8, 1), 999_999_999.0, D(2020, 1, 1), None, D(2020, 2, 1), "丙公司", "private"),
    Project("S5", "Jiangbei", D(2019, 9, 1), 5e8, D(2019, 10, 1), None, None, "乙公司", "central SOE"),
]
SECOND_CAPITAL = [Inflow("S1", D(2017, 6, 1), 5e8), Inflow("S2", D(2019, 12, 31), 5e7),
                  Inflow("S3", D(2020, 1, 1), 4e8), Inflow("S5", D(2019, 11, 1), 1e8)]
SECOND_INVESTMENT = [oracle.Invested("S1", (2019, 12), 30.0), oracle.Invested("S3", (2019, 12), 50.0),
                     oracle.Invested("S3", (2019, 1), 5.0), oracle.Invested("S3", (2018, 12), 7.0),
                     oracle.Invested("S4", (2019, 12), 9.0), oracle.Invested("S5", (2019, 12), 11.0),
                     oracle.Invested("S3", (2019, 12), 1.0)]
A = oracle.Activity
SECOND_LOG = [
    A(D(2019, 1, 1), "visit_out", "main", "甲公司", None),      # Jan 1 counts for YTD; not in the window of 2019-12-31
    A(D(2019, 5, 1), "visit_out", "main", "甲公司", None),      # the same enterprise again: counted once
    A(D(2019, 7, 1), "visit_out", "deputy", "乙公司", None),    # a deputy: not a main visit
    A(D(2019, 7, 2), "visit_in", "main", "丁公司", None),       # a visit in: not a visit out
    A(D(2019, 8, 1), "visit_out", "main", "丙公司", "S4"),      # carries an id: matches S4 only
    A(D(2019, 9, 1), "event", "main", "戊公司", None),          # an event is no visit
    A(D(2018, 12, 31), "visit_out", "main", "己公司", None),    # last year
]


def test_oracle_second_set_by_hand():
    names = ["Yubei", "Jiangbei", "Beibei"]
    obj = machine_figures(SECOND, SECOND_CAPITAL, "2019-12-31", ["2015-2017", "2018-2020"], names,
                          investment=SECOND_INVESTMENT, activities=SECOND_LOG, own="Yubei")
    y, j, b = (obj["districts"][k] for k in range(3))
    # 13: 2015-2017 S1, S2; S2 terminated on as_of -> 1/2. 2018-2020: S3, S4 (its termination comes later) -> 1.
    assert (y["contract_performance_rate_2015_2017"], y["contract_performance_rate_2018_2020"]) == (0.5, 1.0)
    # 14: 2015-2017 (5e8 + 5e7) / (2e9 + 1e8); 2018-2020: S3's inflow comes after as_of -> 0.
    assert y["capital_in_place_rate_2015_2017"] == (5e8 + 5e7) / 2.1e9 and y["capital_in_place_rate_2018_2020"] == 0.0
    assert j["capital_in_place_rate_2018_2020"] == 0.2 and b["capital_in_place_rate_2015_2017"] is None
    # 15: new = commenced after 2017-12-31, on or before 2019-12-31: S1 (2018-01-01) and S3 (S4 commences later).
    # YTD months of 2019: S1 30, S3 50 + 5 + 1 (both rows of December) -> 86; Jiangbei S5 11; Beibei nothing: 0.
    assert (y["new_projects_investment_ytd"], j["new_projects_investment_ytd"], b["new_projects_investment_ytd"]) \
        == (86.0, 11.0, 0.0)
    # 16: main visits out in 2019: 甲公司, 丙公司 -> 2; only Yubei's log: the others None.
    assert (y["visits_out_main_ytd"], j["visits_out_main_ytd"]) == (2, None)
    # Window after 2018-12-31: 甲 (first 2019-05-01; S3 signed 2019-06-01 by its investor name) signed;
    # 乙 (Yubei's S2 signed 2016, Jiangbei's S5 is another district's) no; 丁 no; 丙 (S4, 2019-08-01) yes.
    assert y["visit_to_signing_share"] == 2 / 4 and j["visit_to_signing_share"] is None
    # 17: 2019 YTD: S3 1e9 (major, foreign), S4 just below 1e9. Jiangbei S5 central SOE.
    assert (y["major_projects_ytd"], y["leading_investor_projects_ytd"], y["foreign_signed_value_ytd"]) == (1, 0, 1e9)
    assert (j["major_projects_ytd"], j["leading_investor_projects_ytd"], j["foreign_signed_value_ytd"]) == (0, 1, 0.0)
    alone = machine_figures(SECOND, SECOND_CAPITAL, "2019-12-31", ["2015-2017"], names)
    assert all(alone["districts"][k][key] is None for k in range(3)
               for key in ("new_projects_investment_ytd", "visits_out_main_ytd", "visit_to_signing_share"))


def test_oracle_same_period_last_year_by_hand():
    rows, _ = _hand()  # as of the leap day 2020-02-29: last year is 2019-01-01..2019-02-28
    y, j = rows["Yubei"], rows["Jiangbei"]
    # P2 was signed on 2019-02-28 (50): last year's figure; this year P3 (300): up 500 %.
    assert (y["signed_value_ytd_prev_year"], y["signed_count_ytd_prev_year"]) == (50.0, 1)
    assert y["signed_value_ytd_yoy"] == 5.0 and y["signed_count_ytd_yoy"] == 0.0
    # No capital by 2019-02-28 (P2's inflow is of 2019-12-31): last year 0, no change.
    assert (y["realized_capital_ytd_prev_year"], y["realized_capital_ytd_yoy"]) == (0.0, None)
    assert (j["signed_value_ytd_prev_year"], j["signed_value_ytd_yoy"], j["realized_capital_ytd_yoy"]) == (0.0, None, None)
    assert y["new_projects_investment_ytd_prev_year"] is None and y["visits_out_main_ytd_prev_year"] is None
    names = ["Yubei", "Jiangbei"]
    tables = dict(investment=SECOND_INVESTMENT, activities=SECOND_LOG, own="Yubei")
    # 2019-12-31 against 2018-12-31: the log's visit of that day (己公司, main, out) is last year's 1; now 2.
    # Investment of December 2018 (S3's 7) reaches back, but S3 was not new then: a true 0.
    y, j = machine_figures(SECOND, SECOND_CAPITAL, "2019-12-31", COHORTS, names, **tables)["districts"]
    assert (y["visits_out_main_ytd_prev_year"], y["visits_out_main_ytd_yoy"]) == (1, 1.0)
    assert j["visits_out_main_ytd_prev_year"] is None
    assert (y["new_projects_investment_ytd_prev_year"], j["new_projects_investment_ytd_prev_year"]) == (0.0, 0.0)
    # 2019-06-30 against 2018-06-30: neither table holds a day that early: unknown, not 0.
    y, _ = machine_figures(SECOND, SECOND_CAPITAL, "2019-06-30", COHORTS, names, **tables)["districts"]
    assert y["visits_out_main_ytd_prev_year"] is None and y["new_projects_investment_ytd_prev_year"] is None
    assert y["major_projects_ytd_prev_year"] == 0 and y["major_projects_ytd"] == 1


def test_oracle_scheme_by_hand():
    rows = {"a": {"x": 3.0, "y": 1.0}, "b": {"x": 2.0, "y": None}, "c": {"x": 3.0, "y": 5.0}}
    ranks, scores, composite = oracle.scheme_ranks(rows, ["a", "b", "c"], [("x", 2.0, "desc"), ("y", 1.0, "asc")])
    # x desc: a 1, c 1, b 3. y asc: a 1, c 2, b undefined 3. Scores (2*r_x + r_y) / 3: a 1, b 3, c 4/3.
    assert ranks == {"x": {"a": 1, "b": 3, "c": 1}, "y": {"a": 1, "b": 3, "c": 2}}
    assert scores == {"a": 1.0, "b": 3.0, "c": 4 / 3} and composite == {"a": 1, "b": 3, "c": 2}


INVESTORS = ["甲科技有限公司", "乙电子股份有限公司", "丙控股集团有限公司", "丁物流有限公司", "Norvale GmbH",
             "戊商贸有限公司", "己软件有限公司"]
ITYPES = ["世界500强", "Global 500", "中国500强", "央企", "central SOE", "外资", "foreign", "民营", "上市公司", "其他",
          None, "乡镇企业"]


def with_investors(projects):
    """Give the generated projects investors and investor types (a copy keeps its original's: same draws)."""
    out = []
    for p in projects:
        rng = random.Random(f"{p['signed']}|{p['wan']}")
        out.append(dict(p, investor=rng.choice(INVESTORS + [None]), itype=rng.choice(ITYPES)))
    out.append(dict(id="YB-EDGE-1", district="Yubei", signed=D(2020, 2, 29), wan=100000.0, commenced=D(2020, 2, 29),
                    operating=None, terminated=None, investor="甲科技有限公司", itype="外资"))   # exactly 10亿元
    out.append(dict(id="YB-EDGE-2", district="Yubei", signed=D(2020, 3, 1), wan=99999.99, commenced=None,
                    operating=None, terminated=None, investor="乙电子股份有限公司", itype="中国500强"))
    return out


def generate_investment(projects, seed):
    """Completed investment rows (dicts in 万元): around commencement, on hot months, a duplicate month, no-start projects."""
    rng = random.Random(seed)
    rows = []
    hot = [(d.year, d.month) for d in HOT if D(2018, 1, 1) <= d <= LAST]
    for p in projects:
        if rng.random() < 0.3:
            continue
        start = p["commenced"] or p["operating"] or p["signed"]
        months = {(start.year, start.month)} | set(rng.sample(hot, 3))
        for k in range(rng.randint(0, 8)):
            m = start.year * 12 + start.month - 1 + rng.randint(-3, 20)
            months.add((m // 12, m % 12 + 1))
        for ym in sorted(months):
            if D(2018, 1, 1) <= D(*ym, 1) <= LAST:
                rows.append(dict(id=p["id"], month=ym, wan=round(rng.uniform(0, 5000), 2)))
    rows.append(dict(rows[0], wan=12.5))  # a second row for one project and month: a warning, both count
    rng.shuffle(rows)
    return rows


def generate_activities(projects, seed, own):
    """An outreach log of ``own`` (dicts): names of investors and others, ids of own, other and unknown projects."""
    rng = random.Random(seed)
    mine = [p for p in projects if p["district"] == own]
    others = [p for p in projects if p["district"] != own]
    names = INVESTORS + ["庚公司", "辛公司", "壬公司", "癸公司"]
    kinds = ["visit_out", "外出拜访", "visit_in", "企业来访", "event", "招商活动"]
    levels = ["main", "主要领导", "deputy", "分管领导", "other", "其他"]
    rows = []
    for _ in range(260):
        when = _draw(rng, D(2018, 12, 1), D(2021, 6, 30))
        pid = None
        r = rng.random()
        if r < 0.15 and mine:
            pid = rng.choice(mine)["id"]
        elif r < 0.2 and others:
            pid = rng.choice(others)["id"]       # another district's project: never a signing of ours
        rows.append(dict(date=when, kind=rng.choice(kinds), leader=rng.choice(["张书记", "王区长", "李副区长"]),
                         level=rng.choice(levels), enterprise=rng.choice(names), pid=pid,
                         city=rng.choice(["深圳", "上海", None])))
    rows.append(dict(rows[0], pid="NO-SUCH-ID"))  # a warning: matched to no project
    return rows


def _month_text(ym, k, xlsx=False):
    y, m = ym
    forms = [f"{y}-{m:02d}", f"{y}年{m}月", f"{y}/{m}/15", f"{y}{m:02d}", f"{y}.{m}"]
    if xlsx:
        forms += [D(y, m, 28), (D(y, m, 1) - D(1899, 12, 30)).days]
    return forms[k % len(forms)]


def write_investment(path, rows):
    header = ["项目编号", "月份", "完成投资（万元）"]
    if path.suffix == ".csv":
        _write_gbk_csv(path, header, [[r["id"], _month_text(r["month"], k), _wan_text(r["wan"], k)]
                                      for k, r in enumerate(rows)])
    else:
        _write_xlsx(path, "项目完成投资月报", header, [[r["id"], _month_text(r["month"], k, True), r["wan"]]
                                               for k, r in enumerate(rows)])


def write_activities(path, rows):
    header = ["日期", "类型", "带队领导", "领导级别", "企业名称", "项目编号", "城市", "备注"]
    body = [[_excel_date(r["date"], k) if path.suffix == ".xlsx" else _slash(r["date"]), r["kind"], r["leader"],
             r["level"], r["enterprise"], r["pid"] or "", r["city"] or "", "测试"] for k, r in enumerate(rows)]
    if path.suffix == ".csv":
        _write_gbk_csv(path, header, body)
    else:
        _write_xlsx(path, "招商活动台账", header, body)


SECOND_DATES = ["2019-01-01", "2019-06-30", "2019-12-31", "2020-02-29", "2020-06-30", "2020-11-15", "2021-02-28",
                "2021-03-31"]


@pytest.mark.parametrize("seed,own,formats", [(11, "渝北区", (".csv", ".xlsx")), (7, "江北", (".xlsx", ".csv"))])
def test_kit_agrees_with_oracle_on_second_set_of_generated_ledgers(tmp_path, seed, own, formats):
    from yubei_lib.ledger.reference import resolve_district

    projects, capital = generate_messy(seed)
    projects = with_investors(projects)
    p, c = tmp_path / "台账.csv", tmp_path / "到位资金.xlsx"
    write_gbk_projects(p, projects)
    write_xlsx_capital(c, capital)
    inv, act = tmp_path / f"完成投资{formats[0]}", tmp_path / f"招商活动{formats[1]}"
    write_investment(inv, generate_investment(projects, seed))
    write_activities(act, generate_activities(projects, seed, resolve_district(own)))
    check_against_oracle(f"generated second set seed {seed}", p, c, SECOND_DATES, investment=inv, activities=act,
                         own=own, tables=tmp_path if seed == 11 else None)


def test_generated_tables_have_what_the_comparison_needs(tmp_path):
    from yubei_lib.ledger.load import load_ledger

    projects = with_investors(generate_messy(11)[0])
    p, inv, act = tmp_path / "p.csv", tmp_path / "i.xlsx", tmp_path / "a.csv"
    write_gbk_projects(p, projects)
    write_investment(inv, generate_investment(projects, 11))
    write_activities(act, generate_activities(projects, 11, "Yubei"))
    ledger = load_ledger(p, investment=inv, activities=act)
    assert {w.message.split(":")[0] for w in ledger.warnings} >= {
        "a second row for this project and month", "project_id not in the ledger", "unknown investor type, counted as 'other'"}
    assert set(ledger.activities.kind) == {"visit_out", "visit_in", "event"}
    assert set(ledger.activities.leader_level) == {"main", "deputy", "other"}
    assert (ledger.projects.contract_value == 1e9).any() and set(ledger.projects.investor_type.dropna()) >= {
        "Global 500", "China Top 500", "central SOE", "foreign", "other"}
    p_rows, _ = oracle.ledger_rows(ledger.projects, ledger.capital)
    a_rows = oracle.activity_rows(ledger.activities)
    shares = [oracle.visit_to_signing_share(p_rows, a_rows, "Yubei", parse_as_of(d)) for d in SECOND_DATES[1:]]
    assert any(0 < s < 1 for s in shares if s is not None)


SAMPLE_TABLES = dict(investment=SAMPLE / "investment.xlsx", activities=SAMPLE / "activities.xlsx", own="Yubei")


def test_kit_agrees_with_oracle_on_sample_with_optional_tables():
    check_against_oracle("data/sample with tables", SAMPLE / "projects.csv", SAMPLE / "capital.csv",
                         ["2019-06-30", "2019Q4", "2020-02-29", "2020-12-31"], **SAMPLE_TABLES)


def _scheme(name):
    from yubei_lib.config import REFERENCE

    with open(REFERENCE / "ranking_schemes.csv", encoding="utf-8") as f:
        return name, [(r["indicator"], float(r["weight"]), r["direction"]) for r in csv.DictReader(f)
                      if r["scheme"] == name]


@pytest.mark.parametrize("name", ["three_rates", "horse_race"])
def test_kit_agrees_with_oracle_on_sample_by_scheme(name):
    check_against_oracle(f"data/sample scheme {name}", SAMPLE / "projects.csv", SAMPLE / "capital.csv",
                         ["2019Q4", "2020-12-31"], scheme=_scheme(name))


def test_kit_agrees_with_oracle_by_scheme_without_every_district(tmp_path):
    projects, capital = generate_messy(5)
    p, c = tmp_path / "台账.csv", tmp_path / "到位资金.xlsx"
    write_gbk_projects(p, with_investors(projects))
    write_xlsx_capital(c, capital)
    check_against_oracle("generated scheme horse_race", p, c, ["2020-06-30"], scheme=_scheme("horse_race"))
