"""Build the small world of `tests.e2e.world` in the database the environment names."""

import django

django.setup()

from tests.e2e.world import build_world  # noqa: E402  (needs the app registry)

if __name__ == "__main__":
    build_world()
    print("world built")
