-- The depot's ed25519 keys for referral slips, and the public keys of other
-- depots trusted for verification. private_key (PKCS #8 DER) is set only on
-- the current own key: rotation clears it, since an old key only ever needs
-- to verify. Private key bytes never leave this table: no export, no audit
-- detail and no read API returns them.
CREATE TABLE depot_keys (
    id          INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL UNIQUE,             -- referral.Fingerprint of public_key
    kind        TEXT NOT NULL CHECK (kind IN ('own', 'rotated', 'foreign')),
    depot       TEXT NOT NULL DEFAULT '',         -- depot code of the key's owner
    label       TEXT NOT NULL DEFAULT '',
    public_key  BLOB NOT NULL,                    -- raw 32 bytes
    private_key BLOB,                             -- own key only
    created_at  TEXT NOT NULL,
    retired_at  TEXT NOT NULL DEFAULT '',         -- when an own key was rotated out
    CHECK (length(public_key) = 32),
    CHECK (private_key IS NULL OR kind = 'own')
);

-- At most one current signing key.
CREATE UNIQUE INDEX depot_keys_one_own ON depot_keys (kind) WHERE kind = 'own';

-- Each referral slip made: the frozen canonical case record (referral.
-- CanonicalJSON) and the signed payload printed as its QR code. `tusk
-- export --case` hands out these bytes, never a re-rendering of a case that
-- changed since.
CREATE TABLE slips (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,         -- S-2026-0001: year and serial
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    key_fingerprint TEXT NOT NULL,
    payload         TEXT NOT NULL,
    record          BLOB NOT NULL,
    record_sha256   TEXT NOT NULL,                -- lower-case hex over record
    made_by         INTEGER NOT NULL DEFAULT 0,   -- user ID; 0 for the command line
    made_by_name    TEXT NOT NULL DEFAULT '',
    made_at         TEXT NOT NULL
);

CREATE INDEX slips_case ON slips (case_id, id);
