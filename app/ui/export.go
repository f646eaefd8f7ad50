package ui

import "tusk/app/store"

// showExport opens the export dialog for the cases the queue's filter f
// selects.
func (u *UI) showExport(f store.QueueFilter) {}
