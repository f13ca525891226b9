import datetime as dt
import random

from congvu.investment.demo import build_investment_demo
from congvu.investment.models import PlantedBehaviour, Project, Stage, StageKind
from congvu.investment.queries import slow_projects
from tests.factories import make_official, make_unit
from tests.investment.conftest import TODAY


def test_demo_builds_projects_with_planted_stalls_through_the_actions(investment):
    # A second ward with staff, so that projects spread over communes.
    ward = make_unit("Ủy ban nhân dân xã Quảng La", parent=investment.province.province_pc,
                     kind="commune_pc")  # fmt: skip
    make_official("Trịnh Văn Sơn", unit=ward, role="head", position="Chủ tịch")
    done = []

    truth = build_investment_demo(rng=random.Random(1), today=TODAY, count=14, progress=done.append)

    assert Project.objects.count() == 14 == truth.projects == len(done)
    stuck = PlantedBehaviour.objects.filter(kind=PlantedBehaviour.Kind.STUCK_SITE_CLEARANCE)
    assert stuck.count() == len(truth.stuck_site_clearance) >= 1
    for planted in stuck:
        clearance = Stage.objects.get(project=planted.project, kind=StageKind.SITE_CLEARANCE)
        assert clearance.actual_end is None
        assert clearance.planned_end < TODAY
    # Every project has its creation event; the log is in time order.
    for project in Project.objects.all():
        events = list(project.events.order_by("seq").values_list("ts", flat=True))
        assert events == sorted(events)
    # The stuck projects that have a plan this year are flagged slow.
    slow = {row.project.code for row in slow_projects(Project.objects.all(), year=2026,
                                                       as_of=TODAY)}  # fmt: skip
    with_plan = set(
        Project.objects.filter(code__in=truth.stuck_site_clearance, plans__year=2026).values_list(
            "code", flat=True
        )
    )
    assert with_plan <= slow


def test_demo_is_reproducible(investment):
    first = build_investment_demo(rng=random.Random(3), today=TODAY, count=5)
    names = list(Project.objects.order_by("code").values_list("name", "total_investment_vnd"))

    assert len(names) == 5
    assert first.projects == 5
    assert dt.date(2026, 9, 15) == TODAY
