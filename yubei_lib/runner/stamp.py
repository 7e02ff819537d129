"""When a page or brief was made, as its reader reads it: the local time of a named zone, in the page's language.

The manifest keeps the machine's record (:func:`now`); the footer of a page and the cover of
a brief show :func:`local_time`, in the zone the run was given (``yubei report --timezone``,
Asia/Shanghai unless set). The zone database comes with the ``tzdata`` package where the
system has none (Windows), so a zone name means the same on every machine.
"""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from yubei_lib.config import TIMEZONE
from yubei_lib.present import labels

RECORD_FORMAT = "%Y-%m-%d %H:%M:%S %Z"
"""How the manifest records a time (in UTC): ``2020-12-31 22:05:00 UTC``."""

NAMED = {"Asia/Shanghai": "zone_beijing"}
"""Zones that have a name of their own in the words (``北京时间``); others are called by their name."""


def check_zone(name: str) -> ZoneInfo:
    """Return the time zone of a name of the zone database, or raise ValueError saying which are meant.

    Examples
    --------
    >>> check_zone("Asia/Shanghai").key
    'Asia/Shanghai'
    >>> check_zone("Beijing")
    Traceback (most recent call last):
    ...
    ValueError: time zone 'Beijing' is not one of the zone database (e.g. Asia/Shanghai, Europe/London)
    """
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"time zone {name!r} is not one of the zone database (e.g. {TIMEZONE}, Europe/London)") from None


def now() -> datetime:
    """Return the present moment, aware of its zone (UTC)."""
    return datetime.now(timezone.utc)


def record(moment: datetime) -> str:
    """Return a moment as the manifest records it.

    Examples
    --------
    >>> record(datetime(2020, 12, 31, 22, 5, tzinfo=timezone.utc))
    '2020-12-31 22:05:00 UTC'
    """
    return moment.astimezone(timezone.utc).strftime(RECORD_FORMAT)


def local_time(moment: datetime, zone: str, lang: str) -> str:
    """Return a moment as a reader in ``zone`` reads it, in the language: date, hours and minutes, the zone's name.

    Examples
    --------
    >>> moment = datetime(2020, 12, 31, 22, 5, tzinfo=timezone.utc)
    >>> local_time(moment, "Asia/Shanghai", "en"), local_time(moment, "Asia/Shanghai", "zh")
    ('2021-01-01 06:05 (Beijing time)', '2021年1月1日 06:05（北京时间）')
    >>> local_time(moment, "Europe/London", "en")
    '2020-12-31 22:05 (Europe/London time)'
    """
    here = moment.astimezone(check_zone(zone))
    name = labels.t(NAMED[zone], lang) if zone in NAMED else labels.t("zone_named", lang, zone=zone)
    day = labels.date(here.strftime("%Y-%m-%d"), lang)
    return f"{day} {here:%H:%M}（{name}）" if lang == "zh" else f"{day} {here:%H:%M} ({name})"
