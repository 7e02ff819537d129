"""yubei report with --rankings given several times (a file a quarter): every file to the pages and the data hashes."""

from __future__ import annotations

import os

import pandas as pd
from builders import notice_file, sample_notice_rows
from paths import SAMPLE

from yubei_lib import runner as report
from yubei_lib.ledger.load import sha256
from yubei_lib.runner.plan import plan


def test_every_rankings_file_goes_to_the_pages_and_into_the_data_hashes(tmp_path):
    rows = sample_notice_rows()
    files = [notice_file(tmp_path / f"{label}.xlsx", label, rows[label]) for label in ("2020年第三季度", "2020年第四季度")]
    planned = plan(report.Options(periods=[pd.Timestamp("2020-12-31")], districts=["Yubei"], out=tmp_path / "out",
                                  pages=["district_rankings", "data_quality"], projects=SAMPLE / "yubei_projects.xlsx",
                                  capital=SAMPLE / "yubei_capital.xlsx", rankings=files, jobs=1))
    given = os.pathsep.join(str(p.resolve()) for p in files)
    assert {job.parameters["rankings"] for job in planned.jobs} == {given}
    assert all(planned.data[str(p.resolve())] == sha256(p) for p in files)
    assert planned.figures[next(iter(planned.figures))]["districts"][7]["composite_rank"] is not None
