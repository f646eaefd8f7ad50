-- The review queue's trigram search and two of its indexes.
--
-- These were first added by editing 0004_review.sql after it had been
-- released, so a database created before that edit lacked cases_fts and
-- its queue broke. 0004 is back as it was released, and this migration adds
-- what the edit added, to databases of either history: every statement is
-- IF NOT EXISTS, and the index is rebuilt from the cases table.

CREATE INDEX IF NOT EXISTS cases_origin_held ON cases (origin, held_at);
CREATE INDEX IF NOT EXISTS cases_destination_held ON cases (destination, held_at);

-- The free-text search: a trigram index over cases.search, so a search
-- for part of a waybill, name or ID number does not read every case.
CREATE VIRTUAL TABLE IF NOT EXISTS cases_fts USING fts5(search, content = 'cases', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO cases_fts (cases_fts) VALUES ('rebuild');

CREATE TRIGGER IF NOT EXISTS cases_fts_insert AFTER INSERT ON cases
BEGIN
    INSERT INTO cases_fts (rowid, search) VALUES (new.id, new.search);
END;

CREATE TRIGGER IF NOT EXISTS cases_fts_update AFTER UPDATE OF search ON cases
BEGIN
    INSERT INTO cases_fts (cases_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO cases_fts (rowid, search) VALUES (new.id, new.search);
END;

CREATE TRIGGER IF NOT EXISTS cases_fts_delete AFTER DELETE ON cases
BEGIN
    INSERT INTO cases_fts (cases_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
