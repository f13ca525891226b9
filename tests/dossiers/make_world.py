"""Build a small province with a few hundred demo dossiers in the database the environment names
(for the browser test, or to look at the pages by hand)."""

import datetime as dt
import random

import django

django.setup()

from django.utils import timezone  # noqa: E402  (needs the app registry)

from congvu.dossiers.demo import build_dossier_demo  # noqa: E402
from tests.dossiers.conftest import build_desk  # noqa: E402

if __name__ == "__main__":
    build_desk()
    today = timezone.localdate()
    result = build_dossier_demo(rng=random.Random(11), today=today, count=400)
    print("dossiers", result.dossiers, dt.date.today().isoformat())  # noqa: DTZ011
