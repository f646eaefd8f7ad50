package referral

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"testing"
	"time"
)

// Defect 3: a key speaks only for the depot it was imported for, and a
// retired key no longer signs slips that verify.
func TestVerifyBindsKeyToDepotAndRetirement(t *testing.T) {
	key := testKey(7)
	pub := key.Public().(ed25519.PublicKey)
	c := mustClaims(t, sampleRecord()) // depot GZBY07, issued testIssued
	other := c
	other.Depot = "HNLB02"
	for _, tc := range []struct {
		name   string
		claims Claims
		key    KeyInfo
		want   error
	}{
		{"own depot", c, KeyInfo{Depot: "GZBY07", Kind: KeyForeign, Public: pub}, nil},
		{"own depot, other case of letters", c, KeyInfo{Depot: "gzby07", Kind: KeyForeign, Public: pub}, nil},
		{"another depot's name", other, KeyInfo{Depot: "GZBY07", Kind: KeyForeign, Public: pub}, ErrWrongDepot},
		{"signed before retirement", c, KeyInfo{Depot: "GZBY07", Kind: KeyRotated, Public: pub, Retired: testIssued.Add(time.Hour)}, nil},
		{"signed after retirement", c, KeyInfo{Depot: "GZBY07", Kind: KeyRotated, Public: pub, Retired: testIssued.Add(-time.Second)}, ErrRetired},
	} {
		var ring KeyRing
		if err := ring.Add(tc.key); err != nil {
			t.Fatal(err)
		}
		p := mustSign(t, tc.claims, key)
		_, _, err := Verify(p, ring)
		if (tc.want == nil && err != nil) || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

// A slip's claims carry the depot's audit head at signing, and any change
// to it breaks the signature.
func TestClaimsCarryAuditHead(t *testing.T) {
	key := testKey(8)
	ring := testRing(t, key)
	c := mustClaims(t, sampleRecord())
	c.AuditSeq = 4711
	c.AuditHash = bytes.Repeat([]byte{0xAB}, AuditHashLen)
	p := mustSign(t, c, key)
	got, _, err := Verify(p, ring)
	if err != nil {
		t.Fatal(err)
	}
	if got.AuditSeq != 4711 || !bytes.Equal(got.AuditHash, c.AuditHash) {
		t.Errorf("audit head came back as %d %x", got.AuditSeq, got.AuditHash)
	}
	bad := c
	bad.AuditHash = []byte{1, 2}
	if _, err := Sign(bad, key); !errors.Is(err, ErrClaims) {
		t.Errorf("short audit hash signed: %v", err)
	}
}

// Defect 10: a key file's depot code and label are short plain text; the
// retirement time travels in the file.
func TestKeyFileTextAndRetirement(t *testing.T) {
	pub := testKey(9).Public().(ed25519.PublicKey)
	retired := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	b, err := ExportPublicKey(KeyInfo{Depot: "GZBY07", Label: "old key", Created: testIssued, Public: pub, Retired: retired})
	if err != nil {
		t.Fatal(err)
	}
	k, err := ImportPublicKey(b)
	if err != nil || !k.Retired.Equal(retired) {
		t.Fatalf("retired did not travel: %v %v", k.Retired, err)
	}
	for name, label := range map[string]string{
		"escape":  "\x1b[2J\x1b[31mtrusted",
		"newline": "a\nimported key FAKE of POLICE",
		"huge":    string(bytes.Repeat([]byte("x"), 10<<20)),
		"bidi":    "abc\u202edcba",
	} {
		b, _ := ExportPublicKey(KeyInfo{Depot: "GZBY07", Label: label, Created: testIssued, Public: pub})
		if _, err := ImportPublicKey(b); !errors.Is(err, ErrKeyFile) {
			t.Errorf("%s label accepted: %v", name, err)
		}
	}
}

// FuzzImportPublicKey: a key file never panics, and what it accepts is
// plain text within the limits and exports back to a file that imports
// to the same key.
func FuzzImportPublicKey(f *testing.F) {
	pub := testKey(9).Public().(ed25519.PublicKey)
	good, _ := ExportPublicKey(KeyInfo{Depot: "GZBY07", Label: "Baiyun 2026", Created: testIssued, Public: pub, Retired: testIssued})
	f.Add(good)
	f.Add([]byte(`{"format":"tusk-public-key-1"}`))
	f.Add([]byte("\x1b[2J"))
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := ImportPublicKey(data)
		if err != nil {
			return
		}
		if len(k.Label) > MaxKeyLabel || len(k.Depot) > MaxKeyDepot || !plainText(k.Label, MaxKeyLabel) {
			t.Fatalf("accepted %q / %q", k.Depot, k.Label)
		}
		again, err := ExportPublicKey(k)
		if err != nil {
			t.Fatal(err)
		}
		k2, err := ImportPublicKey(again)
		if err != nil || !k2.Public.Equal(k.Public) || k2.Depot != k.Depot {
			t.Fatalf("round trip: %v", err)
		}
	})
}
