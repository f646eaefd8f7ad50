package watch

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// recorder collects what a loop settles.
type recorder struct {
	mu   sync.Mutex
	keys []string
	got  chan string
}

func newRecorder() *recorder { return &recorder{got: make(chan string, 64)} }

func (r *recorder) settled(_ *Loop, key string) {
	r.mu.Lock()
	r.keys = append(r.keys, key)
	r.mu.Unlock()
	r.got <- key
}

// next waits for the next settled key; the bound only stops a hang.
func (r *recorder) next(t *testing.T) string {
	t.Helper()
	select {
	case k := <-r.got:
		return k
	case <-time.After(10 * time.Second):
		t.Fatal("nothing settled")
		return ""
	}
}

// quiet asserts nothing more settles for d.
func (r *recorder) quiet(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case k := <-r.got:
		t.Errorf("settled %q again", k)
	case <-time.After(d):
	}
}

func TestDebounce(t *testing.T) {
	defer goleak.VerifyNone(t)
	tests := []struct {
		name   string
		key    func(*Loop, Event) (string, bool)
		writes []string // file names written one after the other
		want   []string // keys settled, in order
	}{
		{name: "a burst of writes settles once", writes: []string{"a", "a", "a", "b", "a"}, want: []string{""}},
		{name: "one key per file", key: func(_ *Loop, ev Event) (string, bool) { return filepath.Base(ev.Name), true },
			writes: []string{"a", "b", "a", "b"}, want: []string{"a", "b"}},
		{name: "ignored events", key: func(_ *Loop, ev Event) (string, bool) {
			return filepath.Base(ev.Name), filepath.Ext(ev.Name) == ".json"
		}, writes: []string{"x.tmp", "p.json", "y.tmp"}, want: []string{"p.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			r := newRecorder()
			l, err := Start(context.Background(), Config{Debounce: 150 * time.Millisecond, Key: tt.key, Settled: r.settled}, dir)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Stop()
			for _, n := range tt.writes {
				if err := os.WriteFile(filepath.Join(dir, n), []byte(n), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			got := map[string]bool{}
			for range tt.want {
				got[r.next(t)] = true
			}
			r.quiet(t, 400*time.Millisecond)
			for _, k := range tt.want {
				if !got[k] {
					t.Errorf("%q not settled (got %v)", k, got)
				}
			}
		})
	}
}

// Settled waits for the quiet spell: writes closer together than the
// debounce never settle in between.
func TestDebounceWaitsForQuiet(t *testing.T) {
	defer goleak.VerifyNone(t)
	dir := t.TempDir()
	r := newRecorder()
	const debounce = 300 * time.Millisecond
	l, err := Start(context.Background(), Config{Debounce: debounce, Settled: r.settled}, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Stop()
	start := time.Now()
	var lastWrite time.Time
	for i := range 5 {
		if i > 0 {
			time.Sleep(debounce / 3)
		}
		os.WriteFile(filepath.Join(dir, "f"), []byte{byte(i)}, 0o600)
		lastWrite = time.Now()
	}
	r.next(t)
	if since := time.Since(lastWrite); since < debounce-20*time.Millisecond {
		t.Errorf("settled %v after the last write, before the %v debounce (%v after the first)", since, debounce, time.Since(start))
	}
}

func TestStartedTickArmAndLost(t *testing.T) {
	defer goleak.VerifyNone(t)
	dir := t.TempDir()
	r := newRecorder()
	ticks := 0
	l, err := Start(context.Background(), Config{
		Started: func(l *Loop) { l.Arm("start", 0) },
		Settled: func(l *Loop, key string) {
			r.settled(l, key)
			if key == "start" {
				l.Arm("retry", 50*time.Millisecond) // a retry of its own
			}
		},
		Every: 20 * time.Millisecond,
		Tick: func(l *Loop) {
			if ticks++; ticks == 3 && !l.Pending("tick") {
				l.Arm("tick", 0)
			}
		},
	}, dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for range 3 {
		got[r.next(t)] = true
	}
	l.Stop()
	l.Stop() // twice is fine
	for _, k := range []string{"start", "retry", "tick"} {
		if !got[k] {
			t.Errorf("%q not settled: %v", k, got)
		}
	}
	if err := l.Add(dir); err != ErrStopped {
		t.Errorf("Add after Stop: %v", err)
	}
}

func TestStartFailsOnMissingFolder(t *testing.T) {
	defer goleak.VerifyNone(t)
	if _, err := Start(context.Background(), Config{}, filepath.Join(t.TempDir(), "absent")); err == nil {
		t.Fatal("watching a missing folder started")
	}
}

// Stop, or the context ending, ends the loop's goroutine and fsnotify's:
// no goroutine is left behind, even with a key waiting to settle and a
// Settled that is still running.
func TestStopLeavesNoGoroutine(t *testing.T) {
	defer goleak.VerifyNone(t)
	dir := t.TempDir()
	inSettled := make(chan struct{})
	release := make(chan struct{})
	l, err := Start(context.Background(), Config{
		Debounce: 10 * time.Millisecond,
		Settled: func(l *Loop, key string) {
			close(inSettled)
			<-release
			l.Arm("later", time.Hour) // still waiting when Stop comes
		},
	}, dir)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "f"), nil, 0o600)
	<-inSettled
	stopped := make(chan struct{})
	go func() { l.Stop(); close(stopped) }()
	select {
	case <-stopped:
		t.Fatal("Stop returned while Settled was still running")
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	<-stopped

	ctx, cancel := context.WithCancel(context.Background())
	l, err = Start(ctx, Config{}, dir)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case <-l.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the loop outlived its context")
	}
}
