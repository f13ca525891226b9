"""Who may open each page of the main menu, and the menu itself.

One rule per page: the page's view enforces it (403 with the rule's reason, in the reader's
language) and the menu obeys it (the link is shown only to those it lets in), so the menu cannot
lead anyone to a refusal. A rule reads the request's `Viewer`, whose posts are loaded once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.urls import ResolverMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congvu.org.access import sees_everything
from congvu.org.middleware import OfficialRequest
from congvu.web.views.common import Viewer, viewer


class Refused(PermissionDenied):
    """A refusal that says why (the 403 page shows `reason` under its title)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PageRule:
    """Who may open a page, and the sentence that tells everyone else why they may not."""

    allows: Callable[[Viewer], bool]
    reason: Promise

    def require(self, request: OfficialRequest) -> Viewer:
        """The request's Viewer, or `Refused` with the reason."""
        me = viewer(request)
        if not self.allows(me):
            raise Refused(str(self.reason))
        return me


OVERVIEW = PageRule(
    lambda me: me.can_see_overview,
    _(
        "The overview compares units: it opens for the leaders of a People's Committee, the "
        "heads of units, the office of the People's Committee and inspectors."
    ),
)
ASSIGN = PageRule(
    lambda me: me.can_assign,
    _(
        "Tasks are assigned by the office of the People's Committee and by its leaders; "
        "inspectors read but do not assign."
    ),
)
REPORTS = PageRule(
    lambda me: me.can_report,
    _(
        "The monthly report is made by the leaders, the office of the People's Committee and "
        "inspectors."
    ),
)
RECEPTION = PageRule(
    lambda me: me.receives_dossiers,
    _(
        "Dossiers are received at the counter by the staff of a public service centre; none of "
        "your posts is in one."
    ),
)
INVESTMENT = PageRule(
    lambda me: me.sees_projects,
    _(
        "The investment pages show the projects your units invest in, run or oversee; none of "
        "your units has one."
    ),
)
PROVINCE_RATINGS = PageRule(
    # people.access.reads_all, with Sở Nội vụ's posts looked up once per request
    lambda me: sees_everything(me.official, me.scope) or me.is_personnel,
    _(
        "The province's ratings are read by the Department of Home Affairs, the province's "
        "leaders and inspectors; your own rating is under Ratings."
    ),
)
STREAMLINING = PageRule(
    lambda me: me.is_personnel or me.is_inspector,  # people.review.may_read
    _("The streamlining review is kept by the Department of Home Affairs and read by inspectors."),
)


def everyone(me: Viewer) -> bool:
    return True


@dataclass(frozen=True)
class Link:
    """One entry of the menu: the page (URL name), its label, who may open it, and the URL
    names or namespaces of the pages that mark it as the current one."""

    url_name: str
    label: Promise
    allows: Callable[[Viewer], bool] = everyone
    current: tuple[str, ...] = ()

    def is_current(self, match: ResolverMatch | None) -> bool:
        if match is None:
            return False
        names = self.current or (self.url_name,)
        return match.view_name in names or (match.namespace or "-") in names


@dataclass(frozen=True)
class Group:
    """A drop-down of the menu: shown when at least one of its links is."""

    label: Promise
    links: tuple[Link, ...]


def _not_inspector(me: Viewer) -> bool:
    # Nothing waits on an inspector, who reads and does not act.
    return not me.is_inspector


MENU: tuple[Link | Group, ...] = (
    Link("overview", _("Overview"), OVERVIEW.allows),
    Link("my_work", _("My work"), _not_inspector),
    Group(
        _("Tasks"),
        (
            Link("task_list", _("All tasks"), current=("task_list", "task_detail")),
            Link("task_create", _("Assign a task"), ASSIGN.allows),
            Link("reports:page", _("Monthly report"), REPORTS.allows, current=("reports",)),
        ),
    ),
    Link("findings:list", _("Signals"), current=("findings",)),
    Group(
        _("Dossiers"),
        (
            Link("dossiers:receive", _("Receive a dossier"), RECEPTION.allows),
            Link("dossiers:dashboard", _("Dossier dashboard")),
            Link("dossiers:list", _("All dossiers"), current=("dossiers:list", "dossiers:detail")),
        ),
    ),
    Group(
        _("Public investment"),
        (
            Link("investment_dashboard", _("Disbursement"), INVESTMENT.allows),
            Link(
                "investment_projects",
                _("Projects"),
                INVESTMENT.allows,
                current=("investment_projects", "investment_project"),
            ),
        ),
    ),
    Group(
        pgettext_lazy("menu", "Officials"),
        (
            Link("people:mine", _("My ratings"), current=("people:mine", "people:detail")),
            Link("people:province", _("Province's ratings"), PROVINCE_RATINGS.allows),
            Link("people:streamlining", _("Streamlining review"), STREAMLINING.allows),
            Link("rewards:list", _("Rewards"), current=("rewards",)),
            Link("discipline:list", _("Discipline"), current=("discipline",)),
            Link("innovation:list", _("Innovation"), current=("innovation",)),
        ),
    ),
)


@dataclass(frozen=True)
class ShownLink:
    label: str
    url: str
    is_current: bool


@dataclass(frozen=True)
class ShownGroup:
    label: str
    links: list[ShownLink]

    @property
    def is_current(self) -> bool:
        return any(link.is_current for link in self.links)


def _shown(link: Link, me: Viewer, match: ResolverMatch | None) -> ShownLink | None:
    if not link.allows(me):
        return None
    return ShownLink(str(link.label), reverse(link.url_name), link.is_current(match))


def menu_for(request: OfficialRequest) -> list[ShownLink | ShownGroup]:
    """The menu as the request's official sees it: only the pages they may open."""
    me = viewer(request)
    match = request.resolver_match
    items: list[ShownLink | ShownGroup] = []
    for item in MENU:
        if isinstance(item, Link):
            shown = _shown(item, me, match)
            if shown is not None:
                items.append(shown)
            continue
        links = [s for s in (_shown(link, me, match) for link in item.links) if s is not None]
        if len(links) == 1:  # a drop-down of one: the group's name links to it
            items.append(ShownLink(str(item.label), links[0].url, links[0].is_current))
        elif links:
            items.append(ShownGroup(str(item.label), links))
    return items
