package ui

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// idleTimer fires once after a period without user activity.
type idleTimer struct {
	mu     sync.Mutex
	period time.Duration
	timer  *time.Timer
	fire   func()
}

func newIdleTimer(fire func()) *idleTimer { return &idleTimer{fire: fire} }

func (t *idleTimer) start(period time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.period = period
	if t.timer != nil {
		t.timer.Stop()
	}
	t.timer = time.AfterFunc(period, t.fire)
}

// touch restarts the countdown; called on every key and tap.
func (t *idleTimer) touch() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.timer != nil {
		t.timer.Reset(t.period)
	}
}

func (t *idleTimer) stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.timer != nil {
		t.timer.Stop()
		t.timer = nil
	}
}

// watchActivity resets the idle countdown on any key press in the window.
// Taps are counted through act(). A key that no widget has the focus for
// goes to the open dialog, if any: Esc closes a file dialog too.
func (u *UI) watchActivity() {
	if dc, ok := u.win.Canvas().(desktop.Canvas); ok {
		dc.SetOnKeyDown(func(*fyne.KeyEvent) { u.idle.touch() })
	}
	u.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { u.dialogs.TypedKey(ev) })
}

// act wraps a tap handler so that it also counts as activity.
func (u *UI) act(fn func()) func() {
	return func() {
		u.idle.touch()
		fn()
	}
}
