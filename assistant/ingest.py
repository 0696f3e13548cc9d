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

from .clean import clean_pages
from .types import Document, DocumentMeta, MissionsguidenError

SUPPORTED = {".txt", ".md", ".pdf"}
MANIFEST = "manifest.json"


class IngestError(MissionsguidenError):
    """One file could not be ingested; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str):
        self.path, self.reason = Path(path), reason
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
        raise IngestError(path, "no such file")
    if path.suffix.lower() not in SUPPORTED:
        raise IngestError(path, f"unsupported file type '{path.suffix}' (use .txt, .md or .pdf)")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path, "the file is empty")
    if size > max_bytes:
        raise IngestError(
            path, f"the file is {size / 2**20:.1f} MB, above the {max_bytes / 2**20:.0f} MB limit"
        )
    raw = path.read_bytes()
    pages: list[tuple[int | None, str]] = (
        _pdf_pages(path, raw) if path.suffix.lower() == ".pdf" else [(None, _decode(path, raw))]
    )
    text, blocks = clean_pages(pages)
    if len(text) < 20 or not blocks:
        raise IngestError(path, "no readable text after cleaning")
    meta = meta or DocumentMeta(source=path.name, title=_guess_title(text, path))
    return Document(meta=meta, text=text, blocks=blocks, sha256=hashlib.sha256(raw).hexdigest())


def _decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw[:8192]:
        raise IngestError(path, "this looks like a binary file, not text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _pdf_pages(path: Path, raw: bytes) -> list[tuple[int | None, str]]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(path, "the PDF is encrypted; save an unprotected copy and try again")
        pages: list[tuple[int | None, str]] = [
            (n, page.extract_text() or "") for n, page in enumerate(reader.pages, start=1)
        ]
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(path, f"the PDF could not be read ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # pypdf raises many internal types on malformed files
        raise IngestError(path, f"the PDF could not be read ({type(exc).__name__})") from exc
    if not any(text.strip() for _, text in pages):
        raise IngestError(path, "the PDF has no text layer (a scan?); run OCR on it first")
    return pages


def _guess_title(text: str, path: Path) -> str:
    first = text.split("\n", 1)[0].strip()
    if 3 <= len(first) <= 120:
        return first
    return re.sub(r"[_-]+", " ", path.stem).strip() or path.name
