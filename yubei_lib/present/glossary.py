"""The definitions a page prints for its reader: the few terms it uses, in its language.

Each entry is one or two lines, consistent with ``docs/definitions.md`` (which gives the
full rules); :data:`PAGE_TERMS` says which terms each page of the kit uses. A page of an
analyst's own has none unless it is added here.
"""

from __future__ import annotations

from yubei_lib.present.labels import check_lang

GLOSSARY: dict[str, dict[str, tuple[str, str]]] = {
    "signed_value": {
        "en": ("Signed value", "The contract value of the projects signed in the period (year to date unless "
                               "stated); projects terminated later stay in, as they were signed."),
        "zh": ("签约金额", "期内签约项目的协议投资额合计（除注明外为年初至今）；此后终止的项目仍计入，因其已签约。")},
    "target_attainment": {
        "en": ("Target attainment and pace", "Year-to-date signed value divided by the year's target; pace divides "
                                             "that by the share of the year elapsed (1.00 = exactly on schedule)."),
        "zh": ("目标完成率与序时进度比", "年初至今签约金额除以全年目标；序时进度比再除以全年已过天数占比（1.00即恰好符合序时进度）。")},
    "projection": {
        "en": ("Projection", "The year-end value implied by the year to date and the average seasonal pattern of "
                             "the three previous years, so a weak first quarter is not read as a crisis."),
        "zh": ("全年预计", "按年初至今签约额和前三年平均的月度累计规律推算的全年签约额，避免把季节性偏弱的一季度误读为危机。")},
    "conversion_rate": {
        "en": ("Conversion rate of realized capital", "Capital received in the period divided by the contract value "
                                                      "signed in the same period; it can exceed 100 %, since capital "
                                                      "also arrives for projects of earlier years."),
        "zh": ("实际到位资金动态转化率", "期内实际到位资金除以同期签约的协议投资额；因以前年度签约项目的资金也会到位，可超过100%。")},
    "commencement_rate": {
        "en": ("Commencement rate", "Among a cohort's projects signed by the report date, the share that had "
                                    "commenced by then; terminated projects stay in the denominator."),
        "zh": ("开工率", "某批次截至报告日已签约的项目中，截至报告日已开工的比例；已终止的项目仍计入分母。")},
    "operation_rate": {
        "en": ("Operation rate", "Among a cohort's projects (signed in the cohort's years, by the report date), "
                                 "the share in operation by then; terminated projects stay in the denominator."),
        "zh": ("投产率", "某批次（按签约年份）截至报告日已签约项目中，截至报告日已投产的比例；已终止的项目仍计入分母。")},
    "ranking": {
        "en": ("Rank among the 22", "Rank 1 is the highest rate; equal rates share a rank (1, 1, 3); an undefined "
                                    "rate ranks last. The composite is the mean of the three ranks, lowest best. "
                                    "No rank is given while any district's figures are missing."),
        "zh": ("22个区县排名", "指标最高者排第1；数值相同者并列（1、1、3）；无法计算的排在最后。综合得分为三项排名的平均值，"
                            "越低越好。任一区县缺少数据时不作排名。")},
    "published_table": {
        "en": ("The city's table", "The city's published quarterly ranking table gives the figures of the districts "
                                   "the ledger holds nothing for; published ranks are shown as published."),
        "zh": ("市级通报", "市级每季度公布的排名表，提供台账中没有数据的区县的指标；公布的名次按原样列示。")},
    "lagging": {
        "en": ("Lagging project", "A live project not commenced 12 months after signing, or not in operation 36 "
                                  "months after signing (the thresholds are parameters)."),
        "zh": ("滞后项目", "未终止、签约满12个月仍未开工或满36个月仍未投产的项目（月数可设参数）。")},
    "time_to_operation": {
        "en": ("Time to operation", "The share of a signing year's projects in operation by months since signing "
                                    "(Kaplan-Meier: projects not yet in operation count until the report date)."),
        "zh": ("签约至投产时间", "按签约年份分组、签约后各月累计已投产的比例（乘积极限法估计：尚未投产的项目计至报告日）。")},
    "terminated_share": {
        "en": ("Terminated share", "The part of the signed value held by projects terminated by the report date."),
        "zh": ("终止项目占比", "截至报告日已终止项目在签约金额中所占的比例。")},
    "weak_link": {
        "en": ("Weak link", "A chain segment with no project, or under 5 % of its cluster's value, signed in the "
                            "trailing years."),
        "zh": ("薄弱环节", "近几年内没有签约项目、或签约额不足所在产业集群5%的产业链环节。")},
    "strict": {
        "en": ("Strict and lenient", "Strict mode refuses a ledger with errors; lenient mode leaves out the rows "
                                     "with errors and lists them here."),
        "zh": ("严格与宽松模式", "严格模式下有错误的台账不予采用；宽松模式剔除有错误的行，并在本页列出。")},
    "reconciliation": {
        "en": ("Reconciliation", "Where the ledger's rate differs from the city's table by more than 0.05 "
                                 "percentage points, or a published rank from the recomputed one."),
        "zh": ("核对", "台账指标与市级通报相差超过0.05个百分点之处，或公布名次与重新计算名次不一致之处。")},
    "contract_performance": {
        "en": ("Contract performance and capital in place", "Of a cohort's projects signed by the report date, the "
               "share not terminated by then (by count); and the capital received for them divided by their "
               "contract value."),
        "zh": ("履约率与资金到位率", "某批次截至报告日已签约的项目中，截至报告日未终止的比例（按项目数）；以及这些项目的到位资金除以其协议投资额。")},
    "new_investment": {
        "en": ("Completed investment of newly started projects", "Investment completed from January to the report "
               "month by projects that commenced in the 24 months to the report date; not a zero when no "
               "completed-investment data was given, but not shown."),
        "zh": ("新开工项目完成投资", "截至报告日24个月内开工的项目，自1月至报告月完成的投资；未提供完成投资数据时不显示（不作为零）。")},
    "outreach_visits": {
        "en": ("Main leaders' outside visits", "The distinct enterprises visited outside the city, in visits led "
               "by a main leader, from 1 January to the report date; from the office's own outreach log."),
        "zh": ("主要领导外出拜访", "1月1日至报告日，由主要领导带队外出拜访的不同市外企业数；来自本办招商活动台账。")},
    "visit_to_signing": {
        "en": ("Visit-to-signing share", "Of the enterprises visited in the 12 months to the report date, the share "
               "that signed a project with the district on or after their first visit in that time."),
        "zh": ("拜访企业签约率", "截至报告日12个月内拜访的企业中，在该期间首次拜访之后与本区签约项目的比例。")},
    "warnings": {
        "en": ("Red and yellow warnings", "A live project's commencement or operation is red (overdue) when its plan "
               "was missed 3 months ago or more, or it is lagging; yellow when its plan has just passed, or it will "
               "be lagging within 3 months (the months are parameters). A project counts by its worse stage."),
        "zh": ("红色预警与黄色预警", "未终止项目的开工或投产阶段，计划日期已过3个月以上或已滞后的为红色预警（已逾期）；计划日期刚过、"
               "或3个月内将滞后的为黄色预警（月数可设参数）。每个项目按较重的阶段计。")},
    "same_period_last_year": {
        "en": ("Same period last year", "A year-to-date figure against the same figure from 1 January to the same "
               "day one year earlier (28 February for a 29 February), from the same ledger as known now; not shown "
               "where the optional table does not reach back that far."),
        "zh": ("同比", "年初至今指标与上年1月1日至上年同日（2月29日对应2月28日）同一指标相比，按现有同一台账计算；"
               "选填表未覆盖上年同期时不作比较。")},
    "major_projects": {
        "en": ("Major projects", "Projects signed in the year to date with a contract value of CNY 1 bn or more; "
               "projects terminated later stay in."),
        "zh": ("重大项目", "年初至今签约、协议投资额10亿元及以上的项目；此后终止的项目仍计入。")},
}
"""Term -> language -> (term, definition)."""

PAGE_TERMS: dict[str, tuple[str, ...]] = {
    "summary": ("signed_value", "target_attainment", "projection", "conversion_rate", "operation_rate",
                "ranking", "lagging", "warnings", "contract_performance", "new_investment", "outreach_visits",
                "major_projects", "same_period_last_year"),
    "contract_value": ("signed_value", "terminated_share", "target_attainment"),
    "district_rankings": ("conversion_rate", "operation_rate", "ranking", "published_table"),
    "cohort_operation": ("commencement_rate", "operation_rate", "contract_performance", "time_to_operation",
                         "lagging", "warnings"),
    "outreach": ("outreach_visits", "visit_to_signing"),
    "industry_chains": ("weak_link", "signed_value"),
    "data_quality": ("strict", "reconciliation"),
}
"""The terms each page of the kit defines."""


def definitions(page: str, lang: str) -> list[tuple[str, str]]:
    """Return the (term, definition) pairs a page prints, in its language.

    Examples
    --------
    >>> definitions("cohort_operation", "zh")[1][0], definitions("my_own_page", "en")
    ('投产率', [])
    """
    check_lang(lang)
    return [GLOSSARY[term][lang] for term in PAGE_TERMS.get(page, ())]
