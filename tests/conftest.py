"""Test-wide settings.

Under CI (the CI environment variable set, as `.ci/run` is run), hypothesis
draws the same examples on every run (`derandomize`), so a submission's
verdict does not depend on the draw; locally the draw is random, and
tests/fuzz_clean.py runs long randomized searches (docs/safety.md).
"""
import atexit
import os
import shutil
import tempfile

from hypothesis import settings

# The stopword index's cache (cleanpress.stopwords) goes to a folder of this run, removed at its end,
# not the user's ~/.cache; the CLI's child processes inherit it.
_CACHE = tempfile.mkdtemp(prefix="cleanpress-test-cache-")
os.environ["CLEANPRESS_CACHE"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")
