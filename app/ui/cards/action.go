package cards

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"

	"tusk/app/export"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/data"
)

// addWord is the trainer's code word as one action: the word goes into
// the edited pack in dir and its audit entry into the store, or neither
// does. The pack is a folder of files and the audit trail a table, so the
// two cannot share a transaction: the pack is written first, and put back
// as it was when the audit entry cannot be written. The error says why.
func addWord(ctx context.Context, st Store, actor *store.User, dir string, w sop.NewCodeWord) (*sop.Pack, error) {
	if !actor.Can(store.CapEditPack) {
		return nil, store.ErrForbidden
	}
	before := snapshot(dir)
	p, err := sop.AddCodeWord(data.FS, dir, w)
	if err == nil {
		err = st.Audit(ctx, actor, "pack.codeword.add", "card:"+firstOf(w.Cards), w.Text)
	}
	if err != nil {
		if uerr := before.restore(); uerr != nil {
			err = errors.Join(err, uerr)
		}
		return nil, err
	}
	return p, nil
}

func firstOf(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[0]
}

// packState is what an edit of the pack folder may change: which entries
// the folder has (a first edit exports the whole default pack into it)
// and the code words file.
type packState struct {
	dir     string
	entries map[string]bool
	words   []byte // nil when there was no codewords.json
}

const wordsFile = "codewords.json"

func snapshot(dir string) packState {
	s := packState{dir: dir, entries: map[string]bool{}}
	if des, err := os.ReadDir(dir); err == nil {
		for _, de := range des {
			s.entries[de.Name()] = true
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, wordsFile)); err == nil {
		s.words = b
	}
	return s
}

// restore puts the folder back as snapshot found it: what the edit added
// goes, and the code words file gets its old bytes back.
func (s packState) restore() error {
	var errs []error
	if des, err := os.ReadDir(s.dir); err == nil {
		for _, de := range des {
			if !s.entries[de.Name()] {
				errs = append(errs, os.RemoveAll(filepath.Join(s.dir, de.Name())))
			}
		}
	}
	path := filepath.Join(s.dir, wordsFile)
	if s.words != nil {
		if now, err := os.ReadFile(path); err != nil || !bytes.Equal(now, s.words) {
			errs = append(errs, export.WriteFile(path, 0o644, func(w io.Writer) error {
				_, err := w.Write(s.words)
				return err
			}))
		}
	}
	return errors.Join(errs...)
}
