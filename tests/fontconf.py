"""Fonts for the tests of printing: the system's Chinese font, and a fontconfig that hides it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

NOTO = next(iter(sorted(Path("/usr/share/fonts").glob("**/NotoSansCJK-Regular.tt[cf]"))), None)
"""The Chinese font of fonts-noto-cjk (Debian), where installed."""

DEJAVU = next(iter(sorted(Path("/usr/share/fonts").glob("**/DejaVuSans.ttf"))), None)
"""A Latin font every Debian with fontconfig has (fonts-dejavu-core)."""


def hidden_fonts(tmp_path: Path) -> Path:
    """Write a fontconfig file that shows only the DejaVu fonts, as on a server without Chinese fonts.

    Pointing ``FONTCONFIG_FILE`` at it hides every other font from fc-list and from Chromium.
    """
    if DEJAVU is None or shutil.which("fc-list") is None:
        pytest.skip("needs fontconfig's fc-list and the DejaVu fonts")
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
                    f"  <dir>{DEJAVU.parent}</dir>\n  <cachedir>{tmp_path / 'fc-cache'}</cachedir>\n</fontconfig>\n",
                    encoding="utf-8")
    return conf
