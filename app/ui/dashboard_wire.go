package ui

import (
	"fyne.io/fyne/v2"

	"tusk/app/ui/dashboard"
)

// buildDashboard shows the supervisor's dashboard, made once and rebuilt
// on each visit, with the shell's warning about silent stations on top.
func (u *UI) buildDashboard() fyne.CanvasObject {
	if u.dash == nil {
		u.dash = dashboard.New(dashboard.Deps{Env: u.env, Store: u.deps.Store, Notices: u.silentStations})
	}
	return u.dash.Build()
}
