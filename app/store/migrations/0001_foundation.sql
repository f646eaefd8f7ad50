-- The depot this installation serves: exactly one row.
CREATE TABLE depot (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    country    TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    contact    TEXT NOT NULL DEFAULT '',
    language   TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role         TEXT NOT NULL CHECK (role IN ('inspector', 'supervisor', 'trainer')),
    pin_hash     TEXT NOT NULL,
    language     TEXT NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1,
    failed_pins  INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Append-only audit trail. Each entry carries the SHA-256 of the previous
-- entry, so a row changed, deleted or inserted behind the app's back breaks
-- the chain and `tusk audit verify` names it.
CREATE TABLE audit (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor_id   INTEGER NOT NULL DEFAULT 0,
    actor_name TEXT NOT NULL DEFAULT '',
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '',
    prev       TEXT NOT NULL,
    hash       TEXT NOT NULL
);

CREATE INDEX audit_subject ON audit (subject, seq);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit is append-only');
END;
