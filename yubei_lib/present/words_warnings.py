"""The words of the warnings (figure 21) and of the supervising list (督办清单), in English and Chinese.

Part of the one catalogue (:data:`yubei_lib.present.words.CATALOGUE` takes them in); kept
apart only so that no file grows past reading length. Red always means overdue and yellow
a warning; the marks ■ and ▲ stand beside the colours, so a black-and-white print loses
nothing.
"""

from __future__ import annotations

WARNING_WORDS: dict[str, dict[str, str]] = {
    # names of the warning counts (keys of ``yubei metrics``)
    "warning_red_count": {"en": "Projects with a red warning", "zh": "红色预警项目数"},
    "warning_yellow_count": {"en": "Projects with a yellow warning", "zh": "黄色预警项目数"},
    # statuses and stages
    "warn_red": {"en": "Red", "zh": "红色预警"},
    "warn_yellow": {"en": "Yellow", "zh": "黄色预警"},
    "warn_red_meaning": {"en": "Red: overdue", "zh": "红色预警：已逾期"},
    "warn_yellow_meaning": {"en": "Yellow: due soon", "zh": "黄色预警：临近期限"},
    "stage_commencement": {"en": "Commencement", "zh": "开工"},
    "stage_operation": {"en": "Operation", "zh": "投产"},
    # columns of the list and of the counts per unit
    "warning": {"en": "Warning", "zh": "预警"},
    "due_date": {"en": "Due", "zh": "应完成日期"},
    "due_basis": {"en": "Basis", "zh": "依据"},
    "overdue_or_left": {"en": "Overdue or left", "zh": "逾期或剩余"},
    "months_overdue_signed": {"en": "Months overdue (negative: months left)", "zh": "逾期月数（负数为剩余月数）"},
    "warn_newly_red": {"en": "Newly red", "zh": "新增红灯"},
    "warn_cleared": {"en": "Cleared", "zh": "已销号"},
    "warn_still_red": {"en": "Still red", "zh": "仍为红灯"},
    "no_unit": {"en": "No unit", "zh": "未明确单位"},
    "district_total": {"en": "District total", "zh": "全区合计"},
    # cells
    "basis_plan_commencement": {"en": "Planned commencement", "zh": "计划开工日期"},
    "basis_plan_operation": {"en": "Planned operation", "zh": "计划投产日期"},
    "basis_deadline": {"en": "{n} months after signing", "zh": "签约满{n}个月"},
    "overdue_months": {"en": "{n} months overdue", "zh": "逾期{n}个月"},
    "overdue_one_month": {"en": "1 month overdue", "zh": "逾期1个月"},
    "overdue_under_a_month": {"en": "overdue, under a month", "zh": "逾期不足1个月"},
    "due_within_months": {"en": "due within {n} months", "zh": "{n}个月内到期"},
    "due_within_a_month": {"en": "due within a month", "zh": "1个月内到期"},
    # the page: tiles, messages, captions
    "warnings_heading": {"en": "Warnings", "zh": "项目预警"},
    "tile_red_rule": {"en": "Plan missed {w} months ago or more, or lagging",
                      "zh": "计划日期已过{w}个月以上，或已滞后"},
    "tile_yellow_rule": {"en": "A plan just missed, or lagging within {w} months",
                         "zh": "计划日期刚过，或{w}个月内将滞后"},
    "tile_red_change": {"en": "{change}; newly red {newly}, cleared {cleared}",
                        "zh": "{change}：新增红灯{newly}个、已销号{cleared}个"},
    "msg_warnings": {"en": "Warnings: projects red (overdue) {red}, yellow (due soon) {yellow}; since last quarter "
                           "end, newly red {newly}, cleared {cleared}, still red {still}.",
                     "zh": "项目预警：红色预警项目{red}个（已逾期）、黄色预警项目{yellow}个（临近期限）；与上季末相比，"
                           "新增红灯{newly}个、已销号{cleared}个、仍为红灯{still}个。"},
    "msg_warnings_none": {"en": "Warnings: no project is red or yellow; cleared since last quarter end: {cleared}.",
                          "zh": "项目预警：无红色、黄色预警项目；较上季末已销号{cleared}个。"},
    "warnings_legend": {"en": "■ Red: overdue, a plan missed {w} months ago or more, or lagging (not commenced {c} "
                              "months after signing, or not in operation after {o}). ▲ Yellow: a warning, a plan "
                              "missed less than {w} months ago, or lagging within {w} months.",
                        "zh": "■ 红色预警：已逾期，即计划日期已过{w}个月以上，或已滞后（签约满{c}个月未开工、满{o}个月未投产）。"
                              "▲ 黄色预警：临近期限，即计划日期已过但不足{w}个月，或{w}个月内将滞后。"},
    "warnings_caption": {"en": "Stages to act on: {n} (red {red}, yellow {yellow}), by responsible unit, most red "
                               "first",
                         "zh": "需督办事项{n}项（红色预警{red}项、黄色预警{yellow}项），按责任单位排列，红色预警多者在前"},
    "warnings_caption_unit": {"en": "Stages to act on: {n} (red {red}, yellow {yellow}), red first, most overdue first",
                              "zh": "需督办事项{n}项（红色预警{red}项、黄色预警{yellow}项），红色预警在前，逾期久者在前"},
    "warnings_unit_head": {"en": "{unit}: red {red}, yellow {yellow}; since last quarter end, newly red {newly}, "
                                 "cleared {cleared}, still red {still}",
                           "zh": "{unit}：红色预警{red}个、黄色预警{yellow}个；较上季末新增红灯{newly}个、已销号{cleared}个、"
                                 "仍为红灯{still}个"},
    "warnings_units_caption": {"en": "Projects per responsible unit, each by its worse stage; since last quarter end "
                                     "({date}): newly red, cleared (red then, not now) and still red",
                               "zh": "各责任单位项目数（每个项目按较重的阶段计）；与上季末（{date}）相比：新增红灯、"
                                     "已销号（上季末为红灯、现已消除）、仍为红灯"},
    "no_warnings_now": {"en": "No project is red or yellow.", "zh": "无红色、黄色预警项目。"},
    "warnings_files_note": {"en": "Each responsible unit's list, to forward as it is, is in the report's folder "
                                  "“{folder}”: a workbook, and a PDF to print; the whole list is in the report's "
                                  "workbook.",
                            "zh": "各责任单位的督办清单保存在本报告目录的“{folder}”文件夹中（每个单位一个工作簿及可打印文件），"
                                  "可直接转发；完整清单见本报告的表格工作簿。"},
    "warnings_more": {"en": "... and {n} more: the whole list is in the report's workbook",
                      "zh": "……另有{n}项，完整清单见本报告的表格工作簿"},
    # the set's files
    "supervision_folder": {"en": "supervision", "zh": "督办"},
    "supervision_title": {"en": "Supervision list · {district} · {period} · {unit}",
                          "zh": "{district}{period}督办清单：{unit}"},
    "supervision_counts": {"en": "As of {date}, projects red: {red}, yellow: {yellow}; since last quarter end, "
                                 "newly red: {newly}, cleared: {cleared}, still red: {still}",
                           "zh": "截至{date}：红色预警项目{red}个、黄色预警项目{yellow}个；较上季末新增红灯{newly}个、"
                                 "已销号{cleared}个、仍为红灯{still}个"},
    "supervision_lists": {"en": "Supervision lists", "zh": "督办清单"},
    "supervision_units": {"en": "{n} unit(s)", "zh": "{n}个单位"},
    "tables_workbook": {"en": "Workbook of the tables", "zh": "表格工作簿"},
    "sheet_warnings": {"en": "Warnings", "zh": "项目预警"},
    "xlsx": {"en": "workbook", "zh": "工作簿"},
}
"""Key -> {"en": ..., "zh": ...}; some hold ``{placeholders}`` for :meth:`str.format`."""
