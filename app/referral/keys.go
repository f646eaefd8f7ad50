package referral

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// KeyIDLen is the length of a key ID (kid): the first bytes of SHA-256 of
// the raw 32-byte public key, as EU DCC/HCERT does with its signer
// certificates.
const KeyIDLen = 8

// NewKey makes a fresh Ed25519 depot key from the system's random source.
func NewKey() (ed25519.PublicKey, ed25519.PrivateKey, error) {
	return ed25519.GenerateKey(rand.Reader)
}

// KeyID returns the kid of pub: the first 8 bytes of SHA-256(pub).
func KeyID(pub ed25519.PublicKey) []byte {
	sum := sha256.Sum256(pub)
	return sum[:KeyIDLen]
}

// Fingerprint is the kid in upper-case hex, in groups of four for reading
// aloud over the phone: "AB12 CD34 EF56 7890". It is printed on every slip.
func Fingerprint(pub ed25519.PublicKey) string {
	h := strings.ToUpper(hex.EncodeToString(KeyID(pub)))
	return h[0:4] + " " + h[4:8] + " " + h[8:12] + " " + h[12:16]
}

// KeyKind says why a key is trusted.
type KeyKind string

// Key kinds.
const (
	KeyOwn     KeyKind = "own"     // this depot's current signing key
	KeyRotated KeyKind = "rotated" // an earlier key of this depot, kept to verify old slips
	KeyForeign KeyKind = "foreign" // another depot's key, imported from its key file
)

// KeyInfo is one trusted public key with what we know about it.
type KeyInfo struct {
	Depot   string // depot code of the key's owner
	Label   string // free text, e.g. "Baiyun depot 2026"
	Created time.Time
	Kind    KeyKind
	Public  ed25519.PublicKey
	// Retired is when the key stopped signing (a rotation); zero while it
	// is current. A slip issued after it is refused (ErrRetired).
	Retired time.Time
}

// Fingerprint is Fingerprint(k.Public).
func (k KeyInfo) Fingerprint() string { return Fingerprint(k.Public) }

// KeyRing is the set of public keys a verifier trusts. The zero value is an
// empty ring, ready to use. It is not safe for concurrent modification.
type KeyRing struct {
	keys []KeyInfo
}

// Add trusts k. Adding a key that is already there replaces its details
// (label, kind), so a re-import is harmless.
func (r *KeyRing) Add(k KeyInfo) error {
	if len(k.Public) != ed25519.PublicKeySize {
		return ErrKeyFile.With("public key must be 32 bytes")
	}
	k.Public = append(ed25519.PublicKey(nil), k.Public...)
	for i := range r.keys {
		if r.keys[i].Public.Equal(k.Public) {
			r.keys[i] = k
			return nil
		}
	}
	r.keys = append(r.keys, k)
	return nil
}

// Remove stops trusting the key with this fingerprint; it reports whether
// one was removed.
func (r *KeyRing) Remove(fingerprint string) bool {
	for i, k := range r.keys {
		if k.Fingerprint() == fingerprint {
			r.keys = append(r.keys[:i], r.keys[i+1:]...)
			return true
		}
	}
	return false
}

// Keys returns a copy of the trusted keys in the order they were added.
func (r *KeyRing) Keys() []KeyInfo { return append([]KeyInfo(nil), r.keys...) }

// lookup returns the keys whose kid is kid. Usually one; a kid is only 64
// bits, so Verify tries every match rather than trusting the first.
func (r *KeyRing) lookup(kid []byte) []KeyInfo {
	var out []KeyInfo
	for _, k := range r.keys {
		if bytes.Equal(KeyID(k.Public), kid) {
			out = append(out, k)
		}
	}
	return out
}

// keyFileFormat names the public key file format, so a future change is
// detected instead of misread.
const keyFileFormat = "tusk-public-key-1"

// keyFile is the JSON shape of an exported public key. The fingerprint is
// redundant on purpose: people compare it with the one printed on a slip
// or read out over the phone, and Import checks that it matches the key.
type keyFile struct {
	Format      string `json:"format"`
	Depot       string `json:"depot"`
	Label       string `json:"label"`
	Created     string `json:"created"` // RFC 3339, UTC
	Algorithm   string `json:"algorithm"`
	PublicKey   string `json:"public_key"` // standard base64 of the 32 raw bytes
	Fingerprint string `json:"fingerprint"`
	Retired     string `json:"retired,omitempty"` // RFC 3339, UTC: when the key stopped signing
}

// Limits on a key file's text: a depot code and a label are short, and
// neither may hold control characters (terminal escapes, newlines).
const (
	MaxKeyDepot = 40
	MaxKeyLabel = 200
)

func plainText(s string, max int) bool {
	if len(s) > max || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			return false
		}
	}
	return true
}

// ExportPublicKey writes k as a small, indented JSON file that a depot
// sends to police desks and other depots.
func ExportPublicKey(k KeyInfo) ([]byte, error) {
	if len(k.Public) != ed25519.PublicKeySize {
		return nil, ErrKeyFile.With("public key must be 32 bytes")
	}
	if k.Depot == "" {
		return nil, ErrKeyFile.With("depot code is empty")
	}
	f := keyFile{
		Format:      keyFileFormat,
		Depot:       k.Depot,
		Label:       k.Label,
		Created:     k.Created.UTC().Format(time.RFC3339),
		Algorithm:   "Ed25519",
		PublicKey:   base64.StdEncoding.EncodeToString(k.Public),
		Fingerprint: k.Fingerprint(),
	}
	if !k.Retired.IsZero() {
		f.Retired = k.Retired.UTC().Format(time.RFC3339)
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// ImportPublicKey reads a file written by ExportPublicKey. The key comes
// back with Kind KeyForeign; the caller decides otherwise. Files whose
// fingerprint does not match the key are rejected (ErrKeyFingerprint).
func ImportPublicKey(data []byte) (KeyInfo, error) {
	var f keyFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return KeyInfo{}, ErrKeyFile.With(err.Error())
	}
	if f.Format != keyFileFormat {
		return KeyInfo{}, ErrKeyFile.With(fmt.Sprintf("unknown format %q", f.Format))
	}
	if f.Algorithm != "Ed25519" {
		return KeyInfo{}, ErrKeyFile.With(fmt.Sprintf("unsupported algorithm %q", f.Algorithm))
	}
	if f.Depot == "" {
		return KeyInfo{}, ErrKeyFile.With("depot code is empty")
	}
	if !plainText(f.Depot, MaxKeyDepot) || !plainText(f.Label, MaxKeyLabel) {
		return KeyInfo{}, ErrKeyFile.With(fmt.Sprintf("depot code (at most %d bytes) or label (at most %d) too long or holding control characters", MaxKeyDepot, MaxKeyLabel))
	}
	raw, err := base64.StdEncoding.DecodeString(f.PublicKey)
	if err != nil || len(raw) != ed25519.PublicKeySize {
		return KeyInfo{}, ErrKeyFile.With("public key is not 32 bytes of base64")
	}
	created, err := time.Parse(time.RFC3339, f.Created)
	if err != nil {
		return KeyInfo{}, ErrKeyFile.With("created is not an RFC 3339 time")
	}
	pub := ed25519.PublicKey(raw)
	if !strings.EqualFold(strings.Join(strings.Fields(f.Fingerprint), ""), strings.ReplaceAll(Fingerprint(pub), " ", "")) {
		return KeyInfo{}, ErrKeyFingerprint.With(fmt.Sprintf("file says %q, key is %q", f.Fingerprint, Fingerprint(pub)))
	}
	k := KeyInfo{Depot: f.Depot, Label: f.Label, Created: created.UTC(), Kind: KeyForeign, Public: pub}
	if f.Retired != "" {
		r, err := time.Parse(time.RFC3339, f.Retired)
		if err != nil {
			return KeyInfo{}, ErrKeyFile.With("retired is not an RFC 3339 time")
		}
		k.Retired = r.UTC()
	}
	return k, nil
}

// MarshalPrivateKey serialises a depot's private key as PKCS #8 DER (RFC
// 8410), which standard tools read too. The store keeps these bytes; they
// are not encrypted here.
func MarshalPrivateKey(priv ed25519.PrivateKey) ([]byte, error) {
	if len(priv) != ed25519.PrivateKeySize {
		return nil, ErrPrivateKey.With("private key must be 64 bytes")
	}
	return x509.MarshalPKCS8PrivateKey(priv)
}

// UnmarshalPrivateKey reverses MarshalPrivateKey and refuses any key that
// is not Ed25519.
func UnmarshalPrivateKey(der []byte) (ed25519.PrivateKey, error) {
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, ErrPrivateKey.With(err.Error())
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, ErrPrivateKey.With(fmt.Sprintf("not an Ed25519 key (%T)", k))
	}
	return priv, nil
}
