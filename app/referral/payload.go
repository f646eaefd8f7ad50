package referral

import (
	"crypto/ed25519"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Prefix starts every version-1 payload. "TUSK<n>:" with another n is
// reported as ErrVersion, not ErrPrefix.
const Prefix = "TUSK1:"

// Version is the payload version inside the CBOR item.
const Version = 1

// algEdDSA is the COSE algorithm number for EdDSA (IANA COSE registry): one
// byte in CBOR where the text "Ed25519" would cost eight.
const algEdDSA = -8

// signContext is prepended to the signed bytes (domain separation): the
// depot key may sign other documents, and none of those can then pass as a
// slip.
const signContext = "tusk-referral-v1\x00"

// MaxPayloadLen is the longest text Verify looks at: the alphanumeric
// capacity of the largest QR code (version 40, level L).
const MaxPayloadLen = 4296

// Sign encodes and signs the claims and returns the QR text: the prefix and
// upper-case Base45 only, so the QR stays in alphanumeric mode.
func Sign(c Claims, key ed25519.PrivateKey) (string, error) {
	if len(key) != ed25519.PrivateKeySize {
		return "", ErrPrivateKey.With("private key must be 64 bytes")
	}
	if err := c.validate(); err != nil {
		return "", err
	}
	pub := key.Public().(ed25519.PublicKey)
	var e cborEnc
	e.array(5)
	e.uint(Version)
	e.bytes(KeyID(pub))
	e.int(algEdDSA)
	c.encode(&e)
	// The signed message is the same four items under a four-item array
	// head, so the verifier can rebuild it from the received bytes.
	body := e.b[1:]
	sig := ed25519.Sign(key, signedMessage(body))
	e.bytes(sig)
	return Prefix + Base45Encode(e.b), nil
}

// SignFit signs c like Sign, but leaves items out of the code until it
// fits a QR code of at most MaxQRVersion at QRLevel: first photo hashes,
// from the last one back, then seals from the end, then products from the
// end (products go last: their counts and weights matter most to the
// police). Every item left out is counted in PhotosOmitted, SealsOmitted
// or ProductsOmitted, so the code says how many more the case record
// holds; RecordHash binds the record's full lists either way. Claims that
// already fit are signed unchanged, byte for byte as Sign does.
//
// If the code is too large even with no products, seals or photos listed
// (very long numbers or IDs), SignFit fails with ErrQR.
func SignFit(c Claims, key ed25519.PrivateKey) (string, error) {
	for {
		p, err := Sign(c, key)
		if err != nil {
			return "", err
		}
		if v := QRVersion(p); v >= 1 && v <= MaxQRVersion {
			return p, nil
		}
		switch {
		case len(c.Photos) > 0:
			c.Photos = c.Photos[:len(c.Photos)-1]
			c.PhotosOmitted++
		case len(c.Seals) > 0:
			c.Seals = c.Seals[:len(c.Seals)-1]
			c.SealsOmitted++
		case len(c.Products) > 0:
			c.Products = c.Products[:len(c.Products)-1]
			c.ProductsOmitted++
		default:
			return "", ErrQR.With(fmt.Sprintf("%d characters need QR version %d even without products, seals or photos; a slip allows at most version %d (shorten the numbers or IDs)",
				len(p), QRVersion(p), MaxQRVersion))
		}
	}
}

// signedMessage is context || 0x84 || the encoded version, kid, alg and claims.
func signedMessage(body []byte) []byte {
	m := make([]byte, 0, len(signContext)+1+len(body))
	m = append(m, signContext...)
	m = append(m, cborArray<<5|4)
	return append(m, body...)
}

// Verify checks a payload against the trusted keys and returns its claims
// and the key that signed it. Errors are *Error values that match, with
// errors.Is, one of ErrPrefix, ErrVersion, ErrBase45, ErrMalformed,
// ErrUnknownKey or ErrTampered.
//
// Trailing CR, LF and tab (which 2D scanners in keyboard mode add) are
// ignored, and lower-case letters are read as upper case (a scanner typing
// with Caps Lock on inverts case; Base45 has no lower-case letters, so
// nothing is lost). Spaces are part of the Base45 alphabet and are kept:
// callers must not trim them.
func Verify(payload string, trust KeyRing) (Claims, KeyInfo, error) {
	p, err := parsePayload(payload)
	if err != nil {
		return Claims{}, KeyInfo{}, err
	}
	candidates := trust.lookup(p.kid)
	if len(candidates) == 0 {
		return Claims{}, KeyInfo{}, ErrUnknownKey.With("key " + fingerprintOfKID(p.kid))
	}
	for _, k := range candidates {
		if !ed25519.Verify(k.Public, p.msg, p.sig) {
			continue
		}
		// A key speaks for the one depot it was imported for: a depot
		// whose key a desk trusts cannot sign in another depot's name.
		if !strings.EqualFold(strings.TrimSpace(k.Depot), strings.TrimSpace(p.claims.Depot)) {
			return Claims{}, KeyInfo{}, ErrWrongDepot.With(fmt.Sprintf("the code says %s, key %s is %s's", p.claims.Depot, k.Fingerprint(), k.Depot))
		}
		if !k.Retired.IsZero() && p.claims.IssuedAt.After(k.Retired) {
			return Claims{}, KeyInfo{}, ErrRetired.With(fmt.Sprintf("key %s retired %s, code issued %s", k.Fingerprint(),
				k.Retired.UTC().Format(time.RFC3339), p.claims.IssuedAt.UTC().Format(time.RFC3339)))
		}
		return p.claims, k, nil
	}
	return Claims{}, KeyInfo{}, ErrTampered
}

// parsed is a decoded payload whose signature has not been checked yet.
type parsed struct {
	claims Claims
	kid    []byte
	sig    []byte
	msg    []byte // the signed message
}

// parsePayload decodes a payload strictly, without checking the signature.
func parsePayload(payload string) (parsed, error) {
	payload = strings.TrimRight(payload, "\r\n\t")
	if len(payload) > MaxPayloadLen {
		return parsed{}, ErrMalformed.With("longer than any QR code can hold")
	}
	payload = upperASCII(payload)
	if !strings.HasPrefix(payload, Prefix) {
		if v, ok := otherVersion(payload); ok {
			return parsed{}, ErrVersion.With(fmt.Sprintf("payload version %d", v))
		}
		return parsed{}, ErrPrefix
	}
	raw, err := Base45Decode(payload[len(Prefix):])
	if err != nil {
		return parsed{}, ErrBase45
	}
	// Walk the outer array by hand to learn where the signed part ends.
	d := cborDec{data: raw}
	major, n, err := d.head()
	if err != nil || major != cborArray {
		return parsed{}, ErrMalformed.With("not a CBOR array")
	}
	if n != 5 || d.pos != 1 {
		return parsed{}, ErrMalformed.With("wrong number of items")
	}
	var items [5]cborValue
	signedEnd := 0
	for i := range items {
		if items[i], err = d.value(2); err != nil {
			return parsed{}, ErrMalformed.With(err.Error())
		}
		if i == 3 {
			signedEnd = d.pos
		}
	}
	if d.pos != len(raw) {
		return parsed{}, ErrMalformed.With(errCBORTrailing.Error())
	}
	ver, kid, alg, claimsV, sig := items[0], items[1], items[2], items[3], items[4]
	if ver.major != cborUint {
		return parsed{}, ErrMalformed.With("version is not an integer")
	}
	if ver.u != Version {
		return parsed{}, ErrVersion.With(fmt.Sprintf("payload version %d", ver.u))
	}
	if kid.major != cborBytes || len(kid.b) != KeyIDLen {
		return parsed{}, ErrMalformed.With("bad key ID")
	}
	if alg.major != cborNeg || alg.u != -1-algEdDSA {
		return parsed{}, ErrMalformed.With("unsupported signature algorithm")
	}
	if sig.major != cborBytes || len(sig.b) != ed25519.SignatureSize {
		return parsed{}, ErrMalformed.With("bad signature size")
	}
	claims, err := decodeClaims(claimsV)
	if err != nil {
		return parsed{}, err
	}
	return parsed{claims: claims, kid: kid.b, sig: sig.b, msg: signedMessage(raw[1:signedEnd])}, nil
}

// PayloadKeyFingerprint returns the fingerprint of the key a payload says
// it was signed with, without checking the signature, so the UI can say
// which depot key to import after ErrUnknownKey.
func PayloadKeyFingerprint(payload string) (string, bool) {
	p, err := parsePayload(payload)
	if err != nil {
		return "", false
	}
	return fingerprintOfKID(p.kid), true
}

func fingerprintOfKID(kid []byte) string {
	const hexd = "0123456789ABCDEF"
	var b strings.Builder
	for i, c := range kid {
		if i > 0 && i%2 == 0 {
			b.WriteByte(' ')
		}
		b.WriteByte(hexd[c>>4])
		b.WriteByte(hexd[c&0xF])
	}
	return b.String()
}

// otherVersion recognises "TUSK<n>:" with n other than 1.
func otherVersion(s string) (int, bool) {
	rest, ok := strings.CutPrefix(s, "TUSK")
	if !ok {
		return 0, false
	}
	num, _, ok := strings.Cut(rest, ":")
	if !ok || num == "" || len(num) > 4 {
		return 0, false
	}
	v, err := strconv.Atoi(num)
	if err != nil || v < 0 || v == Version {
		return 0, false
	}
	return v, true
}

func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
