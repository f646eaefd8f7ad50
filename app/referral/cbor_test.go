package referral

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"
)

func TestCBOREncode(t *testing.T) {
	// Expected bytes from RFC 8949 Appendix A.
	for _, tc := range []struct {
		name string
		enc  func(e *cborEnc)
		want string
	}{
		{"0", func(e *cborEnc) { e.uint(0) }, "00"},
		{"23", func(e *cborEnc) { e.uint(23) }, "17"},
		{"24", func(e *cborEnc) { e.uint(24) }, "1818"},
		{"1000", func(e *cborEnc) { e.uint(1000) }, "1903e8"},
		{"1000000", func(e *cborEnc) { e.uint(1000000) }, "1a000f4240"},
		{"1e12", func(e *cborEnc) { e.uint(1000000000000) }, "1b000000e8d4a51000"},
		{"-1", func(e *cborEnc) { e.int(-1) }, "20"},
		{"-8", func(e *cborEnc) { e.int(-8) }, "27"},
		{"-1000", func(e *cborEnc) { e.int(-1000) }, "3903e7"},
		{"h''", func(e *cborEnc) { e.bytes(nil) }, "40"},
		{"h'01020304'", func(e *cborEnc) { e.bytes([]byte{1, 2, 3, 4}) }, "4401020304"},
		{`"IETF"`, func(e *cborEnc) { e.text("IETF") }, "6449455446"},
		{`"水"`, func(e *cborEnc) { e.text("水") }, "63e6b0b4"},
		{"[1,[2,3]]", func(e *cborEnc) { e.array(2); e.uint(1); e.array(2); e.uint(2); e.uint(3) }, "8201820203"},
		{"{1:2,3:4}", func(e *cborEnc) { e.mapHead(2); e.uint(1); e.uint(2); e.uint(3); e.uint(4) }, "a201020304"},
	} {
		var e cborEnc
		tc.enc(&e)
		if got := hex.EncodeToString(e.b); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
		v, err := cborDecode(e.b)
		if err != nil {
			t.Errorf("%s: decode: %v", tc.name, err)
			continue
		}
		var back cborEnc
		v.encode(&back)
		if !bytes.Equal(back.b, e.b) {
			t.Errorf("%s: re-encoded %x", tc.name, back.b)
		}
	}
}

func TestCBORDecodeStrict(t *testing.T) {
	deep := bytes.Repeat([]byte{0x81}, cborMaxDepth) // 8 nested arrays ...
	deep = append(deep, 0x00)                        // ... around a 0: depth 9
	for _, tc := range []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", errCBORTruncated},
		{"uint8 arg missing", "18", errCBORTruncated},
		{"non-canonical 1-byte", "1817", errCBORNonCanon},
		{"non-canonical 2-byte", "190017", errCBORNonCanon},
		{"non-canonical 4-byte", "1a0000ffff", errCBORNonCanon},
		{"non-canonical 8-byte", "1b00000000ffffffff", errCBORNonCanon},
		{"non-canonical length", "5801ff", errCBORNonCanon},
		{"indefinite bytes", "5f4101ff", errCBORType},
		{"indefinite array", "9f01ff", errCBORType},
		{"indefinite map", "bf0102ff", errCBORType},
		{"reserved ai 28", "1c", errCBORType},
		{"tag", "c11a514b67b0", errCBORType},
		{"float", "f93c00", errCBORType},
		{"true", "f5", errCBORType},
		{"break", "ff", errCBORType},
		{"bytes beyond input", "4501020304", errCBORTruncated},
		{"huge length", "5bffffffffffffffff00", errCBORTruncated},
		{"huge array", "9bffffffffffffffff", errCBORTruncated},
		{"huge map", "bbffffffffffffffff", errCBORTruncated},
		{"array short", "83010203"[:6], errCBORTruncated},
		{"trailing", "0000", errCBORTrailing},
		{"invalid utf-8", "62c328", errCBORUTF8},
		{"text key", "a1616101", errCBORMapKey},
		{"negative key", "a12001", errCBORMapKey},
		{"unordered keys", "a202010101", errCBORMapKey},
		{"duplicate keys", "a201010101", errCBORMapKey},
		{"too deep", hex.EncodeToString(deep), errCBORDepth},
	} {
		in, err := hex.DecodeString(tc.in)
		if err != nil {
			t.Fatalf("%s: bad test hex", tc.name)
		}
		if _, err := cborDecode(in); !errors.Is(err, tc.want) {
			t.Errorf("%s: err %v, want %v", tc.name, err, tc.want)
		}
	}
	// Depth 8 is allowed.
	ok := append(bytes.Repeat([]byte{0x81}, cborMaxDepth-1), 0x00)
	if _, err := cborDecode(ok); err != nil {
		t.Errorf("depth 8: %v", err)
	}
}

// FuzzCBOR: the decoder never panics, and anything it accepts re-encodes to
// exactly the input (strict canonical form leaves one encoding per value).
func FuzzCBOR(f *testing.F) {
	for _, s := range []string{"00", "8201820203", "a201020304", "63e6b0b4", "3903e7", "5f4101ff"} {
		b, _ := hex.DecodeString(s)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		v, err := cborDecode(in)
		if err != nil {
			return
		}
		var e cborEnc
		v.encode(&e)
		if !bytes.Equal(e.b, in) {
			t.Fatalf("accepted %x but re-encodes as %x", in, e.b)
		}
	})
}
