package sop

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// node is one JSON value in a small document tree that remembers where
// every value (and every object key) starts in the raw bytes. The tree is
// what lets validation point at `cards[3].title.fr` as file:line:column;
// encoding/json forgets positions once it has decoded a value.
type node struct {
	kind   byte // '{' object, '[' array, 's' string, 'n' number, 'b' bool, 'z' null
	off    int  // offset of the value's first byte
	keyOff int  // offset of the member's key, or -1
	lit    string
	keys   []string // object member names, in file order
	vals   []*node  // object member values, parallel to keys
	elems  []*node  // array elements
}

func (n *node) member(key string) *node {
	if n == nil || n.kind != '{' {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

func (n *node) kindName() string {
	switch n.kind {
	case '{':
		return "object"
	case '[':
		return "array"
	case 's':
		return "string"
	case 'n':
		return "number"
	case 'b':
		return "true/false"
	default:
		return "null"
	}
}

// doc is one parsed file: its bytes, its tree and a path index.
type doc struct {
	file  string
	src   []byte
	root  *node
	paths map[string]*node
	lines []int // offset where each line starts
	bom   bool  // the file starts with a byte order mark (now 3 spaces)
}

// posError is a syntax problem at a byte offset.
type posError struct {
	off int
	msg string
}

func (e *posError) Error() string { return e.msg }

// maxDepth bounds nesting so hostile input cannot exhaust the stack; a
// pack needs fewer than ten levels.
const maxDepth = 200

// parseDoc tokenizes src into a tree. Duplicate keys are reported through
// dup (offset of the second key) because encoding/json silently keeps the
// last one, which would hide a trainer's mistake.
func parseDoc(file string, src []byte, dup func(off int, key string)) (*doc, error) {
	// Windows editors may save a UTF-8 byte order mark; blank it out so
	// offsets (and so line:column) stay those of the file on disk.
	bom := bytes.HasPrefix(src, []byte{0xEF, 0xBB, 0xBF})
	if bom {
		src = append([]byte("   "), src[3:]...)
	}
	d := &doc{file: file, src: src, paths: map[string]*node{}, bom: bom}
	d.lines = append(d.lines, 0)
	for i, c := range src {
		if c == '\n' {
			d.lines = append(d.lines, i+1)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	p := &parser{src: src, dec: dec, d: d, dup: dup}
	if len(bytes.TrimSpace(src)) == 0 {
		return d, &posError{0, "file is empty"}
	}
	root, err := p.value("", -1, 0)
	if err != nil {
		return d, err
	}
	d.root = root
	off := p.skip(int(dec.InputOffset()))
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return d, &posError{off, "unexpected data after the top-level value"}
		}
		return d, p.wrap(err, off)
	}
	return d, nil
}

type parser struct {
	src []byte
	dec *json.Decoder
	d   *doc
	dup func(int, string)
}

// skip moves past whitespace and the separators the decoder has not
// reported yet, to the first byte of the next token.
func (p *parser) skip(off int) int {
	for off < len(p.src) {
		switch p.src[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

func (p *parser) wrap(err error, off int) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		// Decoder.Token reports the offset of the offending byte itself
		// (json.Unmarshal reports one past it).
		o := int(se.Offset)
		if o < 0 {
			o = 0
		}
		if o > len(p.src) {
			o = len(p.src)
		}
		return &posError{o, "syntax error: " + se.Error()}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return &posError{len(p.src), "unexpected end of file (unclosed bracket, brace or string?)"}
	default:
		return &posError{off, "syntax error: " + err.Error()}
	}
}

func (p *parser) token() (json.Token, int, error) {
	start := p.skip(int(p.dec.InputOffset()))
	t, err := p.dec.Token()
	if err != nil {
		return nil, start, p.wrap(err, start)
	}
	return t, start, nil
}

func (p *parser) value(path string, keyOff, depth int) (*node, error) {
	t, start, err := p.token()
	if err != nil {
		return nil, err
	}
	return p.valueFrom(t, start, path, keyOff, depth)
}

func (p *parser) valueFrom(t json.Token, start int, path string, keyOff, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, &posError{start, "nesting too deep"}
	}
	n := &node{off: start, keyOff: keyOff}
	p.d.paths[path] = n
	switch v := t.(type) {
	case json.Delim:
		switch v {
		case '{':
			n.kind = '{'
			seen := map[string]bool{}
			for {
				t, kstart, err := p.token()
				if err != nil {
					return nil, err
				}
				if d, ok := t.(json.Delim); ok && d == '}' {
					return n, nil
				}
				key, ok := t.(string)
				if !ok {
					return nil, &posError{kstart, "expected an object key"}
				}
				if seen[key] && p.dup != nil {
					p.dup(kstart, key)
				}
				seen[key] = true
				child, err := p.value(joinKey(path, key), kstart, depth+1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key)
				n.vals = append(n.vals, child)
			}
		case '[':
			n.kind = '['
			for i := 0; ; i++ {
				t, estart, err := p.token()
				if err != nil {
					return nil, err
				}
				if d, ok := t.(json.Delim); ok && d == ']' {
					return n, nil
				}
				child, err := p.valueFrom(t, estart, path+"["+strconv.Itoa(i)+"]", -1, depth+1)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, child)
			}
		default:
			return nil, &posError{start, fmt.Sprintf("unexpected %q", rune(v))}
		}
	case string:
		n.kind, n.lit = 's', v
	case json.Number:
		n.kind, n.lit = 'n', string(v)
	case bool:
		n.kind = 'b'
	case nil:
		n.kind = 'z'
	}
	return n, nil
}

func joinKey(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// lineCol turns a byte offset into a 1-based line and a 1-based column
// counted in characters (runes), as editors show them.
func (d *doc) lineCol(off int) (int, int) {
	if off < 0 {
		off = 0
	}
	if off > len(d.src) {
		off = len(d.src)
	}
	lo, hi := 0, len(d.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if d.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	col := utf8.RuneCount(d.src[d.lines[lo]:off]) + 1
	if lo == 0 && d.bom {
		col = max(1, col-3) // editors give the mark no column
	}
	return lo + 1, col
}

// at finds the node for path, or the nearest enclosing value that exists:
// a missing field is reported at the object that should have held it.
func (d *doc) at(path string) *node {
	for {
		if n, ok := d.paths[path]; ok {
			return n
		}
		if path == "" {
			return nil
		}
		path = parentPath(path)
	}
}

func parentPath(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		switch path[i] {
		case '.':
			return path[:i]
		case '[':
			if i == 0 {
				return ""
			}
			return path[:i]
		}
	}
	return ""
}
