from congvu.core.eventlog import log_named, verify_log
from congvu.tasks.actions import accept_task, assign_task, transfer_task
from tests.factories import make_task


def test_a_task_flows_and_its_chain_verifies(province):
    task = make_task(province, coordinating_units=[province.finance])
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)
    transfer_task(
        task, to_unit=province.finance, by=province.head, reason="Thuộc thẩm quyền Sở Tài chính"
    )

    assert [e.activity for e in task.events.order_by("seq")] == [
        "create",
        "accept",
        "assign",
        "transfer",
    ]
    assert verify_log(log_named("task")).breaks == []
