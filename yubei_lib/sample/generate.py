"""Make synthetic multi-district ledgers: the committed sample and ledgers for benchmarks.

Everything here is invented. The generator is seeded and vectorized with numpy, so the
same seed gives the same ledger and a million projects take seconds. The districts,
chains, parks and investor types come from ``data/reference``; only the calibration to
the article (Yubei's 2019 and 2020 figures) is written
here. Totals are calibrated whatever ``n_projects`` is: the number of projects only sets
how finely they are divided.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from yubei_lib.ledger import reference
from yubei_lib.ledger.schema import PROJECT_COLUMNS, PROJECT_PLANS
from yubei_lib.sample import names

FOCUS = "Yubei"
#: Yubei's signed value by year (yuan): 141.6 bn in 2019 (the article), near 80 bn in 2020.
FOCUS_SIGNED = {2015: 61.8e9, 2016: 79.3e9, 2017: 98.5e9, 2018: 118.7e9, 2019: 141.6e9, 2020: 82.6e9}
#: Yubei's dynamic conversion rate by year: the highest of the 22 in 2019.
FOCUS_CONVERSION = {2017: 0.25, 2018: 0.28, 2019: 0.34, 2020: 0.23}
#: City-wide conversion rate (all districts) by year: about 20 % in 2020.
CITY_CONVERSION = {2020: 0.20}
_ZONE_LEVEL = {"central": 60e9, "new": 38e9, "other": 7e9}  # yearly signed value, 2019
_SIZE_HINT = {"Jiangbei": 1.5, "Beibei": 1.2, "Jiulongpo": 1.3, "Shapingba": 1.15, "Yuzhong": 0.8,
              "Dadukou": 0.6}
_MONTHS = np.array([0.55, 0.45, 0.8, 0.85, 0.9, 1.15, 0.85, 0.85, 1.0, 0.9, 1.1, 1.6])
_EPIDEMIC_MONTHS = {2020: np.array([0.5, 0.07, 0.3, 0.75, 0.95, 1.25, 0.95, 0.95, 1.1, 1.0, 1.2, 1.8])}
#: investor type -> (share in Yubei, share elsewhere, value multiplier)
_INVESTORS = {"Global 500": (.07, .03, 3.0), "China Top 500": (.10, .07, 2.0),
              "central SOE": (.08, .06, 2.5), "listed company": (.17, .12, 1.3),
              "unicorn": (.03, .01, 1.0), "foreign": (.10, .06, 1.3), "private": (.38, .52, .6),
              "other": (.07, .13, .4)}
_WEAK_SEGMENTS = {"headquarters settlement": .12, "supply chain finance": .12}
_HOME_PARKS = {
    "smart terminals": ["Airport Industrial Park", "Longxing Industrial Park"],
    "software and information services": ["Xiantao International Big Data Valley"],
    "Liangjiang International Business Center": ["Liangjiang International Business Center",
                                                 "Yuelai New City"],
    "modern consumption corridor": ["Modern Consumption Corridor", "Airport New Town"],
    "aviation logistics": ["Bonded Port Area", "Airport New Town"]}
_REACHED = ("commenced_on", "operating_on", "terminated_on")  # the stages of _LifeCycle.reached
_FOREIGN = ["Global 500", "foreign"]  # investor types with a foreign brand
_NO_CLUSTER = (0.5, 0.06)  # share of projects outside the five clusters: elsewhere, in Yubei
_BUILD = {"smart terminals": 1.3, "software and information services": .8,  # time to build
          "Liangjiang International Business Center": .7, "modern consumption corridor": .8}
_DAY = np.timedelta64(1, "D")
_MONTH_DAYS = 30.44
#: Share of projects with a planned commencement, and of those the share with a planned operation too.
PLAN_SHARES = (0.5, 0.7)
#: Months from signing to the planned commencement, and from that to the planned operation (uniform ranges).
PLAN_MONTHS = ((1.0, 8.0), (10.0, 24.0))


def district_codes(names: pd.Series) -> list[str]:
    """Return short codes for project ids: the pinyin initials of each district.

    Parameters
    ----------
    names : pandas.Series
        English (pinyin) district names, as ``districts().name_en``.

    Returns
    -------
    list of str
        One code per name; the upper-cased names when the initials are not unique.

    Examples
    --------
    >>> district_codes(pd.Series(["Yubei", "Jiulongpo", "Nan'an", "Shapingba"]))
    ['YB', 'JLP', 'NA', 'SPB']
    """
    syllable = re.compile(r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouv]+(?:ng|n(?![aeiouv])|r(?![aeiouv]))?")
    codes = ["".join(s[0] for part in name.lower().split("'") for s in syllable.findall(part)).upper()
             for name in names]
    return codes if len(set(codes)) == len(codes) and all(codes) else [n.upper() for n in names]


def _districts(seed: int, years: np.ndarray) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Draw each district's yearly signed value, conversion rates and project execution."""
    rng = np.random.default_rng([seed, 0])
    d = reference.districts()
    k, focus = len(d), (d.name_en == FOCUS).to_numpy()
    level = d.zone.map(_ZONE_LEVEL).fillna(20e9) * d.name_en.map(_SIZE_HINT).fillna(1.0)
    level = level.to_numpy() * rng.lognormal(0, 0.25, k)
    growth, dip = rng.uniform(1.04, 1.16, k), rng.uniform(0.8, 1.05, k)
    t = years - 2019
    signed = level[:, None] * growth[:, None] ** t * np.where(t == 1, dip[:, None], 1.0)
    signed *= rng.lognormal(0, 0.08, signed.shape)
    conversion = rng.uniform(0.10, 0.28, signed.shape)
    for j, y in enumerate(years):
        if focus.any():
            signed[focus, j] = FOCUS_SIGNED.get(y, 141.6e9 * 1.2 ** (y - 2019))
            conversion[focus, j] = FOCUS_CONVERSION.get(y, 0.27)
        if y in CITY_CONVERSION:  # scale the others so the city-wide rate is as published
            rest = CITY_CONVERSION[y] * signed[:, j].sum() - (conversion[focus, j] * signed[focus, j]).sum()
            conversion[~focus, j] *= rest / (conversion[~focus, j] * signed[~focus, j]).sum()
    conversion[:, : min(2, len(years) - 1)] = np.nan  # the ledger's first years: no capital before
    out = d.assign(focus=focus, p_commence=np.where(focus, .975, rng.uniform(.82, .94, k)),
                   p_operate=np.where(focus, .935, rng.uniform(.72, .90, k)),
                   lag=np.where(focus, 1.0, rng.uniform(1.1, 1.6, k)))
    out["leaders"] = [[f"{s}{t}" for t, s in zip(names.TITLES, rng.permutation(names.SURNAMES))] for _ in range(k)]
    return out, signed, conversion


def _periods(start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Return the months from start to end: first and last day covered and signing weight."""
    p = pd.period_range(start, end, freq="M")
    first = np.maximum(p.start_time.normalize(), start)
    last = np.minimum(p.end_time.normalize(), end)
    weight = np.array([_EPIDEMIC_MONTHS.get(y, _MONTHS)[m - 1] for y, m in zip(p.year, p.month)])
    days = (last - first).days.to_numpy() + 1
    weight = weight * days / p.days_in_month.to_numpy()
    return pd.DataFrame({"year": p.year, "quarter": p.quarter, "first": first, "days": days,
                         "weight": weight})


def _pick(rng: np.random.Generator, groups: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Draw one column index per row, by the weights of the row's group (a row of ``weights``)."""
    u = rng.random(len(groups))
    cum = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
    out = np.zeros(len(groups), dtype="int64")
    for g in np.unique(groups):
        rows = groups == g
        out[rows] = np.searchsorted(cum[g], u[rows], side="right")
    return np.minimum(out, weights.shape[1] - 1)


def _draw(rng: np.random.Generator, n: int, weights: list[float]) -> np.ndarray:
    """Draw n indices by one list of weights."""
    return _pick(rng, np.zeros(n, dtype="int64"), np.array([weights]))


def _scale(values: np.ndarray, cells: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Scale values so each cell sums to its target; cells with no target (NaN) stay as drawn."""
    sums = np.bincount(cells, values, minlength=len(targets))
    factor = np.where(np.isfinite(targets) & (sums > 0), targets / np.where(sums > 0, sums, 1), 1.0)
    return values * factor[cells]


def _scale_to(values: np.ndarray, cells: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Scale values so each cell sums to its target, in whole 万元, exact to the yuan.

    Cells with no target (NaN) are rounded as drawn. In a cell with a target, each value is
    rounded down and the 万元 still missing go one each to the values with the largest
    remainders, so no value is ever negative.
    """
    scaled = _scale(values, cells, targets) / 1e4
    wan = np.floor(scaled)
    want = np.where(np.isfinite(targets), np.round(targets / 1e4), np.nan)
    missing = want - np.bincount(cells, wan, minlength=len(targets))
    order = np.lexsort((wan - scaled, cells))            # by cell, largest remainder first
    first = np.searchsorted(cells[order], cells[order])  # where each row's cell starts
    place = np.empty_like(order)
    place[order] = np.arange(len(order)) - first
    top_up = np.where(np.isfinite(missing[cells]), place < missing[cells], scaled - wan >= 0.5)
    return (wan + top_up) * 1e4


def _park_zh(park: str) -> str:
    """Return a park's Chinese name (the reference parks'), or the name itself (the others are Chinese already)."""
    table = reference.parks()
    return dict(zip(table.park, table.park_zh)).get(park, park)


def _take(vocabulary: list, index: np.ndarray) -> pa.Array:
    """Return ``vocabulary[index]`` as a pyarrow string array (``None`` = missing)."""
    return pa.array(vocabulary, type=pa.string()).take(pa.array(index))


def _str(values: pa.Array) -> pd.api.extensions.ExtensionArray:
    """Return pyarrow strings as the loader's string dtype (``"string"``, missing = ``pd.NA``)."""
    return pd.array(values, dtype=pd.ArrowDtype(pa.string())).astype("string")


def _days(base: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """Return dates ``offset`` days (rounded up) after ``base``."""
    return base + np.ceil(offset).astype("int64") * _DAY


def plans(seed: int, signed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Draw the planned commencement and operation dates an office records for part of its projects.

    A plan is the date a project was expected, when it was signed, to reach the stage: a
    planned commencement :data:`PLAN_MONTHS` months after signing, a planned operation some
    months after that, for the shares :data:`PLAN_SHARES` of the projects (the others have
    none). The plans do not look at what happened, so some are met, some missed and some
    still ahead, and every warning state (figure 21) occurs. They come from a random stream
    of their own, so every other column of a ledger is the same with or without them.

    Parameters
    ----------
    seed : int
        The ledger's seed.
    signed : numpy.ndarray
        The signing dates (``datetime64[D]``).

    Returns
    -------
    planned_commencement, planned_operation : numpy.ndarray
        ``datetime64[D]``, ``NaT`` where there is no plan; never before signing, and a
        planned operation never before its planned commencement.

    Examples
    --------
    >>> signed = np.array(["2019-01-10", "2019-06-01", "2020-02-29"], dtype="datetime64[D]")
    >>> start, run = plans(1, signed)
    >>> bool(((start >= signed) | np.isnat(start)).all()), bool((np.isnat(run) | (run > start)).all())
    (True, True)
    """
    rng = np.random.default_rng([seed, 9])
    n = len(signed)
    has_start = rng.random(n) < PLAN_SHARES[0]
    has_run = has_start & (rng.random(n) < PLAN_SHARES[1])
    (a, b), (c, d) = PLAN_MONTHS
    start = _days(signed, rng.uniform(a, b, n) * _MONTH_DAYS)
    run = _days(start, rng.uniform(c, d, n) * _MONTH_DAYS)
    nat = np.datetime64("NaT")
    return np.where(has_start, start, nat), np.where(has_run, run, nat)


def generate(n_projects: int = 5000, seed: int = 2020, start="2015-01-01",
             end="2020-12-31") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate a synthetic multi-district ledger and its capital inflows.

    Parameters
    ----------
    n_projects : int, default 5000
        Number of projects, spread over all districts and signing months.
    seed : int, default 2020
        Seed of the random generator; the same seed gives the same frames.
    start, end : str or date, default "2015-01-01" and "2020-12-31"
        First and last signing date; ``end`` is also the snapshot date: nothing in the
        frames is dated after it.

    Returns
    -------
    projects : pandas.DataFrame
        The canonical ledger, one row per project (columns of ``schema.PROJECT_COLUMNS``;
        planned dates for part of the projects, :func:`plans`).
    capital : pandas.DataFrame
        Columns ``project_id``, ``received_on``, ``amount`` (yuan).

    Examples
    --------
    >>> projects, capital = generate(3000, seed=1)
    >>> projects.district.nunique(), projects.signed_on.max() <= pd.Timestamp("2020-12-31")
    (22, True)
    >>> y2019 = projects[(projects.district == "Yubei") & (projects.signed_on.dt.year == 2019)]
    >>> float(y2019.contract_value.sum() / 1e9)
    141.6
    """
    if n_projects < 1:
        raise ValueError(f"n_projects must be at least 1, not {n_projects}")
    start, end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    if end < start:
        raise ValueError(f"end {end:%Y-%m-%d} is before start {start:%Y-%m-%d}")
    years = np.arange(start.year, end.year + 1)
    dist, signed_target, conversion = _districts(seed, years)
    per = _periods(start, end)
    end64 = np.datetime64(end.date())
    # one stream draws, in this order: signings, investors, chains, values, life cycle, names, parks and
    # responsibility; a draw moved or added changes every column after it (the committed sample is checked)
    rng = np.random.default_rng([seed, 1])
    signing = _signings(rng, per, start.year, signed_target, dist.focus.to_numpy(), n_projects)
    types, tp, multiplier = _investor_kinds(rng, signing.focus)
    chain = _chains(rng, signing.focus)
    value = _calibrate(rng.lognormal(0, 1.0, n_projects) * multiplier[tp], signing,
                       _quarter_targets(seed, per, start.year, signed_target), signed_target)
    life = _life_cycle(rng, dist, signing, chain, end64)
    pid = _project_ids(dist, years, signing)
    projects = _project_frame(rng, dist, signing, (types, tp), chain, pid)
    projects["contract_value"] = value
    for column, dates in [*zip(_REACHED, life.reached), *zip(PROJECT_PLANS, plans(seed, signing.signed))]:
        projects[column] = dates.astype("datetime64[ns]")
    inflows = _inflows(np.random.default_rng([seed, 2]), signing, life, value, end64)
    capital = _capital(inflows, signing.district * len(years), start.year, (conversion * signed_target).ravel(), pid)
    return projects[list(PROJECT_COLUMNS)], capital


def _period_index(per: pd.DataFrame, start_year: int) -> tuple[np.ndarray, np.ndarray]:
    """Return each month's year and quarter, counted from the first year (a year's quarters are 4 y to 4 y + 3)."""
    year = per.year.to_numpy() - start_year
    return year, year * 4 + per.quarter.to_numpy() - 1


@dataclass(frozen=True)
class _Signing:
    """When and where each project is signed: one entry a project, by district and date."""

    district: np.ndarray  #: index into the districts
    signed: np.ndarray    #: the signing date, ``datetime64[D]``
    year: np.ndarray      #: index into the years
    quarter: np.ndarray   #: index into the years' quarters
    focus: np.ndarray     #: signed in the focus district


def _signings(rng: np.random.Generator, per: pd.DataFrame, start_year: int, signed_target: np.ndarray,
              focus: np.ndarray, n: int) -> _Signing:
    """Draw (district, month) cells, more projects where more value is signed, and a day in each."""
    yi, yq = _period_index(per, start_year)
    share = per.weight.to_numpy() / np.bincount(yi, per.weight.to_numpy())[yi]
    cell_p = (signed_target[:, yi] ** 0.8 * share).ravel()
    cell = rng.choice(cell_p.size, size=n, p=cell_p / cell_p.sum())
    di, pi = np.divmod(cell, len(per))
    day = np.floor(rng.random(n) * per.days.to_numpy()[pi]).astype("int64")
    signed = per["first"].to_numpy()[pi].astype("datetime64[D]") + day * _DAY
    order = np.lexsort((rng.random(n), signed, di))
    month = pi[order]
    return _Signing(district=di[order], signed=signed[order], year=yi[month], quarter=yq[month],
                    focus=focus[di[order]])


def _investor_kinds(rng: np.random.Generator, focus: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw each project's investor type; return the types, the index drawn and each type's value multiplier."""
    types = reference.investor_types().investor_type.to_numpy()
    w = np.array([_INVESTORS.get(t, (.05, .05, 1.0)) for t in types])
    return types, _pick(rng, focus.astype(int), w[:, [1, 0]].T), w[:, 2]


@dataclass(frozen=True)
class _Chain:
    """Each project's cluster and chain segment, as indices; the last index of each is none."""

    clusters: list[str]
    segments: list[str]
    cluster: np.ndarray
    segment: np.ndarray


def _chains(rng: np.random.Generator, focus: np.ndarray) -> _Chain:
    """Draw each project's cluster (or none, more often outside the focus) and a segment of it."""
    ch = reference.chains()
    clusters = ch.cluster.unique()
    m = len(clusters)
    cl = _pick(rng, focus.astype(int), np.array([[(1 - q) / m] * m + [q] for q in _NO_CLUSTER]))
    seg_w = np.array([[_WEAK_SEGMENTS.get(s, 1.0) * (c == cc) for s, c in zip(ch.segment, ch.cluster)]
                      for cc in clusters] + [[1e-9] * len(ch)])
    sg = _pick(rng, cl, seg_w)
    return _Chain(clusters=list(clusters), segments=list(ch.segment), cluster=cl,
                  segment=np.where(cl < m, sg, len(ch)))


def _quarter_targets(seed: int, per: pd.DataFrame, start_year: int, signed_target: np.ndarray) -> np.ndarray:
    """Spread each year's signed value over its quarters: the seasonal profile (and 2020's epidemic dip), with noise."""
    yi, yq = _period_index(per, start_year)
    ny = signed_target.shape[1]
    q_share = np.bincount(yq, per.weight, minlength=4 * ny) / np.repeat(np.bincount(yi, per.weight), 4)
    q_target = signed_target.repeat(4, axis=1) * q_share
    q_target *= np.random.default_rng([seed, 3]).lognormal(0, 0.12, q_target.shape)
    return q_target


def _calibrate(value: np.ndarray, signing: _Signing, q_target: np.ndarray, signed_target: np.ndarray) -> np.ndarray:
    """Scale drawn values to each district's quarters, then to its year's total exactly."""
    ny = signed_target.shape[1]
    value = _scale(value, signing.district * 4 * ny + signing.quarter, q_target.ravel())
    return _scale_to(value, signing.district * ny + signing.year, signed_target.ravel())


@dataclass(frozen=True)
class _LifeCycle:
    """When each project would commence and end (days after signing), and the stages reached by the snapshot."""

    will_commence: np.ndarray
    will_end: np.ndarray
    commence: np.ndarray
    end: np.ndarray
    reached: tuple[np.ndarray, np.ndarray, np.ndarray]  #: commenced, operating, terminated (``NaT``: not yet)


def _life_cycle(rng: np.random.Generator, dist: pd.DataFrame, signing: _Signing, chain: _Chain,
                end64: np.datetime64) -> _LifeCycle:
    """Draw the life cycle in days after signing; what would happen after the snapshot has not happened."""
    n, di = len(signing.signed), signing.district
    lag = dist.lag.to_numpy()[di] * _MONTH_DAYS
    build = np.array([_BUILD.get(c, 1.0) for c in chain.clusters] + [1.0])[chain.cluster]
    will_commence = rng.random(n) < dist.p_commence.to_numpy()[di]
    will_operate = will_commence & (rng.random(n) < dist.p_operate.to_numpy()[di])
    c_lat = _days(signing.signed, 0.5 * _MONTH_DAYS + rng.gamma(1.5, 3.0, n) * lag)
    o_lat = _days(c_lat, rng.gamma(2.0, 4.5, n) * lag * build)
    will_end = ~will_operate & (rng.random(n) < 0.25)
    t_lat = _days(np.where(will_commence, c_lat, signing.signed), rng.uniform(60, 720, n))
    nat = np.datetime64("NaT")
    reached = (np.where(will_commence & (c_lat <= end64), c_lat, nat),
               np.where(will_operate & (o_lat <= end64), o_lat, nat),
               np.where(will_end & (t_lat <= end64), t_lat, nat))
    return _LifeCycle(will_commence=will_commence, will_end=will_end, commence=c_lat, end=t_lat, reached=reached)


def _project_ids(dist: pd.DataFrame, years: np.ndarray, signing: _Signing) -> pa.Array:
    """Number the projects of each district and year: ``YB-2019-0001``."""
    cell_of = signing.district * len(years) + signing.year
    seq = np.arange(len(cell_of)) - np.searchsorted(cell_of, cell_of) + 1
    number = pc.utf8_lpad(pc.cast(pa.array(seq), pa.string()), max(4, len(str(seq.max()))), "0")
    return pc.binary_join_element_wise(_take(district_codes(dist.name_en), signing.district),
                                       _take([str(y) for y in years], signing.year), number, "-")


def _project_frame(rng: np.random.Generator, dist: pd.DataFrame, signing: _Signing,
                   investor_types: tuple[np.ndarray, np.ndarray], chain: _Chain, pid: pa.Array) -> pd.DataFrame:
    """Draw names, parks and responsibility (indices into small vocabularies, joined by pyarrow) into a frame."""
    types, tp = investor_types
    name, name_zh, brand_zh = _project_names(rng, types[tp], chain)
    park, all_parks = _parks(rng, dist, signing, chain)
    unit, leader = _responsibility(rng, dist, signing, park, all_parks)
    return pd.DataFrame({
        "project_id": _str(pid), "project_name": _str(name_zh),
        "district": _str(_take(list(dist.name_en), signing.district)),
        "signed_on": signing.signed.astype("datetime64[ns]"),
        "investor": _str(_investors(types[tp], brand_zh, chain)), "investor_type": _str(_take(list(types), tp)),
        "cluster": _str(_take(chain.clusters + [None], chain.cluster)),
        "chain_segment": _str(_take(chain.segments + [None], chain.segment)),
        "park": _str(_take(all_parks + [None], park)),
        "responsible_unit": _str(unit), "responsible_leader": _str(leader), "project_name_en": _str(name)})


def _brands(rng: np.random.Generator, foreign: np.ndarray) -> tuple[pa.Array, pa.Array]:
    """Draw each investor's brand in English and Chinese: a foreign brand for foreign investors."""
    n = len(foreign)
    brands = [a + b for a in names.BRAND[0] for b in names.BRAND[1]]
    brands_zh = [a + b for a in names.BRAND_ZH[0] for b in names.BRAND_ZH[1]]
    pick = np.where(foreign, len(brands) + rng.integers(0, len(names.FOREIGN_BRAND), n),
                    rng.integers(0, len(brands), n))
    return _take(brands + names.FOREIGN_BRAND, pick), _take(brands_zh + names.FOREIGN_BRAND, pick)


def _project_names(rng: np.random.Generator, kind: np.ndarray, chain: _Chain) -> tuple[pa.Array, pa.Array, pa.Array]:
    """Draw each project's name in English and Chinese (brand, a work of its segment, a phase) and its Chinese brand."""
    n = len(kind)
    brand, brand_zh = _brands(rng, np.isin(kind, _FOREIGN))
    segments = chain.segments + [""]
    works = [names.WORKS.get(s, f"{s.title()} Project").split("|") for s in segments]
    works_zh = [names.WORKS_ZH.get(s, "项目").split("|") for s in segments]
    w_len = np.array([len(x) for x in works])
    sgx = chain.segment
    work = np.cumsum(np.r_[0, w_len[:-1]])[sgx] + (rng.random(n) * w_len[sgx]).astype(int)
    phase_at = _draw(rng, n, [.86, .11, .03])
    name = pc.binary_join_element_wise(brand, _take([x for ws in works for x in ws], work), " ")
    name = pc.binary_join_element_wise(name, _take(["", " Phase II", " Phase III"], phase_at), "")
    name_zh = pc.binary_join_element_wise(brand_zh, _take([x for ws in works_zh for x in ws], work),
                                          _take(["", "二期", "三期"], phase_at), "")
    return name, name_zh, brand_zh


def _investors(kind: np.ndarray, brand_zh: pa.Array, chain: _Chain) -> pa.Array:
    """Name each investor in Chinese: its brand, the trade of its cluster and a company form."""
    foreign, soe = np.isin(kind, _FOREIGN), kind == "central SOE"
    trade = [names.TRADE_ZH.get(c, "实业") for c in chain.clusters] + ["实业"]
    suffix = np.where(foreign, 0, np.where(kind == "listed company", 1, 2))
    return pc.binary_join_element_wise(
        _take(["", "中国"], soe.astype(int)), brand_zh, _take(trade, chain.cluster),
        _take(["有限公司", "股份有限公司", "集团有限公司"], suffix), "")


def _parks(rng: np.random.Generator, dist: pd.DataFrame, signing: _Signing,
           chain: _Chain) -> tuple[np.ndarray, list[str]]:
    """Draw each project's park: in the focus, mostly its cluster's home parks; elsewhere, one of three or none.

    Return the index of each project's park and the parks it indexes (the last index is none).
    """
    park_names = list(reference.parks().park)
    home = np.array([[float(p in _HOME_PARKS.get(c, [])) + 0.05 for p in park_names]
                     for c in chain.clusters + [""]])
    others = [t.format(name.removesuffix("区").removesuffix("经开"))
              for name in dist.name_zh for t in names.OTHER_PARKS_ZH]
    opark = _draw(rng, len(signing.signed), [.3, .25, .2, .25])
    park = np.where(signing.focus, _pick(rng, chain.cluster, home),
                    np.where(opark < 3, len(park_names) + signing.district * 3 + opark, len(park_names) + len(others)))
    return park, park_names + others


def _responsibility(rng: np.random.Generator, dist: pd.DataFrame, signing: _Signing, park: np.ndarray,
                    all_parks: list[str]) -> tuple[pa.Array, pa.Array]:
    """Draw the unit (often the park's committee) and the district leader responsible for each project."""
    n = len(park)
    unit = _draw(rng, n, [.5, .2, .2, .1])
    unit = np.where((rng.random(n) < 0.55) & (park < len(all_parks)), len(names.UNITS) + park, unit)
    leader = signing.district * len(names.TITLES) + _draw(rng, n, [.1, .15, .25, .25, .2, .05])
    return (_take(names.UNITS + [_park_zh(p) + "管委会" for p in all_parks], unit),
            _take([x for ls in dist.leaders for x in ls], leader))


@dataclass(frozen=True)
class _Inflows:
    """Capital inflows drawn before calibration: the project (an index), the day and the amount of each."""

    project: np.ndarray
    received: np.ndarray
    amount: np.ndarray


def _inflows(rng: np.random.Generator, signing: _Signing, life: _LifeCycle, value: np.ndarray,
             end64: np.datetime64) -> _Inflows:
    """Draw capital: a share of the value, in a few inflows from commencement on, none after the snapshot or the end."""
    n, will_commence = len(value), life.will_commence
    inflows = np.where(will_commence, 1 + np.minimum(rng.poisson(2.3, n), 6), rng.random(n) < 0.5)
    share = np.where(will_commence, rng.beta(2.0, 3.2, n) * 0.95, rng.uniform(0.01, 0.05, n))
    first = np.where(will_commence, _days(life.commence, rng.uniform(-30, 60, n)),
                     _days(signing.signed, rng.uniform(30, 300, n)))
    first = np.maximum(first, signing.signed + _DAY)
    p = np.repeat(np.arange(n), inflows)
    starts = np.cumsum(inflows) - inflows
    gap = rng.gamma(2.0, 90.0, p.size)
    gap[starts[inflows > 0]] = 0.0
    cum = np.cumsum(gap)
    received = _days(first[p], cum - cum[starts[p]])
    weight = rng.gamma(2.0, 1.0, p.size)
    amount = share[p] * value[p] * weight / np.bincount(p, weight, minlength=n)[p]
    keep = (received <= end64) & ~(life.will_end[p] & (received > life.end[p]))
    return _Inflows(project=p[keep], received=received[keep], amount=amount[keep])


def _capital(inflows: _Inflows, first_cell: np.ndarray, start_year: int, targets: np.ndarray,
             pid: pa.Array) -> pd.DataFrame:
    """Scale the inflows to each district's yearly capital target and return the capital frame.

    ``first_cell`` is each project's district's first (district, year) cell; ``targets`` the
    capital of each cell (NaN: none).
    """
    p, received = inflows.project, inflows.received
    ry = received.astype("datetime64[Y]").astype(int) + 1970 - start_year
    amount = _scale_to(inflows.amount, first_cell[p] + ry, targets)
    kept = amount > 0
    return pd.DataFrame({"project_id": _str(pid.take(pa.array(p[kept]))),
                         "received_on": received[kept].astype("datetime64[ns]"), "amount": amount[kept]})
