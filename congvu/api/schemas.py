"""Schema pieces the routers share.

Every model names its state enum `Status` (a task's, a finding's, an extension request's…), and
the OpenAPI components are keyed by class name: generated one response at a time, each would be
"Status", and the last one written would describe them all (a task's "done" then broke the schema
of a finding's status). `inline_choices` writes such an enum into the schema where it is used.
"""

from __future__ import annotations

from django.db import models
from pydantic import WithJsonSchema


def inline_choices(choices: type[models.TextChoices]) -> WithJsonSchema:
    """The enum's values in place, instead of a reference to a shared component."""
    return WithJsonSchema({"type": "string", "enum": [str(value) for value in choices.values]})
