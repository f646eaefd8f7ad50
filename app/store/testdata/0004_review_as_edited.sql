-- Supervisor review: the queue's columns on cases, decisions as an
-- append-only event log, and cases imported from other stations.

-- station is '' for this depot's own rows and the depot code of the
-- station a row came from in a signed bundle (package exchange). An
-- imported inspector is a users row with station set: it never signs in
-- (its pin_hash is empty and it is inactive) and user lists skip it.
ALTER TABLE users ADD COLUMN station TEXT NOT NULL DEFAULT '';
ALTER TABLE inspections ADD COLUMN station TEXT NOT NULL DEFAULT '';

-- The review queue filters and sorts on these copies of the inspection,
-- so it never parses JSON. search holds the waybill, party names, ID and
-- phone numbers, lower case, for the free-text search (cases keep their
-- personal data as evidence; the purge touches cleared parcels). products is " card1 card2 " so a
-- product filter is a LIKE '% card %'.
ALTER TABLE cases ADD COLUMN station      TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN inspector_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN risk_score   INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN held_at      TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN due_at       TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN products     TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN origin       TEXT NOT NULL DEFAULT '';  -- ISO country
ALTER TABLE cases ADD COLUMN destination  TEXT NOT NULL DEFAULT '';  -- ISO country
ALTER TABLE cases ADD COLUMN search       TEXT NOT NULL DEFAULT '';
-- What the case waits for: '' | second_opening | expert | confirm_referral.
ALTER TABLE cases ADD COLUMN pending      TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN addressee    TEXT NOT NULL DEFAULT '';  -- referral directory entry ID
ALTER TABLE cases ADD COLUMN referred_at  TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN handed_at    TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN closed_at    TEXT NOT NULL DEFAULT '';
-- For an imported case: the station's updated_at of the copy merged last,
-- so a repeated or older bundle changes nothing.
ALTER TABLE cases ADD COLUMN source_updated TEXT NOT NULL DEFAULT '';

UPDATE cases SET
    inspector_id = (SELECT i.inspector_id FROM inspections i WHERE i.id = cases.inspection_id),
    risk_score   = (SELECT i.risk_score FROM inspections i WHERE i.id = cases.inspection_id),
    held_at      = opened_at,
    due_at       = strftime('%Y-%m-%dT%H:%M:%S.000Z', opened_at, '+24 hours'),
    products     = COALESCE((SELECT ' ' || group_concat(json_extract(f.value, '$.card'), ' ') || ' '
                     FROM inspections i, json_each(i.data, '$.findings') f WHERE i.id = cases.inspection_id), ''),
    origin       = COALESCE((SELECT json_extract(i.data, '$.parcel.origin.country') FROM inspections i WHERE i.id = cases.inspection_id), ''),
    destination  = COALESCE((SELECT json_extract(i.data, '$.parcel.destination.country') FROM inspections i WHERE i.id = cases.inspection_id), ''),
    search       = COALESCE((SELECT lower(i.waybill) FROM inspections i WHERE i.id = cases.inspection_id), '');

-- The queue's common orders and filters.
CREATE INDEX cases_held ON cases (held_at);
CREATE INDEX cases_status_held ON cases (status, held_at);
CREATE INDEX cases_station_held ON cases (station, held_at);
CREATE INDEX cases_inspector_held ON cases (inspector_id, held_at);
CREATE INDEX cases_origin_held ON cases (origin, held_at);
CREATE INDEX cases_destination_held ON cases (destination, held_at);

-- The free-text search: a trigram index over cases.search, so a search
-- for part of a waybill, name or ID number does not read every case.
CREATE VIRTUAL TABLE cases_fts USING fts5(search, content = 'cases', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO cases_fts (rowid, search) SELECT id, search FROM cases;

CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases
BEGIN
    INSERT INTO cases_fts (rowid, search) VALUES (new.id, new.search);
END;

CREATE TRIGGER cases_fts_update AFTER UPDATE OF search ON cases
BEGIN
    INSERT INTO cases_fts (cases_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO cases_fts (rowid, search) VALUES (new.id, new.search);
END;

CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases
BEGIN
    INSERT INTO cases_fts (cases_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;

-- Decisions and comments on a case, in order. Never edited: a later event
-- supersedes an earlier one, and cases holds the current state. data is
-- the event's JSON (reason, officer, outcome, comment text …).
CREATE TABLE case_events (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    kind       TEXT NOT NULL,
    actor_id   INTEGER NOT NULL DEFAULT 0,
    actor_name TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL,
    data       TEXT NOT NULL DEFAULT '{}'
);

CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only');
END;

CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only');
END;
