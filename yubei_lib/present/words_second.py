"""The words of the second set of figures (13-18) and the outreach page, in English and Chinese.

Part of the one catalogue (:data:`yubei_lib.present.words.CATALOGUE` takes them in); kept
apart only so that no file grows past reading length.
"""

from __future__ import annotations

SECOND: dict[str, dict[str, str]] = {
    # figures 13-17: the machine keys' names are in words.py; these are the short names of tiles
    "new_projects_investment": {"en": "Completed investment of newly started projects", "zh": "新开工项目完成投资"},
    "visits_out_main": {"en": "Main leaders' outside visits", "zh": "主要领导外出拜访"},
    # summary tiles of the second set
    "tile_cohort_performance": {"en": "Projects signed {cohort}, not terminated", "zh": "{cohort}签约、未终止的项目"},
    "tile_cohort_capital": {"en": "Capital received for projects signed {cohort}, of their value",
                            "zh": "{cohort}签约项目的到位资金占协议投资额"},
    "tile_new_investment": {"en": "Projects that commenced in the last 24 months", "zh": "近24个月内开工的项目"},
    "tile_visits": {"en": "Distinct enterprises; main leaders' visits outside the city",
                    "zh": "不同企业数；主要领导带队外出拜访"},
    "not_given_investment": {"en": "No completed-investment data was given (--investment)",
                             "zh": "未提供完成投资数据"},
    "not_given_activities": {"en": "The outreach log was not given (--activities)",
                             "zh": "未提供招商活动台账"},
    "data_not_given": {"en": "Data not given", "zh": "未提供数据"},
    # the outreach page
    "page_outreach": {"en": "Outreach", "zh": "招商活动"},
    "kind": {"en": "Kind", "zh": "类型"},
    "kind_visit_out": {"en": "Visit outside the city", "zh": "外出拜访"},
    "kind_visit_in": {"en": "Enterprise visit to the district", "zh": "企业来访"},
    "kind_event": {"en": "Promotion event", "zh": "招商活动"},
    "leader": {"en": "Leader", "zh": "带队领导"},
    "leader_level": {"en": "Leader level", "zh": "领导级别"},
    "level_main": {"en": "Main leader", "zh": "主要领导"},
    "level_deputy": {"en": "Deputy leader", "zh": "分管领导"},
    "level_other": {"en": "Other", "zh": "其他"},
    "activities": {"en": "Activities", "zh": "活动次数"},
    "enterprises": {"en": "Enterprises", "zh": "企业数"},
    "enterprise": {"en": "Enterprise", "zh": "企业"},
    "first_visit": {"en": "First visit", "zh": "首次拜访"},
    "last_visit": {"en": "Last visit", "zh": "最近拜访"},
    "visits": {"en": "Visits", "zh": "拜访次数"},
    "main_leader": {"en": "Main leader led", "zh": "主要领导带队"},
    "signed": {"en": "Signed", "zh": "已签约"},
    "signed_projects": {"en": "Projects signed", "zh": "签约项目"},
    "visited": {"en": "Enterprises visited", "zh": "拜访企业数"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "outreach_tiles_window": {"en": "In the 12 months to {date}", "zh": "截至{date}的12个月内"},
    "outreach_signed_of": {"en": "{signed} of {visited} enterprises signed", "zh": "{visited}家企业中{signed}家已签约"},
    "outreach_ytd": {"en": "Year to date, to {date}", "zh": "年初至{date}"},
    "no_activities_yet": {"en": "No activity in the log for this period.", "zh": "本期台账中没有招商活动。"},
    "no_visits_window": {"en": "No enterprise was visited in the 12 months to the report date.",
                         "zh": "截至报告日的12个月内没有拜访企业。"},
    "visited_caption": {"en": "{n} enterprise(s) visited in the 12 months to {date}; signed: a project of the "
                              "district signed on or after the first visit", "zh": "截至{date}的12个月内拜访企业{n}家；已签约指首次拜访后签约本区项目"},
    "activities_by_kind": {"en": "Activities by kind and month", "zh": "各月招商活动（按类型）"},
    "activities_by_leader": {"en": "Activities by leader level and month", "zh": "各月招商活动（按领导级别）"},
    "desc_activities_by_kind": {"en": "Bars: the number of activities in each month of the year to date, stacked "
                                      "by kind.", "zh": "柱形：年初至今各月招商活动次数，按类型堆叠。"},
    "desc_activities_by_leader": {"en": "Bars: the number of activities in each month of the year to date, stacked "
                                        "by the level of the leader who led them.",
                                  "zh": "柱形：年初至今各月招商活动次数，按带队领导级别堆叠。"},
    "leader_level_table_caption": {"en": "Activities and distinct enterprises by leader, year to date",
                                   "zh": "年初至今各带队领导的活动次数与企业数"},
    # ranking schemes (figure 18)
    "param_scheme": {"en": "expected a ranking scheme of ranking_schemes.csv: {names}",
                     "zh": "应为 ranking_schemes.csv 中的排名方案：{names}"},
    "scheme_heading": {"en": "Ranking scheme: {name}", "zh": "排名方案：{name}"},
    "scheme_three_rates": {"en": "the three rates", "zh": "三率"},
    "scheme_horse_race": {"en": "horse race", "zh": "赛马比拼"},
    "indicator": {"en": "Indicator", "zh": "指标"},
    "weight": {"en": "Weight", "zh": "权重"},
    "direction": {"en": "Direction", "zh": "方向"},
    "direction_desc": {"en": "higher is better", "zh": "越高越好"},
    "direction_asc": {"en": "lower is better", "zh": "越低越好"},
    "scheme_ranks_caption": {"en": "Each district's rank on each indicator of the scheme, and the composite",
                             "zh": "各区县在本方案各指标上的排名及综合排名"},
    "scheme_no_rank": {"en": "No rank by this scheme: not every district has data for its indicators.",
                       "zh": "无法按本方案排名：并非每个区县都有其指标的数据。"},
    "performance_table_caption": {"en": "Contract performance and capital in place of each cohort, beside "
                                        "commencement and operation", "zh": "各批次履约率、资金到位率与开工率、投产率对照"},
}
"""Key -> {"en": ..., "zh": ...}, as :data:`yubei_lib.present.words.CATALOGUE`."""
