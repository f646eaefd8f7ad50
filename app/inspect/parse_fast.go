package inspect

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// fastTree builds the node tree of a document json.Valid has accepted,
// in one pass over its bytes: the token-by-token json.Decoder costs most
// of a parcel's scoring time in a stream of thousands. It gives up (false)
// where the slow reader has to say something: a document nested deeper
// than maxDepth; ParseParcelJSON then takes the slow path, which reports
// it with its path. Both build the same tree for the same document.
func fastTree(data []byte) (*node, bool) {
	p := fastParser{data: data}
	p.space()
	n, ok := p.value(0)
	return n, ok
}

type fastParser struct {
	data []byte
	i    int
	slab []node // nodes are cut from here, a few allocations a document
}

func (p *fastParser) node(kind byte) *node {
	if len(p.slab) == 0 {
		p.slab = make([]node, 64)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	n.kind = kind
	return n
}

func (p *fastParser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *fastParser) value(depth int) (*node, bool) {
	if depth > maxDepth || p.i >= len(p.data) {
		return nil, false
	}
	switch c := p.data[p.i]; {
	case c == '{':
		p.i++
		n := p.node('o')
		p.space()
		if p.data[p.i] == '}' {
			p.i++
			return n, true
		}
		for {
			p.space()
			key, ok := p.str()
			if !ok {
				return nil, false
			}
			p.space()
			p.i++ // ':'
			p.space()
			v, ok := p.value(depth + 1)
			if !ok {
				return nil, false
			}
			n.keys, n.vals = append(n.keys, key), append(n.vals, v)
			p.space()
			if p.data[p.i] == ',' {
				p.i++
				continue
			}
			p.i++ // '}'
			return n, true
		}
	case c == '[':
		p.i++
		n := p.node('a')
		p.space()
		if p.data[p.i] == ']' {
			p.i++
			return n, true
		}
		for {
			p.space()
			v, ok := p.value(depth + 1)
			if !ok {
				return nil, false
			}
			n.vals = append(n.vals, v)
			p.space()
			if p.data[p.i] == ',' {
				p.i++
				continue
			}
			p.i++ // ']'
			return n, true
		}
	case c == '"':
		s, ok := p.str()
		n := p.node('s')
		n.str = s
		return n, ok
	case c == 't':
		p.i += 4
		n := p.node('b')
		n.b = true
		return n, true
	case c == 'f':
		p.i += 5
		return p.node('b'), true
	case c == 'n':
		p.i += 4
		return p.node('z'), true
	default: // a number
		start := p.i
		for p.i < len(p.data) && strings.IndexByte("+-0123456789.eE", p.data[p.i]) >= 0 {
			p.i++
		}
		n := p.node('n')
		n.num = json.Number(p.data[start:p.i])
		return n, true
	}
}

// str reads a string at p.i, unescaping it (and replacing bad UTF-8, as
// encoding/json does) when it needs to.
func (p *fastParser) str() (string, bool) {
	if p.i >= len(p.data) || p.data[p.i] != '"' {
		return "", false
	}
	start := p.i
	p.i++
	escaped := false
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case '\\':
			escaped = true
			p.i += 2
			continue
		case '"':
			p.i++
			if raw := p.data[start+1 : p.i-1]; !escaped && utf8.Valid(raw) {
				return string(raw), true
			}
			var s string
			if err := json.Unmarshal(p.data[start:p.i], &s); err != nil {
				return "", false
			}
			return s, true
		}
		p.i++
	}
	return "", false
}
