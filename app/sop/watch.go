package sop

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"tusk/app/watch"
)

// Debounce is how long Watch waits after the last change before it
// reloads: an editor's save is often several writes and a rename.
const Debounce = 200 * time.Millisecond

// repollEvery is how often Watch looks for a deleted override folder
// coming back; fsnotify cannot watch a folder that does not exist.
const repollEvery = time.Second

// Watch reloads the pack whenever a JSON file in overrideDir or its cards/
// folder changes, and hands each result to onChange: (pack, nil) after a
// good load, (nil, err) when the pack is invalid, e.g. while a file is
// half-written. It calls onChange once at the start with the pack as it
// is, so the caller knows the watch is live. It creates overrideDir/cards
// if needed. If the folder is deleted, the default pack is delivered, and
// the watch comes back by itself when the folder is re-created.
//
// onChange runs on Watch's goroutine; a GUI must hand the result to its
// UI thread. Watch blocks until ctx is done and then returns nil; it
// returns an error only when it cannot start watching.
func Watch(ctx context.Context, overrideDir string, defaultFS fs.FS, onChange func(p *Pack, err error)) error {
	dir := filepath.Clean(overrideDir)
	cards := filepath.Join(dir, "cards")
	if err := os.MkdirAll(cards, 0o755); err != nil {
		return err
	}
	watched := map[string]bool{dir: true}
	addWatches := func(l *watch.Loop) bool {
		added := false
		for _, d := range []string{dir, cards} {
			if watched[d] {
				continue
			}
			if st, err := os.Stat(d); err != nil || !st.IsDir() {
				continue
			}
			if err := l.Add(d); err == nil {
				watched[d] = true
				added = true
			}
		}
		return added
	}
	// One key: any change reloads the whole pack.
	const reload = ""
	l, err := watch.Start(ctx, watch.Config{
		Debounce: Debounce,
		Started: func(l *watch.Loop) {
			addWatches(l)
			p, err := LoadWithOverride(defaultFS, dir)
			onChange(p, err)
		},
		Key: func(l *watch.Loop, ev watch.Event) (string, bool) {
			name := filepath.Clean(ev.Name)
			switch {
			case (name == dir || name == cards) && ev.Has(watch.Remove|watch.Rename):
				// The kernel drops a watch on a deleted folder.
				l.Remove(name)
				watched[name] = false
				return reload, true
			case name == cards && ev.Has(watch.Create):
				addWatches(l)
				return reload, true
			}
			return reload, strings.EqualFold(filepath.Ext(name), ".json")
		},
		Settled: func(*watch.Loop, string) {
			p, err := LoadWithOverride(defaultFS, dir)
			onChange(p, err)
		},
		// Lost events (a queue overflow): reload to be sure.
		Lost:  func(l *watch.Loop) { l.Arm(reload, Debounce) },
		Every: repollEvery,
		Tick: func(l *watch.Loop) {
			if (!watched[dir] || !watched[cards]) && addWatches(l) {
				l.Arm(reload, Debounce)
			}
		},
	}, dir)
	if err != nil {
		return &os.PathError{Op: "watch", Path: dir, Err: err}
	}
	select {
	case <-ctx.Done():
	case <-l.Done():
	}
	l.Stop()
	return nil
}

// Live holds the pack the app shows and the last reload error. It keeps
// the last good pack when a reload fails, so a trainer's typo never takes
// the cards away from the counter. It is safe for concurrent use.
type Live struct {
	defaultFS fs.FS
	dir       string

	mu   sync.RWMutex
	cur  *Pack
	err  error
	subs []func(p *Pack, err error)
}

// NewLive loads the effective pack: the override in overrideDir if it has
// one, else the default. When the override is invalid it starts from the
// default pack and keeps the override's problems as LastError. It fails
// only when the default pack itself is invalid.
func NewLive(defaultFS fs.FS, overrideDir string) (*Live, error) {
	l := &Live{defaultFS: defaultFS, dir: overrideDir}
	p, err := LoadWithOverride(defaultFS, overrideDir)
	if err != nil && HasOverride(overrideDir) {
		l.err = err
		p, err = Load(defaultFS)
	}
	if err != nil {
		return nil, err
	}
	l.cur = p
	return l, nil
}

// Current is the last good pack.
func (l *Live) Current() *Pack {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.cur
}

// LastError is the error of the last load, nil when it was good. It is a
// Problems error when the pack was invalid.
func (l *Live) LastError() error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.err
}

// Update takes a reload's result (it is Watch's onChange): a new pack
// replaces the current one and clears the error; a failed load only
// records its error. Subscribers then get the current pack and error.
func (l *Live) Update(p *Pack, err error) {
	l.mu.Lock()
	if p != nil {
		l.cur, l.err = p, nil
	} else {
		l.err = err
	}
	cur, e := l.cur, l.err
	subs := slices.Clone(l.subs)
	l.mu.Unlock()
	for _, fn := range subs {
		fn(cur, e)
	}
}

// OnChange registers fn to run after every Update with the current pack
// and the last error. It runs on the watcher's goroutine.
func (l *Live) OnChange(fn func(p *Pack, err error)) {
	l.mu.Lock()
	l.subs = append(l.subs, fn)
	l.mu.Unlock()
}

// Watch watches the override folder and feeds Update until ctx is done.
func (l *Live) Watch(ctx context.Context) error {
	return Watch(ctx, l.dir, l.defaultFS, l.Update)
}
