"""Canonical columns of the ledger frames and the headers accepted for them.

Every loader returns frames with these column names; every figure reads them.
Money is held in yuan (float64), dates as ``datetime64`` (``NaT`` = empty).
"""

from __future__ import annotations

#: Columns of the canonical ``projects`` frame, with the headers accepted for each
#: (English name first; matching ignores case, width, spaces and the unit in brackets).
PROJECT_COLUMNS: dict[str, tuple[str, ...]] = {
    "project_id": ("project_id", "项目编号"),
    "project_name": ("project_name", "项目名称"),
    "district": ("district", "所属区县", "区县"),
    "signed_on": ("signed_on", "签约日期", "签约时间"),
    "contract_value": ("contract_value", "协议投资额", "合同投资额", "签约金额"),
    "investor": ("investor", "投资方", "投资主体"),
    "investor_type": ("investor_type", "投资方类型"),
    "cluster": ("cluster", "产业集群"),
    "chain_segment": ("chain_segment", "产业链环节"),
    "park": ("park", "所属园区"),
    "commenced_on": ("commenced_on", "开工日期", "开工时间"),
    "operating_on": ("operating_on", "投产日期", "投产时间"),
    "terminated_on": ("terminated_on", "终止日期"),
    "responsible_unit": ("responsible_unit", "责任单位"),
    "responsible_leader": ("responsible_leader", "责任领导"),
    "project_name_en": ("project_name_en", "英文项目名称", "项目英文名称"),  # shown on English pages
    "planned_commencement_on": ("planned_commencement_on", "计划开工日期", "计划开工时间"),  # warnings, figure 21
    "planned_operation_on": ("planned_operation_on", "计划投产日期", "计划投产时间"),
}
PROJECT_REQUIRED = ("project_id", "project_name", "district", "signed_on", "contract_value")
PROJECT_PLANS = ("planned_commencement_on", "planned_operation_on")
"""The planned dates of the two stages (empty = no plan); a plan before signing is a warning."""
PROJECT_DATES = ("signed_on", "commenced_on", "operating_on", "terminated_on", *PROJECT_PLANS)
PROJECT_MONEY = ("contract_value",)

#: Columns of the canonical ``capital`` frame (one row per inflow of realized capital).
CAPITAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "project_id": ("project_id", "项目编号"),
    "received_on": ("received_on", "到位日期"),
    "amount": ("amount", "到位资金", "实际到位资金"),
}
CAPITAL_REQUIRED = ("project_id", "received_on", "amount")
CAPITAL_DATES = ("received_on",)
CAPITAL_MONEY = ("amount",)

#: Money units, by every spelling accepted in a header or as an argument, in yuan.
UNITS: dict[str, float] = {
    "元": 1.0,
    "yuan": 1.0,
    "cny": 1.0,
    "万元": 1e4,
    "wan": 1e4,
    "wan yuan": 1e4,
    "亿元": 1e8,
    "yi": 1e8,
    "yi yuan": 1e8,
    "100m yuan": 1e8,
    "bn yuan": 1e9,
    "bn": 1e9,
    "billion yuan": 1e9,
}

#: Columns of the optional ``investment`` frame (完成投资): completed investment of a project in a month.
INVESTMENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "project_id": ("project_id", "项目编号"),
    "month": ("month", "月份", "统计月份"),
    "amount": ("amount", "完成投资", "完成投资额"),
}
INVESTMENT_REQUIRED = ("project_id", "month", "amount")
INVESTMENT_MONEY = ("amount",)

#: Columns of the optional ``activities`` frame (招商活动台账): one office's outreach log.
ACTIVITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "日期", "活动日期"),
    "kind": ("kind", "类型", "活动类型"),
    "leader": ("leader", "带队领导"),
    "leader_level": ("leader_level", "领导级别"),
    "enterprise": ("enterprise", "企业名称"),
    "project_id": ("project_id", "项目编号"),
    "city": ("city", "城市"),
}
ACTIVITY_REQUIRED = ("date", "kind", "leader", "leader_level", "enterprise")
ACTIVITY_DATES = ("date",)

#: Kinds of activity and leader levels of the outreach log, each with the spellings accepted.
ACTIVITY_KINDS: dict[str, tuple[str, ...]] = {
    "visit_out": ("visit_out", "外出拜访"),
    "visit_in": ("visit_in", "企业来访"),
    "event": ("event", "招商活动"),
}
LEADER_LEVELS: dict[str, tuple[str, ...]] = {
    "main": ("main", "主要领导"),
    "deputy": ("deputy", "分管领导"),
    "other": ("other", "其他"),
}
