package store

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"tusk/app/referral"
)

// Depot keys
//
// Referral slips are signed with the depot's ed25519 key. The key is made
// on first use (OwnKey, SignClaims) and its private half stays in the
// depot_keys table: no read here returns it, nothing audits it, and
// SignClaims signs inside the store so callers never hold it. RotateKey
// makes a new key and keeps the old public half as "rotated", so slips
// printed before still verify; the old private half is erased. ImportKey
// adds another depot's public key (from its key file) as "foreign".
// KeyRing is every public key known here, for referral.Verify.
//
// The database file itself is the secret: whoever can read it can sign.
// A backup copies the key too, as it must to restore a depot.

// Key errors; codes are i18n keys.
var (
	ErrKeyOwn   = &Error{Code: "store.err.key_own"}         // importing this depot's own (or old) key as foreign
	ErrKeyBroke = &Error{Code: referral.ErrPrivateKey.Code} // the stored key does not load or match
	ErrKeyDepot = &Error{Code: "store.err.key_depot"}       // a known key re-imported for another depot
)

// A KeyRecord is one stored key: its public details only.
type KeyRecord struct {
	referral.KeyInfo // Retired: when the key was rotated out; zero otherwise
}

func keySubject(fp string) string { return "key:" + fp }

const keyCols = `fingerprint, kind, depot, label, public_key, created_at, retired_at`

func scanKey(row interface{ Scan(...any) error }) (KeyRecord, error) {
	var k KeyRecord
	var fp, kind, created, retired string
	var pub []byte
	if err := row.Scan(&fp, &kind, &k.Depot, &k.Label, &pub, &created, &retired); err != nil {
		return k, err
	}
	k.Kind = referral.KeyKind(kind)
	k.Public = ed25519.PublicKey(pub)
	k.Created = parseTime(created)
	if retired != "" {
		k.Retired = parseTime(retired)
	}
	if len(pub) != ed25519.PublicKeySize || referral.Fingerprint(k.Public) != fp {
		return k, errf(ErrKeyBroke.Code, "key %s does not match its fingerprint", fp)
	}
	return k, nil
}

// Keys lists the stored public keys: the current own key first, then the
// rotated ones newest first, then imported ones by label.
func (s *Store) Keys(ctx context.Context) ([]KeyRecord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+keyCols+` FROM depot_keys
		ORDER BY CASE kind WHEN 'own' THEN 0 WHEN 'rotated' THEN 1 ELSE 2 END,
		CASE kind WHEN 'rotated' THEN retired_at END DESC, label COLLATE NOCASE, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []KeyRecord
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// KeyRing is every key known here (own, rotated, imported), for
// referral.Verify. Reading public keys needs no actor: they are public.
func (s *Store) KeyRing(ctx context.Context) (*referral.KeyRing, error) {
	keys, err := s.Keys(ctx)
	if err != nil {
		return nil, err
	}
	ring := &referral.KeyRing{}
	for _, k := range keys {
		if err := ring.Add(k.KeyInfo); err != nil {
			return nil, err
		}
	}
	return ring, nil
}

// OwnKey returns the depot's current public key, making the key pair on
// first use (audited as key.create). Needs the depot set up.
func (s *Store) OwnKey(ctx context.Context) (referral.KeyInfo, error) {
	var k referral.KeyInfo
	err := s.write(ctx, func(tx *Tx) error {
		var err error
		k, _, err = tx.ownKey(ctx)
		return err
	})
	return k, err
}

// ownKey loads the current own key with its private half, creating it
// when there is none.
func (tx *Tx) ownKey(ctx context.Context) (referral.KeyInfo, ed25519.PrivateKey, error) {
	row := tx.QueryRowContext(ctx, `SELECT `+keyCols+`, private_key FROM depot_keys WHERE kind = 'own'`)
	var k KeyRecord
	var fp, kind, created, retired string
	var pub, der []byte
	err := row.Scan(&fp, &kind, &k.Depot, &k.Label, &pub, &created, &retired, &der)
	if errors.Is(err, sql.ErrNoRows) {
		return tx.newOwnKey(ctx, nil)
	}
	if err != nil {
		return k.KeyInfo, nil, err
	}
	if der, err = tx.s.openKey(der); err != nil {
		return k.KeyInfo, nil, err
	}
	priv, err := referral.UnmarshalPrivateKey(der)
	if err != nil || !priv.Public().(ed25519.PublicKey).Equal(ed25519.PublicKey(pub)) || referral.Fingerprint(pub) != fp {
		return k.KeyInfo, nil, errf(ErrKeyBroke.Code, "own key %s", fp)
	}
	k.Kind, k.Public, k.Created = referral.KeyOwn, ed25519.PublicKey(pub), parseTime(created)
	return k.KeyInfo, priv, nil
}

// newOwnKey makes and stores a fresh signing key; audited as key.create,
// by actor (nil: the system, on first use).
func (tx *Tx) newOwnKey(ctx context.Context, actor *User) (referral.KeyInfo, ed25519.PrivateKey, error) {
	return tx.newOwnKeySealed(ctx, actor, false)
}

// newOwnKeySealed is newOwnKey storing the private key sealed with the
// unlocked passphrase when seal is set (a rotation of a sealed key).
func (tx *Tx) newOwnKeySealed(ctx context.Context, actor *User, seal bool) (referral.KeyInfo, ed25519.PrivateKey, error) {
	var code, name string
	err := tx.QueryRowContext(ctx, `SELECT code, name FROM depot WHERE id = 1`).Scan(&code, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return referral.KeyInfo{}, nil, ErrNoDepot
	}
	if err != nil {
		return referral.KeyInfo{}, nil, err
	}
	pub, priv, err := referral.NewKey()
	if err != nil {
		return referral.KeyInfo{}, nil, err
	}
	der, err := referral.MarshalPrivateKey(priv)
	if err != nil {
		return referral.KeyInfo{}, nil, err
	}
	if der, err = tx.s.storeKey(der, seal); err != nil {
		return referral.KeyInfo{}, nil, err
	}
	k := referral.KeyInfo{Depot: code, Label: fmt.Sprintf("%s %s", name, localDay(tx.now).Format("2006-01-02")),
		Created: tx.now.Truncate(time.Millisecond), Kind: referral.KeyOwn, Public: pub}
	fp := referral.Fingerprint(pub)
	if _, err := tx.ExecContext(ctx, `INSERT INTO depot_keys(fingerprint, kind, depot, label, public_key, private_key, created_at)
		VALUES (?, 'own', ?, ?, ?, ?, ?)`, fp, k.Depot, k.Label, []byte(pub), der, fmtTime(tx.now)); err != nil {
		return k, nil, err
	}
	return k, priv, tx.audit(ctx, actor, "key.create", keySubject(fp), "depot="+code)
}

// SignClaims signs a slip's claims with the depot's current key (made on
// first use) and returns the payload and the key's public details. It
// signs with referral.SignFit, so the QR code stays within
// referral.MaxQRVersion: the last photos, then seals, then products may be
// left out of the code and counted as omitted (the record hash still binds
// them all). Needs
// CapDecide. Not audited by itself: RecordSlip audits the slip it makes.
func (s *Store) SignClaims(ctx context.Context, actor *User, c referral.Claims) (string, referral.KeyInfo, error) {
	if !actor.Can(CapDecide) {
		return "", referral.KeyInfo{}, ErrForbidden
	}
	var payload string
	var k referral.KeyInfo
	err := s.write(ctx, func(tx *Tx) error {
		var priv ed25519.PrivateKey
		var err error
		if k, priv, err = tx.ownKey(ctx); err != nil {
			return err
		}
		// The audit head now goes into the signed claims: the police then
		// hold a witness of this depot's trail.
		h, err := tx.auditHead(ctx)
		if err != nil {
			return err
		}
		if h.Seq > 0 {
			b, err := hex.DecodeString(h.Hash)
			if err != nil || len(b) < referral.AuditHashLen {
				return AuditProblem{h.Seq, "its hash is not one Tusk writes"}
			}
			c.AuditSeq, c.AuditHash = h.Seq, b[:referral.AuditHashLen]
		}
		payload, err = referral.SignFit(c, priv)
		return err
	})
	return payload, k, err
}

// signWithOwnKey hands the depot's current private key (made on first
// use) to sign inside a write transaction, so the key never leaves the
// store, and returns the key's public details.
func (s *Store) signWithOwnKey(ctx context.Context, sign func(ed25519.PrivateKey) error) (referral.KeyInfo, error) {
	var k referral.KeyInfo
	err := s.write(ctx, func(tx *Tx) error {
		var priv ed25519.PrivateKey
		var err error
		if k, priv, err = tx.ownKey(ctx); err != nil {
			return err
		}
		return sign(priv)
	})
	return k, err
}

// RotateKey retires the current key (keeping its public half as rotated,
// erasing its private half) and makes a new one. It returns the old key
// (zero when there was none) and the new one. Needs CapManageDepot;
// audited as key.rotate.
func (s *Store) RotateKey(ctx context.Context, actor *User) (old, cur referral.KeyInfo, err error) {
	if !actor.Can(CapManageDepot) {
		return old, cur, ErrForbidden
	}
	err = s.write(ctx, func(tx *Tx) error {
		var curDER []byte
		tx.QueryRowContext(ctx, `SELECT private_key FROM depot_keys WHERE kind = 'own'`).Scan(&curDER)
		seal := sealed(curDER)
		k, err := scanKey(tx.QueryRowContext(ctx, `SELECT `+keyCols+` FROM depot_keys WHERE kind = 'own'`))
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			old = k.KeyInfo
			old.Kind = referral.KeyRotated
			if _, err := tx.ExecContext(ctx, `UPDATE depot_keys SET kind = 'rotated', private_key = NULL, retired_at = ?
				WHERE kind = 'own'`, fmtTime(tx.now)); err != nil {
				return err
			}
		}
		if cur, _, err = tx.newOwnKeySealed(ctx, actor, seal); err != nil {
			return err
		}
		detail := "new=" + referral.Fingerprint(cur.Public)
		if old.Public != nil {
			detail = "old=" + referral.Fingerprint(old.Public) + " " + detail
		}
		return tx.audit(ctx, actor, "key.rotate", keySubject(referral.Fingerprint(cur.Public)), detail)
	})
	return old, cur, err
}

// ImportKey trusts another depot's public key (from referral.
// ImportPublicKey) as foreign. Importing a key again replaces its depot
// and label. This depot's own keys are refused (ErrKeyOwn). Needs
// CapManageDepot; audited as key.import.
func (s *Store) ImportKey(ctx context.Context, actor *User, k referral.KeyInfo) error {
	if !actor.Can(CapManageDepot) {
		return ErrForbidden
	}
	if len(k.Public) != ed25519.PublicKeySize {
		return &Error{Code: referral.ErrKeyFile.Code, Detail: "public key size"}
	}
	fp := referral.Fingerprint(k.Public)
	return s.write(ctx, func(tx *Tx) error {
		var kind, depot string
		err := tx.QueryRowContext(ctx, `SELECT kind, depot FROM depot_keys WHERE fingerprint = ?`, fp).Scan(&kind, &depot)
		switch {
		case err == nil && kind != string(referral.KeyForeign):
			return ErrKeyOwn
		case err == nil && !strings.EqualFold(depot, k.Depot):
			// A key speaks for one depot: moving it would let it sign in
			// another depot's name.
			return errf(ErrKeyDepot.Code, "key %s is %s's, the file says %s", fp, depot, k.Depot)
		case err == nil:
			if _, err := tx.ExecContext(ctx, `UPDATE depot_keys SET label = ?,
				retired_at = CASE WHEN ? != '' THEN ? ELSE retired_at END WHERE fingerprint = ?`, k.Label, optFmt(k.Retired), optFmt(k.Retired), fp); err != nil {
				return err
			}
		case errors.Is(err, sql.ErrNoRows):
			created := k.Created
			if created.IsZero() {
				created = tx.now
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO depot_keys(fingerprint, kind, depot, label, public_key, created_at, retired_at)
				VALUES (?, 'foreign', ?, ?, ?, ?, ?)`, fp, k.Depot, k.Label, []byte(k.Public), fmtTime(created), optFmt(k.Retired)); err != nil {
				return err
			}
		default:
			return err
		}
		return tx.audit(ctx, actor, "key.import", keySubject(fp), "depot="+k.Depot+" label="+k.Label)
	})
}
