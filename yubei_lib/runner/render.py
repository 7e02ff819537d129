"""Export an executed notebook to the kit's report page (nbconvert, the kit's own template)."""

from __future__ import annotations

import base64
import json
import re
from functools import lru_cache

import nbformat
from nbconvert import HTMLExporter
from traitlets.config import Config

from yubei_lib.config import TEMPLATES, VEGALITE_MIME
from yubei_lib.present import labels

PRIORITY = [VEGALITE_MIME, "text/html", "text/markdown", "image/svg+xml", "image/png", "text/plain"]
_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$", re.MULTILINE)


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Return the Vega, Vega-Lite and Vega-Embed libraries as one script (vl-convert's bundle).

    ``</script`` inside it is escaped so the bundle can sit in an inline script element.
    """
    import vl_convert

    return vl_convert.javascript_bundle().replace("</script", "<\\/script")


def spec_json(spec: object) -> str:
    """Return a chart spec as JSON safe inside ``<script type="application/json">``.

    Examples
    --------
    >>> spec_json({"title": "</script><script>alert(1)</script>"})
    '{"title": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(spec, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _svg_base64(svg: object) -> str:
    text = "".join(svg) if isinstance(svg, list) else str(svg)
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


@lru_cache(maxsize=1)
def template_digest() -> str:
    """Return a digest of the template and its style (a change makes every page stale)."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((TEMPLATES / "yubei").iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _css() -> str:
    return (TEMPLATES / "yubei" / "page.css").read_text(encoding="utf-8")


def _exporter() -> HTMLExporter:
    config = Config()
    config.NbConvertBase.display_data_priority = PRIORITY
    exporter = HTMLExporter(config=config, template_name="yubei", extra_template_basedirs=[str(TEMPLATES)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.register_filter("spec_json", spec_json)
    exporter.register_filter("svg_base64", _svg_base64)
    return exporter


def table_of_contents(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """Give each Markdown cell with a level-2 or -3 heading an anchor; return (anchor, text) pairs."""
    toc = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        heads = [m.group(2) for m in _HEADING.finditer(cell.source) if len(m.group(1)) in (2, 3)]
        if heads:
            anchor = f"section-{i}"
            cell.metadata["yubei_anchor"] = anchor
            toc.append((anchor, re.sub(r"[*_`]", "", heads[0])))
    return toc


def render(nb: nbformat.NotebookNode, *, title: str, subtitle: str, kicker: str, lang: str,
           parameters: dict[str, object], files: dict[str, str], version: str, generated: str,
           notebook: str, synthetic: bool = False) -> str:
    """Return the report page of an executed notebook.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook (not modified).
    title, subtitle, kicker : str
        Page title (district and period), the line below it, and the line above it.
    lang : {"en", "zh"}
    parameters : dict
        The page's parameters, shown in the footer.
    files : dict
        Data file path -> SHA-256, shown in the footer.
    version : str
        The kit's version.
    generated : str
        Time of generation (the only part of the page that changes between equal runs).
    notebook : str
        The notebook's name.
    synthetic : bool
        Say on the page that the data is the synthetic sample.

    Returns
    -------
    str
        A complete HTML document that loads nothing from the network.
    """
    labels.check_lang(lang)
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))  # a copy: anchors are added
    toc = table_of_contents(nb)
    words = {k: labels.t(k, lang) for k in ("generated", "version", "parameters", "data_files", "provenance",
                                            "notebook")}
    resources = {"yubei": {
        "html_lang": "zh-CN" if lang == "zh" else "en",
        "title": title, "subtitle": subtitle, "kicker": kicker,
        "synthetic": labels.t("synthetic", lang) if synthetic else "",
        "contents": labels.t("contents", lang), "toc": toc, "css": _css(),
        "words": words, "chart_failed": labels.t("chart_failed", lang),
        "parameters": [(k, "" if v is None else str(v)) for k, v in parameters.items()],
        "files": sorted(files.items()), "version": version, "generated": generated,
        "notebook": notebook, "vegalite_mime": VEGALITE_MIME, "vega_js": vega_bundle(),
    }}
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return body
