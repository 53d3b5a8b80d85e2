"""The pre-commit hooks, end to end with the real `pre-commit`: `try-repo` installs this repository
into a new virtual environment (pip, from the package index) and runs the hooks in a git repository
of scraped pages.

`try-repo` takes a repository at a commit (plus the tracked files' uncommitted changes, not new
files), so the tests first snapshot the working tree as it is on disk (tracked and untracked files,
minus what .gitignore excludes) into a one-commit repository: the hooks tested are the code being
tested, committed or not. Each `try-repo` builds its environment afresh; pip's cache keeps the
second and third builds short.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cleanpress

pytest.importorskip("pre_commit", reason="pre-commit is not installed: pip install -e '.[test]'")

ROOT = Path(__file__).resolve().parent.parent
GIT = ["git", "-c", "user.name=cleanpress tests", "-c", "user.email=tests@example.invalid",
       "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]

DIRTY = (
    "Skip to content\n"
    "The council met on Monday to discuss the budget for the coming year.\n"
    "Share\n"
    "Advertisement\n"
)
TIDY = "The harbour master said the new quay would open in the spring, weather permitting.\n"


def git(*args: str, cwd: Path) -> str:
    return subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _project_files() -> list[str]:
    if (ROOT / ".git").exists():
        listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
        return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]
    return [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*")
            if p.is_file() and not any(part.startswith(".venv") or part == "__pycache__" for part in p.parts)]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """This repository's working tree as one commit, for try-repo."""
    snapshot = tmp_path_factory.mktemp("cleanpress-snapshot")
    for name in _project_files():
        if name.startswith(("fixtures/", "tests/", "benchmarks/", "docs/")):
            continue  # not needed to install the hooks
        target = snapshot / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    assert (snapshot / ".pre-commit-hooks.yaml").is_file()
    git("init", "-q", cwd=snapshot)
    git("add", "-A", cwd=snapshot)
    git("commit", "-q", "-m", "snapshot", cwd=snapshot)
    return snapshot


@pytest.fixture
def scraped(tmp_path: Path) -> Path:
    """A git repository of scraped pages: one dirty, one tidy, and a file the hooks must not take."""
    repo = tmp_path / "scraped"
    (repo / "data" / "news").mkdir(parents=True)
    (repo / "data" / "news" / "council.txt").write_text(DIRTY, encoding="utf-8")
    (repo / "data" / "news" / "harbour.txt").write_text(TIDY, encoding="utf-8")
    (repo / "NOTES.md").write_text("Share\nNotes about the crawl.\n", encoding="utf-8")
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "pages", cwd=repo)
    return repo


def try_repo(hook_repo: Path, hook: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(PRE_COMMIT_HOME=str(cwd.parent / "pre-commit-home"),  # not the user's ~/.cache/pre-commit
               PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook, "--all-files",
                           "--color", "never", "--verbose"],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def test_cleanpress_hook_fixes_the_files_then_passes(hook_repo, scraped):
    council = scraped / "data" / "news" / "council.txt"
    first = try_repo(hook_repo, "cleanpress", scraped)
    output = first.stdout + first.stderr
    assert first.returncode == 1, output
    assert "cleanpress" in output and "Failed" in output
    assert "Cleaning data/news/council.txt" in output
    assert "harbour.txt" not in output.replace("files were modified", "")  # tidy page: not rewritten
    assert council.read_text(encoding="utf-8") == cleanpress.clean(DIRTY)
    assert council.read_text(encoding="utf-8") == "The council met on Monday to discuss the budget for the coming year.\n"
    assert (scraped / "data" / "news" / "harbour.txt").read_text(encoding="utf-8") == TIDY
    assert (scraped / "NOTES.md").read_text(encoding="utf-8").startswith("Share\n")  # not a .txt file

    second = try_repo(hook_repo, "cleanpress", scraped)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout


def test_cleanpress_check_hook_fails_without_touching_files(hook_repo, scraped):
    council = scraped / "data" / "news" / "council.txt"
    before = council.read_bytes()
    result = try_repo(hook_repo, "cleanpress-check", scraped)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Failed" in output and "Would clean data/news/council.txt" in output
    assert council.read_bytes() == before
    assert git("status", "--porcelain", cwd=scraped) == ""  # nothing modified


def readme_example() -> str:
    """The .pre-commit-config.yaml the README shows."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```yaml\n# .pre-commit-config.yaml\n") + len("```yaml\n")
    return readme[start:readme.index("```", start)]


def test_the_readme_example_cleans_only_the_text_files_of_its_folder(hook_repo, scraped):
    """`files` replaces the hook's own filter: the README's pattern must keep `.txt` in it, or the
    hook rewrites a CSV, a README and the profile in the data folder (issue 22)."""
    data = scraped / "data"
    others = {data / "index.csv": "id,label\n1,Share\n2,Advertisement\n",
              data / "README.md": "Share\n\nPages of the council's news, crawled weekly.\n"}
    for path, text in others.items():
        path.write_text(text, encoding="utf-8")
    learnt = subprocess.run([str(Path(sys.executable).with_name("cleanpress")), "learn", str(data / "news"), "--site", "news",
                             "-o", str(data / "site.json")], capture_output=True, text=True)
    assert learnt.returncode == 0, learnt.stderr
    others[data / "site.json"] = (data / "site.json").read_text(encoding="utf-8")
    commit = git("rev-parse", "HEAD", cwd=hook_repo).strip()
    config = readme_example()
    assert "files: ^data/.*\\.txt$" in config
    config = "\n".join(f"  - repo: {hook_repo}" if "- repo:" in line else
                       f"    rev: {commit}" if line.strip().startswith("rev:") else line
                       for line in config.splitlines()) + "\n"
    (scraped / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    git("add", "-A", cwd=scraped)
    git("commit", "-q", "-m", "config", cwd=scraped)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(PRE_COMMIT_HOME=str(scraped.parent / "pre-commit-home"), PIP_DISABLE_PIP_VERSION_CHECK="1",
               PIP_NO_INPUT="1")
    result = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                            cwd=scraped, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 1, result.stdout + result.stderr  # it cleaned the dirty page
    assert (data / "news" / "council.txt").read_text(encoding="utf-8") == cleanpress.clean(DIRTY)
    for path, text in others.items():
        assert path.read_text(encoding="utf-8") == text, path.name
