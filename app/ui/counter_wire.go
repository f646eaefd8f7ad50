package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"tusk/app/store"
	"tusk/app/ui/counter"
)

// buildInspect shows the Inspect screen, made once and rebuilt on each
// visit for the signed-in user.
func (u *UI) buildInspect() fyne.CanvasObject {
	if u.inspect == nil {
		u.inspect = counter.New(counter.Deps{
			Store:     u.deps.Store,
			Win:       u.win,
			User:      func() *store.User { return u.user },
			Depot:     func() *store.Depot { return u.depot },
			Pack:      u.pack,
			Connector: u.deps.Connector,
			Now:       u.deps.Now,
			Activity:  u.idle.touch,
			Shown:     func() bool { return u.shell != nil && u.shell.current == navInspect && u.user != nil },
			AltKey: func(k fyne.KeyName) bool {
				return u.runShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierAlt})
			},
			Shortcut: u.runShortcut,
			// While the screen is built it is not on the canvas yet: the
			// shell gives the focus once it is.
			FocusLater: func(f fyne.Focusable) { u.pendingFocus = f },
		})
	}
	return u.inspect.Build()
}

// leaveScreens stops what the screens run in the background (the Inspect
// screen's watch on the capture folder) when they are left.
func (u *UI) leaveScreens() {
	if u.inspect != nil {
		u.inspect.Leave()
	}
}

// Close stops the screens' background work; main calls it once the
// window has closed.
func (u *UI) Close() { u.leaveScreens() }
