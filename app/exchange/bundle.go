// Package exchange moves cases between stations as signed bundles through
// a shared folder: a network share, or a folder Syncthing or Nextcloud
// keeps in sync. A station exports its new cases into its outbox (Export);
// the supervisor's app watches its inbox (Watcher), verifies each bundle
// against the station keys imported with `tusk keys import`, and merges it
// (store.ImportBundle), so importing the same bundle twice changes nothing.
//
// A bundle holds whole inspections with personal data, because the
// supervisor decides on them: the shared folder must be one only the
// depots can read. The signature proves which station sent a bundle and
// that nothing in it changed; it does not hide it.
//
// The file, *.tuskbundle, is a JSON envelope:
//
//	{"format":"tusk-bundle/1","station":"DEMO-GZ2","key":"AB12 CD34 EF56 7890",
//	 "made_at":"2026-11-23T09:00:00Z","body":{…},"signature":"<base64>"}
//
// The ed25519 signature covers store.BundleContext followed by the exact
// bytes of body as they stand in the file.
package exchange

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"tusk/app/referral"
	"tusk/app/store"
)

// Format names the envelope's version.
const Format = "tusk-bundle/1"

// Ext is the bundle files' extension.
const Ext = ".tuskbundle"

// MaxBundleSize is the largest bundle file read: Export starts a new
// bundle once the photos pass MaxPhotoBytes, so this leaves room for one
// more full-size photo and the base64 overhead.
const MaxBundleSize = 256 << 20

// MaxPhotoBytes is roughly how many photo bytes Export puts in a bundle.
const MaxPhotoBytes = 96 << 20

// Bundle errors; codes are i18n keys, and each is a *store.Error, so the
// UI and the CLI show them like the store's. Use errors.Is to tell them
// apart: all of them mean the file is invalid and goes to quarantine.
var (
	ErrFormat      = store.ErrBundleFormat                          // not a bundle, or malformed
	ErrTooLarge    = &store.Error{Code: "exchange.err.too_large"}   // over MaxBundleSize
	ErrUnknownKey  = &store.Error{Code: "exchange.err.unknown_key"} // signed with a key not imported here
	ErrSignature   = &store.Error{Code: "exchange.err.signature"}   // the body or the signature changed
	ErrWrongKey    = &store.Error{Code: "exchange.err.wrong_station"}
	ErrPhotoHash   = store.ErrBundlePhotoHash
	ErrOwnBundle   = store.ErrBundleOwn
	invalidBundles = []error{ErrFormat, ErrTooLarge, ErrUnknownKey, ErrSignature, ErrWrongKey, ErrPhotoHash, ErrOwnBundle}
)

// Invalid reports whether err says the bundle itself is bad (quarantine
// it), as opposed to a passing problem of the store or the disk.
func Invalid(err error) bool {
	for _, e := range invalidBundles {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func bad(e *store.Error, format string, a ...any) error {
	return &store.Error{Code: e.Code, Detail: fmt.Sprintf(format, a...)}
}

// Envelope is the outer JSON of a bundle file.
type Envelope struct {
	Format    string          `json:"format"`
	Station   string          `json:"station"`
	Key       string          `json:"key"` // referral.Fingerprint of the signing key
	MadeAt    time.Time       `json:"made_at"`
	Body      json.RawMessage `json:"body"`
	Signature string          `json:"signature"` // standard base64 of 64 bytes
}

// Body is what the signature covers.
type Body struct {
	Station     string             `json:"station"`
	StationName string             `json:"station_name"`
	Cases       []store.BundleCase `json:"cases"`
	// AuditHead is the station's audit head when it signed the bundle: the
	// receiving depot keeps it as a witness of the station's trail (see
	// docs/SECURITY.md). Absent in bundles from before it was added.
	AuditHead *Head `json:"audit_head,omitempty"`
	// FromSeq and ThroughSeq: the bundle holds every case of the station
	// whose last change is in (FromSeq, ThroughSeq] of its change
	// sequence. Absent (0) in bundles from before they were added.
	FromSeq    int64 `json:"from_seq,omitempty"`
	ThroughSeq int64 `json:"through_seq,omitempty"`
}

// Head is an audit head in a bundle.
type Head struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"` // lower-case hex SHA-256 of the entry
}

// Bundle is a decoded and verified bundle.
type Bundle struct {
	Envelope Envelope
	Body     Body
	Key      referral.KeyInfo
}

// Encode builds the file bytes of a bundle from its body bytes and
// signature. The envelope is written out by hand so body stays exactly
// the bytes that were signed.
func Encode(station, key string, madeAt time.Time, body, sig []byte) ([]byte, error) {
	var b bytes.Buffer
	field := func(name string, v any) error {
		j, err := json.Marshal(v)
		if err != nil {
			return err
		}
		b.WriteString(`"` + name + `":`)
		b.Write(j)
		return nil
	}
	b.WriteByte('{')
	for _, f := range []struct {
		name string
		v    any
	}{{"format", Format}, {"station", station}, {"key", key}, {"made_at", madeAt.UTC()}} {
		if err := field(f.name, f.v); err != nil {
			return nil, err
		}
		b.WriteByte(',')
	}
	b.WriteString(`"body":`)
	b.Write(body)
	b.WriteByte(',')
	if err := field("signature", base64.StdEncoding.EncodeToString(sig)); err != nil {
		return nil, err
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

// DecodeEnvelope parses the outer JSON without checking the signature.
func DecodeEnvelope(data []byte) (*Envelope, error) {
	if len(data) > MaxBundleSize {
		return nil, bad(ErrTooLarge, "%d bytes", len(data))
	}
	var env Envelope
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, bad(ErrFormat, "%v", err)
	}
	switch {
	case env.Format != Format:
		return nil, bad(ErrFormat, "format %q", env.Format)
	case env.Station == "" || env.Key == "" || len(env.Body) == 0:
		return nil, bad(ErrFormat, "station, key or body missing")
	}
	return &env, nil
}

// Open decodes a bundle file and verifies it against the keys known here:
// the key must be a foreign key imported for the same station, the
// signature must cover the body, and every photo must match its hash.
// Errors are the Err* values above, with details.
func Open(data []byte, ring *referral.KeyRing) (*Bundle, error) {
	env, err := DecodeEnvelope(data)
	if err != nil {
		return nil, err
	}
	var key referral.KeyInfo
	found := false
	if ring != nil {
		for _, k := range ring.Keys() {
			if k.Fingerprint() == env.Key {
				key, found = k, true
				break
			}
		}
	}
	switch {
	case !found:
		return nil, bad(ErrUnknownKey, "key %s of %s", env.Key, env.Station)
	case key.Kind != referral.KeyForeign:
		return nil, bad(ErrOwnBundle, "signed with this depot's own key")
	case !strings.EqualFold(key.Depot, env.Station):
		return nil, bad(ErrWrongKey, "key %s belongs to %s, not %s", env.Key, key.Depot, env.Station)
	}
	sig, err := base64.StdEncoding.DecodeString(env.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, bad(ErrSignature, "signature is not 64 bytes of base64")
	}
	if !ed25519.Verify(key.Public, store.BundleMessage(env.Body), sig) {
		return nil, bad(ErrSignature, "the body does not match its signature")
	}
	var body Body
	if err := json.Unmarshal(env.Body, &body); err != nil {
		return nil, bad(ErrFormat, "body: %v", err)
	}
	if !strings.EqualFold(body.Station, env.Station) {
		return nil, bad(ErrFormat, "body is from %q, envelope from %q", body.Station, env.Station)
	}
	if len(body.Cases) > store.MaxBundleCases {
		return nil, bad(ErrFormat, "%d cases, at most %d", len(body.Cases), store.MaxBundleCases)
	}
	if body.FromSeq < 0 || body.ThroughSeq < body.FromSeq {
		return nil, bad(ErrFormat, "change sequence %d..%d", body.FromSeq, body.ThroughSeq)
	}
	if h := body.AuditHead; h != nil && (h.Seq < 1 || !isHex64(h.Hash)) {
		return nil, bad(ErrFormat, "audit head")
	}
	for i := range body.Cases {
		if err := store.CheckBundleCase(&body.Cases[i]); err != nil {
			return nil, err
		}
	}
	return &Bundle{Envelope: *env, Body: body, Key: key}, nil
}

func isHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
