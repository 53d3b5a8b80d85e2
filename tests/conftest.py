"""Test-wide settings.

Under CI (the CI environment variable set, as `.ci/run` is run), hypothesis
draws the same examples on every run (`derandomize`), so a submission's
verdict does not depend on the draw; locally the draw is random, and
tests/fuzz_clean.py runs long randomized searches (docs/safety.md).
"""
import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")
