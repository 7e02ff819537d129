"""The documentation holds together: every cross-reference in the package's docstrings and
comments names something that exists, and every relative link in the Markdown files points to
a file (and, for ``#anchor``, a heading) that exists."""

from __future__ import annotations

import builtins
import importlib
import inspect
import re
import tokenize
import unicodedata
from pathlib import Path

from paths import ROOT

PACKAGE = ROOT / "yubei_lib"
ROLE = re.compile(r":(?:mod|func|class|meth|data|attr|exc):`([^`]+)`")
"""A Sphinx cross-reference, ``:func:`name```; its target may carry ``~`` or be ``title <target>``."""
DOTTED = re.compile(r"(?<![:`\w])(``?)(yubei_lib(?:\.\w+)+)(?:\(\))?\1(?!`)")
"""A backticked dotted name of the kit, ``yubei_lib.x.y``, outside a role."""
MARKDOWN = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "benchmarks" / "README.md",
            *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
ANCHOR = re.compile(r"<a\s+(?:id|name)=\"([^\"]+)\"")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def references(path: Path) -> list[tuple[int, str]]:
    """Return the line and target of every cross-reference in a file's strings and comments."""
    found = []
    with tokenize.open(path) as handle:
        for token in tokenize.generate_tokens(handle.readline):
            if token.type not in (tokenize.STRING, tokenize.COMMENT):
                continue
            for match in ROLE.finditer(token.string):
                target = match.group(1)
                target = target[target.find("<") + 1:-1] if target.endswith(">") else target
                found.append((token.start[0] + token.string.count("\n", 0, match.start()), target.strip()))
            for match in DOTTED.finditer(token.string):
                found.append((token.start[0] + token.string.count("\n", 0, match.start()), match.group(2)))
    return found


def lookup(dotted: str) -> bool:
    """Say whether an absolute dotted name is a module or an attribute reached from one."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            thing = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for name in parts[cut:]:
                thing = getattr(thing, name)
        except AttributeError:
            return False
        return True
    thing = builtins
    try:
        for name in parts:
            thing = getattr(thing, name)
    except AttributeError:
        return False
    return True


def resolves(target: str, module: str) -> bool:
    """Say whether a reference found in ``module`` names something that exists.

    A name of the kit (``yubei_lib.ledger.load``) is imported and walked; any other name is
    looked for in the module's own namespace and its classes (a method named in its class),
    in its package's and in ``yubei_lib``'s, and then as an absolute dotted name
    (``pandas.Timestamp``) or a builtin (``ValueError``).
    """
    target = target.lstrip("~").removesuffix("()")
    if target.startswith("yubei_lib"):
        return lookup(target)
    target = target.lstrip(".")
    package = module if (PACKAGE / Path(*module.split(".")[1:]) / "__init__.py").is_file() else module.rpartition(".")[0]
    if any(lookup(f"{prefix}.{target}") for prefix in (module, package, "yubei_lib")):
        return True
    owner = importlib.import_module(module)
    classes = [c for c in vars(owner).values() if inspect.isclass(c) and c.__module__ == module]
    head, _, rest = target.partition(".")
    if any(hasattr(c, head) and (not rest or lookup(f"{module}.{c.__name__}.{target}")) for c in classes):
        return True
    return lookup(target) if rest else hasattr(builtins, target)


def test_references_are_found():
    found = {target for path in PACKAGE.rglob("*.py") for _, target in references(path)}
    assert len(found) > 100
    assert {"yubei_lib.runner.pool", "yubei_lib.ledger.reference.load_targets"} <= found


def test_a_reference_to_a_module_that_is_gone_does_not_resolve():
    assert resolves("yubei_lib.present.display.tiles", "yubei_lib.present.wording")
    assert not resolves("yubei_lib.display.tiles", "yubei_lib.present.wording")
    assert resolves("~yubei_lib.figures.capital.conversion_rate", "yubei_lib.figures.rankings")
    assert not resolves("yubei_lib.figures.capital.no_such_figure", "yubei_lib.figures.rankings")
    assert resolves("open_page", "yubei_lib.pages") and resolves("explore", "yubei_lib.pages.explore")


def test_every_docstring_reference_resolves():
    unresolved = [f"{path.relative_to(ROOT)}:{line}: {target}"
                  for path in sorted(PACKAGE.rglob("*.py")) if path.name != "__main__.py"
                  for line, target in references(path) if not resolves(target, module_name(path))]
    assert not unresolved, "references to nothing:\n" + "\n".join(unresolved)


def prose(text: str) -> list[str]:
    """Return the lines of a Markdown text outside fenced and indented code blocks."""
    lines, fenced, previous = [], False, ""
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and not (line.startswith(("    ", "\t")) and (not previous.strip() or previous.startswith(("    ", "\t")))):
            lines.append(line)
        previous = line if not fenced else ""
    return lines


def slug(heading: str) -> str:
    """Return GitHub's anchor of a heading: its text, lower case, punctuation left out, spaces as hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").replace("*", "")
    text = re.sub(r"<[^>]+>", "", text).lower()
    kept = "".join(c for c in text if c.isalnum() or c in " -_" or unicodedata.category(c).startswith("M"))
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Return every anchor of a Markdown file: its headings' slugs (numbered when repeated) and its <a id>s."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for line in prose(path.read_text(encoding="utf-8")):
        found.update(ANCHOR.findall(line))
        heading = HEADING.match(line)
        if heading:
            base = slug(heading.group(2))
            found.add(base if base not in seen else f"{base}-{seen[base]}")
            seen[base] = seen.get(base, 0) + 1
    return found


def test_slugs_follow_github():
    assert slug("On Windows, and without make") == "on-windows-and-without-make"
    assert slug("Data model (数据模型)") == "data-model-数据模型"
    assert slug("`yubei report`: options") == "yubei-report-options"


def broken_links(path: Path) -> list[str]:
    """Return every relative link of a Markdown file to a file, or a heading, that does not exist."""
    broken, where = [], path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    for line in prose(path.read_text(encoding="utf-8")):
        for target in LINK.findall(re.sub(r"`[^`]*`", "", line)):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):
                continue  # http:, https:, mailto:
            file, _, anchor = target.partition("#")
            linked = (path.parent / file).resolve() if file else path
            if not linked.exists():
                broken.append(f"{where}: {target} (no such file)")
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                broken.append(f"{where}: {target} (no such heading)")
    return broken


def test_a_broken_link_is_found(tmp_path):
    (tmp_path / "other.md").write_text("# Other page\n\n## Its part (部分)\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("# Page\n\n[a](other.md) [b](other.md#its-part-部分) [c](#page) [d](https://example.org)\n"
                    "[e](gone.md) [f](other.md#nothing) `[g](gone.md)`\n\n    [h](gone.md)\n", encoding="utf-8")
    assert broken_links(page) == ["page.md: gone.md (no such file)", "page.md: other.md#nothing (no such heading)"]


def test_every_relative_link_points_to_something():
    missing = [str(path.relative_to(ROOT)) for path in MARKDOWN if not path.is_file()]
    assert not missing, f"missing: {missing}"
    broken = [link for path in MARKDOWN for link in broken_links(path)]
    assert not broken, "broken links:\n" + "\n".join(broken)
