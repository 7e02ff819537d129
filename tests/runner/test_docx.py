"""Writing the Word briefs: beside the pages, listed, kept when unchanged, the earlier kept on failure; LibreOffice.

The pack (``tests/conftest.py``) is made with ``--docx``. LibreOffice (run with a profile folder
of its own) converts them to PDF, and the Chinese brief's pages are rendered to PNG
(pdftoppm) in ``test-artifacts/docx/``. Without LibreOffice that test is skipped, but it
fails where it is required (``YUBEI_REQUIRE_BROWSER=1``, or ``CI`` set).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
from docx import Document
from paths import ARTIFACTS

from yubei_lib.present.docx_styles import FONTS, LAYOUTS
from yubei_lib.runner.docx import docx_key, docx_name, write_docx

pytestmark = pytest.mark.slow

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
SHOTS = ARTIFACTS / "docx"


def folder(pack):
    return pack / "2020-Q4" / "yubei"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_both_briefs_are_written_beside_the_pages_and_listed(quarterly_pack, lang):
    name = docx_name(lang)
    assert (folder(quarterly_pack) / name).is_file()
    entry = json.loads((folder(quarterly_pack) / "manifest.json").read_text(encoding="utf-8"))["docx"][lang]
    assert entry["file"] == name and not entry["error"] and len(entry["key"]) == 64
    index = (quarterly_pack / ("index.html" if lang == "en" else "index.zh.html")).read_text(encoding="utf-8")
    assert f'href="2020-Q4/yubei/{name}"' in index


def test_an_unchanged_brief_is_kept_and_a_failed_one_keeps_the_earlier(quarterly_pack, tmp_path):
    shutil.copy2(folder(quarterly_pack) / "brief.docx", tmp_path / "brief.docx")
    before = (tmp_path / "brief.docx").read_bytes()
    params = {"as_of": "2020-12-31", "district": "Yubei", "lang": "en"}
    data = {"ledger": "0" * 64}
    made = {"file": "brief.docx", "key": docx_key(params, data, "en", FONTS["en"]), "error": "", "seconds": 1.0}
    kept = write_docx(tmp_path, "en", params, data, made)
    assert kept["status"] == "kept" and kept["key"] == made["key"]
    assert docx_key(params, data, "zh", FONTS["zh"]) != made["key"]
    assert docx_key({**params, "warn_months": 6}, data, "en", FONTS["en"]) != made["key"]
    failed = write_docx(tmp_path, "en", {**params, "district": "Atlantis"}, data, made)  # refused by the page
    assert failed["status"] == "failed" and "Atlantis" in failed["error"] and failed["file"] == "brief.docx"
    assert (tmp_path / "brief.docx").read_bytes() == before
    assert not list(tmp_path.glob(".*"))  # no temporary file left


def _soffice_or_skip():
    if SOFFICE is None:
        if os.environ.get("YUBEI_REQUIRE_BROWSER") == "1" or os.environ.get("CI"):
            pytest.fail("LibreOffice is required here but soffice is missing "
                        "(apt-get install -y --no-install-recommends libreoffice-writer-nogui)")
        pytest.skip("needs LibreOffice: apt-get install -y --no-install-recommends libreoffice-writer-nogui")
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip("needs poppler-utils (pdftotext, pdftoppm)")
    return SOFFICE


def test_libreoffice_converts_both_briefs_to_the_expected_pages(quarterly_pack, tmp_path):
    soffice = _soffice_or_skip()
    sources = [folder(quarterly_pack) / docx_name(lang) for lang in ("en", "zh")]
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path), *map(str, sources)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang, source in zip(("en", "zh"), sources):
        pdf = tmp_path / f"{source.stem}.pdf"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        pages = text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
        assert 4 <= len(pages) <= 14, len(pages)
        mark = LAYOUTS[lang].page_number
        for n, page in enumerate(pages, start=1):  # every page numbered at its foot, in order
            foot = re.sub(r"\s+", "", page.strip().splitlines()[-1])
            assert foot == re.sub(r"\s+", "", mark.format(n)), (lang, n, foot)
        heads = [p.text for p in Document(str(source)).paragraphs if p.style.name == "Heading 1"]
        flat = re.sub(r"\s+", "", text)
        positions = [flat.find(re.sub(r"\s+", "", h)) for h in heads]
        assert -1 not in positions and positions == sorted(positions)  # every section there, in order
        if lang == "zh":
            assert "渝北区2020年1-12月招商引资工作情况" in re.sub(r"\s+", "", pages[0])
            for old in SHOTS.glob("brief.zh-*.png"):
                old.unlink()
            subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(SHOTS / "brief.zh")], check=True)
            assert len(list(SHOTS.glob("brief.zh-*.png"))) == len(pages)

