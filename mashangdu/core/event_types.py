"""Every event type the code writes, with the Chinese label people see (docs/decisions/0004-events.md).

The event log, its Excel export, the timelines, the admin and the home pages show these labels, never
the codes; the event log filters by them. A test (core/tests/test_event_types.py) reads every
`event_record(verb=...)` in the code and fails on a type missing here.
"""

from __future__ import annotations

# namespace → what its events are about (the group heading in the filter, the prefix in the log)
GROUPS: dict[str, str] = {
    "appeal": "诉求",
    "task": "重点工作",
    "circular": "月度通报",
    "qr": "二维码",
    "window": "窗口评价",
    "workcal": "工作日历",
}

# event type → label. Appeal labels read as a step of the appeal's timeline.
LABELS: dict[str, str] = {
    "appeal.created": "提交诉求",
    "appeal.dispatched": "派单",
    "appeal.rejected": "不予受理",
    "appeal.merged": "合并为重复件",
    "appeal.answered": "即时答复",
    "appeal.assigned": "指定承办人",
    "appeal.signed": "签收",
    "appeal.returned": "申请退单",
    "appeal.return_accepted": "同意退单",
    "appeal.referred_to_office": "转督查室/纪委（涉及单位作风）",
    "appeal.return_rejected": "驳回退单",
    "appeal.contacted": "首次联系诉求人",
    "appeal.co_opinion_given": "协办意见",
    "appeal.extension_requested": "申请延期",
    "appeal.extension_decided": "延期审批",
    "appeal.replied": "答复",
    "appeal.reply_approved": "答复审核通过",
    "appeal.reply_sent_back": "答复被退回",
    "appeal.evaluated": "评价",
    "appeal.reviewed": "复核",
    "appeal.auto_closed": "逾期未评价，自动办结",
    "appeal.urged": "催办",
    "appeal.supervised": "督办",
    "appeal.escalated": "超期升级至督查室",
    "appeal.personal_data_viewed": "查看诉求人信息",
    "task.created": "创建",
    "task.imported": "批量导入",
    "task.report_submitted": "报送进展",
    "task.report_returned": "退回报告",
    "task.report_accepted": "报告审核通过",
    "task.report_urged": "报送到期提醒",
    "task.urged": "催办",
    "task.supervised": "督办",
    "task.struck_off": "销号",
    "circular.created": "创建通报",
    "circular.case_added": "加入典型案例",
    "circular.case_removed": "移出典型案例",
    "circular.generation_started": "开始生成文件",
    "qr.created": "创建二维码",
    "qr.batch_created": "批量创建二维码",
    "qr.enabled": "启用二维码",
    "qr.disabled": "停用二维码",
    "window.rated": "服务评价",
    "workcal.year_imported": "导入年度日历",
}

SEPARATOR = "·"


def group_of(verb: str) -> str:
    namespace = verb.partition(".")[0]
    return GROUPS.get(namespace, "其他")


def label(verb: str) -> str:
    """The short label, as a step within its object's timeline (派单, 销号). An unknown type (written
    by an older version) shows as 其他事件 rather than as a code."""
    return LABELS.get(verb, "其他事件")


def full_label(verb: str) -> str:
    """The label with its group, for lists that mix objects (诉求·催办 vs 重点工作·催办)."""
    return f"{group_of(verb)}{SEPARATOR}{label(verb)}"


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a filter: each group offers "all of it" (the namespace) and its types."""
    grouped: dict[str, list[tuple[str, str]]] = {ns: [(ns, f"全部{name}事件")] for ns, name in GROUPS.items()}
    for verb, text in LABELS.items():
        grouped[verb.partition(".")[0]].append((verb, text))
    return [(GROUPS[ns], options) for ns, options in grouped.items()]


def resolve(value: str) -> list[str] | None:
    """The event types a filter value stands for: a type code, a namespace (every type in it), a full
    label ("诉求·派单"), a group name ("诉求") or a short label ("催办": every type with that label).
    None when it stands for nothing."""
    value = value.strip()
    if not value:
        return None
    if value in LABELS:
        return [value]
    if value in GROUPS:
        return [v for v in LABELS if v.startswith(value + ".")]
    by_group = {name: ns for ns, name in GROUPS.items()}
    if value in by_group:
        return resolve(by_group[value])
    matches = [v for v in LABELS if value in (LABELS[v], full_label(v))]
    return matches or None


def matching(text: str) -> list[str]:
    """Event types whose label contains `text` (for the log's free-text search)."""
    text = text.strip()
    if not text:
        return []
    return [v for v in LABELS if text in full_label(v)]
