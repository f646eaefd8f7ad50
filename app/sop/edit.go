package sop

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"tusk/app/atomicfile"
)

// NewCodeWord is a code word a trainer adds from the app.
type NewCodeWord struct {
	Text string
	Lang string // BCP 47 language of the word; "und" when unknown
	// Strength is StrengthStrong or StrengthWeak; empty is weak: a word
	// no published source vouches for counts only beside another sign.
	Strength string
	Cards    []string
	Meaning  Text   // in every pack language
	AddedBy  string // who vouches for it, since it has no published source
}

// Errors of AddCodeWord that a form shows at its fields.
var (
	ErrWordEmpty  = errors.New("sop.err.word_empty")
	ErrWordCards  = errors.New("sop.err.word_cards")
	ErrWordExists = errors.New("sop.err.word_exists")
)

// AddCodeWord appends a code word to <dir>/codewords.json, first exporting
// the default pack to dir when there is no override yet. The new pack is
// loaded and validated before AddCodeWord returns it; when it would be
// invalid the file is put back as it was, so a running app never sees a
// broken pack.
func AddCodeWord(defaultFS fs.FS, dir string, w NewCodeWord) (*Pack, error) {
	w.Text = strings.TrimSpace(w.Text)
	if w.Text == "" {
		return nil, ErrWordEmpty
	}
	if len(w.Cards) == 0 {
		return nil, ErrWordCards
	}
	if !HasOverride(dir) {
		if err := Export(defaultFS, dir); err != nil {
			return nil, err
		}
	}
	current, err := LoadWithOverride(defaultFS, dir)
	if err != nil {
		return nil, err
	}
	for _, cw := range current.CodeWords {
		if fold(cw.Text) == fold(w.Text) && sameStrings(cw.Cards, w.Cards) {
			return nil, ErrWordExists
		}
	}
	path := filepath.Join(dir, "codewords.json")
	old, readErr := os.ReadFile(path)
	var file CodeWordFile
	if readErr == nil {
		if err := json.Unmarshal(old, &file); err != nil {
			return nil, fmt.Errorf("codewords.json: %w", err)
		}
	}
	script := "Latn"
	if hasHan(w.Text) {
		script = "Hans"
	}
	if w.Lang == "" {
		w.Lang = "und"
	}
	if w.Strength == "" {
		w.Strength = StrengthWeak
	}
	id := uniqueID(current, "cw-added-"+slug(w.Text))
	file.CodeWords = append(file.CodeWords, CodeWord{ID: id, Text: w.Text, Script: script, Lang: w.Lang, Strength: w.Strength,
		Meaning: w.Meaning, Cards: w.Cards, AddedBy: w.AddedBy})
	data, err := json.MarshalIndent(file, "", "  ")
	if err != nil {
		return nil, err
	}
	// Through a synced temporary file, so the watcher never reads half a file.
	if err := atomicfile.WriteFile(path, append(data, '\n')); err != nil {
		return nil, err
	}
	p, err := LoadWithOverride(defaultFS, dir)
	if err != nil {
		// Put the file back: the app keeps running on the pack it had.
		var undo error
		if readErr == nil {
			undo = atomicfile.WriteFile(path, old)
		} else {
			undo = os.Remove(path)
		}
		if undo != nil {
			err = errors.Join(err, fmt.Errorf("putting %s back: %w", path, undo))
		}
		return nil, err
	}
	return p, nil
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// slug keeps an ID readable for Latin words and stable for others.
func slug(s string) string {
	var b strings.Builder
	for _, r := range fold(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-':
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		out = fmt.Sprintf("%x", []byte(s))
		if len(out) > 16 {
			out = out[:16]
		}
	}
	return out
}

func uniqueID(p *Pack, base string) string {
	id := base
	for n := 2; p.CodeWordByID[id] != nil; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	return id
}
