package ui

import (
	"tusk/app/store"
	"tusk/app/ui/widgets"
)

// newEnv is what the shell hands every screen package: the same window,
// dialogs, keyboard, user and pack the shell itself uses.
func (u *UI) newEnv() *widgets.Env {
	return &widgets.Env{
		Win:         u.win,
		Dialogs:     u.dialogs,
		User:        func() *store.User { return u.user },
		Depot:       func() *store.Depot { return u.depot },
		Pack:        u.pack,
		Now:         u.deps.Now,
		Activity:    func() { u.idle.touch() },
		Shortcut:    u.runShortcut,
		AddShortcut: u.addShortcut,
		Focus:       u.focus,
		WithKey:     u.withKey,
	}
}
