package referral

import "errors"

// base45Alphabet is RFC 9285's alphabet. It is exactly the QR code
// alphanumeric character set, so Base45 text keeps the QR in its dense
// alphanumeric mode (5.5 bits per character).
const base45Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

var base45Value = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(base45Alphabet); i++ {
		t[base45Alphabet[i]] = int8(i)
	}
	return t
}()

var errBase45 = errors.New("invalid base45")

// Base45Encode encodes b as RFC 9285 Base45: each pair of bytes becomes three
// characters (least significant first), a trailing single byte two.
func Base45Encode(b []byte) string {
	out := make([]byte, 0, len(b)/2*3+2)
	for i := 0; i+1 < len(b); i += 2 {
		n := int(b[i])<<8 | int(b[i+1])
		out = append(out, base45Alphabet[n%45], base45Alphabet[n/45%45], base45Alphabet[n/2025])
	}
	if len(b)%2 == 1 {
		n := int(b[len(b)-1])
		out = append(out, base45Alphabet[n%45], base45Alphabet[n/45])
	}
	return string(out)
}

// Base45Decode reverses Base45Encode. It rejects characters outside the
// alphabet, a length of 1 modulo 3, and groups whose value does not fit
// (above 65535 for three characters, above 255 for two), as RFC 9285 §4.2
// requires.
func Base45Decode(s string) ([]byte, error) {
	if len(s)%3 == 1 {
		return nil, errBase45
	}
	out := make([]byte, 0, len(s)/3*2+1)
	for i := 0; i < len(s); i += 3 {
		var n, mul int
		mul = 1
		end := min(i+3, len(s))
		for j := i; j < end; j++ {
			v := base45Value[s[j]]
			if v < 0 {
				return nil, errBase45
			}
			n += int(v) * mul
			mul *= 45
		}
		if end-i == 3 {
			if n > 0xFFFF {
				return nil, errBase45
			}
			out = append(out, byte(n>>8), byte(n))
		} else {
			if n > 0xFF {
				return nil, errBase45
			}
			out = append(out, byte(n))
		}
	}
	return out, nil
}
