"""The dependencies pinned in pyproject.toml and environment.yml stay in step."""

import re
import tomllib

from paths import ROOT


def _pins(lines):
    pins = {}
    for line in lines:
        m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s#;]+)\s*", line)
        if m:
            pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    return pins


def test_pyproject_pins_every_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + [d for group in project["optional-dependencies"].values() for d in group]
    unpinned = [d for d in deps if "==" not in d]
    assert deps and not unpinned


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + [d for group in project["optional-dependencies"].values() for d in group]
    from_pyproject = _pins(deps)
    env_lines = [re.sub(r"^\s*-\s*", "", line) for line in (ROOT / "environment.yml").read_text().splitlines()
                 if line.strip().startswith("- ")]
    from_environment = _pins(env_lines)
    assert from_environment == from_pyproject


def test_environment_yml_python_matches_requires_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    text = (ROOT / "environment.yml").read_text()
    assert f"python{project['requires-python']}" in text.replace(" ", "")
