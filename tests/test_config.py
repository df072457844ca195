"""Config discovery, keys, overrides and errors (each error names the file and the key)."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.config import KEYS, Config, ConfigError, find_config, load_config
from attribution.rules import RuleError, load_ruleset

ROOT = Path(__file__).resolve().parent.parent


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- discovery


def test_no_config_gives_defaults(tmp_path):
    if find_config(tmp_path) is not None:
        pytest.skip("a config file above the temporary folder would be found")
    assert load_config(start=tmp_path) == Config()
    d = Config()
    assert (d.fail_on, d.min_severity, d.fail_under, d.select, d.ignore) == ("error", "info", None, (), ())


def test_dot_file_found_upward(tmp_path):
    cfg_file = write(tmp_path / ".attribution.toml", 'fail-on = "warning"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == cfg_file
    cfg = load_config(start=deep)
    assert cfg.path == cfg_file.resolve() and cfg.fail_on == "warning"


def test_dot_file_wins_over_pyproject_in_same_folder(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.attribution]\nfail-on = "info"\n')
    write(tmp_path / ".attribution.toml", 'fail-on = "warning"\n')
    assert load_config(start=tmp_path).fail_on == "warning"


def test_pyproject_without_table_is_passed_over(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.attribution]\nmin-severity = "warning"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    cfg = load_config(start=tmp_path / "sub")
    assert cfg.path == (tmp_path / "pyproject.toml").resolve()
    assert cfg.min_severity == "warning"


def test_nearest_wins(tmp_path):
    write(tmp_path / ".attribution.toml", 'fail-on = "info"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[tool.attribution]\nfail-on = "never"\n')
    assert load_config(start=tmp_path / "sub").fail_on == "never"


def test_start_may_be_a_file(tmp_path):
    write(tmp_path / ".attribution.toml", "fail-under = 55.5\n")
    story = write(tmp_path / "story.txt", "Text.")
    assert load_config(start=story).fail_under == 55.5


def test_explicit_path_and_isolated(tmp_path):
    write(tmp_path / ".attribution.toml", 'fail-on = "info"\n')
    other = write(tmp_path / "other.toml", 'fail-on = "warning"\n')
    assert load_config(other, start=tmp_path).fail_on == "warning"
    assert load_config(start=tmp_path, isolated=True) == Config()
    py = write(tmp_path / "x" / "pyproject.toml", '[tool.attribution]\nselect = ["ANO"]\n')
    assert load_config(py).select == ("ANO",)


def test_all_keys(tmp_path):
    write(tmp_path / "house" / "hse001.yaml", "x")  # only existence is checked here
    cfg_file = write(
        tmp_path / ".attribution.toml",
        'extend-rules = ["house"]\n'
        'select = ["ALL"]\n'
        'ignore = ["STY"]\n'
        'fail-on = "warning"\n'
        'min-severity = "warning"\n'
        "fail-under = 60\n"
        '[severity]\nVAG001 = "info"\nSTY001 = "off"\n'
        "[scoring]\nbase = { anonymous = 30 }\n"
        '[per-path-ignores]\n"opinion/*" = ["ANO002"]\n',
    )
    cfg = load_config(cfg_file)
    assert cfg.extend_rules == ((tmp_path / "house").resolve(),)
    assert cfg.severity == {"VAG001": "info", "STY001": "off"}
    assert cfg.scoring == {"base": {"anonymous": 30}}
    assert cfg.per_path_ignores == {"opinion/*": ("ANO002",)}
    assert (cfg.fail_on, cfg.min_severity, cfg.fail_under) == ("warning", "warning", 60)
    assert set(KEYS) == {
        "extend-rules",
        "severity",
        "scoring",
        "select",
        "ignore",
        "per-path-ignores",
        "fail-on",
        "min-severity",
        "fail-under",
    }


def test_keys_documented_identically():
    """Key spellings are the same in code and docs (kebab-case)."""
    readme = (ROOT / "rules" / "README.md").read_text(encoding="utf-8")
    doc = (ROOT / "attribution" / "config.py").read_text(encoding="utf-8")
    for key in KEYS:
        assert f"`{key}`" in readme, key
        assert f"\n    {key} " in doc, key


# ---------------------------------------------------------------- prefixes


@pytest.mark.parametrize(
    ("select", "ignore", "rule", "expected"),
    [
        ((), (), "ANO001", True),
        ((), ("ANO",), "ANO001", False),
        (("ANO001",), ("ANO",), "ANO001", True),  # longer select prefix wins
        (("ANO",), ("ANO001",), "ANO001", False),
        (("ANO",), ("ANO001",), "ANO002", True),
        (("ANO",), (), "VAG001", False),  # select given: unmatched rules are off
        (("ALL",), ("VAG",), "VAG001", False),
        (("VAG",), ("VAG",), "VAG001", False),  # tie: ignore wins
    ],
)
def test_longest_prefix_wins(select, ignore, rule, expected):
    assert Config(select=select, ignore=ignore).selected(rule) is expected


def test_per_path_ignore_globs(tmp_path):
    cfg = Config(path=tmp_path / ".attribution.toml", per_path_ignores={"opinion/**": ("ANO",), "*.md": ("VRB001",)})
    assert cfg.ignored_for_path("ANO002", tmp_path / "opinion" / "a" / "col.txt")
    assert not cfg.ignored_for_path("VAG001", tmp_path / "opinion" / "col.txt")
    assert cfg.ignored_for_path("VRB001", tmp_path / "news" / "story.md")  # slash-less glob: file name
    assert not cfg.ignored_for_path("ANO002", tmp_path / "news" / "story.txt")
    assert not cfg.ignored_for_path("ANO002", None)


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        ("serverity = {}\n", "serverity", "unknown key 'serverity' (did you mean 'severity'?)"),
        ('fail_on = "error"\n', "fail_on", "unknown key 'fail_on' (did you mean 'fail-on'?)"),
        ('select = "ANO"\n', "select", "select: must be a list of non-empty strings"),
        ('fail-on = "fatal"\n', "fail-on", "fail-on: bad level 'fatal'"),
        ('min-severity = "never"\n', "min-severity", "min-severity: bad level 'never'"),
        ("fail-under = 101\n", "fail-under", "fail-under: must be a number from 0 to 100"),
        ("fail-under = true\n", "fail-under", "fail-under: must be a number from 0 to 100"),
        ('severity = "strict"\n', "severity", "severity: must be a table"),
        ('[severity]\nVAG001 = "critical"\n', "severity.VAG001", "severity.VAG001: bad level 'critical'"),
        ("scoring = 5\n", "scoring", "scoring: must be a table"),
        ('[per-path-ignores]\n"*.md" = "VRB"\n', "per-path-ignores.*.md", "must be a list of rule-id prefixes"),
        ('extend-rules = ["missing-pack"]\n', "extend-rules", "extend-rules: rule pack 'missing-pack' not found"),
        ('[tool.attribution]\nfail-on = "error"\n', "tool", "at top level, not in [tool.attribution]"),
    ],
)
def test_errors_name_file_and_key(tmp_path, text, key, fragment):
    cfg_file = write(tmp_path / ".attribution.toml", text)
    with pytest.raises(ConfigError) as info:
        load_config(start=tmp_path)
    err = info.value
    assert str(err).startswith(f"{cfg_file}: "), str(err)
    assert fragment in str(err), str(err)
    assert err.key == key
    assert err.path == str(cfg_file)


def test_pyproject_keys_shown_with_table_prefix(tmp_path):
    cfg_file = write(tmp_path / "pyproject.toml", '[tool.attribution]\nfail-onn = "error"\n')
    with pytest.raises(ConfigError) as info:
        load_config(start=tmp_path)
    assert str(info.value) == f"{cfg_file}: unknown key 'tool.attribution.fail-onn' (did you mean 'fail-on'?)"


def test_invalid_toml_and_missing_file(tmp_path):
    write(tmp_path / ".attribution.toml", "fail-on = \n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(start=tmp_path)
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "nope.toml")


def test_errors_found_when_building_the_ruleset(tmp_path):
    write(tmp_path / ".attribution.toml", '[severity]\nANO009 = "off"\n')
    with pytest.raises(ConfigError) as info:
        load_ruleset(load_config(start=tmp_path))
    assert info.value.key == "severity.ANO009"
    assert str(info.value).startswith(str(tmp_path / ".attribution.toml"))

    write(tmp_path / ".attribution.toml", "[scoring.adjustments]\ndirect-qoute = 10\n")
    with pytest.raises(
        ConfigError,
        match=r"unknown adjustment scoring\.adjustments\.direct-qoute "
        r"\(did you mean 'direct-quote'\?\)",
    ):
        load_ruleset(load_config(start=tmp_path))

    write(tmp_path / ".attribution.toml", 'ignore = ["XYZ"]\n')
    with pytest.raises(ConfigError, match="ignore: prefix 'XYZ' matches no rule"):
        load_ruleset(load_config(start=tmp_path))


def test_bad_rule_in_extend_pack_is_rule_error(tmp_path):
    write(tmp_path / "house" / "bad.yaml", "id: HSE001\nserverity: error\n")
    write(tmp_path / ".attribution.toml", 'extend-rules = ["house"]\n')
    with pytest.raises(RuleError) as info:
        load_ruleset(load_config(start=tmp_path))
    assert "bad.yaml:2: unknown key 'serverity' (did you mean 'severity'?)" in str(info.value)


def test_overrides_reach_the_ruleset(tmp_path):
    write(tmp_path / ".attribution.toml", '[severity]\nVAG001 = "error"\nSTY001 = "off"\n[scoring.base]\nvague = 25\n')
    rs = load_ruleset(load_config(start=tmp_path))
    assert rs.severity_of("VAG001").value == "error"
    assert not rs.enabled("STY001") and rs.enabled("VAG001")
    assert rs.scoring.base["vague"] == 25
    assert "STY001" in rs  # still known (for `rules list`), just not run
