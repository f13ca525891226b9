"""Forms of the task pages: the list's filters, the assign form and one form per task action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.core.ids import MAX_ID, MIN_ID
from congvu.org.models import DecisionKind, Field, Official, Unit
from congvu.tasks.access import assignees_for, escalation_targets, transfer_targets
from congvu.tasks.deadlines import is_late_grant
from congvu.tasks.models import DirectiveDocument, ReturnReason, Task
from congvu.tasks.queries import Category, Period
from congvu.web.forms.choices import ModelChoiceField
from congvu.web.forms.units import UnitTreeField, UnitTreeMultipleField
from congvu.web.forms.widgets import Select

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}


class DateInput(forms.DateInput):
    """A text date input shown and read as dd/mm/yyyy (the browser's own picker varies)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={**DATE_ATTRS, **(attrs or {})}, format="%d/%m/%Y")


def date_field(label: StrOrPromise, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


# --- The task list's filters -------------------------------------------------------------------


class TaskFilterForm(forms.Form):
    """The query string of a task list (and of its Excel export)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Task.Status.choices],
        widget=Select,
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[
            ("", _("Any category")),
            ("counted", _("Any of the four categories")),
            *Category.LABELS.items(),
        ],
        widget=Select,
    )
    field = ModelChoiceField(
        label=_("Field"),
        required=False,
        queryset=Field.objects.all(),
        empty_label=_("Any field"),
        widget=Select,
    )
    unit = UnitTreeField(
        label=_("Unit"), required=False, queryset=Unit.objects.none(), empty_label=_("Any unit")
    )
    involvement = forms.ChoiceField(
        label=_("Role of the unit"),
        required=False,
        choices=[
            ("", _("Lead or coordinating")),
            ("lead", _("Lead")),
            ("coordinating", _("Coordinating")),
        ],
        widget=Select,
    )
    # The tasks a unit leads itself, without its sub-units (from the overview's own row).
    unit_only = forms.IntegerField(
        required=False, min_value=MIN_ID, max_value=MAX_ID, widget=forms.HiddenInput
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    due_within = forms.IntegerField(
        label=_("Due within (days)"), required=False, min_value=0, max_value=3650
    )
    start = date_field(_("Assigned from"), required=False)
    end = date_field(_("Assigned to"), required=False)
    as_of = date_field(_("As of"), required=False)
    # From the overview's links: the period's tasks include those carried over into it.
    carried = forms.BooleanField(required=False, widget=forms.HiddenInput)
    basis = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[("", _("Deadline in force")), ("original", _("Original deadline"))],
        widget=Select,
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[("", _("Deadline, earliest first")), ("-due", _("Deadline, latest first"))],
        widget=Select,
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise ValidationError(_("The start of the period must come before its end."))
        return data

    def period(self) -> Period | None:
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start is None and end is None:
            return None
        return Period(start or dt.date(1900, 1, 1), end or dt.date(9999, 12, 30))


# --- The assign form (giao nhiệm vụ) -----------------------------------------------------------


# The assign page lists only the newest documents; the others are found by the search box
# (`tasks.queries.documents_matching`), so the page stays small however many there are.
RECENT_DOCUMENTS = 20


def document_label(document: DirectiveDocument) -> str:
    """ "123/UBND-TH, 03/04/2025: Về việc …" (the summary cut to a line)."""
    summary = document.summary if len(document.summary) <= 90 else document.summary[:89] + "…"
    return f"{document.number}, {document.issued_on:%d/%m/%Y}: {summary}"


class _ShownDocuments(ModelChoiceIterator):
    field: DocumentChoiceField

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        for document in field.shown:
            yield self.choice(document)

    def __len__(self) -> int:
        return len(self.field.shown) + (1 if self.field.empty_label is not None else 0)


class DocumentChoiceField(ModelChoiceField[DirectiveDocument]):
    """Accepts any document of its queryset but offers only `shown` (the newest, the one chosen,
    or a search's matches), which the assign page's search box replaces as one types."""

    iterator = _ShownDocuments
    shown: list[DirectiveDocument] = []

    def label_from_instance(self, obj: DirectiveDocument) -> str:
        return document_label(obj)


def _shown_documents(
    documents: QuerySet[DirectiveDocument], chosen: object
) -> list[DirectiveDocument]:
    """The newest documents, and the chosen one when it is not among them."""
    shown = list(documents.order_by("-issued_on", "number", "pk")[:RECENT_DOCUMENTS])
    if not (isinstance(chosen, str) and chosen.isdigit() and int(chosen) <= MAX_ID):
        return shown
    if all(document.pk != int(chosen) for document in shown):
        shown = list(documents.filter(pk=int(chosen))) + shown
    return shown


class CreateTaskForm(forms.Form):
    """A new task from a directive document: one lead unit, any coordinating units."""

    title = forms.CharField(label=_("Task"), max_length=500, widget=forms.Textarea({"rows": 2}))
    description = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea({"rows": 3})
    )
    document = DocumentChoiceField(
        label=_("Existing directive document"),
        required=False,
        queryset=DirectiveDocument.objects.none(),
        empty_label=_("— enter a new document below —"),
        widget=Select,
    )
    document_number = forms.CharField(
        label=_("Document number"),
        required=False,
        max_length=64,
        widget=forms.TextInput({"placeholder": "123/UBND-TH"}),
    )
    document_date = date_field(_("Document date"), required=False)
    document_signer = forms.CharField(label=_("Signed by"), required=False, max_length=120)
    field = ModelChoiceField(
        label=_("Field"), queryset=Field.objects.all(), empty_label=_("— choose —"), widget=Select
    )
    lead_unit = UnitTreeField(
        label=_("Lead unit"), queryset=Unit.objects.none(), empty_label=_("— choose —")
    )
    coordinating_units = UnitTreeMultipleField(
        label=_("Coordinating units"), required=False, queryset=Unit.objects.none()
    )
    supervisor = ModelChoiceField(
        label=_("Supervising leader"),
        required=False,
        queryset=Official.objects.none(),
        empty_label=_("— none —"),
        widget=Select,
    )
    due = date_field(_("Deadline"))

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        documents: QuerySet[DirectiveDocument],
        leaders: QuerySet[Official],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["coordinating_units"].queryset = units  # type: ignore[attr-defined]
        document_field: DocumentChoiceField = self.fields["document"]  # type: ignore[assignment]
        document_field.queryset = documents
        document_field.shown = _shown_documents(documents, self.data.get("document"))
        self.fields["supervisor"].queryset = leaders  # type: ignore[attr-defined]

    def clean_due(self) -> dt.date:
        due: dt.date = self.cleaned_data["due"]
        if due < timezone.localdate():
            raise ValidationError(_("The deadline cannot be in the past."))
        return due

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = data.get("document_number", "").strip()
        if data.get("document") and number:
            raise ValidationError(_("Pick an existing document or enter a new one, not both."))
        if number:
            if not data.get("document_date"):
                self.add_error("document_date", _("Give the date of the document."))
            if not data.get("document_signer", "").strip():
                self.add_error("document_signer", _("Give who signed the document."))
        return data


# --- One form per task action; each carries the task's version (optimistic locking) -------------


class ActionForm(forms.Form):
    """Base of the action forms: the version of the task the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, task: Task, official: Official, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("version", task.version)
        super().__init__(*args, **kwargs)
        self.task = task
        self.official = official


def note_field(label: StrOrPromise = "", *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label or _("Note"), required=required, widget=forms.Textarea({"rows": 2})
    )


class NoteForm(ActionForm):
    note = note_field()


class RequiredNoteForm(ActionForm):
    note = note_field(_("Reason"), required=True)


class AssignForm(ActionForm):
    to = ModelChoiceField(label=_("Official"), queryset=Official.objects.none(), widget=Select)
    note = note_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = assignees_for(self.task, timezone.localdate())
        self.fields["to"].queryset = members.order_by("full_name")  # type: ignore[attr-defined]


class ProgressForm(ActionForm):
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = note_field(_("What was done"), required=True)


class RequestInputForm(ActionForm):
    to_unit = ModelChoiceField(
        label=_("Coordinating unit"), queryset=Unit.objects.none(), widget=Select
    )
    question = note_field(_("What you need"), required=True)
    answer_due = date_field(_("Answer by"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = self.task.coordinating_units.all()  # type: ignore[attr-defined]


class RespondInputForm(ActionForm):
    request = forms.IntegerField(widget=forms.HiddenInput)
    answer = note_field(_("Answer"), required=True)


class ReasonForm(ActionForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=ReturnReason.choices, widget=Select)
    note = note_field(_("Explanation"))


class RequestExtensionForm(ActionForm):
    new_due = date_field(_("New deadline"))
    reason = note_field(_("Reason"), required=True)


class GrantExtensionForm(ActionForm):
    """Grant an extension; once the deadline in force has passed (or the result awaits approval)
    the form asks for the reason the extension is granted late (`actions.grant_extension`)."""

    request = forms.IntegerField(widget=forms.HiddenInput)
    new_due = date_field(_("New deadline (empty: as requested)"), required=False)
    late_reason = note_field(_("Reason for granting late"), required=True)
    note = note_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_late_grant(
            day=timezone.localdate(),
            due_before=self.task.due,
            completed=self.task.status == Task.Status.COMPLETED,
        ):
            self.fields["late_reason"].help_text = _(
                "The deadline in force has passed or the result was reported complete: this "
                "extension is recorded as granted late and does not make an overdue task on time."
            )
        else:
            del self.fields["late_reason"]


class RefuseExtensionForm(ActionForm):
    request = forms.IntegerField(widget=forms.HiddenInput)
    note = note_field(_("Reason for refusing"), required=True)


class TransferForm(ActionForm):
    to_unit = ModelChoiceField(label=_("Transfer to"), queryset=Unit.objects.none(), widget=Select)
    reason = note_field(_("Reason"), required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = transfer_targets(self.task, timezone.localdate())
        self.fields["to_unit"].queryset = units.exclude(pk=self.task.lead_unit_id)  # type: ignore[attr-defined]


class EscalateForm(ActionForm):
    to = ModelChoiceField(
        label=_("Superior asked"),
        queryset=Official.objects.none(),
        empty_label=_("Choose a leader"),
        widget=Select,
    )
    question = note_field(_("Question"), required=True)
    # The kind of delegated decision the question is about: with it, the escalation detector can
    # see whether the asker's post was allowed to decide alone (congvu.analytics.escalation).
    decision_kind = ModelChoiceField(
        label=_("Decision kind"),
        queryset=DecisionKind.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Not a kind of decision that has been delegated"),
        help_text=_(
            "If the question is about a kind of decision that has been delegated, choose it: the "
            "system can then check whether your post may decide it without asking."
        ),
        error_messages={
            "invalid_choice": _("Unknown decision kind; choose one from the list."),
        },
        widget=Select,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The choices are the action's own rule (`escalation_targets`); it checks again on POST.
        superiors = escalation_targets(self.task, self.official, timezone.localdate())
        self.fields["to"].queryset = superiors.order_by("full_name")  # type: ignore[attr-defined]


class AnswerEscalationForm(ActionForm):
    escalation = forms.IntegerField(widget=forms.HiddenInput)
    answer = note_field(_("Answer"), required=True)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class CompleteForm(ActionForm):
    result = note_field(_("Result"), required=True)
    attachments = MultipleFileField(label=_("Attachments"), required=False)
