package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"tusk/app/referral"
)

// VerifySlip checks a slip's QR text against the keys known here, as
// referral.Verify does (a key verifies only its own depot's slips, and no
// slip issued after its retirement), and, for a slip signed with this
// depot's own key, against its slip register too: a slip number this depot
// never issued, or one issued with other claims, is ErrNotIssued. Reading
// public keys and the register needs no actor.
func (s *Store) VerifySlip(ctx context.Context, payload string) (referral.Claims, referral.KeyInfo, error) {
	ring, err := s.KeyRing(ctx)
	if err != nil {
		return referral.Claims{}, referral.KeyInfo{}, err
	}
	c, k, err := referral.Verify(payload, *ring)
	if err != nil || k.Kind == referral.KeyForeign {
		return c, k, err
	}
	var stored string
	err = s.db.QueryRowContext(ctx, `SELECT payload FROM slips WHERE number = ?`, c.SlipNo).Scan(&stored)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return referral.Claims{}, referral.KeyInfo{}, referral.ErrNotIssued.With("no slip " + c.SlipNo + " in this depot's register")
	case err != nil:
		return referral.Claims{}, referral.KeyInfo{}, err
	}
	if norm(stored) != norm(payload) {
		return referral.Claims{}, referral.KeyInfo{}, referral.ErrNotIssued.With("slip " + c.SlipNo + " in the register has another code")
	}
	return c, k, nil
}

func norm(p string) string { return strings.ToUpper(strings.TrimRight(p, "\r\n\t")) }
