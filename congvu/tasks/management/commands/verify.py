"""`congvu verify`: recompute the task logs' hash chains and report the first break of each."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congvu.tasks.events import verify_chain
from congvu.tasks.models import Task, TaskEvent


class Command(BaseCommand):
    help = "Check that no task event was altered or removed (tamper evidence for inspectors)."

    def handle(self, *args: Any, **options: Any) -> None:
        breaks = verify_chain()
        for found in breaks:
            message = (
                _("Task %(task)s: event %(seq)s was altered.")
                if found.problem == "altered"
                else _("Task %(task)s: event %(seq)s is missing.")
            )
            self.stdout.write(message % {"task": found.task_id, "seq": found.seq})
        if breaks:
            raise CommandError(
                ngettext(
                    "%(count)s task log is broken.", "%(count)s task logs are broken.", len(breaks)
                )
                % {"count": len(breaks)}
            )
        self.stdout.write(
            _("All %(events)s events of %(tasks)s tasks are intact.")
            % {"events": TaskEvent.objects.count(), "tasks": Task.objects.count()}
        )
