"""Fonts of the printed pages: the kit's font stacks, a Chinese font before printing, ``--font``.

Chromium prints Chinese with whatever font the system offers it; where none has Chinese
characters (a fresh Linux server) every one comes out as an empty box and the print call
still succeeds. So ``yubei report --pdf`` checks, before any page runs, that a Chinese font
is there wherever Chinese will be printed (:func:`require_chinese_font`): on Linux and the
other fontconfig systems, ``fc-list :lang=zh``, which reads the same configuration as the
browser (``FONTCONFIG_FILE`` included); Windows and macOS ship one (Microsoft YaHei,
PingFang SC). ``--font FILE`` names a font file instead (:class:`PrintFont`): subset to the
characters of each printed page by fontTools and given to the page as a ``data:`` URL, so
the page still loads nothing from the network.

The stacks (:data:`STACKS`, the template's ``page.css`` says the same) do not depend on
which Latin fonts a machine happens to have: Chinese pages name the Chinese fonts first,
so digits and Latin letters come from the same font as the Chinese text; English pages
name the system face of Windows and of macOS, then the same Chinese fonts (which have
Latin letters too: on Linux they print the whole page), never Arial or Helvetica, which
fontconfig maps to Liberation Sans where that is installed and to nothing where not.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from yubei_lib.runner.plan import ReportError

CJK_FAMILIES = ('"Noto Sans CJK SC"', '"Source Han Sans SC"', '"PingFang SC"', '"Microsoft YaHei"',
                '"Hiragino Sans GB"', '"WenQuanYi Micro Hei"')
"""Chinese faces, in the order a page asks for them: Linux (fonts-noto-cjk, Source Han), macOS, Windows, others."""

LATIN_FAMILIES = ('"Segoe UI"', '"Helvetica Neue"')
"""The system faces English pages ask for first: Windows's, macOS's; Linux has neither."""

MONO = 'Menlo, Consolas, "Noto Sans Mono CJK SC", monospace'
"""The monospace stack (``--yubei-mono``): macOS's, Windows's, then the one of fonts-noto-cjk."""

PRINT_FAMILY = "yubei-print"
"""The family name a ``--font`` file is given in the printed page."""

PACKAGES = ("fonts-noto-cjk on Debian or Ubuntu (sudo apt-get install fonts-noto-cjk), google-noto-sans-cjk-fonts "
            "on Fedora, noto-fonts-cjk on Arch, font-noto-cjk on Alpine")
"""Where Linux distributions keep a Chinese font, for the messages."""

SAMPLE = "中文年月日区季度亿元项目签约"
"""Characters every Chinese font has: a font file lacking one of them is not a Chinese font."""

_CJK = re.compile("[\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\uffe0-\uffe6"
                  "\U00020000-\U0003134f]")
"""Characters only a Chinese (CJK) font draws: ideographs, CJK punctuation, full-width forms."""


def stack(lang: str, first: str = "") -> str:
    """Return the font stack of a page in a language, with a family of one's own put first among the Chinese.

    Examples
    --------
    >>> stack("zh").split(", ")[:2]
    ['"Noto Sans CJK SC"', '"Source Han Sans SC"']
    >>> stack("en", "yubei-print").split(", ")[:4]
    ['"Segoe UI"', '"Helvetica Neue"', '"yubei-print"', '"Noto Sans CJK SC"']
    """
    families = (f'"{first}"', *CJK_FAMILIES) if first else CJK_FAMILIES
    latin = () if lang.startswith("zh") else LATIN_FAMILIES
    return ", ".join((*latin, *families, "sans-serif"))


STACKS = {"en": stack("en"), "zh": stack("zh")}
"""The font stack of a page by language (``--yubei-font`` in ``page.css``)."""


def chinese(text: str) -> set[str]:
    """Return the characters of a text that only a Chinese font draws.

    Examples
    --------
    >>> "".join(sorted(chinese("第4季度 · 2020年（模拟）")))
    '季年度拟模第（）'
    """
    return set(_CJK.findall(text))


def ledger_chinese(frames: Iterable[object]) -> str:
    """Return a Chinese name found in the ledger's text columns (English pages show them), or ``""``.

    Examples
    --------
    >>> import pandas as pd
    >>> ledger_chinese([pd.DataFrame({"park": ["Yubei Park", "渝北工业园区"], "value": [1.0, 2.0]})])
    'park: 渝北工业园区'
    >>> ledger_chinese([pd.DataFrame({"park": ["Yubei Park"]}), None])
    ''
    """
    import pandas as pd

    for frame in frames:
        if not isinstance(frame, pd.DataFrame):
            continue
        for column in frame.columns:
            values = frame[column]
            if not (pd.api.types.is_string_dtype(values) or values.dtype == object):
                continue
            for value in values.dropna().unique():
                if isinstance(value, str) and _CJK.search(value):
                    return f"{column}: {value}"
    return ""


def installed_chinese_fonts() -> list[str] | None:
    """Return the families of the installed fonts with Chinese characters; None where the system ships them.

    On Linux (and the other systems where Chromium finds fonts through fontconfig) this is
    ``fc-list :lang=zh family``, which honours ``FONTCONFIG_FILE`` as the browser does.
    Windows and macOS come with Chinese fonts: None.

    Raises
    ------
    ReportError
        When fontconfig's ``fc-list`` is missing, so nothing can tell.
    """
    if sys.platform in ("win32", "darwin"):
        return None
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise ReportError("--pdf cannot tell whether a Chinese font is installed: fontconfig's fc-list is missing "
                          "(sudo apt-get install fontconfig). Or name a font file with --font FILE.")
    try:
        done = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ReportError(f"--pdf cannot tell whether a Chinese font is installed: fc-list failed ({exc})") from None
    if done.returncode != 0:
        raise ReportError("--pdf cannot tell whether a Chinese font is installed: fc-list failed "
                          f"({(done.stderr.strip().splitlines() or ['exit code %d' % done.returncode])[0]})")
    return sorted({line.split(",")[0].strip() for line in done.stdout.splitlines() if line.strip()})


def require_chinese_font(why: str, option: str = "--pdf",
                         harm: str = "the browser would print every Chinese character as an empty box") -> None:
    """Raise ReportError when Chinese is to be printed (``why`` says where from) and no font has it.

    ``option`` is the option that prints (``--pdf``, or ``--docx`` for the Word brief's
    charts), ``harm`` what would become of the Chinese.

    Examples
    --------
    >>> require_chinese_font("")  # nothing Chinese is printed: nothing to check
    """
    if not why:
        return
    found = installed_chinese_fonts()
    if found is None or found:
        return
    font = (" Or name a font file with --font FILE (e.g. NotoSansCJK-Regular.ttc, or simhei.ttf copied from "
            "Windows).") if option == "--pdf" else ""
    raise ReportError(f"{option}: no Chinese font is installed, and {why}: {harm}. Install one: {PACKAGES}.{font}")


@dataclass
class PrintFont:
    """A font file named with ``--font``, given to each printed page, subset to its characters.

    Use :meth:`load`, which checks the file, then :meth:`rules` for the CSS of each page.
    """

    path: Path
    number: int = 0
    """The face of a collection (``.ttc``) that is used: the simplified Chinese one where there are several."""
    name: str = ""
    _chars: frozenset[str] = field(default_factory=frozenset, repr=False)
    _face: str = field(default="", repr=False)

    @classmethod
    def load(cls, path: Path | str) -> PrintFont:
        """Return the font of a file, its simplified Chinese face where it holds several.

        Raises
        ------
        ReportError
            When the file is missing, is not a font fontTools reads, or has no Chinese characters.
        """
        path = Path(path).expanduser()
        if not path.is_file():
            raise ReportError(f"--font {path}: no such file")
        faces = _faces(path)
        chinese_faces = [(i, name) for i, name, cmap in faces if all(ord(c) in cmap for c in SAMPLE)]
        if not chinese_faces:
            names = ", ".join(name for _, name, _ in faces)
            raise ReportError(f"--font {path}: {names} has no Chinese characters; name a Chinese font "
                              "(e.g. NotoSansCJK-Regular.ttc, SourceHanSansSC-Regular.otf, simhei.ttf)")
        simplified = [f for f in chinese_faces if re.search(r"\b(SC|CN|GB|Hans)\b|Simplified", f[1])]
        number, name = (simplified or chinese_faces)[0]
        return cls(path.resolve(), number, name)

    def rules(self, chars: Iterable[str], lang: str) -> str:
        """Return the CSS that prints a page with the font: its ``@font-face`` and the stacks, the font first.

        The face holds the given characters and ASCII; a later page whose characters it
        already holds gets the same face without subsetting again. In the monospace stack the
        font comes last but for ``monospace``, so hashes print in it where none of the named
        monospace faces is installed.
        """
        wanted = frozenset(chars) | frozenset(map(chr, range(0x20, 0x7F)))
        if not self._face or not wanted <= self._chars:
            self._chars = self._chars | wanted
            self._face = self._subset(self._chars)
        zh = lang.startswith("zh")
        margin = stack("zh" if zh else "en", PRINT_FAMILY)
        mono = MONO.replace(", monospace", f', "{PRINT_FAMILY}", monospace')
        return (f"{self._face}\n"
                f":root {{ --yubei-font: {stack('en', PRINT_FAMILY)} !important; "
                f"--yubei-mono: {mono} !important; }}\n"
                f":root:lang(zh) {{ --yubei-font: {stack('zh', PRINT_FAMILY)} !important; }}\n"
                f"@page {{ @top-left {{ font-family: {margin}; }} @bottom-right {{ font-family: {margin}; }} }}\n")

    def _subset(self, chars: frozenset[str]) -> str:
        from fontTools import subset
        from fontTools.ttLib import TTFont

        font = TTFont(self.path, fontNumber=self.number, lazy=True)
        options = subset.Options()
        options.notdef_outline = True  # a character the font lacks prints as a visible box
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(map(ord, chars)))
        subsetter.subset(font)
        font.flavor = None
        kind = "otf" if font.sfntVersion == "OTTO" else "ttf"
        out = io.BytesIO()
        font.save(out)
        data = base64.b64encode(out.getvalue()).decode("ascii")
        return (f'@font-face {{ font-family: "{PRINT_FAMILY}"; '
                f'src: url("data:font/{kind};base64,{data}") format("{"opentype" if kind == "otf" else "truetype"}"); }}')


def _faces(path: Path) -> list[tuple[int, str, set[int]]]:
    """Return each face of a font file: its number, full name and the characters it maps."""
    try:
        from fontTools.ttLib import TTCollection, TTFont
    except ImportError as exc:
        raise ReportError(f"--font needs the fontTools package: pip install -e . ({exc})") from None
    try:
        with path.open("rb") as handle:
            collection = handle.read(4) == b"ttcf"
        fonts = list(TTCollection(path, lazy=True).fonts) if collection else [TTFont(path, lazy=True)]
        faces = []
        for i, font in enumerate(fonts):
            name = font["name"].getDebugName(4) or font["name"].getDebugName(1) or path.name
            faces.append((i, name, set(font.getBestCmap() or {})))
        return faces
    except Exception as exc:  # not a font, a damaged one, or a WOFF2 file without the brotli package
        raise ReportError(f"--font {path}: not a font file (TTF, OTF, TTC or WOFF): {exc}") from None
