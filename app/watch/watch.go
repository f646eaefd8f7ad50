// Package watch is Tusk's one fsnotify loop: it watches folders, lets the
// events for a key (a file, or the whole folder) settle for a debounce
// interval, since an editor's save or a camera's file arrives in several
// writes, and then hands the key to the caller. Everything the caller
// gives it runs on the loop's one goroutine, so the caller's own state
// needs no lock; Stop ends that goroutine and waits for it.
//
// The content pack's live reload (sop), the bundle inbox (exchange) and
// the counter's capture folder all run on it.
package watch

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Event is an fsnotify event.
type Event = fsnotify.Event

// Ops of an Event.
const (
	Create = fsnotify.Create
	Write  = fsnotify.Write
	Remove = fsnotify.Remove
	Rename = fsnotify.Rename
	Chmod  = fsnotify.Chmod
)

// DefaultDebounce is the debounce when Config.Debounce is zero.
const DefaultDebounce = 300 * time.Millisecond

// Config says what a Loop does. Every function runs on the loop's
// goroutine, one at a time; any may be nil.
type Config struct {
	// Debounce is how long a key must be quiet before Settled gets it.
	Debounce time.Duration
	// Started runs first, before any event: an initial load or scan.
	Started func(l *Loop)
	// Key maps an event to the key whose debounce it restarts; ok false
	// ignores the event. Without Key every event counts for the key "".
	Key func(l *Loop, ev Event) (key string, ok bool)
	// Settled gets a key once it has been quiet for Debounce, or when an
	// Arm for it fell due.
	Settled func(l *Loop, key string)
	// Tick runs every Every: a rescan, or looking for a deleted folder
	// coming back (fsnotify cannot watch a folder that does not exist).
	Every time.Duration
	Tick  func(l *Loop)
	// Lost runs when fsnotify reports an error, such as a queue overflow
	// that lost events: look at the folders again.
	Lost func(l *Loop)
}

// Loop is one running watch.
type Loop struct {
	cfg       Config
	fw        *fsnotify.Watcher
	deadlines map[string]time.Time // keys waiting to settle
	timer     *time.Timer
	left      int // keys still to settle after the one being settled
	stop      context.CancelFunc
	done      chan struct{}
	stopOnce  sync.Once
}

// ErrStopped is returned by Add after the loop ended.
var ErrStopped = errors.New("watch: stopped")

// Start watches dirs and runs the loop on its own goroutine until ctx is
// done or Stop is called. It fails when a folder cannot be watched.
func Start(ctx context.Context, cfg Config, dirs ...string) (*Loop, error) {
	if cfg.Debounce <= 0 {
		cfg.Debounce = DefaultDebounce
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		if err := fw.Add(d); err != nil {
			_ = fw.Close()
			return nil, err
		}
	}
	ctx, stop := context.WithCancel(ctx)
	l := &Loop{cfg: cfg, fw: fw, deadlines: map[string]time.Time{}, timer: time.NewTimer(time.Hour),
		stop: stop, done: make(chan struct{})}
	l.timer.Stop()
	go l.run(ctx)
	return l, nil
}

// Stop ends the loop and waits until its goroutine, and any function of
// Config it was running, has returned. It may be called more than once,
// but not from inside one of those functions.
func (l *Loop) Stop() {
	l.stopOnce.Do(l.stop)
	<-l.done
}

// Done is closed once the loop has ended.
func (l *Loop) Done() <-chan struct{} { return l.done }

// Add watches one more folder. It is safe from any goroutine.
func (l *Loop) Add(dir string) error {
	select {
	case <-l.done:
		return ErrStopped
	default:
	}
	return l.fw.Add(dir)
}

// Remove stops watching a folder (the kernel drops the watch on a deleted
// folder by itself; Remove keeps fsnotify's books right).
func (l *Loop) Remove(dir string) { _ = l.fw.Remove(dir) }

// Arm makes key settle after the given time from now, replacing its
// earlier deadline: a retry, or a debounce of its own. Call it only from
// the functions of Config.
func (l *Loop) Arm(key string, after time.Duration) {
	l.deadlines[key] = time.Now().Add(after)
	l.left = 0
	l.resetTimer()
}

// Pending reports whether key waits to settle. Call it only from the
// functions of Config.
func (l *Loop) Pending(key string) bool {
	_, ok := l.deadlines[key]
	return ok
}

// More reports whether other keys settle right after the one Settled
// has now, so that work can be done once for the batch. Call it only
// from Settled.
func (l *Loop) More() bool { return l.left > 0 }

func (l *Loop) resetTimer() {
	if len(l.deadlines) == 0 {
		l.timer.Stop()
		return
	}
	var first time.Time
	for _, t := range l.deadlines {
		if first.IsZero() || t.Before(first) {
			first = t
		}
	}
	l.timer.Reset(max(time.Until(first), 0))
}

func (l *Loop) run(ctx context.Context) {
	defer close(l.done)
	defer func() { _ = l.fw.Close() }() // waits for fsnotify's own reader goroutine
	defer l.timer.Stop()
	var tick <-chan time.Time
	if l.cfg.Tick != nil && l.cfg.Every > 0 {
		t := time.NewTicker(l.cfg.Every)
		defer t.Stop()
		tick = t.C
	}
	if l.cfg.Started != nil {
		l.cfg.Started(l)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-l.fw.Events:
			if !ok {
				return
			}
			key, count := "", true
			if l.cfg.Key != nil {
				key, count = l.cfg.Key(l, ev)
			}
			if count {
				l.Arm(key, l.cfg.Debounce)
			}
		case _, ok := <-l.fw.Errors:
			if !ok {
				return
			}
			if l.cfg.Lost != nil {
				l.cfg.Lost(l)
			}
		case <-tick:
			l.cfg.Tick(l)
		case <-l.timer.C:
			l.settle(ctx)
		}
	}
}

// settle hands over the keys whose time has come, the earliest first.
func (l *Loop) settle(ctx context.Context) {
	now := time.Now()
	var due []string
	for k, t := range l.deadlines {
		if !t.After(now) {
			due = append(due, k)
		}
	}
	sort.Slice(due, func(i, j int) bool {
		a, b := l.deadlines[due[i]], l.deadlines[due[j]]
		return a.Before(b) || a.Equal(b) && due[i] < due[j]
	})
	for _, k := range due {
		delete(l.deadlines, k)
	}
	for i, k := range due {
		if ctx.Err() != nil {
			return
		}
		l.left = len(due) - i - 1
		if l.cfg.Settled != nil {
			l.cfg.Settled(l, k)
		}
	}
	l.left = 0
	l.resetTimer()
}
