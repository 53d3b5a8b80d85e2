"""Configuration: [tool.cleanpress] found above the inputs, validated, overridden by flags; user patterns; Cleaner."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import cleanpress
from cleanpress import Cleaner, Config, ConfigError, PatternError, config
from cleanpress.cli import main

PAGE = (
    "Pictured: Reuters\n"
    "The council met on Monday to discuss the budget for the coming year.\n"
    "Share\n"
    "Update: the vote was moved to Friday.\n"
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project whose pyproject drops photo credits and never lets 'Share' go."""
    (tmp_path / ".git").mkdir()  # the repository root: the search for pyproject.toml stops here
    write(tmp_path / "pyproject.toml", "[project]\nname = 'scraped'\n\n[tool.cleanpress]\n"
          "drop_patterns = ['^Pictured: ']\nkeep_patterns = ['^Share$']\n"
          "[tool.cleanpress.passes.repeated-blocks]\nmin_line_chars = 80\n")
    write(tmp_path / "data" / "site" / "page.txt", PAGE)
    return tmp_path


# --- reading and validating -----------------------------------------------------------

def test_nearest_pyproject_above_the_inputs_is_used(project):
    found = config.find([project / "data" / "site" / "page.txt"])
    assert found == project / "pyproject.toml"
    loaded = config.load(found)
    assert loaded.drop_patterns == ("^Pictured: ",) and loaded.keep_patterns == ("^Share$",)
    assert loaded.option("repeated-blocks", "min_line_chars") == 80
    assert loaded.option("repeated-blocks", "min_run") == 3  # the pass's default


def test_search_stops_at_the_repository_root(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.cleanpress]\nskip = ['page-structure']\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    page = write(repo / "data" / "a.txt", PAGE)
    assert config.find([page]) is None
    assert config.discover([page]) == Config()


def test_a_pyproject_without_our_table_is_passed_over(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.cleanpress]\nskip = ['page-structure']\n")
    write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    page = write(tmp_path / "sub" / "a.txt", PAGE)
    assert config.find([page]) == tmp_path / "pyproject.toml"


@pytest.mark.parametrize("toml, fragments", [
    ("colour = 'red'\n", ["unknown key 'colour'", "valid keys: skip, only, passes, drop_patterns"]),
    ("skip = ['nope']\n", ["skip: unknown pass 'nope'", "valid passes: user-patterns, empty-fragments"]),
    ("skip = 'page-structure'\n", ["skip: give a list of strings"]),
    ("site_by = 'moon'\n", ["site_by: 'moon' is not one of folder, host, none"]),
    ("pattern_timeout = 0\n", ["pattern_timeout: 0 is not a number of seconds > 0"]),
    ("drop_patterns = ['(unclosed']\n", ["drop pattern '(unclosed' is not a valid regular expression"]),
    ("[passes.repeated-blocks]\nmin_line_chars = 'long'\n", ["passes.repeated-blocks.min_line_chars", "is not an integer >= 1"]),
    ("[passes.repeated-blocks]\nmin_line_chars = 0\n", ["0 is not an integer >= 1"]),
    ("[passes.repeated-blocks]\nmin_chars = 80\n", ["unknown option 'min_chars'", "valid options: min_line_chars, min_run"]),
    ("[passes.site-template]\nmin_share = 1.5\n", ["1.5 is not a number from 0.0 to 1.0"]),
    ("[passes.legal-notices]\nmax_words = 9\n", ["legal-notices: unknown option 'max_words'", "this pass has no options"]),
    ("[passes.no-such-pass]\nx = 1\n", ["unknown pass 'no-such-pass'; valid passes:"]),
])
def test_unknown_keys_and_bad_values_name_the_valid_ones(tmp_path, toml, fragments):
    path = write(tmp_path / "cleanpress.toml", toml)
    with pytest.raises(ConfigError) as e:
        config.load(path)
    for fragment in fragments:
        assert fragment in str(e.value)
    assert str(path) in str(e.value)
    result = invoke("clean", "--config", str(path), input=PAGE)  # and the CLI says the same, exit 2
    assert result.exit_code == 2 and result.stdout == ""
    assert fragments[0] in result.stderr


def test_invalid_toml_and_missing_table(tmp_path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        config.load(write(tmp_path / "bad.toml", "skip = [\n"))
    with pytest.raises(ConfigError, match=r"no \[tool.cleanpress\] table"):
        config.load(write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n"))


# --- the command line: the file gives defaults, flags override ------------------------------

def test_clean_reads_the_pyproject_above_the_inputs(project):
    page = project / "data" / "site" / "page.txt"
    result = invoke("clean", "--explain", str(page))
    assert result.exit_code == 0, result.stderr
    assert f"{page}:1-1 user-patterns matches drop pattern '^Pictured: '" in result.stdout.splitlines()
    assert not any(line.startswith(f"{page}:3-3") for line in result.stdout.splitlines())  # 'Share' is kept
    out = invoke("clean", str(page)).stdout
    assert out == PAGE.replace("Pictured: Reuters\n", "")


def test_flags_override_the_file(project):
    page = project / "data" / "site" / "page.txt"
    out = invoke("clean", "--keep-pattern", "^Pictured", str(page)).stdout
    # --keep-pattern replaces the file's keep list: 'Pictured' is protected, 'Share' no longer is.
    assert "Pictured: Reuters" in out and "Share\n" not in out
    out = invoke("clean", "--drop-pattern", "^Update:", str(page)).stdout
    assert "Update:" not in out and "Pictured: Reuters" in out and "Share\n" in out


def test_skip_from_the_file_and_from_the_flag(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path / "pyproject.toml", "[tool.cleanpress]\nskip = ['interface-words']\n")
    page = write(tmp_path / "a.txt", "Share\nThe council met on Monday to discuss the budget for the coming year.\n")
    assert invoke("clean", str(page)).stdout.startswith("Share\n")
    assert invoke("clean", "--skip", "page-structure", str(page)).stdout.startswith("The council")


def test_explicit_config_file_wins_over_discovery(project, tmp_path):
    other = write(tmp_path / "other.toml", "drop_patterns = ['^Update:']\n")
    out = invoke("clean", "--config", str(other), str(project / "data" / "site" / "page.txt")).stdout
    assert "Update:" not in out and "Pictured: Reuters" in out


def test_set_overrides_one_option_and_keeps_the_others(project):
    page = project / "data" / "site" / "page.txt"
    long = "This sentence is long enough to count as a repeated line on its own page.\n"
    write(page, long + "Filler between the two copies of the sentence.\n" + long)
    assert invoke("clean", "--only", "repeated-blocks", str(page)).stdout.count(long) == 2  # file: min 80 chars
    out = invoke("clean", "--only", "repeated-blocks", "--set", "repeated-blocks.min_line_chars=40", str(page))
    assert out.stdout.count(long) == 1
    bad = invoke("clean", "--set", "repeated-blocks.min_line_chars=forty", str(page))
    assert bad.exit_code == 2 and "'forty' is not an integer >= 1" in bad.stderr
    bad = invoke("clean", "--set", "min_line_chars", str(page))
    assert bad.exit_code == 2 and "write PASS.OPTION=VALUE" in bad.stderr


def test_passes_shows_the_effective_configuration(project):
    result = invoke("passes", str(project / "data"))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "    min_line_chars = 80  (set; default 50; an integer >= 1) " \
           "a single line repeats only when it is this long (characters)" in lines
    assert any(line.startswith("    min_run = 3  (default;") for line in lines)
    assert f"configuration: {project / 'pyproject.toml'}" in lines
    assert "drop pattern: '^Pictured: '" in lines and "keep pattern: '^Share$'" in lines


def test_passes_marks_skipped_passes(tmp_path):
    path = write(tmp_path / "c.toml", "skip = ['page-structure']\n")
    lines = invoke("passes", "--config", str(path)).stdout.splitlines()
    assert any(line.startswith("page-structure") and "[off]" in line for line in lines)
    assert not any(line.startswith("legal-notices") and "[off]" in line for line in lines)


def test_profile_in_the_file_is_relative_to_it(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path / "pyproject.toml", "[tool.cleanpress]\nprofile = 'site.json'\n")
    loaded = config.load(tmp_path / "pyproject.toml")
    assert loaded.profile == (tmp_path / "site.json").resolve()
    # The CLI checks that the file exists, like --profile.
    result = invoke("clean", str(write(tmp_path / "a.txt", PAGE)))
    assert result.exit_code == 2 and "site.json" in result.stderr


# --- user patterns -------------------------------------------------------------------------

def test_keep_pattern_protects_a_line_from_every_pass():
    text = "Share\nAdvertisement\nThe council met on Monday to discuss the budget for the coming year.\n"
    assert cleanpress.clean(text).startswith("The council")
    cleaner = Cleaner(keep_patterns=[r"^(Share|Advertisement)$"])
    result = cleaner.clean_and_explain(text)
    assert result.text == text and result.drops == ()
    # ... drop patterns included: keep wins.
    both = Cleaner(keep_patterns=["^Share$"], drop_patterns=["^Share$"]).clean_and_explain(text)
    assert both.text.startswith("Share\nThe council") and all(d.first != 1 for d in both.drops)


def test_drop_pattern_reason_names_the_pattern():
    result = Cleaner(drop_patterns=[r"^Pictured: ", r"\bGetty\b"]).clean_and_explain(PAGE + "Image: Getty\n")
    reasons = {(d.first, d.pass_name, d.reason) for d in result.drops}
    assert (1, "user-patterns", "matches drop pattern '^Pictured: '") in reasons
    assert (5, "user-patterns", "matches drop pattern '\\\\bGetty\\\\b'") in reasons


def test_a_runaway_pattern_stops_with_an_error_naming_it():
    cleaner = Cleaner(drop_patterns=["(a|aa)+$"], pattern_timeout=0.05)
    with pytest.raises(PatternError, match=r"drop pattern '\(a\|aa\)\+\$' took more than 0.05 s on line 2"):
        cleaner.clean("fine\n" + "a" * 60 + "b\n")


def test_a_runaway_pattern_is_an_input_error_on_the_command_line(tmp_path):
    path = write(tmp_path / "c.toml", "keep_patterns = ['(a|aa)+$']\npattern_timeout = 0.05\n")
    page = write(tmp_path / "a.txt", "a" * 60 + "b\n")
    result = invoke("clean", "--config", str(path), "--check", str(page))
    assert result.exit_code == 2
    assert f"error: {page}: keep pattern '(a|aa)+$' took more than 0.05 s" in result.stderr


# --- Cleaner --------------------------------------------------------------------------------

def test_cleaner_from_pyproject_is_reusable(project):
    cleaner = Cleaner.from_pyproject(project / "pyproject.toml")
    assert cleaner.clean(PAGE) == PAGE.replace("Pictured: Reuters\n", "")
    assert cleaner.clean(PAGE) == cleaner.clean(PAGE)
    assert cleaner.clean("Pictured: AP\nThe mayor spoke for an hour about the new tram line and its cost.\n") \
        == "The mayor spoke for an hour about the new tram line and its cost.\n"


def test_cleaner_keyword_overrides_and_errors():
    assert Cleaner(skip=["page-structure"]).config.skip == ("page-structure",)
    with pytest.raises(ConfigError, match="unknown pass 'nope'"):
        Cleaner(only=["nope"])
    with pytest.raises(ValueError, match="no profile"):
        Cleaner().clean(PAGE, site="example.com")


def test_cleaner_with_a_profile_cleans_by_site(tmp_path):
    menu = "Home\nNews\nSport\nContact us\n"
    profile = cleanpress.SiteProfile()
    for i in range(5):
        profile.add_page("example.com", menu + f"Story number {i} about the harbour and its boats, told at length.\n")
    cleaner = Cleaner(profile=profile, only=["site-template"])
    page = menu + "A new story about the harbour, the boats and the people who sail them.\n"
    assert cleaner.clean(page, site="example.com") == "A new story about the harbour, the boats and the people who sail them.\n"
    assert cleaner.clean(page) == page  # no site named: cleaned on its own
    profile.save(tmp_path / "site.json")
    assert Cleaner(profile=tmp_path / "site.json", only=["site-template"]).clean(page, site="example.com") \
        == cleaner.clean(page, site="example.com")


def test_no_site_flag_overrides_a_profile_from_the_file(tmp_path):
    """A profile in [tool.cleanpress] is a default: --no-site turns it off (the flag wins), while a
    --profile typed next to --no-site is a contradiction."""
    menu = "Home\nNews\nSport\nContact us\n"
    profile = cleanpress.SiteProfile()
    for i in range(5):
        profile.add_page("data", menu + f"Story number {i} about the harbour and its boats, told at length.\n")
    profile.save(tmp_path / "site.json")
    (tmp_path / ".git").mkdir()
    write(tmp_path / "pyproject.toml", "[tool.cleanpress]\nprofile = 'site.json'\nonly = ['site-template']\n")
    page = write(tmp_path / "data" / "page.txt",
                 menu + "A new story about the harbour, the boats and the people who sail them.\n")
    with_profile = invoke("clean", str(page), "--site", "data")
    assert with_profile.exit_code == 0 and with_profile.output.startswith("A new story")
    without = invoke("clean", str(page), "--no-site")
    assert without.exit_code == 0 and without.output == page.read_text()  # nothing is template without the profile
    typed = invoke("clean", str(page), "--no-site", "--profile", str(tmp_path / "site.json"))
    assert typed.exit_code == 2 and "drop --profile" in typed.output
    named = invoke("clean", str(page), "--no-site", "--site", "data")
    assert named.exit_code == 2 and "drop --site" in named.output


@pytest.mark.parametrize("context, message", [
    ({"options": {"no-such-pass": {}}}, "unknown pass no-such-pass"),
    ({"options": {"related-headlines": {"min_trailing_headlines": "lots"}}}, "is not an integer"),
    ({"options": {"related-headlines": {"no_such_option": 1}}}, "no_such_option"),
    ({"input": "html"}, "input: 'html' is not one of"),
])
def test_a_context_built_by_hand_checks_itself(context, message):
    """Passes read options without checking them: a Context must not carry what they cannot read."""
    with pytest.raises(cleanpress.ConfigError, match=message):
        cleanpress.Context(**context)
