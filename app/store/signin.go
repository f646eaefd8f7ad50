package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
)

// SettingMinPINLength is the depot's minimum PIN length, which a
// supervisor may raise above MinPINLength (at most 12): each digit more
// makes guessing PINs from a stolen database file ten times slower.
const SettingMinPINLength = "pin.min_length"

func init() {
	intSetting(SettingMinPINLength, MinPINLength, MinPINLength, 12, "security.err.pin_length_setting")
}

// MinPIN is the depot's minimum PIN length.
func (s *Store) MinPIN(ctx context.Context) int {
	v, _ := s.Setting(ctx, SettingMinPINLength)
	if n, err := strconv.Atoi(v); err == nil && n >= MinPINLength {
		return n
	}
	return MinPINLength
}

func (s *Store) checkPINLength(ctx context.Context, pin string) error {
	if len(pin) < s.MinPIN(ctx) {
		return errf(ErrPINShort.Code, "at least %d digits", s.MinPIN(ctx))
	}
	return nil
}

// SignInByName signs in a depot user by name (case-insensitive), as the
// command line does with --user: the same PIN check, failure count,
// lockout and audit as the window's sign-in, audited as cli.signin.
func (s *Store) SignInByName(ctx context.Context, name, pin string) (*User, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM users WHERE name = ? AND station = '' AND active = 1`, strings.TrimSpace(name)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return s.checkPIN(ctx, id, pin, "cli.signin")
}
