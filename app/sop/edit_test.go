package sop_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"tusk/app/sop"
	"tusk/data"
)

func meaning(s string) sop.Text {
	return sop.Text{"en": s, "zh": s + "（中）", "vi": s + " (vi)", "sw": s + " (sw)", "fr": s + " (fr)"}
}

func TestAddCodeWord(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pack")
	p, err := sop.AddCodeWord(data.FS, dir, sop.NewCodeWord{Text: "白玉料", Lang: "zh", Cards: []string{"ivory-carving"},
		Meaning: meaning("Code word for ivory carvings"), AddedBy: "Nguyen Thi Lan 2026-11-23"})
	if err != nil {
		t.Fatal(err)
	}
	hits := p.Search("白玉料", "en", sop.Filter{})
	if len(hits) == 0 || hits[0].Card != "ivory-carving" {
		t.Fatalf("new word does not find its card: %v", hits)
	}
	// A trainer's word with no strength given is weak: no published
	// source vouches for it, so it counts only beside another sign.
	for _, w := range p.CodeWords {
		if w.Text == "白玉料" && w.Strength != sop.StrengthWeak {
			t.Errorf("added word strength = %q, want weak", w.Strength)
		}
	}
	// Again: refused, the file is unchanged.
	before, _ := os.ReadFile(filepath.Join(dir, "codewords.json"))
	if _, err := sop.AddCodeWord(data.FS, dir, sop.NewCodeWord{Text: "白玉料", Cards: []string{"ivory-carving"},
		Meaning: meaning("x"), AddedBy: "x"}); !errors.Is(err, sop.ErrWordExists) {
		t.Errorf("duplicate: %v", err)
	}
	// A word whose meaning lacks a language would make the pack invalid:
	// refused, and the file is put back.
	bad := meaning("y")
	delete(bad, "sw")
	if _, err := sop.AddCodeWord(data.FS, dir, sop.NewCodeWord{Text: "bluewater", Cards: []string{"rhino-horn"}, Meaning: bad, AddedBy: "x"}); err == nil {
		t.Error("invalid word accepted")
	}
	after, _ := os.ReadFile(filepath.Join(dir, "codewords.json"))
	if string(before) != string(after) {
		t.Error("a refused word changed codewords.json")
	}
	for _, w := range []sop.NewCodeWord{{Text: " ", Cards: []string{"rhino-horn"}}, {Text: "x"}} {
		if _, err := sop.AddCodeWord(data.FS, dir, w); err == nil {
			t.Errorf("%+v accepted", w)
		}
	}
}
