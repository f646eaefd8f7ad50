package sop

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a pack, at a place in one of its files.
// File is slash-separated and relative to the pack folder; Line and Col
// are 1-based, Col counted in characters. A problem with a whole file
// (missing, unreadable) is at 1:1.
type Problem struct {
	File string
	Line int
	Col  int
	Msg  string
}

// String is the contract shown to trainers and editors: file:line:column: message.
func (p Problem) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg)
}

// Problems is every problem found in a pack, in file then position order.
// It is the error Load returns for an invalid pack.
type Problems []Problem

// Error prints one problem per line.
func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// AsProblems returns the problems carried by err, if it is (or wraps) a
// Problems error.
func AsProblems(err error) (Problems, bool) {
	var ps Problems
	if errors.As(err, &ps) {
		return ps, true
	}
	return nil, false
}

func (l *loader) problemFile(file, msg string) {
	l.probs = append(l.probs, Problem{File: file, Line: 1, Col: 1, Msg: msg})
	l.offs = append(l.offs, -1)
}

func (l *loader) problemOff(d *doc, off int, msg string) {
	if d == nil {
		return
	}
	line, col := d.lineCol(off)
	l.probs = append(l.probs, Problem{File: d.file, Line: line, Col: col, Msg: msg})
	l.offs = append(l.offs, off)
}

// problemAt reports msg at the value at path in file, or at the nearest
// enclosing value when the path does not exist (a missing field).
func (l *loader) problemAt(file, path, msg string) {
	d := l.docs[file]
	if d == nil {
		l.problemFile(file, msg)
		return
	}
	n := d.at(path)
	if n == nil {
		l.problemFile(file, msg)
		return
	}
	l.problemOff(d, n.off, msg)
}

// problemKey reports msg at the key of the member at path (an unknown
// field or language), falling back to its value.
func (l *loader) problemKey(file, path, msg string) {
	d := l.docs[file]
	if d != nil {
		if n, ok := d.paths[path]; ok && n.keyOff >= 0 {
			l.problemOff(d, n.keyOff, msg)
			return
		}
	}
	l.problemAt(file, path, msg)
}

// problems sorts and returns the list. The sort is stable so two problems
// at one place keep the order the checks found them in.
func (l *loader) problems() Problems {
	idx := make([]int, len(l.probs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		pa, pb := l.probs[idx[a]], l.probs[idx[b]]
		if pa.File != pb.File {
			return pa.File < pb.File
		}
		return l.offs[idx[a]] < l.offs[idx[b]]
	})
	out := make(Problems, len(idx))
	for i, j := range idx {
		out[i] = l.probs[j]
	}
	return out
}

// errOffset digs the byte offset out of an encoding/json error.
func errOffset(err error) int {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return int(te.Offset)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return int(se.Offset)
	}
	return 0
}

func quote(s string) string { return strconv.Quote(s) }
