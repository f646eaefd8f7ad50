package store

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"tusk/app/referral"
)

func testClaims(caseNo, slipNo string) referral.Claims {
	return referral.Claims{SlipNo: slipNo, CaseNo: caseNo, Depot: "GZ-01", Stage: referral.StageHeld,
		IssuedAt: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), RecordHash: bytes.Repeat([]byte{1}, referral.RecordHashLen), Inspector: "2"}
}

func TestOwnKeyMadeOnceAndKeptSecret(t *testing.T) {
	d := newDepot(t)
	s := d.s
	if ks, _ := s.Keys(ctx); len(ks) != 0 {
		t.Fatalf("keys before first use: %v", ks)
	}
	k1, err := s.OwnKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	k2, _ := s.OwnKey(ctx)
	if !k1.Public.Equal(k2.Public) || k1.Kind != referral.KeyOwn || k1.Depot != "GZ-01" || !strings.HasPrefix(k1.Label, "Guangzhou Baiyun ") {
		t.Errorf("own key: %+v then %+v", k1, k2)
	}
	if got := auditActions(t, s, "key:"+k1.Fingerprint()); len(got) != 1 || got[0] != "key.create" {
		t.Errorf("audit: %v", got)
	}
	// The private key is stored, and appears in no audit entry.
	var der []byte
	s.db.QueryRowContext(ctx, `SELECT private_key FROM depot_keys WHERE kind = 'own'`).Scan(&der)
	priv, err := referral.UnmarshalPrivateKey(der)
	if err != nil || !priv.Public().(ed25519.PublicKey).Equal(k1.Public) {
		t.Fatalf("stored private key: %v", err)
	}
	var leaks int
	s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit WHERE instr(detail, ?) > 0 OR instr(detail, ?) > 0`,
		string(der), hex.EncodeToString(priv.Seed())).Scan(&leaks)
	if leaks != 0 {
		t.Error("private key in the audit trail")
	}
	verifyAudit(t, s)
}

func TestSignClaimsRoles(t *testing.T) {
	d := newDepot(t)
	for _, tc := range []struct {
		name  string
		actor *User
		ok    bool
	}{{"supervisor", d.sup, true}, {"inspector", d.insp, false}, {"trainer", d.tr, false}, {"nobody", nil, false}} {
		t.Run(tc.name, func(t *testing.T) {
			payload, k, err := d.s.SignClaims(ctx, tc.actor, testClaims("C-2026-0001", "S-2026-0001"))
			if !tc.ok {
				if !errors.Is(err, ErrForbidden) {
					t.Errorf("err %v", err)
				}
				return
			}
			ring, _ := d.s.KeyRing(ctx)
			c, by, err := referral.Verify(payload, *ring)
			if err != nil || c.CaseNo != "C-2026-0001" || !by.Public.Equal(k.Public) || by.Kind != referral.KeyOwn {
				t.Errorf("verify: %v %+v %+v", err, c, by)
			}
		})
	}
}

func TestRotateKeepsOldSlipsVerifying(t *testing.T) {
	d := newDepot(t)
	s := d.s
	old, _ := s.OwnKey(ctx)
	p1, _, err := s.SignClaims(ctx, d.sup, testClaims("C-2026-0001", "S-2026-0001"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.RotateKey(ctx, d.insp); !errors.Is(err, ErrForbidden) {
		t.Errorf("inspector rotated: %v", err)
	}
	d.tick(time.Hour)
	was, cur, err := s.RotateKey(ctx, d.sup)
	if err != nil || !was.Public.Equal(old.Public) || cur.Public.Equal(old.Public) || was.Kind != referral.KeyRotated {
		t.Fatalf("rotate: %v %+v %+v", err, was, cur)
	}
	p2, k2, _ := s.SignClaims(ctx, d.sup, testClaims("C-2026-0001", "S-2026-0002"))
	if !k2.Public.Equal(cur.Public) {
		t.Errorf("signed with %s, want the new key %s", k2.Fingerprint(), cur.Fingerprint())
	}
	ring, _ := s.KeyRing(ctx)
	if _, k, err := referral.Verify(p1, *ring); err != nil || k.Kind != referral.KeyRotated {
		t.Errorf("old slip after rotation: %v %v", err, k.Kind)
	}
	if _, k, err := referral.Verify(p2, *ring); err != nil || k.Kind != referral.KeyOwn {
		t.Errorf("new slip: %v %v", err, k.Kind)
	}
	// The rotated key's private half is gone.
	var n int
	s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM depot_keys WHERE private_key IS NOT NULL`).Scan(&n)
	ks, _ := s.Keys(ctx)
	if n != 1 || len(ks) != 2 || ks[0].Kind != referral.KeyOwn || ks[1].Kind != referral.KeyRotated || ks[1].Retired.IsZero() {
		t.Errorf("after rotation: %d private keys, %+v", n, ks)
	}
	if got := auditActions(t, s, "key:"+cur.Fingerprint()); strings.Join(got, ",") != "key.create,key.rotate" {
		t.Errorf("audit: %v", got)
	}
	verifyAudit(t, s)
}

func TestImportForeignKey(t *testing.T) {
	d := newDepot(t)
	other := newDepot(t)
	foreign, _ := other.s.OwnKey(ctx)
	p, _, _ := other.s.SignClaims(ctx, other.sup, testClaims("C-2026-0009", "S-2026-0003"))
	ring, _ := d.s.KeyRing(ctx)
	if _, _, err := referral.Verify(p, *ring); !errors.Is(err, referral.ErrUnknownKey) {
		t.Errorf("foreign slip before import: %v", err)
	}
	foreign.Label = "Dar es Salaam hub"
	if err := d.s.ImportKey(ctx, d.insp, foreign); !errors.Is(err, ErrForbidden) {
		t.Errorf("inspector imported: %v", err)
	}
	if err := d.s.ImportKey(ctx, d.sup, foreign); err != nil {
		t.Fatal(err)
	}
	foreign.Label = "Dar hub, renamed"
	if err := d.s.ImportKey(ctx, d.sup, foreign); err != nil {
		t.Fatal(err)
	}
	ring, _ = d.s.KeyRing(ctx)
	if _, k, err := referral.Verify(p, *ring); err != nil || k.Kind != referral.KeyForeign || k.Label != "Dar hub, renamed" || k.Depot != foreign.Depot {
		t.Errorf("foreign slip after import: %v %+v", err, k)
	}
	if ks, _ := d.s.Keys(ctx); len(ks) != 1 {
		t.Errorf("re-import added a key: %+v", ks)
	}
	// Defect 10: a known key is never moved to another depot silently.
	moved := foreign
	moved.Depot = "TZ-DAR"
	if err := d.s.ImportKey(ctx, d.sup, moved); !errors.Is(err, ErrKeyDepot) {
		t.Errorf("known key moved to another depot: %v", err)
	}
	own, _ := d.s.OwnKey(ctx)
	own.Kind = referral.KeyForeign
	if err := d.s.ImportKey(ctx, d.sup, own); !errors.Is(err, ErrKeyOwn) {
		t.Errorf("own key imported as foreign: %v", err)
	}
	if err := d.s.ImportKey(ctx, d.sup, referral.KeyInfo{Public: own.Public[:10]}); err == nil {
		t.Error("short key imported")
	}
	verifyAudit(t, d.s)
}

func TestOwnKeyNeedsDepot(t *testing.T) {
	s := openTest(t)
	if _, err := s.OwnKey(ctx); !errors.Is(err, ErrNoDepot) {
		t.Errorf("key without a depot: %v", err)
	}
	// A police desk without a depot can still import keys to verify.
	cli, err := s.CLIActor(ctx)
	if err != nil || cli.Language != "en" || !cli.Can(CapManageDepot) {
		t.Fatalf("CLI actor without a depot: %+v %v", cli, err)
	}
	other := newDepot(t)
	k, _ := other.s.OwnKey(ctx)
	if err := s.ImportKey(ctx, cli, k); err != nil {
		t.Errorf("import without a depot: %v", err)
	}
}
