package referral

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSignVerifyRoundTrip(t *testing.T) {
	key := testKey(1)
	ring := testRing(t, testKey(9), key) // the signer is not the first key
	for _, rec := range []CaseRecord{sampleRecord(), maximalRecord()} {
		c := mustClaims(t, rec)
		p := mustSign(t, c, key)
		if !strings.HasPrefix(p, Prefix) {
			t.Fatalf("payload %q lacks the prefix", p)
		}
		for _, r := range p {
			if !strings.ContainsRune(base45Alphabet, r) && !strings.ContainsRune(Prefix, r) {
				t.Fatalf("payload has %q, outside the QR alphanumeric set", r)
			}
		}
		got, k, err := Verify(p, ring)
		if err != nil {
			t.Fatalf("verify: %v", err)
		}
		if !reflect.DeepEqual(got, c) {
			t.Errorf("claims changed:\n got %+v\nwant %+v", got, c)
		}
		if !k.Public.Equal(key.Public()) || k.Label != "key1" {
			t.Errorf("verified with %+v", k)
		}
		// Signing is deterministic (Ed25519), which keeps slips reproducible.
		if again := mustSign(t, c, key); again != p {
			t.Error("two signatures of the same claims differ")
		}
	}
}

func TestVerifyScannerInput(t *testing.T) {
	key := testKey(1)
	ring := testRing(t, key)
	p := mustSign(t, mustClaims(t, sampleRecord()), key)
	for name, in := range map[string]string{
		"CR LF":      p + "\r\n",
		"tab":        p + "\t",
		"caps lock":  strings.ToLower(p),
		"mixed case": "tusk1:" + p[len(Prefix):],
	} {
		if _, _, err := Verify(in, ring); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestVerifyTamperEveryPosition replaces each character of a real payload
// by another Base45 character; every one of them must fail. (Changing only
// the case of a letter is not a change: Verify reads lower case as upper.)
// It runs on a code that lists everything and on one with omitted counts.
func TestVerifyTamperEveryPosition(t *testing.T) {
	key := testKey(1)
	ring := testRing(t, key)
	for name, p := range map[string]string{
		"all listed": mustSign(t, mustClaims(t, sampleRecord()), key),
		"omitted":    mustSignFit(t, mustClaims(t, maximalRecord()), key),
	} {
		t.Run(name, func(t *testing.T) { tamperEveryPosition(t, p, ring) })
	}
}

func tamperEveryPosition(t *testing.T, p string, ring KeyRing) {
	codes := map[string]int{}
	for i := 0; i < len(p); i++ {
		for _, shift := range []int{1, 22} {
			j := (strings.IndexByte(base45Alphabet, p[i]) + shift) % len(base45Alphabet)
			if strings.IndexByte(base45Alphabet, p[i]) < 0 { // inside "TUSK1:" the ':' etc.
				j = (int(p[i]) + shift) % len(base45Alphabet)
			}
			b := []byte(p)
			b[i] = base45Alphabet[j]
			if b[i] == p[i] {
				continue
			}
			_, _, err := Verify(string(b), ring)
			if err == nil {
				t.Fatalf("flipping position %d (%q -> %q) still verifies", i, p[i], b[i])
			}
			codes[ErrorCode(err)]++
		}
	}
	t.Logf("%d-char payload, failures by code: %v", len(p), codes)
	if codes["verify.err.tampered"] == 0 {
		t.Error("no flip was reported as tampering")
	}
	if codes[""] > 0 {
		t.Error("some failures carry no code")
	}
}

func TestVerifyErrors(t *testing.T) {
	key := testKey(1)
	ring := testRing(t, key)
	c := mustClaims(t, sampleRecord())
	good := mustSign(t, c, key)
	raw, _ := Base45Decode(good[len(Prefix):])

	// reencode builds a payload from raw CBOR bytes, unsigned.
	reencode := func(b []byte) string { return Prefix + Base45Encode(b) }
	// extra is the claims c with more pairs after the highest key.
	extra := func(c Claims, n int, pairs func(e *cborEnc)) func(e *cborEnc) {
		return func(e *cborEnc) {
			var m cborEnc
			c.encode(&m)
			m.b[0] += byte(n) // n more pairs in the map (its head is one byte)
			e.b = append(e.b, m.b...)
			pairs(e)
		}
	}
	fitted := mustClaims(t, maximalRecord())
	fitted.Photos, fitted.PhotosOmitted = fitted.Photos[:2], 6
	// resign builds a validly signed payload whose top array is items.
	resign := func(build func(e *cborEnc)) string {
		var e cborEnc
		build(&e)
		sig := ed25519.Sign(key, signedMessage(e.b[1:]))
		e.bytes(sig)
		return reencode(e.b)
	}
	header := func(e *cborEnc, ver uint64) {
		e.array(5)
		e.uint(ver)
		e.bytes(KeyID(key.Public().(ed25519.PublicKey)))
		e.int(algEdDSA)
	}
	otherClaims := c
	otherClaims.CaseNo = "OTHER"
	foreign := mustSign(t, c, testKey(2))

	for _, tc := range []struct {
		name    string
		payload string
		want    *Error
	}{
		{"empty", "", ErrPrefix},
		{"HC1 certificate", "HC1:NCFOXN%TS3DH", ErrPrefix},
		{"URL", "https://example.org/", ErrPrefix},
		{"future version prefix", "TUSK2:" + good[len(Prefix):], ErrVersion},
		{"bad base45 char", Prefix + "AB#", ErrBase45},
		{"bad base45 length", good + "AA", ErrBase45}, // 394 Base45 chars: 1 mod 3
		{"cut short", reencode(raw[:len(raw)-5]), ErrMalformed},
		{"trailing byte", reencode(append(append([]byte{}, raw...), 0)), ErrMalformed},
		{"not an array", reencode([]byte{0x01}), ErrMalformed},
		{"four items", reencode(append([]byte{0x84}, raw[1:]...)), ErrMalformed},
		{"too long", Prefix + strings.Repeat("0", MaxPayloadLen), ErrMalformed},
		{"unknown key (other depot)", foreign, ErrUnknownKey},
		{"version 2 inside", resign(func(e *cborEnc) { header(e, 2); c.encode(e) }), ErrVersion},
		{"unknown claim", resign(func(e *cborEnc) {
			header(e, 1)
			var m cborEnc
			c.encode(&m)
			m.b[0]++ // one more pair in the map ...
			e.b = append(e.b, m.b...)
			e.uint(99) // ... key 99, after the highest key
			e.uint(1)
		}), ErrMalformed},
		{"omitted count zero", resign(func(e *cborEnc) {
			header(e, 1)
			extra(c, 1, func(e *cborEnc) { e.uint(keyPhotosOmitted); e.uint(0) })(e)
		}), ErrMalformed},
		{"omitted count as text", resign(func(e *cborEnc) {
			header(e, 1)
			extra(c, 1, func(e *cborEnc) { e.uint(keySealsOmitted); e.text("3") })(e)
		}), ErrMalformed},
		{"omitted count negative", resign(func(e *cborEnc) {
			header(e, 1)
			extra(c, 1, func(e *cborEnc) { e.uint(keyProductsOmitted); e.int(-1) })(e)
		}), ErrMalformed},
		{"omitted count too large", resign(func(e *cborEnc) {
			header(e, 1)
			extra(c, 1, func(e *cborEnc) { e.uint(keyPhotosOmitted); e.uint(maxPhotos + 1) })(e)
		}), ErrMalformed},
		{"listed plus omitted over the limit", resign(func(e *cborEnc) {
			header(e, 1)
			extra(c, 1, func(e *cborEnc) { e.uint(keyPhotosOmitted); e.uint(maxPhotos - 1) })(e) // 2 listed
		}), ErrMalformed},
		{"unknown claim after the omitted counts", resign(func(e *cborEnc) {
			header(e, 1)
			extra(fitted, 1, func(e *cborEnc) { e.uint(keyPhotosOmitted + 1); e.uint(1) })(e)
		}), ErrMalformed},
		{"omitted counts out of order", resign(func(e *cborEnc) {
			header(e, 1)
			extra(c, 2, func(e *cborEnc) {
				e.uint(keyPhotosOmitted)
				e.uint(1)
				e.uint(keySealsOmitted)
				e.uint(1)
			})(e)
		}), ErrMalformed},
		{"stage out of range", resign(func(e *cborEnc) {
			header(e, 1)
			bad := c
			bad.Stage = 9
			bad.encode(e)
		}), ErrMalformed},
		{"signature from another message", func() string {
			var e cborEnc
			header(&e, 1)
			otherClaims.encode(&e)
			e.bytes(ed25519.Sign(key, signedMessage([]byte("something else"))))
			return reencode(e.b)
		}(), ErrTampered},
		{"signed without the context", func() string {
			var e cborEnc
			header(&e, 1)
			c.encode(&e)
			msg := append([]byte{0x84}, e.b[1:]...)
			e.bytes(ed25519.Sign(key, msg))
			return reencode(e.b)
		}(), ErrTampered},
	} {
		_, _, err := Verify(tc.payload, ring)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err %v, want %s", tc.name, err, tc.want.Code)
			continue
		}
		if err.Error() == "" || ErrorCode(err) != tc.want.Code {
			t.Errorf("%s: code %q, message %q", tc.name, ErrorCode(err), err)
		}
	}
}

func TestPayloadKeyFingerprint(t *testing.T) {
	key := testKey(2)
	p := mustSign(t, mustClaims(t, sampleRecord()), key)
	fp, ok := PayloadKeyFingerprint(p)
	if !ok || fp != Fingerprint(key.Public().(ed25519.PublicKey)) {
		t.Errorf("got %q %v, want %q", fp, ok, Fingerprint(key.Public().(ed25519.PublicKey)))
	}
	if _, ok := PayloadKeyFingerprint("TUSK1:!!"); ok {
		t.Error("garbage gave a fingerprint")
	}
}

func TestSignRejects(t *testing.T) {
	key := testKey(1)
	base := mustClaims(t, sampleRecord())
	for _, tc := range []struct {
		name   string
		mutate func(c *Claims)
	}{
		{"no slip number", func(c *Claims) { c.SlipNo = "" }},
		{"no case number", func(c *Claims) { c.CaseNo = "" }},
		{"no depot", func(c *Claims) { c.Depot = "" }},
		{"no inspector", func(c *Claims) { c.Inspector = "" }},
		{"long case number", func(c *Claims) { c.CaseNo = strings.Repeat("9", maxText+1) }},
		{"invalid UTF-8", func(c *Claims) { c.Depot = "\xff" }},
		{"bad stage", func(c *Claims) { c.Stage = 0 }},
		{"no time", func(c *Claims) { c.IssuedAt = time.Time{} }},
		{"full record hash", func(c *Claims) { c.RecordHash = make([]byte, 32) }},
		{"short photo hash", func(c *Claims) { c.Photos = [][]byte{{1, 2, 3}} }},
		{"empty seal", func(c *Claims) { c.Seals = []string{""} }},
		{"empty card ID", func(c *Claims) { c.Products = []Product{{Count: 1}} }},
		{"too many seals", func(c *Claims) { c.Seals = strings.Split(strings.Repeat("S,", maxSeals+1)+"S", ",") }},
		{"negative omitted count", func(c *Claims) { c.PhotosOmitted = -1 }},
		{"too many photos with the omitted", func(c *Claims) { c.PhotosOmitted = maxPhotos - len(c.Photos) + 1 }},
	} {
		c := base
		tc.mutate(&c)
		if _, err := Sign(c, key); !errors.Is(err, ErrClaims) {
			t.Errorf("%s: err %v, want %s", tc.name, err, ErrClaims.Code)
		}
	}
	if _, err := Sign(base, ed25519.PrivateKey{1, 2}); !errors.Is(err, ErrPrivateKey) {
		t.Errorf("short key: %v", err)
	}
	// Optional fields may be empty.
	c := base
	c.Products, c.Seals, c.Photos, c.Supervisor = nil, nil, nil, ""
	p := mustSign(t, c, key)
	got, _, err := Verify(p, testRing(t, key))
	if err != nil || got.Supervisor != "" || got.Products != nil {
		t.Errorf("minimal claims: %+v, %v", got, err)
	}
	if !bytes.Equal(got.RecordHash, c.RecordHash) {
		t.Error("record hash lost")
	}
}

// FuzzVerify throws arbitrary text at the decoder: it must never panic,
// and anything it accepts must re-sign to the same payload (so nothing
// unsigned slipped through).
func FuzzVerify(f *testing.F) {
	key := testKey(1)
	ring := testRing(f, key)
	good := mustSign(f, mustClaims(f, sampleRecord()), key)
	f.Add(good)
	f.Add(mustSign(f, mustClaims(f, maximalRecord()), key))
	f.Add(mustSignFit(f, mustClaims(f, maximalRecord()), key))  // omitted products, seals, photos
	f.Add(mustSignFit(f, mustClaims(f, sixPhotoRecord()), key)) // omitted photos only
	f.Add(good[:40])
	f.Add("TUSK1:")
	f.Add("TUSK2:ABC")
	f.Add(Prefix + Base45Encode([]byte{0x85, 0x01, 0x48, 1, 2, 3, 4, 5, 6, 7, 8, 0x27, 0xa0, 0x40}))
	f.Fuzz(func(t *testing.T, s string) {
		c, _, err := Verify(s, ring)
		if err != nil {
			if ErrorCode(err) == "" {
				t.Fatalf("error without a code: %v", err)
			}
			return
		}
		again, err := Sign(c, key)
		if err != nil {
			t.Fatalf("accepted claims do not re-sign: %v", err)
		}
		if again != upperASCII(strings.TrimRight(s, "\r\n\t")) {
			t.Fatalf("accepted %q but it re-signs as %q", s, again)
		}
	})
}

// TestSignFit: SignFit leaves out photos, then seals, then products, from
// the end of each list, and the code carries exactly those claims.
func TestSignFit(t *testing.T) {
	key := testKey(1)
	ring := testRing(t, key)
	full := mustClaims(t, maximalRecord())
	p := mustSignFit(t, full, key)
	got, _, err := Verify(p, ring)
	if err != nil {
		t.Fatal(err)
	}
	want := full
	want.Products, want.Seals, want.Photos = full.Products[:4], nil, nil
	want.ProductsOmitted, want.SealsOmitted, want.PhotosOmitted = 2, 4, 8
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fitted claims:\n got %+v\nwant %+v", got, want)
	}
	// The omitted counts round-trip: Sign over the decoded claims gives the
	// same code, and so does SignFit (it fits already).
	if again := mustSign(t, got, key); again != p {
		t.Error("re-signing the decoded claims changes the code")
	}
	if again := mustSignFit(t, got, key); again != p {
		t.Error("SignFit of fitted claims changes the code")
	}
	if full.Products == nil || len(full.Photos) != 8 {
		t.Error("SignFit changed the caller's claims")
	}

	// Photos go first: with six photos only photos are left out.
	six := mustClaims(t, sixPhotoRecord())
	got, _, err = Verify(mustSignFit(t, six, key), ring)
	if err != nil {
		t.Fatal(err)
	}
	if got.ProductsOmitted != 0 || got.SealsOmitted != 0 || got.PhotosOmitted == 0 ||
		!reflect.DeepEqual(got.Photos, six.Photos[:len(got.Photos)]) {
		t.Errorf("six photos: %+v", got)
	}

	// A code too large even with empty lists is refused, not printed.
	huge := full
	long := strings.Repeat("X", maxText)
	huge.CaseNo, huge.SlipNo, huge.Depot, huge.Inspector, huge.Supervisor = long, long, long, long, long
	if _, err := SignFit(huge, key); !errors.Is(err, ErrQR) {
		t.Errorf("oversized fixed part: %v", err)
	}
	if _, err := SignFit(Claims{}, key); !errors.Is(err, ErrClaims) {
		t.Errorf("invalid claims: %v", err)
	}
}

func BenchmarkSignFit(b *testing.B) {
	key := testKey(1)
	c := mustClaims(b, maximalRecord())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SignFit(c, key); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	key := testKey(1)
	ring := testRing(b, testKey(2), testKey(3), key)
	p := mustSign(b, mustClaims(b, maximalRecord()), key)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Verify(p, ring); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSign(b *testing.B) {
	key := testKey(1)
	c := mustClaims(b, maximalRecord())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Sign(c, key); err != nil {
			b.Fatal(err)
		}
	}
}
