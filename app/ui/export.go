package ui

// showExport opens the export dialog of the review queue.
func (u *UI) showExport() {}
