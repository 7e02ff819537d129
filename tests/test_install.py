"""The kit installed as a package (not from a source checkout) works from any folder."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from paths import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv holding `pip install .` of this tree; its dependencies come from the test venv."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    bindir = "Scripts" if os.name == "nt" else "bin"
    python = venv / bindir / ("python.exe" if os.name == "nt" else "python")
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # The dependencies (not the kit: a plain path entry runs no editable-install hook) from this venv, and the
    # build backend (hatchling, a test dependency), so pip builds the wheel without fetching it again.
    ours = [p for p in site.getsitepackages() + [sysconfig.get_paths()["purelib"]] if Path(p).is_dir()]
    Path(purelib, "yubei-test-deps.pth").write_text("\n".join(dict.fromkeys(ours)) + "\n", encoding="utf-8")
    source = tmp_path_factory.mktemp("source") / "kit"  # a copy: pip's build folder stays out of the tree
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "build", "reports", "test-artifacts",
                                                                "*.egg-info", "__pycache__", ".pytest_cache"))
    done = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--quiet",
                           str(source)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return venv / bindir, python


def env(**extra: str) -> dict[str, str]:
    """The environment of the installed kit: nbconvert's data files are those of the venv that holds nbconvert."""
    return {**os.environ, "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"), **extra}


def test_the_installed_package_is_not_the_source_tree(installed):
    _, python = installed
    where = subprocess.run([str(python), "-c", "import yubei_lib; print(yubei_lib.__file__)"],
                           capture_output=True, text=True, check=True, cwd="/").stdout.strip()
    assert not Path(where).is_relative_to(ROOT) and "site-packages" in where


def test_yubei_report_from_another_folder(installed, tmp_path):
    bindir, _ = installed
    yubei = bindir / ("yubei.exe" if os.name == "nt" else "yubei")
    done = subprocess.run([str(yubei), "report", "--quarter", "2020Q4", "--out", "X", "--pages", "summary,data_quality"],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path, env=env())
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "X" / "2020-Q4" / "yubei"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {e["status"] for e in manifest["pages"].values()} == {"ok"}
    assert "Yubei" in (folder / "summary.html").read_text(encoding="utf-8")


def test_python_dash_m_where_no_script_is_on_path(installed, tmp_path):
    _, python = installed
    done = subprocess.run([str(python), "-m", "yubei_lib", "metrics", "--as-of", "2020Q4", "--format", "json"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env(PATH=""))
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["districts"]) == 22
