package ui

import "fyne.io/fyne/v2"

// exchangeSettings is the Settings section for the station outbox and
// the supervisor's inbox; nil hides it.
func (u *UI) exchangeSettings() fyne.CanvasObject { return nil }
