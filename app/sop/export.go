package sop

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrOverrideExists is returned by Export when the target already holds a
// pack: exporting again would overwrite a trainer's edits.
var ErrOverrideExists = errors.New("folder already holds a pack (manifest.json)")

// Export writes every JSON file of the pack in fsys (the embedded default)
// to dir, keeping the cards/ folder, so a trainer can start editing a
// copy. It refuses a dir that already has a manifest.json.
func Export(fsys fs.FS, dir string) error {
	if HasOverride(dir) {
		return ErrOverrideExists
	}
	if err := os.MkdirAll(filepath.Join(dir, "cards"), 0o755); err != nil {
		return err
	}
	var files []string
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(name, ".json") {
			files = append(files, name)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The manifest goes last: until it is there the folder is not a pack,
	// so a watcher never loads a half-exported one.
	for pass := 0; pass < 2; pass++ {
		for _, name := range files {
			if (name == "manifest.json") != (pass == 1) {
				continue
			}
			b, err := fs.ReadFile(fsys, name)
			if err != nil {
				return err
			}
			dst := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(dst, b, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}
