package store

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"database/sql"
	"errors"
	"sync"

	"golang.org/x/crypto/argon2"
)

// The signing key at rest
//
// Unless the depot sets a passphrase, the private key is stored as plain
// PKCS #8 in the database, and whoever reads the file can sign. With a
// passphrase it is sealed: AES-256-GCM under a key derived with argon2id
// (64 MiB, 3 passes) from the passphrase and a random salt. Signing then
// needs the passphrase: UnlockKey keeps it in memory for this Store (the
// window asks once), and the command line asks for it each time.

// Key passphrase errors; codes are i18n keys.
var (
	ErrKeyLocked     = &Error{Code: "security.err.key_locked"}     // sealed and not unlocked
	ErrKeyPassphrase = &Error{Code: "security.err.key_passphrase"} // wrong passphrase
	ErrPassphraseLen = &Error{Code: "security.err.passphrase_short"}
)

// MinPassphrase is the shortest passphrase accepted.
const MinPassphrase = 10

var sealMagic = []byte("TUSKSEAL1")

const sealAAD = "tusk-depot-signing-key"

type keyUnlock struct {
	mu   sync.Mutex
	pass string
}

func sealKey(der []byte, pass string) ([]byte, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	gcm, err := sealCipher(pass, salt)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	out := append(append(append([]byte{}, sealMagic...), salt...), nonce...)
	return gcm.Seal(out, nonce, der, []byte(sealAAD)), nil
}

func sealCipher(pass string, salt []byte) (cipher.AEAD, error) {
	k := argon2.IDKey([]byte(pass), salt, 3, 64*1024, 1, 32)
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func sealed(b []byte) bool { return bytes.HasPrefix(b, sealMagic) }

func unsealKey(b []byte, pass string) ([]byte, error) {
	rest := b[len(sealMagic):]
	if len(rest) < 16+12+16 {
		return nil, ErrKeyBroke
	}
	salt, nonce, ct := rest[:16], rest[16:28], rest[28:]
	gcm, err := sealCipher(pass, salt)
	if err != nil {
		return nil, err
	}
	der, err := gcm.Open(nil, nonce, ct, []byte(sealAAD))
	if err != nil {
		return nil, ErrKeyPassphrase
	}
	return der, nil
}

// openKey returns the DER of a stored private key, unsealing it with the
// passphrase this Store was unlocked with.
func (s *Store) openKey(stored []byte) ([]byte, error) {
	if !sealed(stored) {
		return stored, nil
	}
	pass, err := s.passphrase()
	if err != nil {
		return nil, err
	}
	return unsealKey(stored, pass)
}

// passphrase is the one the Store was unlocked with, or ErrKeyLocked.
func (s *Store) passphrase() (string, error) {
	s.unlock.mu.Lock()
	defer s.unlock.mu.Unlock()
	if s.unlock.pass == "" {
		return "", ErrKeyLocked
	}
	return s.unlock.pass, nil
}

// storeKey is how a new private key is stored: sealed when the current
// key is (with the unlocked passphrase), else plain.
func (s *Store) storeKey(der []byte, seal bool) ([]byte, error) {
	if !seal {
		return der, nil
	}
	pass, err := s.passphrase()
	if err != nil {
		return nil, err
	}
	return sealKey(der, pass)
}

// KeySealed reports whether the signing key is sealed with a passphrase.
func (s *Store) KeySealed(ctx context.Context) bool {
	var b []byte
	s.db.QueryRowContext(ctx, `SELECT private_key FROM depot_keys WHERE kind = 'own'`).Scan(&b)
	return sealed(b)
}

// UnlockKey checks the passphrase against the sealed key and keeps it for
// this Store's signing. A key without a passphrase needs no unlocking.
func (s *Store) UnlockKey(ctx context.Context, pass string) error {
	var b []byte
	err := s.db.QueryRowContext(ctx, `SELECT private_key FROM depot_keys WHERE kind = 'own'`).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !sealed(b)) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := unsealKey(b, pass); err != nil {
		return err
	}
	s.unlock.mu.Lock()
	s.unlock.pass = pass
	s.unlock.mu.Unlock()
	return nil
}

// SetKeyPassphrase seals the signing key with next (made first if there is
// none), or stores it plain when next is "". A sealed key needs its current
// passphrase cur. Needs CapManageDepot; audited as key.passphrase.
func (s *Store) SetKeyPassphrase(ctx context.Context, actor *User, cur, next string) error {
	if !actor.Can(CapManageDepot) {
		return ErrForbidden
	}
	if next != "" && len(next) < MinPassphrase {
		return ErrPassphraseLen
	}
	if _, err := s.OwnKey(ctx); err != nil && !errors.Is(err, ErrKeyLocked) {
		return err
	}
	// The key's old bytes must not stay behind in free pages or the WAL.
	if _, err := s.db.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
		return err
	}
	defer s.db.ExecContext(context.WithoutCancel(ctx), `PRAGMA secure_delete = OFF`)
	err := s.write(ctx, func(tx *Tx) error {
		var fp string
		var b []byte
		if err := tx.QueryRowContext(ctx, `SELECT fingerprint, private_key FROM depot_keys WHERE kind = 'own'`).Scan(&fp, &b); err != nil {
			return err
		}
		der, was := b, sealed(b)
		if was {
			var err error
			if der, err = unsealKey(b, cur); err != nil {
				return err
			}
		}
		out := der
		if next != "" {
			var err error
			if out, err = sealKey(der, next); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE depot_keys SET private_key = ? WHERE kind = 'own'`, out); err != nil {
			return err
		}
		s.unlock.mu.Lock()
		s.unlock.pass = next
		s.unlock.mu.Unlock()
		detail := map[bool]string{true: "set", false: "removed"}[next != ""]
		if was && next != "" {
			detail = "changed"
		}
		return tx.audit(ctx, actor, "key.passphrase", keySubject(fp), detail)
	})
	if err != nil {
		return err
	}
	return s.scrub(ctx)
}

// KeyUnlocked reports whether signing can go ahead without asking: the
// key is not sealed, or this Store holds its passphrase.
func (s *Store) KeyUnlocked(ctx context.Context) bool {
	if !s.KeySealed(ctx) {
		return true
	}
	s.unlock.mu.Lock()
	defer s.unlock.mu.Unlock()
	return s.unlock.pass != ""
}

// LockKey forgets the passphrase UnlockKey kept: the window calls it on
// lock and sign-out, so the unsealed key lives only as long as the session.
func (s *Store) LockKey() {
	s.unlock.mu.Lock()
	s.unlock.pass = ""
	s.unlock.mu.Unlock()
}
