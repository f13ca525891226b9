"""Settings of the browser test's server: the project's, with the dossier pages mounted."""

from congvu.settings import *  # noqa: F403

ROOT_URLCONF = "tests.dossiers.urls"
