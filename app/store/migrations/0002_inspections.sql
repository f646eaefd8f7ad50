-- Parcel inspections, from scan to decision. `data` is the JSON of
-- inspect.Inspection (without its photos, which live in inspection_photos);
-- the other columns copy what lists and look-ups need, so no query has to
-- parse JSON. Times are UTC text (fmtTime), empty when not set.
CREATE TABLE inspections (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,         -- I-20261123-0007: depot day and serial
    waybill         TEXT NOT NULL DEFAULT '',     -- cleaned as a scan (inspect.CleanWaybill)
    courier         TEXT NOT NULL DEFAULT '',
    stage           TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'cleared', 'held', 'refused')),
    inspector_id    INTEGER NOT NULL REFERENCES users(id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    decided_at      TEXT NOT NULL DEFAULT '',
    risk_score      INTEGER NOT NULL DEFAULT 0,
    risk_level      TEXT NOT NULL DEFAULT 'grey' CHECK (risk_level IN ('grey', 'green', 'amber', 'red')),
    data            TEXT NOT NULL,
    personal_purged INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX inspections_waybill ON inspections (waybill, created_at);
CREATE INDEX inspections_inspector_day ON inspections (inspector_id, created_at);
CREATE INDEX inspections_day ON inspections (created_at);
CREATE INDEX inspections_status ON inspections (status, decided_at);
-- Crash recovery at sign-in reads an inspector's drafts, newest first,
-- without walking their whole history.
CREATE INDEX inspections_drafts ON inspections (inspector_id, updated_at) WHERE status = 'draft';

-- Keyed hashes (inspect.MatchKey, HMAC-SHA256 under the depot's secret, the
-- 32 bytes themselves) of each party's ID number, phone and name. They stay
-- when personal data is purged, so a repeat sender is still recognised.
-- flagged is set once the inspection is held or refused.
CREATE TABLE party_keys (
    inspection_id INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    role          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('id', 'phone', 'name')),
    key           BLOB NOT NULL,
    flagged       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (inspection_id, role, kind, key)
) WITHOUT ROWID;

-- Covers the repeat-sender look-up: key → flagged inspections, no table reads.
CREATE INDEX party_keys_key ON party_keys (key, flagged);

-- A held or refused parcel becomes a case.
CREATE TABLE cases (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,           -- C-2026-0012: year and serial
    inspection_id INTEGER NOT NULL UNIQUE REFERENCES inspections(id),
    status        TEXT NOT NULL CHECK (status IN ('open', 'under_review', 'referred', 'handed_over', 'closed')),
    risk_level    TEXT NOT NULL DEFAULT '',
    sensitive     INTEGER NOT NULL DEFAULT 0,
    opened_at     TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    outcome       TEXT NOT NULL DEFAULT '',
    police_ref    TEXT NOT NULL DEFAULT ''
);

CREATE INDEX cases_status ON cases (status, updated_at);

-- Chain of custody of a held parcel: who handed it to whom, when, under
-- which seals. Append-only, like the audit trail.
CREATE TABLE custody (
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    seq       INTEGER NOT NULL,
    from_name TEXT NOT NULL,
    to_name   TEXT NOT NULL,
    at        TEXT NOT NULL,
    seals     TEXT NOT NULL DEFAULT '',           -- seal numbers, one per line
    note      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, seq)
);

CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody
BEGIN
    SELECT RAISE(ABORT, 'custody is append-only');
END;

CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody
BEGIN
    SELECT RAISE(ABORT, 'custody is append-only');
END;

-- Photo originals, stored once by content under <home>/photos/.
CREATE TABLE photos (
    sha256   TEXT PRIMARY KEY,                    -- lower-case hex of the original bytes
    name     TEXT NOT NULL DEFAULT '',            -- file name when first added
    size     INTEGER NOT NULL,
    mime     TEXT NOT NULL,
    added_at TEXT NOT NULL,
    path     TEXT NOT NULL                        -- relative to the home folder, with "/"
);

CREATE TABLE inspection_photos (
    inspection_id INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    sha256        TEXT NOT NULL REFERENCES photos(sha256),
    seq           INTEGER NOT NULL,               -- attach order
    added_by      INTEGER NOT NULL DEFAULT 0,
    added_at      TEXT NOT NULL,
    PRIMARY KEY (inspection_id, sha256)
);

CREATE INDEX inspection_photos_sha ON inspection_photos (sha256);

-- Serial numbers: one row per depot day of inspections, per year of cases.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
