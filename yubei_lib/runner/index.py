"""The index of a reports folder: every report set, newest first, with its pages."""

from __future__ import annotations

from pathlib import Path

import jinja2

from yubei_lib.config import PAGES, TEMPLATES
from yubei_lib.present import labels
from yubei_lib.present.export import write_text_atomic
from yubei_lib.runner.manifest import read_manifest


def _order(item: tuple[str, dict]) -> tuple[int, str]:
    page = item[1].get("page")
    return (PAGES.index(page) if page in PAGES else len(PAGES), item[0])


def report_sets(out: Path) -> list[dict]:
    """Return what the index lists: each set's period, date, district and pages, newest first."""
    sets = []
    for path in sorted(Path(out).glob("*/*/manifest.json")):
        m = read_manifest(path.parent)
        if not m:
            continue
        folder = path.parent
        pages = []
        for stem, entry in sorted(m.get("pages", {}).items(), key=_order):
            failed = entry.get("last_run") == "failed"
            pages.append({"ok": entry.get("status") == "ok",
                          "href": f"{folder.parent.name}/{folder.name}/{entry.get('html', stem + '.html')}",
                          "name": labels.page_title(entry.get("page", stem), entry.get("lang", "en")),
                          "error": entry.get("error", "failed") if failed or entry.get("status") != "ok" else ""})
        sets.append({"period": m.get("period", ""), "as_of": m.get("as_of", ""), "district": m.get("district", ""),
                     "district_id": m.get("district_id", ""), "pages": pages})
    sets.sort(key=lambda s: (s["as_of"], s["district_id"]), reverse=True)
    return sets


def write_index(out: Path) -> Path:
    """Rebuild ``<out>/index.html`` from the manifests of its report sets; return its path."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES / "index")), autoescape=True)
    html = env.get_template("index.html.j2").render(sets=report_sets(out))
    write_text_atomic(Path(out) / "index.html", html)
    return Path(out) / "index.html"
