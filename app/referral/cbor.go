package referral

import (
	"errors"
	"unicode/utf8"
)

// A strict, canonical subset of CBOR (RFC 8949), just big enough for the
// payload: unsigned and negative integers, byte strings, text strings,
// arrays and maps with unsigned integer keys. Hand-written instead of
// pulling in a general CBOR library because the decoder sits right behind
// untrusted QR input and is easier to make strict (and fuzz) when it only
// knows these six shapes.
//
// Encoding follows RFC 8949 §4.2.1 (core deterministic encoding): shortest
// argument form, definite lengths only, map keys in ascending order. The
// decoder rejects everything else: floats, tags, simple values, indefinite
// lengths, non-shortest arguments, duplicate or unordered map keys,
// non-integer map keys, invalid UTF-8 in text, nesting deeper than
// cborMaxDepth, lengths beyond the input and trailing bytes. So a decoded
// item re-encodes to exactly the bytes it came from.

const (
	cborUint  = 0
	cborNeg   = 1
	cborBytes = 2
	cborText  = 3
	cborArray = 4
	cborMap   = 5

	cborMaxDepth = 8
)

var (
	errCBORTruncated = errors.New("cbor: truncated")
	errCBORTrailing  = errors.New("cbor: trailing bytes")
	errCBORDepth     = errors.New("cbor: nested too deep")
	errCBORType      = errors.New("cbor: unsupported type")
	errCBORNonCanon  = errors.New("cbor: non-canonical encoding")
	errCBORUTF8      = errors.New("cbor: invalid UTF-8 in text string")
	errCBORMapKey    = errors.New("cbor: map keys must be ascending unsigned integers")
)

// cborEnc appends canonical CBOR to b.
type cborEnc struct{ b []byte }

func (e *cborEnc) head(major byte, n uint64) {
	m := major << 5
	switch {
	case n < 24:
		e.b = append(e.b, m|byte(n))
	case n <= 0xFF:
		e.b = append(e.b, m|24, byte(n))
	case n <= 0xFFFF:
		e.b = append(e.b, m|25, byte(n>>8), byte(n))
	case n <= 0xFFFFFFFF:
		e.b = append(e.b, m|26, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	default:
		e.b = append(e.b, m|27, byte(n>>56), byte(n>>48), byte(n>>40), byte(n>>32),
			byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
}

func (e *cborEnc) uint(n uint64) { e.head(cborUint, n) }

func (e *cborEnc) int(n int64) {
	if n >= 0 {
		e.head(cborUint, uint64(n))
	} else {
		e.head(cborNeg, uint64(-1-n))
	}
}

func (e *cborEnc) bytes(p []byte) { e.head(cborBytes, uint64(len(p))); e.b = append(e.b, p...) }
func (e *cborEnc) text(s string)  { e.head(cborText, uint64(len(s))); e.b = append(e.b, s...) }
func (e *cborEnc) array(n int)    { e.head(cborArray, uint64(n)) }
func (e *cborEnc) mapHead(n int)  { e.head(cborMap, uint64(n)) }

// cborValue is one decoded item. For cborNeg the value is -1-u. For maps,
// items holds key, value, key, value ...
type cborValue struct {
	major byte
	u     uint64
	b     []byte
	items []cborValue
}

type cborDec struct {
	data []byte
	pos  int
}

// cborDecode decodes exactly one item that must span all of data.
func cborDecode(data []byte) (cborValue, error) {
	d := cborDec{data: data}
	v, err := d.value(1)
	if err != nil {
		return cborValue{}, err
	}
	if d.pos != len(data) {
		return cborValue{}, errCBORTrailing
	}
	return v, nil
}

// head reads an initial byte and its argument, insisting on the shortest form.
func (d *cborDec) head() (major byte, n uint64, err error) {
	if d.pos >= len(d.data) {
		return 0, 0, errCBORTruncated
	}
	ib := d.data[d.pos]
	d.pos++
	major, ai := ib>>5, ib&0x1F
	if major > cborMap {
		return 0, 0, errCBORType // tags, floats, simple values, break
	}
	var size int
	switch {
	case ai < 24:
		return major, uint64(ai), nil
	case ai == 24:
		size = 1
	case ai == 25:
		size = 2
	case ai == 26:
		size = 4
	case ai == 27:
		size = 8
	default:
		return 0, 0, errCBORType // 28-30 reserved, 31 indefinite length
	}
	if len(d.data)-d.pos < size {
		return 0, 0, errCBORTruncated
	}
	for _, c := range d.data[d.pos : d.pos+size] {
		n = n<<8 | uint64(c)
	}
	d.pos += size
	// Shortest form: the value must not have fitted in the next smaller size.
	var floor uint64
	switch size {
	case 1:
		floor = 24
	case 2:
		floor = 0x100
	case 4:
		floor = 0x10000
	case 8:
		floor = 0x100000000
	}
	if n < floor {
		return 0, 0, errCBORNonCanon
	}
	return major, n, nil
}

func (d *cborDec) value(depth int) (cborValue, error) {
	if depth > cborMaxDepth {
		return cborValue{}, errCBORDepth
	}
	major, n, err := d.head()
	if err != nil {
		return cborValue{}, err
	}
	v := cborValue{major: major, u: n}
	remaining := uint64(len(d.data) - d.pos)
	switch major {
	case cborUint, cborNeg:
	case cborBytes, cborText:
		if n > remaining {
			return cborValue{}, errCBORTruncated
		}
		v.b = d.data[d.pos : d.pos+int(n)]
		d.pos += int(n)
		if major == cborText && !utf8.Valid(v.b) {
			return cborValue{}, errCBORUTF8
		}
	case cborArray, cborMap:
		count := n
		if major == cborMap {
			if n > remaining/2 {
				return cborValue{}, errCBORTruncated
			}
			count = 2 * n
		}
		// Every item takes at least one byte, so this bounds the allocation
		// by the input size whatever the header claims.
		if count > remaining {
			return cborValue{}, errCBORTruncated
		}
		v.items = make([]cborValue, 0, count)
		for i := uint64(0); i < count; i++ {
			item, err := d.value(depth + 1)
			if err != nil {
				return cborValue{}, err
			}
			if major == cborMap && i%2 == 0 {
				if item.major != cborUint {
					return cborValue{}, errCBORMapKey
				}
				if i > 0 && item.u <= v.items[i-2].u {
					return cborValue{}, errCBORMapKey
				}
			}
			v.items = append(v.items, item)
		}
	}
	return v, nil
}

// encode writes v back in canonical form (used by tests to check that
// decoding is the exact inverse of encoding).
func (v cborValue) encode(e *cborEnc) {
	switch v.major {
	case cborUint, cborNeg:
		e.head(v.major, v.u)
	case cborBytes, cborText:
		e.head(v.major, uint64(len(v.b)))
		e.b = append(e.b, v.b...)
	case cborArray:
		e.head(v.major, uint64(len(v.items)))
		for _, it := range v.items {
			it.encode(e)
		}
	case cborMap:
		e.head(v.major, uint64(len(v.items)/2))
		for _, it := range v.items {
			it.encode(e)
		}
	}
}
