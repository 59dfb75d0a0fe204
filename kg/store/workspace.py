"""The SQLite workspace: kg's system of record, incremental and transactional.

Ingest writes what sources said (papers, occurrences) and what extraction found
(facts); resolve derives entities and relations from them. A file is the unit of
atomicity: it is stored whole or not at all, and a content hash makes re-ingesting it a
no-op. The `dirty` flag, set with every stored file and cleared by resolve, lets a
workspace interrupted between the two catch up on its next use.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.ids import paper_local_id, title_key
from kg.model import Evidence, Extraction, Failed, Record, RelKind, WorkRef

__all__ = ["Workspace", "SCHEMA_VERSION", "identity_keys", "paper_keys", "work_keys"]

SCHEMA_VERSION = "1"
_APPLICATION = "kg"

_PAPER_FIELDS = ("authors_count", "org", "date", "published", "upvotes", "arxiv_id", "doi")
#: fills fields the paper lacks, so the first source to state a value keeps it; an abstract
#: is the exception, a longer one replaces a shorter (listings truncate).
_MERGE_FIELDS = """UPDATE papers SET
    abstract = CASE WHEN length(:abstract) > length(abstract) THEN :abstract ELSE abstract END,
    authors_count = coalesce(authors_count, :authors_count),
    org = coalesce(org, :org),
    date = coalesce(date, :date),
    published = coalesce(published, :published),
    upvotes = coalesce(upvotes, :upvotes),
    arxiv_id = coalesce(arxiv_id, :arxiv_id),
    doi = coalesce(doi, :doi)
  WHERE id = :id"""
_INSERT_FACT = "INSERT OR IGNORE INTO facts VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def identity_keys(
    *,
    arxiv_id: str | None = None,
    doi: str | None = None,
    openalex_id: str | None = None,
    s2_id: str | None = None,
    title: str | None = None,
) -> list[str]:
    """Keys a paper may be stored under, most reliable first (arXiv id, DOI, ..., title).

    >>> identity_keys(arxiv_id="2401.01234v2", title="A Title")
    ['arxiv:2401.01234', 'title:a title']
    """
    keys = []
    if arxiv_id:
        keys.append("arxiv:" + paper_local_id(arxiv_id, None, "").removeprefix("arxiv-"))
    if doi:
        keys.append("doi:" + doi.strip().lower())
    if openalex_id:
        keys.append("openalex:" + openalex_id.rsplit("/", 1)[-1].upper())
    if s2_id:
        keys.append("s2:" + s2_id)
    if title and title.strip():
        keys.append("title:" + title_key(title))
    return keys


def paper_keys(record: Record) -> list[str]:
    """Keys a record's paper may already be stored under."""
    return identity_keys(arxiv_id=record.arxiv_id, doi=record.doi, openalex_id=record.openalex_id,
                         s2_id=record.s2_id, title=record.title)


def work_keys(ref: WorkRef) -> list[str]:
    """Keys under which a cited work may be stored as a corpus paper."""
    return identity_keys(arxiv_id=ref.arxiv_id, doi=ref.doi, openalex_id=ref.openalex_id,
                         s2_id=ref.s2_id, title=ref.title)


def record_from_json(text: str) -> Record:
    """Rebuild a Record stored by `Workspace.store_record`."""
    data = json.loads(text)
    data["references"] = tuple(WorkRef(**ref) for ref in data.get("references", ()))
    for name, value in data.items():
        if isinstance(value, list):
            data[name] = tuple(value)
    return Record(**data)


class Workspace:
    """A kg workspace file. Use as a context manager, or call `close()`.

    >>> import tempfile, pathlib
    >>> with Workspace(pathlib.Path(tempfile.mkdtemp()) / "kg.db") as ws:
    ...     ws.counts()["papers"]
    0
    """

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no such workspace (run `kg ingest` or `kg build` first)")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            # A field's workspace outgrows SQLite's 2 MB page cache: its key and fact indexes
            # are written at random places. 64 MB holds them at 100k papers.
            self.db.execute("PRAGMA cache_size=-65536")
            self._initialise()
        except (OSError, sqlite3.OperationalError) as exc:
            raise StoreError(f"{self.path}: cannot open the workspace ({exc})") from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a kg workspace ({exc})") from None

    def _initialise(self) -> None:
        app = self.db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='meta'"
        ).fetchone()
        if app:
            row = self.db.execute("SELECT value FROM meta WHERE key='application'").fetchone()
            if not row or row[0] != _APPLICATION:
                raise StoreError(f"{self.path}: an SQLite file, but not a kg workspace")
            return
        if self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(f"{self.path}: an SQLite file, but not a kg workspace")
        schema = resources.files("kg.store").joinpath("schema.sql").read_text()
        self.db.executescript(
            f"""BEGIN;
            {schema}
            INSERT INTO meta VALUES ('application', '{_APPLICATION}'),
                ('schema_version', '{SCHEMA_VERSION}'), ('dirty', '0');
            COMMIT;"""
        )

    # -- lifecycle -------------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One SQLite transaction: everything inside is stored, or nothing is.

        Nested use becomes a savepoint, so a file's transaction can sit inside a whole
        run's (as `--strict` wants) and still roll back alone.
        """
        if self.db.in_transaction:
            self.db.execute("SAVEPOINT nested")
            try:
                yield
            except BaseException:
                self.db.execute("ROLLBACK TO nested")
                self.db.execute("RELEASE nested")
                raise
            self.db.execute("RELEASE nested")
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- ingest ----------------------------------------------------------------------

    def has_source(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM sources WHERE sha256=?", (sha256,)).fetchone() is not None

    def add_source(self, path: str, sha256: str, format: str) -> int:
        """Register a file being ingested; call inside the file's transaction."""
        cursor = self.db.execute(
            "INSERT INTO sources (path, sha256, format, ingested_at) VALUES (?, ?, ?, ?)",
            (path, sha256, format, _now()),
        )
        self.db.execute("UPDATE meta SET value='1' WHERE key='dirty'")
        return int(cursor.lastrowid)

    def finish_source(self, source_id: int, records: int, failed: int) -> None:
        self.db.execute("UPDATE sources SET records=?, failed=? WHERE id=?", (records, failed, source_id))

    def add_failure(self, failure: Failed) -> None:
        """Record what could not be read; the same problem seen again only updates its time."""
        self.db.execute(
            "DELETE FROM failures WHERE path = ? AND line IS ? AND reason = ?",
            (failure.source, failure.line, failure.reason),
        )
        self.db.execute(
            "INSERT INTO failures VALUES (?, ?, ?, ?)", (failure.source, failure.line, failure.reason, _now())
        )

    def store_record(self, source_id: int, record: Record, extraction: Extraction) -> str:
        """Store one record and its facts under the paper it denotes; returns the paper id."""
        return self.store_records(source_id, [(record, extraction)])[0]

    def store_records(self, source_id: int, batch: Sequence[tuple[Record, Extraction]]) -> list[str]:
        """Store records and their facts, in order, as `store_record` would one by one.

        Returns each record's paper id. A batch costs a few `executemany` calls instead of
        half a dozen statements a record: the identity keys the batch needs are looked up
        in one query, and a paper listed twice in the batch is found through the keys the
        earlier record added. Call inside the file's transaction.
        """
        keys = [paper_keys(record) for record, _ in batch]
        known = self._stored_keys({key for record_keys in keys for key in record_keys})
        paper_ids: list[str] = []
        new_papers: list[tuple[str, str]] = []
        for (record, _), record_keys in zip(batch, keys):
            paper_id = next((known[key] for key in record_keys if key in known), None)
            if paper_id is None:
                paper_id = paper_local_id(record.arxiv_id, record.doi, record.title)
                new_papers.append((paper_id, record.title.strip()))
            for key in record_keys:
                known.setdefault(key, paper_id)  # as INSERT OR IGNORE: a key keeps its first paper
            paper_ids.append(paper_id)
        self.db.executemany("INSERT OR IGNORE INTO papers (id, title) VALUES (?, ?)", new_papers)
        self.db.executemany(_MERGE_FIELDS, [_paper_fields(paper_id, record)
                                            for paper_id, (record, _) in zip(paper_ids, batch)])
        self.db.executemany("INSERT OR IGNORE INTO paper_keys VALUES (?, ?)",
                            [(key, paper_id) for paper_id, record_keys in zip(paper_ids, keys) for key in record_keys])
        seq = self.db.execute("SELECT coalesce(max(seq) + 1, 0) FROM occurrences WHERE source_id = ?",
                              (source_id,)).fetchone()[0]
        self.db.executemany("INSERT INTO occurrences VALUES (?, ?, ?, ?, ?)",
                            [(source_id, seq + index, record.line, paper_id, _record_json(record))
                             for index, (paper_id, (record, _)) in enumerate(zip(paper_ids, batch))])
        self.db.executemany(_INSERT_FACT, [(paper_id, source_id, *row) for paper_id, (_, extraction)
                                           in zip(paper_ids, batch) for row in _fact_rows(extraction)])
        return paper_ids

    def _stored_keys(self, keys: Iterable[str]) -> dict[str, str]:
        """key -> paper id for those of `keys` the workspace holds, in one query."""
        return dict(self.db.execute(
            "SELECT key, paper_id FROM paper_keys WHERE key IN (SELECT value FROM json_each(?))",
            (json.dumps(list(keys)),),
        ))

    def _find_paper(self, keys: list[str]) -> str | None:
        for key in keys:
            row = self.db.execute("SELECT paper_id FROM paper_keys WHERE key=?", (key,)).fetchone()
            if row:
                return row[0]
        return None

    # -- re-extraction ---------------------------------------------------------------

    @property
    def extractor(self) -> str | None:
        """Fingerprint of the extractor whose facts the workspace holds (None before any)."""
        row = self.db.execute("SELECT value FROM meta WHERE key='extractor'").fetchone()
        return row[0] if row else None

    def set_extractor(self, fingerprint: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('extractor', ?)", (fingerprint,))

    def stored_records(self) -> Iterator[tuple[int, str, Record]]:
        """(source id, paper id, record) of every record stored, in reading order."""
        for row in self.rows("SELECT source_id, paper_id, record FROM occurrences ORDER BY source_id, seq"):
            yield row["source_id"], row["paper_id"], record_from_json(row["record"])

    def clear_facts(self) -> None:
        """Forget every extracted fact (before re-extracting); call inside a transaction."""
        self.db.execute("DELETE FROM facts")
        self.db.execute("UPDATE meta SET value='1' WHERE key='dirty'")

    def add_facts(self, paper_id: str, source_id: int, extraction: Extraction) -> None:
        self.db.executemany(_INSERT_FACT, [(paper_id, source_id, *row) for row in _fact_rows(extraction)])

    # -- resolve ---------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """True when files were stored since the last resolve."""
        return self.db.execute("SELECT value FROM meta WHERE key='dirty'").fetchone()[0] == "1"

    def replace_derived(self, entities: Iterable[tuple], relations: Iterable[tuple]) -> None:
        """Swap in a new resolve result; call inside a transaction."""
        self.db.execute("DELETE FROM entities")
        self.db.execute("DELETE FROM relations")
        self.db.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?)", entities)
        self.db.executemany(
            "INSERT OR IGNORE INTO relations VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", relations
        )
        self.db.execute("UPDATE meta SET value='0' WHERE key='dirty'")

    # -- reading ---------------------------------------------------------------------

    def rows(self, sql: str, params: tuple = ()) -> Iterator[sqlite3.Row]:
        """Rows of a read-only query, as mappings."""
        cursor = self.db.cursor()
        cursor.row_factory = sqlite3.Row
        yield from cursor.execute(sql, params)

    def papers(self) -> Iterator[sqlite3.Row]:
        return self.rows("SELECT * FROM papers ORDER BY id")

    def facts(self) -> Iterator[sqlite3.Row]:
        return self.rows("SELECT * FROM facts ORDER BY paper_id, rel, start")

    def occurrences(self) -> Iterator[tuple[str, str, Record]]:
        """(paper id, source path, record) for every record stored."""
        for row in self.rows(
            "SELECT o.paper_id, s.path, o.record FROM occurrences o JOIN sources s ON s.id = o.source_id "
            "ORDER BY o.source_id, o.seq"
        ):
            yield row["paper_id"], row["path"], record_from_json(row["record"])

    def paper_sources(self) -> Iterator[tuple[str, str]]:
        """(paper id, source path) for every record stored, in reading order, records left unread."""
        for row in self.db.execute(
            "SELECT o.paper_id, s.path FROM occurrences o JOIN sources s ON s.id = o.source_id "
            "ORDER BY o.source_id, o.seq"
        ):
            yield row[0], row[1]

    def paper_id_for(self, keys: Iterable[str]) -> str | None:
        """The stored paper known under any of `keys`, first key first."""
        return self._find_paper(list(keys))

    def entities(self) -> Iterator[sqlite3.Row]:
        return self.rows("SELECT * FROM entities ORDER BY id")

    def relations(self) -> Iterator[sqlite3.Row]:
        return self.rows("SELECT * FROM relations ORDER BY src, rel, dst")

    def failures(self) -> Iterator[sqlite3.Row]:
        return self.rows("SELECT * FROM failures ORDER BY rowid")

    def counts(self) -> dict[str, Any]:
        """Row counts of the main tables, and relations by kind."""
        tables = ("sources", "papers", "occurrences", "facts", "entities", "relations", "failures")
        counts: dict[str, Any] = {
            table: self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables
        }
        counts["by_relation"] = dict(
            self.db.execute("SELECT rel, count(*) FROM relations GROUP BY rel ORDER BY rel").fetchall()
        )
        counts["by_entity"] = dict(
            self.db.execute("SELECT kind, count(*) FROM entities GROUP BY kind ORDER BY kind").fetchall()
        )
        return counts


_RECORD_FIELDS = tuple(f.name for f in dataclasses.fields(Record))
_WORK_REF_FIELDS = tuple(f.name for f in dataclasses.fields(WorkRef))


def _paper_fields(paper_id: str, record: Record) -> dict[str, Any]:
    """Parameters of `_MERGE_FIELDS` for one record."""
    values = {name: getattr(record, name) for name in _PAPER_FIELDS}
    values["abstract"] = record.abstract.strip()
    values["id"] = paper_id
    return values


def _record_json(record: Record) -> str:
    """The record as JSON, read back by `record_from_json`.

    Field by field rather than `dataclasses.asdict`, whose deep copies cost as much as
    storing the rest of the record.
    """
    data = {name: getattr(record, name) for name in _RECORD_FIELDS}
    data["references"] = [{name: getattr(ref, name) for name in _WORK_REF_FIELDS} for ref in record.references]
    return json.dumps(data, ensure_ascii=False)


def _fact_rows(extraction: Extraction) -> Iterator[tuple]:
    """Facts table rows (without paper and source) for one extraction."""
    for p in extraction.proposals:
        yield (RelKind.PROPOSES.value, p.type.value, p.name, p.name, json.dumps(list(p.aliases)),
               *_evidence(p.evidence))
    for m in extraction.mentions:
        rel = RelKind.USES_METHOD if m.type.value == "method" else RelKind.USES_DATASET
        yield (rel.value, m.type.value, m.name, m.canonical, "[]", *_evidence(m.evidence))
    for link in extraction.links:
        rel, kind = (RelKind.HAS_CODE, "repository") if link.is_repository else (RelKind.HAS_LINK, "link")
        yield (rel.value, kind, link.url, link.url, "[]", *_evidence(link.evidence))


def _evidence(e: Evidence) -> tuple:
    return (e.field, e.sentence, e.start, e.end, e.rule, e.confidence)
