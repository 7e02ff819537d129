"""Chinese text in Chromium's PDFs: make copied and searched text match what is printed.

Chromium maps a glyph that a CJK font shares between an ideograph and a radical (工 and
⼯, 页 and ⻚) to the radical in the PDF's text layer, so copied or searched Chinese text
would not match (crbug.com/981259). :func:`fix_cjk_text` corrects those ToUnicode maps in
an incremental update of the PDF, leaving what Chromium wrote untouched. :func:`drawn_text`
reads the same maps to tell which characters the PDF's fonts really draw.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zlib

_SUPPLEMENT: dict[int, int] = {int(a, 16): int(b, 16) for a, b in (pair.split(":") for pair in (
    # CJK Radicals Supplement -> the ideograph that Noto Sans CJK draws with the same glyph
    # (SC first; the other faces for the rest). The Kangxi Radicals map by NFKC.
    "2E82:4E5B 2E83:4E5A 2E85:4EBB 2E87:20628 2E89:5202 2E8B:353E 2E8D:2D544 2E8E:5140 2E8F:5C23 2E90:5C22 "
    "2E92:5DF3 2E93:5E7A 2E94:5F51 2E95:5F50 2E96:5FC4 2E98:624C 2E99:6535 2E9B:65E1 2E9E:6B7A 2E9F:6BCD "
    "2EA0:6C11 2EA1:6C35 2EA3:706C 2EA4:722B 2EA6:4E2C 2EA8:72AD 2EA9:248E9 2EAB:7F52 2EAD:793B 2EAE:25AD7 "
    "2EAF:7CF9 2EB0:7E9F 2EB1:7F53 2EB3:34C1 2EB9:8002 2EBA:8080 2EBD:26951 2EBE:8279 2EBF:8279 2EC2:8864 "
    "2EC3:8980 2EC4:897F 2EC5:89C1 2EC6:89D2 2EC7:278B2 2EC8:8BA0 2EC9:8D1D 2ECA:27FB7 2ECB:8F66 2ECC:8FB6 "
    "2ECD:8FB6 2ECE:8FB6 2ED0:9485 2ED1:9577 2ED2:9578 2ED3:957F 2ED4:95E8 2ED5:28E0F 2ED6:961D 2ED8:9752 "
    "2ED9:97E6 2EDA:9875 2EDB:98CE 2EDC:98DE 2EDD:98DF 2EDE:2967F 2EDF:98E0 2EE0:9963 2EE1:29810 2EE2:9A6C "
    "2EE3:9AA8 2EE4:9B3C 2EE5:9C7C 2EE6:9E1F 2EE7:5364 2EE8:9EA6 2EE9:9EC4 2EEA:9EFE 2EEB:6589 2EEC:9F50 "
    "2EED:6B6F 2EEE:9F7F 2EEF:7ADC 2EF0:9F99 2EF1:9F9C 2EF2:4E80 2EF3:9F9F").split())}
_KANGXI_SC = {0x2F3E: 0x6237}  # KANGXI RADICAL DOOR: Noto Sans CJK SC draws it as 户, not NFKC's 戶


def ideograph(char: str) -> str:
    """Return the CJK ideograph a radical stands for in a PDF's text layer; other text unchanged.

    Examples
    --------
    >>> ideograph("\\u2f2f") + ideograph("\\u2eda") + ideograph("a")
    '工页a'
    """
    cp = ord(char)
    if cp in _SUPPLEMENT:
        return chr(_SUPPLEMENT[cp])
    if 0x2F00 <= cp <= 0x2FDF:
        return chr(_KANGXI_SC[cp]) if cp in _KANGXI_SC else unicodedata.normalize("NFKC", char)
    return char


_BLOCK = re.compile(rb"(\d+)\s+begin(bfchar|bfrange)\b(.*?)\bend\2", re.S)
_CHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]*)>|\[([^\]]*)\])")


def _text(hexdigits: bytes) -> str:
    return bytes.fromhex(hexdigits.decode()).decode("utf-16-be")


def _hex(text: str) -> bytes:
    return text.encode("utf-16-be").hex().upper().encode()


def fix_to_unicode(cmap: bytes) -> bytes:
    """Return a ToUnicode CMap whose radicals are mapped to ideographs (the CMap itself when none is).

    Examples
    --------
    >>> fix_to_unicode(b"1 beginbfchar\\n<81> <2F2F>\\nendbfchar")
    b'1 beginbfchar\\n<81> <5DE5>\\nendbfchar\\n'
    >>> fix_to_unicode(b"1 beginbfrange\\n<20> <22> <0041>\\nendbfrange")
    b'1 beginbfrange\\n<20> <22> <0041>\\nendbfrange'
    """
    blocks = list(_BLOCK.finditer(cmap))
    if not blocks:
        return cmap
    chars: list[tuple[bytes, str]] = []
    ranges: list[bytes] = []
    changed = False
    for block in blocks:
        if block[2] == b"bfchar":
            for src, dst in _CHAR.findall(block[3]):
                text = _text(dst)
                fixed = "".join(map(ideograph, text))
                changed |= fixed != text
                chars.append((src, fixed))
            continue
        for m in _RANGE.finditer(block[3]):
            lo, hi = int(m[1], 16), int(m[2], 16)
            width = len(m[1])
            if m[3] is not None:
                start = bytes.fromhex(m[3].decode())
                if not start or start[-1] + hi - lo > 255:
                    return cmap  # not a range this fixer understands: leave the CMap alone
                targets = [(start[:-1] + bytes([start[-1] + i])).decode("utf-16-be") for i in range(hi - lo + 1)]
            else:
                targets = [_text(h) for h in re.findall(rb"<([0-9A-Fa-f]*)>", m[4])]
            fixed_targets = ["".join(map(ideograph, text)) for text in targets]
            if fixed_targets == targets:
                ranges.append(m[0])
                continue
            changed = True
            chars += [(f"{lo + i:0{width}X}".encode(), text) for i, text in enumerate(fixed_targets)]
    if not changed:
        return cmap
    out = []
    for i in range(0, len(chars), 100):
        part = chars[i:i + 100]
        out.append(b"%d beginbfchar\n" % len(part) + b"".join(b"<%s> <%s>\n" % (s, _hex(t)) for s, t in part)
                   + b"endbfchar\n")
    for i in range(0, len(ranges), 100):
        lines = ranges[i:i + 100]
        out.append(b"%d beginbfrange\n" % len(lines) + b"\n".join(lines) + b"\nendbfrange\n")
    return cmap[:blocks[0].start()] + b"".join(out) + cmap[blocks[-1].end():].lstrip(b"\r\n")


def fix_cjk_text(pdf: bytes) -> bytes:
    """Return the PDF with its ToUnicode maps giving ideographs for radicals, as an incremental update.

    Only what Chromium writes is handled (one classic cross-reference table, plain or
    Flate streams with a direct length); any other PDF is returned as it is.
    """
    try:
        return _fix_cjk_text(pdf)
    except (ValueError, IndexError, KeyError, UnicodeDecodeError, zlib.error):
        return pdf


def _fix_cjk_text(pdf: bytes) -> bytes:
    found = _classic_xref(pdf)
    if found is None:
        return pdf
    xref_at, trailer_at, trailer = found
    updates = _fixed_maps(pdf, xref_at, _xref_offsets(pdf[xref_at + 4:trailer_at]))
    if not updates:  # nothing to fix, or a map this does not read
        return pdf
    return _with_update(pdf, updates, xref_at, trailer)


def _classic_xref(pdf: bytes) -> tuple[int, int, bytes] | None:
    """Return where the PDF's one classic cross-reference table and its trailer are, and the trailer.

    None for any other PDF: a cross-reference stream, an earlier update (``/Prev``), encryption.
    """
    tail = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf[-1024:])
    if not tail:
        return None
    xref_at = int(tail[1])
    if not pdf.startswith(b"xref", xref_at):
        return None
    trailer_at = pdf.index(b"trailer", xref_at)
    trailer = pdf[trailer_at:pdf.index(b"startxref", trailer_at)]
    if re.search(rb"/(Prev|XRefStm|Encrypt)\b", trailer):
        return None
    return xref_at, trailer_at, trailer


def _xref_offsets(table: bytes) -> dict[int, tuple[int, int]]:
    """Return each object in use of a cross-reference table's sections: number -> (offset, generation)."""
    offsets: dict[int, tuple[int, int]] = {}
    for m in re.finditer(rb"(\d+) (\d+)\s*\n((?:\d{10} \d{5} [nf][ \r\n]{2})*)", table):
        first = int(m[1])
        for i, entry in enumerate(re.findall(rb"(\d{10}) (\d{5}) ([nf])", m[3])):
            if entry[2] == b"n":
                offsets[first + i] = (int(entry[0]), int(entry[1]))
    return offsets


def _fixed_maps(pdf: bytes, xref_at: int, offsets: dict[int, tuple[int, int]]) -> list[tuple[int, int, bytes]] | None:
    """Return each ToUnicode map that names a radical, fixed: (number, generation, Flate data).

    None when a map is in a stream this does not read.
    """
    updates = []
    for num in sorted({int(n) for n in re.findall(rb"/ToUnicode\s+(\d+)\s+\d+\s+R", pdf[:xref_at])}):
        at, gen = offsets[num]
        text = _stream_data(pdf, num, gen, at)
        if text is None:
            return None
        fixed = fix_to_unicode(text)
        if fixed != text:
            updates.append((num, gen, zlib.compress(fixed)))
    return updates


def _stream_data(pdf: bytes, num: int, gen: int, at: int) -> bytes | None:
    """Return the decoded data of the stream object at ``at``: plain or Flate, with a direct length; else None."""
    head = re.compile(rb"\s*%d\s+%d\s+obj\s*<<(.*?)>>\s*stream\r?\n" % (num, gen), re.S).match(pdf, at)
    if not head:
        return None
    length = re.search(rb"/Length\s+(\d+)(\s+\d+\s+R)?", head[1])
    flate = re.search(rb"/Filter\s*(/FlateDecode|\[\s*/FlateDecode\s*\])", head[1])
    if (not length or length[2] or b"/DecodeParms" in head[1]
            or (b"/Filter" in head[1] and not flate)):
        return None
    raw = pdf[head.end():head.end() + int(length[1])]
    return zlib.decompress(raw) if flate else raw


def _with_update(pdf: bytes, updates: list[tuple[int, int, bytes]], xref_at: int, trailer: bytes) -> bytes:
    """Return the PDF with the fixed maps appended as an incremental update (new objects, table, trailer)."""
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    where = {}
    for num, gen, data in updates:
        where[num] = (len(out), gen)
        out += b"%d %d obj\n<</Filter /FlateDecode\n/Length %d>> stream\n" % (num, gen, len(data))
        out += data + b"\nendstream\nendobj\n"
    new_xref = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"  # the free list's head, as readers expect a section to start
    out += b"".join(b"%d 1\n%010d %05d n \n" % (num, at, gen) for num, (at, gen) in sorted(where.items()))
    keep = b"".join(m[0] + b"\n" for m in re.finditer(rb"/(?:Size\s+\d+|Root\s+\d+\s+\d+\s+R|Info\s+\d+\s+\d+\s+R|"
                                                      rb"ID\s*\[[^\]]*\])", trailer))
    out += b"trailer\n<<" + keep + b"/Prev %d>>\nstartxref\n%d\n%%%%EOF\n" % (xref_at, new_xref)
    return bytes(out)

def cmap_text(cmap: bytes) -> str:
    """Return all the text a ToUnicode CMap maps its codes to.

    Examples
    --------
    >>> cmap_text(b"1 beginbfchar\\n<81> <6E1D>\\nendbfchar\\n1 beginbfrange\\n<20> <22> <0041>\\nendbfrange")
    '渝ABC'
    """
    out = []
    for block in _BLOCK.finditer(cmap):
        if block[2] == b"bfchar":
            out += [_text(dst) for _, dst in _CHAR.findall(block[3])]
            continue
        for m in _RANGE.finditer(block[3]):
            lo, hi = int(m[1], 16), int(m[2], 16)
            if m[3] is not None:
                start = _text(m[3])
                if start:
                    out += [start[:-1] + chr(ord(start[-1]) + i) for i in range(hi - lo + 1)]
            else:
                out += [_text(h) for h in re.findall(rb"<([0-9A-Fa-f]*)>", m[4])]
    return "".join(out)


def drawn_text(pdf: bytes) -> set[str]:
    """Return the characters a PDF's fonts draw with glyphs of their own, radicals read as ideographs.

    Each font's ToUnicode map lists the glyphs it draws; a character no font has is drawn
    as the fallback font's empty box (glyph 0), which Chromium maps to no character, so it
    is not among them.
    """
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject, StreamObject

    def resolved(obj: object) -> object:
        return obj.get_object() if hasattr(obj, "get_object") else obj

    def values(obj: object) -> list[object]:
        obj = resolved(obj)
        return [resolved(v) for v in obj.values()] if isinstance(obj, DictionaryObject) else []

    seen: dict[int, object] = {}  # (holding the objects keeps their ids apart)
    text: list[str] = []

    def visit(resources: object) -> None:
        resources = resolved(resources)
        if not isinstance(resources, DictionaryObject) or id(resources) in seen:
            return
        seen[id(resources)] = resources
        for font in values(resources.get("/Font")):
            if not isinstance(font, DictionaryObject) or id(font) in seen:
                continue
            seen[id(font)] = font
            cmap = resolved(font.get("/ToUnicode"))
            if isinstance(cmap, StreamObject):
                text.append(cmap_text(cmap.get_data()))
            visit(font.get("/Resources"))  # a Type 3 font's glyphs
        for xobject in values(resources.get("/XObject")):
            if isinstance(xobject, DictionaryObject):
                visit(xobject.get("/Resources"))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        visit(page.get("/Resources"))
    return set(map(ideograph, "".join(text)))
