-- Evidence that holds up (issue 12).

-- state holds a digest of what an entry vouches for beyond its own text:
-- "users=<sha256 hex>" over the depot's users (name, role, PIN hash,
-- language, active) after a change to them. The entry hash covers it when
-- it is set, so an UPDATE of users behind the app's back no longer matches
-- the last digest the chain recorded.
ALTER TABLE audit ADD COLUMN state TEXT NOT NULL DEFAULT '';

-- Audit heads other stations signed into their bundles: this depot keeps
-- them as witnesses, and `tusk audit witnesses` hands them back to the
-- station for `tusk audit verify --witness`.
CREATE TABLE audit_witnesses (
    id          INTEGER PRIMARY KEY,
    station     TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    hash        TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL,
    UNIQUE (station, seq, hash)
);

-- Sign-in lockouts so far without a correct PIN in between: each one
-- doubles the wait.
ALTER TABLE users ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0;
