package sop

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWatchLive runs the real fsnotify watcher on a temp folder: an edit
// arrives within a second, a broken file gives a file:line error while
// the last good pack stays, a fix clears the error, and deleting and
// re-creating the folder is survived.
func TestWatchLive(t *testing.T) {
	def := goodFS(t)
	dir := t.TempDir()
	if err := Export(def, dir); err != nil {
		t.Fatal(err)
	}
	l, err := NewLive(def, dir)
	if err != nil {
		t.Fatal(err)
	}
	type update struct {
		p   *Pack
		err error
	}
	ch := make(chan update, 64)
	l.OnChange(func(p *Pack, err error) { ch <- update{p, err} })
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- l.Watch(ctx) }()
	defer func() {
		cancel()
		if err := <-stopped; err != nil {
			t.Errorf("Watch returned %v", err)
		}
	}()

	title := func(p *Pack) string { return p.CardByID["rhino-horn"].Title["en"] }
	// wait returns the first update that satisfies ok, failing after d.
	wait := func(what string, d time.Duration, ok func(update) bool) update {
		t.Helper()
		deadline := time.After(d)
		for {
			select {
			case u := <-ch:
				if ok(u) {
					return u
				}
			case <-deadline:
				t.Fatalf("%s: nothing within %v (current %q, last error %v)", what, d, title(l.Current()), l.LastError())
			}
		}
	}
	wait("initial load", 2*time.Second, func(u update) bool { return u.err == nil && u.p.Dir == dir })

	path := filepath.Join(dir, "cards", "rhino.json")
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(orig, []byte(`"en": "Rhino horn"`), []byte(`"en": "Rhino horn, edited"`), 1)
	start := time.Now()
	if err := os.WriteFile(path, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	wait("edited title", time.Second, func(u update) bool { return u.err == nil && title(u.p) == "Rhino horn, edited" })
	t.Logf("edit delivered after %v", time.Since(start).Round(time.Millisecond))

	// Broken JSON: an error naming the file and line; the pack stays.
	broken := bytes.Replace(edited, []byte(`"group": "mammal",`), []byte(`"group": "mammal"`), 1)
	if err := os.WriteFile(path, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	u := wait("error for broken JSON", 2*time.Second, func(u update) bool { return u.err != nil })
	// The missing comma is reported where the next member starts.
	wantLine := fmt.Sprintf("cards/rhino.json:%d:", lineOf(broken, `"names"`))
	if !strings.Contains(u.err.Error(), wantLine) {
		t.Errorf("error %q does not name %s", u.err, wantLine)
	}
	if u.p == nil || title(u.p) != "Rhino horn, edited" || title(l.Current()) != "Rhino horn, edited" {
		t.Errorf("last good pack not kept after a bad reload")
	}
	if l.LastError() == nil {
		t.Error("LastError is nil after a bad reload")
	}

	// A half-written file is just another error.
	if err := os.WriteFile(path, edited[:len(edited)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	wait("error for a half-written file", 2*time.Second, func(u update) bool {
		return u.err != nil && strings.Contains(u.err.Error(), "unexpected end of file")
	})

	// Fixed: the error clears.
	if err := os.WriteFile(path, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	wait("fixed pack", 2*time.Second, func(u update) bool { return u.err == nil && title(u.p) == "Rhino horn" })
	if l.LastError() != nil {
		t.Errorf("LastError after the fix: %v", l.LastError())
	}

	// The folder goes away: the default pack applies.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	wait("default pack after the folder is deleted", 2*time.Second, func(u update) bool { return u.err == nil && u.p.Dir == "" })

	// It comes back (as `tusk pack export` would make it): the watch resumes.
	if err := Export(def, dir); err != nil {
		t.Fatal(err)
	}
	wait("override pack after the folder is re-created", 3*time.Second, func(u update) bool { return u.err == nil && u.p.Dir == dir })
	if err := os.WriteFile(path, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	wait("edit in the re-created folder", 2*time.Second, func(u update) bool { return u.err == nil && title(u.p) == "Rhino horn, edited" })
}

// lineOf is the 1-based line of the first marker in src.
func lineOf(src []byte, marker string) int {
	return 1 + bytes.Count(src[:bytes.Index(src, []byte(marker))], []byte("\n"))
}

func TestWatchStopsAndRejectsBadDir(t *testing.T) {
	def := goodFS(t)
	// A file where the folder should be: Watch cannot start.
	f := filepath.Join(t.TempDir(), "pack")
	if err := os.WriteFile(f, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Watch(context.Background(), f, def, func(*Pack, error) {}); err == nil {
		t.Error("Watch on a file did not fail")
	}
	// An empty folder: the default pack, and Watch returns once cancelled.
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan *Pack, 4)
	done := make(chan error)
	go func() { done <- Watch(ctx, dir, def, func(p *Pack, err error) { got <- p }) }()
	select {
	case p := <-got:
		if p == nil || p.Dir != "" {
			t.Errorf("empty override: %+v", p)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no initial load")
	}
	if _, err := os.Stat(filepath.Join(dir, "cards")); err != nil {
		t.Errorf("cards/ not created: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Watch = %v after cancel", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Watch did not stop")
	}
}
