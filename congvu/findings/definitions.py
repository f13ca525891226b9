"""The signals' definitions page: for each kind, what is measured (the exact rule and its
thresholds), what the pattern may indicate (the legal term and its source) and what it does not
prove.

This is the one place where the legal terms for avoiding responsibility — đùn đẩy, né tránh, sợ
trách nhiệm, làm việc cầm chừng — appear: as what a pattern MAY indicate once a person has read
the unit's explanation, never as what a signal says. Every text here is in the message context
``CONTEXT``; `tests/findings/test_wording.py` allows those terms in that context only.

The thresholds are read from the detectors' defaults (`analytics.findings.Thresholds`,
`analytics.kinds.STALL_SHARE`), so the page says what the detectors do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from congvu.analytics.findings import Thresholds
from congvu.analytics.kinds import REGISTRY, STALL_SHARE

CONTEXT = "signal definitions"  # written out in each call below, for makemessages


@dataclass(frozen=True)
class Definition:
    """The explanation of one kind of signal."""

    code: str
    name: str
    measured: str  # the exact rule, thresholds filled in
    may_indicate: str  # the legal term, as a possibility
    source: str  # where the term comes from
    not_proof: str  # what the pattern does not show


# Legal sources (Vietnamese rules, `shared/domain/vietnam-rules.md` §5), quoted by several kinds.
SOURCE_AVOIDING = pgettext_lazy(
    "signal definitions",
    "Law on Cadres and Civil Servants No. 80/2025/QH15, Art. 14(1): forbidden to “evade, "
    "decline, avoid, push off the duties assigned”; Decree 170/2025/ND-CP, Art. 56(1)(c): "
    "“deliberately delaying, pushing off, avoiding responsibility” is a ground for temporary "
    "suspension; for public employees, Decree 112/2020/ND-CP, Art. 16(4).",
)
SOURCE_DELAYING = pgettext_lazy(
    "signal definitions",
    "Decree 170/2025/ND-CP, Art. 56(1)(c): “deliberately delaying, pushing off, avoiding "
    "responsibility, not doing work within one's competence”. “Working half-heartedly” is the "
    "wording of directives, not an offence the law defines on its own.",
)
SOURCE_AFRAID = pgettext_lazy(
    "signal definitions",
    "Law No. 80/2025/QH15, Art. 14(1) (pushing off, avoiding). “Afraid of responsibility” is the "
    "wording of the directives on encouraging and protecting officials who dare to act "
    "(Conclusion 14-KL/TW of 22/9/2021; Decree 73/2023/ND-CP), not an offence the law defines "
    "on its own.",
)

# Per kind: (measured, may indicate, source, does not prove). The measured text takes the
# thresholds as %(name)s placeholders.
TEXTS: dict[str, tuple[Promise, Promise, Promise, Promise]] = {
    "ping_pong": (
        pgettext_lazy(
            "signal definitions",
            "A hand-over (a transfer or a return; in a log without them, a change of the unit "
            "holding the case) whose receiving unit — or official, within one unit — already held "
            "the task, dossier or project stage: A → B → A, or a longer cycle A → B → C → A. Each "
            "such hand-over is one signal; its evidence is the hand-overs of the cycle.",
        ),
        pgettext_lazy(
            "signal definitions", "Pushing off or avoiding work within one's own duties."
        ),
        SOURCE_AVOIDING,
        pgettext_lazy(
            "signal definitions",
            "A case may rightly go back: it was assigned to the wrong lead unit, it lacked "
            "information, a leader changed the assignment, or the earlier holder is the competent "
            "one. The signal does not say why the case went back nor who was right.",
        ),
    ),
    "transfer_chain": (
        pgettext_lazy(
            "signal definitions",
            "A task handed over between units at least %(transfers)s times (transfers and "
            "returns) before a unit kept it; the days from the assignment to the last hand-over "
            "are shown.",
        ),
        pgettext_lazy(
            "signal definitions", "Pushing off or avoiding work within one's own duties."
        ),
        SOURCE_AVOIDING,
        pgettext_lazy(
            "signal definitions",
            "Work across sectors often has to pass through several units, and the first "
            "assignment may have named the wrong lead unit. The count does not say which unit "
            "passed it on wrongly.",
        ),
    ),
    "refusal": (
        pgettext_lazy(
            "signal definitions",
            "Each return of a task by its lead unit to the assigner, and each refusal by a "
            "coordinating unit of its part, with the reason given. The reason “not in the unit's "
            "mandate” is marked when the task's field is in that unit's own list of mandates.",
        ),
        pgettext_lazy("signal definitions", "Declining or avoiding the duties assigned."),
        SOURCE_AVOIDING,
        pgettext_lazy(
            "signal definitions",
            "Returning work for a good reason (missing information, another body's competence) is "
            "the unit's right and duty. The list of mandates may be out of date and the task's "
            "field may be recorded wrongly.",
        ),
    ),
    "escalation": (
        pgettext_lazy(
            "signal definitions",
            "Each request for a superior's opinion on a kind of decision that, on that day, was "
            "delegated to the requesting official's own post (the register of delegations, with "
            "its legal basis).",
        ),
        pgettext_lazy(
            "signal definitions",
            "Being afraid of responsibility; pushing a decision within one's own competence up to "
            "a superior.",
        ),
        SOURCE_AFRAID,
        pgettext_lazy(
            "signal definitions",
            "Asking may be needed: a complex or cross-sector case, an unclear policy, or a "
            "superior's instruction to be consulted. The register of delegations may be out of "
            "date.",
        ),
    ),
    "stall": (
        pgettext_lazy(
            "signal definitions",
            "The longest time the unit holding a task or dossier recorded no step (from one of its "
            "events to its next, to the next hand-over or to the close; for open work, to the day "
            "of the computation) exceeds %(stall)s of the time allotted (from the assignment to "
            "the deadline in force). For a project stage: the stage runs longer than "
            "%(project)s of its planned time without a step. Durations are counted in working "
            "days (without "
            "Saturdays, Sundays, public holidays, Tết and the province's days off). A reminder "
            "from the office, an answer of a coordinating unit and a refusal to coordinate are not "
            "steps of the holder. The time a dossier waits for the applicant (a supplement or "
            "fees requested, the clock stopped) is not counted.",
        ),
        pgettext_lazy("signal definitions", "Working half-heartedly; deliberate delay."),
        SOURCE_DELAYING,
        pgettext_lazy(
            "signal definitions",
            "The log holds only the steps entered in the system: work may be going on without an "
            "update (meetings, site visits, waiting for another body's document). The signal "
            "measures neither the amount nor the quality of the work.",
        ),
    ),
    "last_minute": (
        pgettext_lazy(
            "signal definitions",
            "Two patterns: (1) the task has progress updates or a completion and all of them fall "
            "in the last %(last)s of the allotted time (in working days, from the assignment to "
            "the deadline in force) or later; (2) the office sent a reminder before any step of "
            "the holder (acceptance, progress, request for input, request for extension, "
            "completion) and the first step came after it.",
        ),
        pgettext_lazy("signal definitions", "Working half-heartedly, acting only when pressed."),
        SOURCE_DELAYING,
        pgettext_lazy(
            "signal definitions",
            "Much work only shows at its end (a document, a decision); a unit may work steadily "
            "and record progress only when done. A reminder may be sent very early.",
        ),
    ),
    "extension_chain": (
        pgettext_lazy(
            "signal definitions",
            "A task whose deadline was extended at least %(extensions)s times; the number of "
            "extensions and the days they added are shown.",
        ),
        pgettext_lazy(
            "signal definitions",
            "Repeated delay of work within one's competence; or a first deadline that was not "
            "realistic.",
        ),
        SOURCE_DELAYING,
        pgettext_lazy(
            "signal definitions",
            "Each extension was granted by a competent person, often for reasons outside the "
            "unit (waiting for opinions, changed requirements, a first deadline that was too "
            "short).",
        ),
    ),
    "late_extension": (
        pgettext_lazy(
            "signal definitions",
            "An extension granted after the deadline in force had passed, or after the task was "
            "completed. Such an extension never turns an overdue task into an on-time one; its "
            "evidence is the grant and the lapsed deadline.",
        ),
        pgettext_lazy(
            "signal definitions",
            "Delay made regular after the fact: an extension is to be requested and granted "
            "before the deadline in force.",
        ),
        SOURCE_DELAYING,
        pgettext_lazy(
            "signal definitions",
            "The grant may carry a recorded reason (for instance a decision signed in time but "
            "entered late); the signal does not judge that reason.",
        ),
    ),
    "slow_coordination": (
        pgettext_lazy(
            "signal definitions",
            "Each request for input with an answer deadline that the requested unit answered after "
            "the end of that day, or has not answered once the day has passed; the working days "
            "of delay are shown.",
        ),
        pgettext_lazy("signal definitions", "Avoiding coordination; not coordinating proactively."),
        pgettext_lazy(
            "signal definitions",
            "Law No. 80/2025/QH15, Art. 7(3) (proactive coordination) and Art. 14(1); the "
            "Government's working rules ask agencies not to avoid coordination and to answer in "
            "writing by the deadline asked.",
        ),
        pgettext_lazy(
            "signal definitions",
            "The answer may have been sent outside the system (a paper letter, a meeting); the "
            "request may be complex or incomplete, or its deadline too short.",
        ),
    ),
    "overdue": (
        pgettext_lazy(
            "signal definitions",
            "A task completed after the end of the day of the deadline in force at its "
            "completion, or still open once that deadline has passed; a cancelled task is not "
            "counted.",
        ),
        pgettext_lazy(
            "signal definitions",
            "Not completing an assigned task on time, which counts in the rating; on its own it "
            "is neither pushing off nor avoiding work.",
        ),
        pgettext_lazy(
            "signal definitions",
            "Decree 335/2025/ND-CP (rating of civil servants by the results of their tasks); "
            "deliberate delay: Decree 170/2025/ND-CP, Art. 56(1)(c).",
        ),
        pgettext_lazy(
            "signal definitions",
            "The cause may be outside the unit: waiting for another unit, missing funds, changed "
            "instructions, an unrealistic deadline.",
        ),
    ),
    "rework": (
        pgettext_lazy(
            "signal definitions",
            "Each time the reviewer sends back a result reported as complete, to be done again; "
            "the round is shown.",
        ),
        pgettext_lazy(
            "signal definitions",
            "A result below what was asked; no legal term of avoidance applies.",
        ),
        pgettext_lazy(
            "signal definitions", "Decree 335/2025/ND-CP (quality of the results in the rating)."
        ),
        pgettext_lazy(
            "signal definitions",
            "The request may have changed after the assignment, or the reviewer may have added "
            "new remarks.",
        ),
    ),
    "repeated_request": (
        pgettext_lazy(
            "signal definitions",
            "A dossier whose applicant was asked for supplements at least %(requests)s times.",
        ),
        pgettext_lazy(
            "signal definitions",
            "The first request did not list everything missing; a dossier asked for supplements "
            "more than once counts as not on time in the Decision 766 indicators.",
        ),
        pgettext_lazy(
            "signal definitions",
            "Decree 118/2025/ND-CP (one request for supplements, listing everything needed); "
            "Decision 766/QD-TTg.",
        ),
        pgettext_lazy(
            "signal definitions",
            "The applicant may have supplied something other than what was asked, or a later "
            "request may concern something new.",
        ),
    ),
}

INTRO = pgettext_lazy(
    "signal definitions",
    "A signal is a pattern in the log of a task, dossier or project stage, stated with its facts "
    "and numbers. It is a question to the unit, not a conclusion: the unit is invited to explain, "
    "a leader reviews, and only a competent person, after the explanation, may conclude that "
    "there was pushing off (đùn đẩy), avoiding (né tránh), being afraid of responsibility (sợ "
    "trách nhiệm) or working half-heartedly (làm việc cầm chừng). The legal route is review, then "
    "if needed temporary suspension (Decree 170/2025/ND-CP, Art. 56), then discipline (Decree "
    "172/2025/ND-CP).",
)
WORKING_DAYS = pgettext_lazy(
    "signal definitions",
    "Durations are counted in working days: Saturdays, Sundays, public holidays, Tết and the "
    "province's extra days off are not counted; swapped working Saturdays are.",
)


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def thresholds() -> dict[str, str]:
    """The detectors' thresholds, as the measured texts quote them."""
    defaults = Thresholds()
    return {
        "transfers": str(defaults.min_transfers),
        "stall": _percent(STALL_SHARE["task"]),
        "project": _percent(STALL_SHARE["project"]),
        "last": _percent(defaults.last_minute_share),
        "extensions": str(defaults.min_extensions),
        "requests": str(defaults.min_requests),
    }


def definitions() -> list[Definition]:
    """Every kind of the registry with its explanation, in the registry's order; a kind without
    an explanation here gets its registry definition as what is measured."""
    values = thresholds()
    result = []
    for kind in REGISTRY:
        texts = TEXTS.get(kind.code)
        if texts is None:
            result.append(Definition(kind.code, kind.name, kind.definition, "", "", ""))
            continue
        measured, may_indicate, source, not_proof = texts
        result.append(
            Definition(
                kind.code,
                kind.name,
                str(measured) % values if "%(" in str(measured) else str(measured),
                str(may_indicate),
                str(source),
                str(not_proof),
            )
        )
    return result
