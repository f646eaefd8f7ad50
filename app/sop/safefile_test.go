//go:build unix

package sop

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// loadDir loads a pack folder as tusk pack check does, failing the test
// if it does not come back (a FIFO opened for reading waits for a writer).
func loadDir(t *testing.T, dir string) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := Load(os.DirFS(dir))
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("Load hangs")
		return nil
	}
}

// TestPackRefusesLinksOutAndSpecialFiles: a link leaving the pack folder
// (absolute, relative, or a linked folder) and a FIFO are refused with a
// problem naming the file, before anything is read from them; links that
// stay inside the pack are followed.
func TestPackRefusesLinksOutAndSpecialFiles(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.json")
	if err := os.WriteFile(secret, []byte(`{"not":"a pack file"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		change func(t *testing.T, dir string)
		want   string // in the problems; "" for a good pack
	}{
		{"absolute link out", func(t *testing.T, dir string) {
			replaceWithLink(t, filepath.Join(dir, "rules.json"), secret)
		}, "rules.json:1:1: is a link to " + secret + ", outside the pack folder"},
		{"relative link out", func(t *testing.T, dir string) {
			rel, _ := filepath.Rel(dir, secret)
			replaceWithLink(t, filepath.Join(dir, "routes.json"), rel)
		}, "routes.json:1:1: is a link to ../"},
		{"linked folder out", func(t *testing.T, dir string) {
			cards := filepath.Join(outside, "cards")
			if err := os.Rename(filepath.Join(dir, "cards"), cards); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(cards, filepath.Join(dir, "cards")); err != nil {
				t.Fatal(err)
			}
		}, "outside the pack folder"},
		{"fifo", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "countries.json")
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o600); err != nil {
				t.Skip("no FIFOs here:", err)
			}
		}, "countries.json:1:1: is a named pipe (FIFO), not a file"},
		{"link to a fifo", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "fifo")
			if err := syscall.Mkfifo(p, 0o600); err != nil {
				t.Skip("no FIFOs here:", err)
			}
			replaceWithLink(t, filepath.Join(dir, "forms.json"), "fifo")
		}, "forms.json:1:1: is a named pipe (FIFO)"},
		{"link loop", func(t *testing.T, dir string) {
			replaceWithLink(t, filepath.Join(dir, "wizard.json"), "wizard.json")
		}, "wizard.json:1:1: is a link that leads round in a loop"},
		{"link inside the pack", func(t *testing.T, dir string) {
			sub := filepath.Join(dir, "sub")
			os.Mkdir(sub, 0o700)
			if err := os.Rename(filepath.Join(dir, "forms.json"), filepath.Join(sub, "forms.json")); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("sub/../sub/forms.json", filepath.Join(dir, "forms.json")); err != nil {
				t.Fatal(err)
			}
		}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := Export(goodFS(t), dir); err != nil {
				t.Fatal(err)
			}
			c.change(t, dir)
			err := loadDir(t, dir)
			if c.want == "" {
				if err != nil {
					t.Fatalf("a link inside the pack is refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("problems %v, want %q", err, c.want)
			}
			if strings.Contains(err.Error(), "not\":\"a pack") || strings.Contains(err.Error(), "unknown field") {
				t.Errorf("the outside file was read: %v", err)
			}
		})
	}
}

func replaceWithLink(t *testing.T, file, target string) {
	t.Helper()
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, file); err != nil {
		t.Fatal(err)
	}
}
