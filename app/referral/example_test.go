package referral_test

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"time"

	"tusk/app/referral"
)

func Example() {
	// A depot key; in the app it is made once with NewKey and kept.
	seed := make([]byte, ed25519.SeedSize)
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)

	rec := referral.CaseRecord{
		CaseNo: "GZBY07-2026-000123", SlipNo: "GZBY07-R-000045",
		Stage: referral.StageReferred, IssuedAt: time.Date(2026, 11, 23, 6, 5, 0, 0, time.UTC),
		Depot:     referral.Depot{Code: "GZBY07"},
		Inspector: referral.Officer{ID: "u0007"},
	}
	claims, _ := rec.Claims()
	payload, _ := referral.Sign(claims, priv)

	var trust referral.KeyRing
	_ = trust.Add(referral.KeyInfo{Depot: "GZBY07", Kind: referral.KeyOwn, Public: pub})
	got, key, err := referral.Verify(payload, trust)
	fmt.Println(got.CaseNo, key.Depot, err)

	// One changed character, and the check fails.
	tampered := []byte(payload)
	tampered[len(tampered)-10] ^= 1
	_, _, err = referral.Verify(string(tampered), trust)
	fmt.Println(referral.ErrorCode(err) != "", errors.Is(err, referral.ErrPrefix))
	// Output:
	// GZBY07-2026-000123 GZBY07 <nil>
	// true false
}
