"""Load .txt / .md / .pdf files into cleaned `Document`s, with a clear reason when one can't be.

docs, problems = load_documents([Path("corpus")], manifest=load_manifest(Path("corpus")))
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .clean import clean_pages
from .types import Document, DocumentMeta, MissionsguidenError

SUPPORTED = {".txt", ".md", ".pdf", ".docx"}
MANIFEST = "manifest.json"


class IngestError(MissionsguidenError):
    """One file could not be ingested; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str, code: str = "", **fields: Any):
        """`code` names the kind of problem (resources/ui.yaml `ingest_<code>` says it in the
        interface's language, with `fields`); `reason` says it in English for the CLI."""
        self.path, self.reason, self.code, self.fields = Path(path), reason, code, fields
        super().__init__(f"{Path(path).name}: {reason}")


@dataclass(frozen=True)
class LoadReport:
    documents: list[Document]
    problems: list[IngestError]


def load_manifest(corpus_dir: Path) -> dict[str, DocumentMeta]:
    path = corpus_dir / MANIFEST
    if not path.exists():
        return {}
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise MissionsguidenError(f"{path}: not valid JSON ({exc})") from exc
    return {
        row["file"]: DocumentMeta(
            source=row["file"],
            title=row.get("title") or row["file"],
            authors=tuple(row.get("authors") or ()),
            year=row.get("year"),
            language=row.get("language") or "",
            kind=row.get("kind") or "",
            description=row.get("description") or "",
        )
        for row in rows
    }


def iter_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to their supported files, sorted; keep explicitly named files as given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in SUPPORTED))
        else:
            files.append(path)
    return files


def load_documents(
    paths: Iterable[Path],
    manifest: dict[str, DocumentMeta] | None = None,
    max_bytes: int = 50 * 2**20,
) -> LoadReport:
    docs: list[Document] = []
    problems: list[IngestError] = []
    for path in iter_files(paths):
        try:
            docs.append(load_document(path, (manifest or {}).get(path.name), max_bytes))
        except IngestError as exc:
            problems.append(exc)
    return LoadReport(docs, problems)


def load_document(
    path: Path, meta: DocumentMeta | None = None, max_bytes: int = 50 * 2**20
) -> Document:
    if not path.exists():
        raise IngestError(path, "no such file", "missing")
    if path.suffix.lower() not in SUPPORTED:
        raise IngestError(
            path,
            f"unsupported file type '{path.suffix}' (use .txt, .md, .pdf or .docx)",
            "unsupported",
            kind=path.suffix,
        )
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path, "the file is empty", "empty")
    if size > max_bytes:
        raise IngestError(
            path,
            f"the file is {size / 2**20:.1f} MB, above the {max_bytes / 2**20:.0f} MB limit",
            "too_big",
            size=f"{size / 2**20:.1f}",
            limit=f"{max_bytes / 2**20:.0f}",
        )
    raw = path.read_bytes()
    kind = path.suffix.lower()
    found: dict[str, Any] = {}  # what the file's own metadata says (title, authors, year)
    if kind == ".pdf":
        pages = _pdf_pages(path, raw, found)
    elif kind == ".docx":
        pages = _docx_pages(path, raw, found)
    else:
        pages = [(None, _decode(path, raw))]
    text, blocks = clean_pages(pages)
    if len(text) < 20 or not blocks:
        raise IngestError(path, "no readable text after cleaning", "no_text")
    meta = meta or _meta_of(path, text, found)
    return Document(meta=meta, text=text, blocks=blocks, sha256=hashlib.sha256(raw).hexdigest())


def _meta_of(path: Path, text: str, found: dict[str, Any]) -> DocumentMeta:
    """An upload's metadata: its file's own title, authors and year where set, the title
    guessed from its first line otherwise, and its language detected from its text."""
    from .lang import detect

    return DocumentMeta(
        source=path.name,
        title=found.get("title") or _guess_title(text, path),
        authors=tuple(found.get("authors") or ()),
        year=found.get("year"),
        language=detect(text[:5000]),
    )


def _pdf_meta(reader: Any) -> dict[str, Any]:
    """A PDF's title, authors and year from its document information, where set; a broken
    information dictionary gives nothing rather than failing the upload."""
    try:
        info = reader.metadata
        if not info:
            return {}
        created = info.creation_date if info.get("/CreationDate") else None
        return {
            "title": (info.title or "").strip(),
            "authors": _people(info.author),
            "year": created.year if created else None,
        }
    except Exception:  # pypdf raises many types on malformed metadata
        return {}


def _people(value: str | None) -> list[str]:
    """Authors as a metadata field lists them ("A; B", "A, B and C")."""
    return [a.strip() for a in re.split(r";|,|\band\b|\bog\b", value or "") if a.strip()]


def _docx_pages(path: Path, raw: bytes, found: dict[str, Any]) -> list[tuple[int | None, str]]:
    """A Word file's paragraphs and tables in document order (python-docx), one block each."""
    import io
    import zipfile

    from docx import Document as DocxDocument

    try:
        doc = DocxDocument(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(
            path, f"the Word file could not be read ({type(exc).__name__})", "docx_unreadable"
        ) from exc
    lines: list[str] = []
    for item in doc.iter_inner_content():
        if hasattr(item, "rows"):  # a table: one line per row
            lines += [" | ".join(c.text.strip() for c in row.cells) for row in item.rows]
        else:
            lines.append(item.text)
    props = doc.core_properties
    if props.author and props.author != "python-docx":
        found["authors"] = _people(props.author)
    found["title"] = (props.title or "").strip()
    # python-docx's blank template says 2013-12-23 23:15: a file made from it has no date
    made = props.created
    template = made is not None and (made.year, made.month, made.day) == (2013, 12, 23)
    found["year"] = made.year if made and not template else None
    return [(None, "\n\n".join(x for x in lines if x.strip()))]


def _decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw[:8192]:
        raise IngestError(path, "this looks like a binary file, not text", "binary")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _pdf_pages(
    path: Path, raw: bytes, found: dict[str, Any] | None = None
) -> list[tuple[int | None, str]]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(
                path, "the PDF is encrypted; save an unprotected copy and try again", "encrypted"
            )
        pages: list[tuple[int | None, str]] = [
            (n, page.extract_text() or "") for n, page in enumerate(reader.pages, start=1)
        ]
        if found is not None:
            found.update(_pdf_meta(reader))
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(
            path, f"the PDF could not be read ({type(exc).__name__}: {exc})", "pdf_unreadable"
        ) from exc
    except Exception as exc:  # pypdf raises many internal types on malformed files
        raise IngestError(
            path, f"the PDF could not be read ({type(exc).__name__})", "pdf_unreadable"
        ) from exc
    if not any(text.strip() for _, text in pages):
        raise IngestError(path, "the PDF has no text layer (a scan?); run OCR on it first", "scan")
    return pages


def _guess_title(text: str, path: Path) -> str:
    first = text.split("\n", 1)[0].strip()
    if 3 <= len(first) <= 120:
        return first
    return re.sub(r"[_-]+", " ", path.stem).strip() or path.name
