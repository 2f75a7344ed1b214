"""The timeline comes from the events: staff see names and internal steps; the public sees masked names."""

from mashangdu.appeals import services
from mashangdu.appeals.timeline import timeline
from mashangdu.testing import Org, People


def test_staff_and_public_timelines(people: People, org: Org) -> None:
    appeal = services.appeal_create(
        by=None, kind="help", channel="qr", title="井盖缺失", content="路口井盖丢了。", requester_phone="13912345678"
    )
    services.appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj, note="请当天处理")
    services.appeal_urge(appeal=appeal, by=people.dave, note="群众反映强烈")
    services.appeal_sign(appeal=appeal, by=people.bob)

    staff = timeline(appeal, staff=True)
    assert [(e.label, e.actor) for e in staff] == [
        ("提交诉求", "诉求人"),
        ("派单", "赵爱丽"),
        ("催办", "周大卫"),
        ("签收", "钱宝博"),
    ]
    assert staff[1].detail == "承办单位：县住房和城乡建设局；请当天处理"

    public = timeline(appeal, staff=False)
    assert [(e.label, e.actor) for e in public] == [("提交诉求", "诉求人"), ("派单", "赵**"), ("签收", "钱**")]
    assert public[1].detail == "承办单位：县住房和城乡建设局"  # the dispatch note is for colleagues only
