package ui

import "fyne.io/fyne/v2"

// buildDashboard shows the supervisor's charts.
func (u *UI) buildDashboard() fyne.CanvasObject { return u.notBuilt(navDash) }
