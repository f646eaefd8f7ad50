package referral

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestFingerprint(t *testing.T) {
	pub := testKey(1).Public().(ed25519.PublicKey)
	fp := Fingerprint(pub)
	if !regexp.MustCompile(`^[0-9A-F]{4} [0-9A-F]{4} [0-9A-F]{4} [0-9A-F]{4}$`).MatchString(fp) {
		t.Fatalf("fingerprint %q is not four groups of four hex digits", fp)
	}
	sum := sha256.Sum256(pub)
	if want := strings.ToUpper(hex.EncodeToString(sum[:8])); strings.ReplaceAll(fp, " ", "") != want {
		t.Errorf("fingerprint %q, want %s (first 8 bytes of SHA-256)", fp, want)
	}
	if hex.EncodeToString(KeyID(pub)) != strings.ToLower(strings.ReplaceAll(fp, " ", "")) {
		t.Error("kid and fingerprint disagree")
	}
	if Fingerprint(testKey(2).Public().(ed25519.PublicKey)) == fp {
		t.Error("two keys, one fingerprint")
	}
}

func TestNewKey(t *testing.T) {
	pub, priv, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	_, priv2, _ := NewKey()
	if priv.Equal(priv2) {
		t.Error("two new keys are equal")
	}
	der, err := MarshalPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalPrivateKey(der)
	if err != nil || !back.Equal(priv) || !back.Public().(ed25519.PublicKey).Equal(pub) {
		t.Errorf("private key round trip: %v", err)
	}
	for _, bad := range [][]byte{nil, []byte("junk"), der[:len(der)-1]} {
		if _, err := UnmarshalPrivateKey(bad); !errors.Is(err, ErrPrivateKey) {
			t.Errorf("unmarshal %x: %v", bad, err)
		}
	}
	if _, err := MarshalPrivateKey(priv[:10]); !errors.Is(err, ErrPrivateKey) {
		t.Errorf("marshal short key: %v", err)
	}
}

func TestKeyRing(t *testing.T) {
	var r KeyRing
	k1, k2 := testKey(1), testKey(2)
	pub1, pub2 := k1.Public().(ed25519.PublicKey), k2.Public().(ed25519.PublicKey)
	if err := r.Add(KeyInfo{Depot: "GZBY07", Label: "old", Kind: KeyRotated, Public: pub1}); err != nil {
		t.Fatal(err)
	}
	if err := r.Add(KeyInfo{Depot: "B", Kind: KeyForeign, Public: pub2}); err != nil {
		t.Fatal(err)
	}
	if err := r.Add(KeyInfo{Depot: "GZBY07", Label: "renamed", Kind: KeyRotated, Public: pub1}); err != nil {
		t.Fatal(err)
	}
	if err := r.Add(KeyInfo{Public: pub1[:5]}); err == nil {
		t.Error("short key accepted")
	}
	keys := r.Keys()
	if len(keys) != 2 || keys[0].Label != "renamed" {
		t.Fatalf("keys after re-adding: %+v", keys)
	}
	p := mustSign(t, mustClaims(t, sampleRecord()), k1)
	if _, k, err := Verify(p, r); err != nil || k.Kind != KeyRotated {
		t.Errorf("an old (rotated) key must still verify: %v %+v", err, k)
	}
	if !r.Remove(Fingerprint(pub1)) || r.Remove(Fingerprint(pub1)) {
		t.Error("remove should succeed once")
	}
	if _, _, err := Verify(p, r); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("after removal: %v", err)
	}
	var empty KeyRing
	if _, _, err := Verify(p, empty); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("empty ring: %v", err)
	}
}

func TestPublicKeyFile(t *testing.T) {
	pub := testKey(3).Public().(ed25519.PublicKey)
	k := KeyInfo{Depot: "HN-LB-02", Label: "Long Biên hub 2026", Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("ICT", 7*3600)), Kind: KeyOwn, Public: pub}
	file, err := ExportPublicKey(k)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ImportPublicKey(file)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, file)
	}
	if !got.Public.Equal(pub) || got.Depot != k.Depot || got.Label != k.Label || !got.Created.Equal(k.Created) || got.Kind != KeyForeign {
		t.Errorf("round trip: %+v", got)
	}
	if !strings.Contains(string(file), Fingerprint(pub)) {
		t.Errorf("file does not show the fingerprint:\n%s", file)
	}

	other := testKey(4).Public().(ed25519.PublicKey)
	swapKey := strings.Replace(string(file), b64(pub), b64(other), 1)
	for _, tc := range []struct {
		name string
		file string
		want *Error
	}{
		{"fingerprint of another key", swapKey, ErrKeyFingerprint},
		{"lower-case, ungrouped fingerprint is fine", strings.Replace(string(file), Fingerprint(pub), strings.ToLower(strings.ReplaceAll(Fingerprint(pub), " ", "")), 1), nil},
		{"not JSON", "hello", ErrKeyFile},
		{"unknown field", strings.Replace(string(file), `"depot"`, `"extra": 1, "depot"`, 1), ErrKeyFile},
		{"wrong format", strings.Replace(string(file), keyFileFormat, "tusk-public-key-9", 1), ErrKeyFile},
		{"wrong algorithm", strings.Replace(string(file), `"Ed25519"`, `"RSA"`, 1), ErrKeyFile},
		{"no depot", strings.Replace(string(file), `"HN-LB-02"`, `""`, 1), ErrKeyFile},
		{"short key", strings.Replace(string(file), b64(pub), "AAAA", 1), ErrKeyFile},
		{"bad date", strings.Replace(string(file), "2026-01-01T20:04:05Z", "yesterday", 1), ErrKeyFile},
	} {
		_, err := ImportPublicKey([]byte(tc.file))
		if tc.want == nil {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err %v, want %s", tc.name, err, tc.want.Code)
		}
	}
	if _, err := ExportPublicKey(KeyInfo{Public: pub}); err == nil {
		t.Error("export without a depot code")
	}
}

func b64(pub ed25519.PublicKey) string {
	f, _ := ExportPublicKey(KeyInfo{Depot: "x", Public: pub})
	m := regexp.MustCompile(`"public_key": "([^"]+)"`).FindSubmatch(f)
	return string(m[1])
}
