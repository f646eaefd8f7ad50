-- Stations that never lose a case (issue 15).

-- The station's own change sequence: one counter, moved on by every
-- change of an own case (the case, its inspection, photos, custody). A
-- bundle carries the cases whose last change is after what the supervisor
-- acknowledged, so a clock stepped back or a back-dated change is never
-- skipped. Commits are serialised, so the sequence has no gaps in flight.
CREATE TABLE exchange_counter (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
);
INSERT INTO exchange_counter(id, seq) VALUES (1, 0);

CREATE TABLE case_changes (
    case_id INTEGER PRIMARY KEY REFERENCES cases(id),
    seq     INTEGER NOT NULL
);
CREATE INDEX case_changes_seq ON case_changes(seq);

INSERT INTO case_changes(case_id, seq)
    SELECT id, ROW_NUMBER() OVER (ORDER BY updated_at, id) FROM cases WHERE station = '';
UPDATE exchange_counter SET seq = (SELECT COALESCE(MAX(seq), 0) FROM case_changes);

CREATE TRIGGER case_changes_case_insert AFTER INSERT ON cases WHEN NEW.station = '' BEGIN
    UPDATE exchange_counter SET seq = seq + 1;
    INSERT OR REPLACE INTO case_changes(case_id, seq) SELECT NEW.id, seq FROM exchange_counter;
END;
CREATE TRIGGER case_changes_case_update AFTER UPDATE ON cases WHEN NEW.station = '' BEGIN
    UPDATE exchange_counter SET seq = seq + 1;
    INSERT OR REPLACE INTO case_changes(case_id, seq) SELECT NEW.id, seq FROM exchange_counter;
END;
CREATE TRIGGER case_changes_inspection AFTER UPDATE ON inspections WHEN NEW.station = '' BEGIN
    UPDATE exchange_counter SET seq = seq + 1
        WHERE EXISTS (SELECT 1 FROM cases WHERE inspection_id = NEW.id AND station = '');
    INSERT OR REPLACE INTO case_changes(case_id, seq)
        SELECT c.id, k.seq FROM cases c, exchange_counter k WHERE c.inspection_id = NEW.id AND c.station = '';
END;
CREATE TRIGGER case_changes_photo AFTER INSERT ON inspection_photos BEGIN
    UPDATE exchange_counter SET seq = seq + 1
        WHERE EXISTS (SELECT 1 FROM cases WHERE inspection_id = NEW.inspection_id AND station = '');
    INSERT OR REPLACE INTO case_changes(case_id, seq)
        SELECT c.id, k.seq FROM cases c, exchange_counter k WHERE c.inspection_id = NEW.inspection_id AND c.station = '';
END;
CREATE TRIGGER case_changes_custody AFTER INSERT ON custody BEGIN
    UPDATE exchange_counter SET seq = seq + 1
        WHERE EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND station = '');
    INSERT OR REPLACE INTO case_changes(case_id, seq)
        SELECT c.id, k.seq FROM cases c, exchange_counter k WHERE c.id = NEW.case_id AND c.station = '';
END;

-- At the station: each bundle written to the outbox, and the range of
-- the change sequence it covers, (from_seq, through_seq]. Pruned from the
-- outbox once acknowledged or old.
CREATE TABLE bundles_sent (
    file        TEXT PRIMARY KEY,
    from_seq    INTEGER NOT NULL,
    through_seq INTEGER NOT NULL,
    cases       INTEGER NOT NULL,
    sent_at     TEXT NOT NULL,
    pruned_at   TEXT NOT NULL DEFAULT ''
);

-- At the supervisor: the station's change sequence of the copy merged
-- last (0: merged before sequences, by time only).
ALTER TABLE cases ADD COLUMN source_seq INTEGER NOT NULL DEFAULT 0;

-- At the supervisor: each distinct bundle seen, by the SHA-256 of its
-- bytes, and where its file went in <home>/exchange/.
CREATE TABLE bundles_received (
    hash        TEXT PRIMARY KEY,
    station     TEXT NOT NULL DEFAULT '',
    file        TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('imported', 'quarantined')),
    reason      TEXT NOT NULL DEFAULT '',
    from_seq    INTEGER NOT NULL DEFAULT 0,
    through_seq INTEGER NOT NULL DEFAULT 0,
    cases       INTEGER NOT NULL DEFAULT 0,
    at          TEXT NOT NULL
);
CREATE INDEX bundles_received_station ON bundles_received(station, state);

-- At the supervisor: per station, the change sequence held without a gap
-- (what the acknowledgement says) and when the last good bundle came.
CREATE TABLE station_delivery (
    station      TEXT PRIMARY KEY,
    name         TEXT NOT NULL DEFAULT '',
    have_seq     INTEGER NOT NULL DEFAULT 0,
    sent_seq     INTEGER NOT NULL DEFAULT 0,
    last_good_at TEXT NOT NULL DEFAULT '',
    acked_at     TEXT NOT NULL DEFAULT ''
);
