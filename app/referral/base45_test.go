package referral

import (
	"bytes"
	"testing"
)

func TestBase45(t *testing.T) {
	// Vectors from RFC 9285 §4.3 and §4.4.
	for _, tc := range []struct{ in, out string }{
		{"", ""},
		{"AB", "BB8"},
		{"Hello!!", "%69 VD92EX0"},
		{"base-45", "UJCLQE7W581"},
		{"ietf!", "QED8WEX0"},
		{"\x00", "00"},
		{"\xff\xff", "FGW"},
	} {
		if got := Base45Encode([]byte(tc.in)); got != tc.out {
			t.Errorf("encode %q = %q, want %q", tc.in, got, tc.out)
		}
		got, err := Base45Decode(tc.out)
		if err != nil || string(got) != tc.in {
			t.Errorf("decode %q = %q, %v; want %q", tc.out, got, err, tc.in)
		}
	}
}

func TestBase45DecodeErrors(t *testing.T) {
	for _, in := range []string{
		"GGW",  // 65536: one more than two bytes hold (RFC 9285 §6)
		"ZZZZ", // length 1 mod 3
		"A",    // length 1
		"BBa",  // lower case is not in the alphabet
		"BB#",  // neither is '#'
		"ZZ",   // 1259 > 255 in a final pair
		"BB8\x00\x00",
	} {
		if b, err := Base45Decode(in); err == nil {
			t.Errorf("decode %q = %x, want an error", in, b)
		}
	}
}

func FuzzBase45(f *testing.F) {
	f.Add([]byte("Hello!!"))
	f.Add([]byte{0xff, 0xff, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		s := Base45Encode(b)
		back, err := Base45Decode(s)
		if err != nil || !bytes.Equal(back, b) {
			t.Fatalf("round trip of %x: %x, %v", b, back, err)
		}
		// Decoding arbitrary text must not panic, and whatever decodes
		// must re-encode to the same text (the encoding is unique).
		if d, err := Base45Decode(string(b)); err == nil && Base45Encode(d) != string(b) {
			t.Fatalf("%q decodes to %x which encodes to %q", b, d, Base45Encode(d))
		}
	})
}
