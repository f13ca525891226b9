"""Password rules: Django's validators, with the one message Django 5.2 ships untranslated.

Django 5.2 changed the minimum-length message to a `%d` msgid that its Vietnamese catalogue does not
yet translate, so an official would read it in English; this subclass says it with congvu's words.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: it must have at least %(min_length)d character.",
            "This password is too short: it must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
