-- kg workspace: the system of record. Ingested tables hold what sources said and what
-- extraction found; derived tables (entities, relations) are rebuilt by resolve.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per ingested file, keyed by content so re-ingesting it changes nothing.
CREATE TABLE IF NOT EXISTS sources (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL UNIQUE,
    format      TEXT NOT NULL,
    records     INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    ingested_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS papers (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    abstract      TEXT NOT NULL DEFAULT '',
    authors_count INTEGER,
    org           TEXT,
    date          TEXT,
    published     TEXT,
    upvotes       INTEGER,
    arxiv_id      TEXT,
    doi           TEXT
);

-- Every key a paper is known by (arxiv:, doi:, openalex:, s2:, title:) -> its id: how
-- a paper arriving from another listing or format finds the node it already has.
CREATE TABLE IF NOT EXISTS paper_keys (
    key      TEXT PRIMARY KEY,
    paper_id TEXT NOT NULL REFERENCES papers (id)
);

-- One row per record read: where a paper was listed, with the record as the source gave it.
-- `seq` orders records within their file (several can share a line, as in a one-line JSON array).
CREATE TABLE IF NOT EXISTS occurrences (
    source_id INTEGER NOT NULL REFERENCES sources (id),
    seq       INTEGER NOT NULL,
    line      INTEGER NOT NULL,
    paper_id  TEXT NOT NULL REFERENCES papers (id),
    record    TEXT NOT NULL,
    PRIMARY KEY (source_id, seq)
);
CREATE INDEX IF NOT EXISTS occurrences_paper ON occurrences (paper_id);

-- What extraction found in one record, with its evidence.
CREATE TABLE IF NOT EXISTS facts (
    paper_id   TEXT NOT NULL REFERENCES papers (id),
    source_id  INTEGER NOT NULL REFERENCES sources (id),
    rel        TEXT NOT NULL,
    type       TEXT NOT NULL,
    name       TEXT NOT NULL,
    canonical  TEXT NOT NULL,
    aliases    TEXT NOT NULL DEFAULT '[]',
    field      TEXT NOT NULL,
    sentence   TEXT NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    rule       TEXT NOT NULL,
    confidence REAL NOT NULL,
    UNIQUE (paper_id, source_id, rel, name, field, start)
);
CREATE INDEX IF NOT EXISTS facts_paper ON facts (paper_id);

CREATE TABLE IF NOT EXISTS failures (
    path   TEXT NOT NULL,
    line   INTEGER,
    reason TEXT NOT NULL,
    at     TEXT NOT NULL
);

-- Derived by resolve: canonical entities (non-paper nodes) and every graph edge.
CREATE TABLE IF NOT EXISTS entities (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    aliases    TEXT NOT NULL DEFAULT '[]',
    attributes TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE IF NOT EXISTS relations (
    src        TEXT NOT NULL,
    rel        TEXT NOT NULL,
    dst        TEXT NOT NULL,
    name       TEXT,
    confidence REAL NOT NULL,
    rule       TEXT NOT NULL,
    evidence   TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT '',
    field      TEXT NOT NULL DEFAULT '',
    start      INTEGER NOT NULL DEFAULT 0,
    end        INTEGER NOT NULL DEFAULT 0,
    inferred   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (src, rel, dst)
);
