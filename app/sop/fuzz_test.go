package sop

import (
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzLoad feeds arbitrary bytes to the loader as one of the pack's files.
// Load must never panic; it either returns a pack or problems that each
// point inside the file they name.
func FuzzLoad(f *testing.F) {
	good := goodFS(f)
	var names []string
	for n := range good {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		f.Add(uint8(i), good[n].Data)
	}
	f.Add(uint8(0), []byte("\xEF\xBB\xBF{\"version\": 1"))
	f.Add(uint8(3), []byte(`{"cards": [{"traits": {"state": [null]}}], "species": [{}]}`))
	f.Add(uint8(5), []byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		m := fstest.MapFS{}
		for n, file := range good {
			m[n] = file
		}
		name := names[int(which)%len(names)]
		m[name] = &fstest.MapFile{Data: data}
		p, err := Load(m)
		if err == nil {
			if p == nil || p.idx == nil {
				t.Fatal("nil pack without an error")
			}
			p.Search(string(data[:min(len(data), 40)]), "en", Filter{})
			return
		}
		ps, ok := AsProblems(err)
		if !ok || len(ps) == 0 {
			t.Fatalf("error is not a problem list: %v", err)
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, pr := range ps {
			if pr.Line < 1 || pr.Col < 1 {
				t.Fatalf("problem without a position: %v", pr)
			}
			if pr.File == name && pr.Line > lines {
				t.Fatalf("problem past the end of %s (%d lines): %v", name, lines, pr)
			}
		}
	})
}

// FuzzParseDoc checks the position index on arbitrary JSON: every path's
// node lies inside the input and resolves to itself.
func FuzzParseDoc(f *testing.F) {
	f.Add([]byte(`{"a": [1, {"b": "象"}], "c": null}`))
	f.Add([]byte(`{"a": 1,}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := parseDoc("f.json", data, nil)
		if err != nil {
			pe, ok := err.(*posError)
			if !ok {
				t.Fatalf("error %T: %v", err, err)
			}
			if pe.off < 0 || pe.off > len(data) {
				t.Fatalf("offset %d outside input of %d bytes", pe.off, len(data))
			}
			return
		}
		for path, n := range d.paths {
			if n.off < 0 || n.off >= len(data) {
				t.Fatalf("path %q at %d outside input", path, n.off)
			}
			if d.at(path) != n {
				t.Fatalf("at(%q) is not its node", path)
			}
		}
	})
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Ngà voi", "ĐỒI MỒI", "象牙", "Œufs", "ＸＹ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := fold(s)
		if fold(a) != a {
			t.Fatalf("fold not idempotent on %q: %q -> %q", s, a, fold(a))
		}
		for _, w := range words(a) {
			if w == "" {
				t.Fatal("empty word")
			}
		}
		if d := editDistance(a, s, 3); d < 0 || d > 3 {
			t.Fatalf("editDistance out of range: %d", d)
		}
	})
}
