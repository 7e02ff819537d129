"""The time a page says it was made: local time in a named zone, in the page's language; the zone refused early."""

from datetime import datetime, timezone
from importlib.util import find_spec

import pandas as pd
import pytest
from typer.testing import CliRunner

from yubei_lib.cli import app
from yubei_lib.runner import Options
from yubei_lib.runner.plan import ReportError, plan
from yubei_lib.runner.stamp import check_zone, local_time, record

MOMENT = datetime(2020, 12, 31, 17, 30, tzinfo=timezone.utc)


def test_the_zone_database_comes_with_the_kit():
    # tzdata is a dependency: Windows has no zone database of its own
    assert find_spec("tzdata") is not None
    assert check_zone("Asia/Shanghai").utcoffset(MOMENT).total_seconds() == 8 * 3600


@pytest.mark.parametrize("zone,lang,expected", [
    ("Asia/Shanghai", "en", "2021-01-01 01:30 (Beijing time)"),
    ("Asia/Shanghai", "zh", "2021年1月1日 01:30（北京时间）"),
    ("America/New_York", "en", "2020-12-31 12:30 (America/New_York time)"),
])
def test_local_time_is_the_readers_day_and_hour_in_the_language(zone, lang, expected):
    assert local_time(MOMENT, zone, lang) == expected


def test_the_manifest_keeps_the_machines_record():
    assert record(MOMENT.astimezone(check_zone("Asia/Shanghai"))) == "2020-12-31 17:30:00 UTC"


@pytest.mark.parametrize("zone", ["Beijing", "UTC+8", "", "../../etc/passwd"])
def test_an_unknown_zone_is_refused_before_any_page_runs(tmp_path, zone):
    opts = Options(periods=[pd.Timestamp("2020-12-31")], districts=["Yubei"], out=tmp_path, timezone=zone)
    with pytest.raises(ReportError, match="--timezone"):
        plan(opts)
    assert not any(tmp_path.iterdir())


def test_the_command_refuses_an_unknown_zone_with_exit_2(tmp_path):
    result = CliRunner().invoke(app, ["report", "--quarter", "2020Q4", "--timezone", "Mars/Olympus",
                                      "--out", str(tmp_path)])
    assert result.exit_code == 2 and "Mars/Olympus" in result.output
