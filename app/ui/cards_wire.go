package ui

import (
	"path/filepath"

	"fyne.io/fyne/v2"

	"tusk/app/ui/cards"
)

// buildCards shows the card library, made once and rebuilt on each visit.
func (u *UI) buildCards() fyne.CanvasObject {
	if u.cards == nil {
		u.cards = cards.New(cards.Deps{
			Env:   u.env,
			Store: u.deps.Store,
			Live: func() cards.Live {
				if u.deps.Pack == nil {
					return nil
				}
				return u.deps.Pack
			},
			PackDir: filepath.Join(u.deps.Home, "pack"),
			Theme:   u.theme,
			Changed: u.packChanged,
		})
	}
	return u.cards.Build()
}

// packChanged runs on the UI goroutine after a reload: the open Cards
// screen shows the new pack (or the refusal banner) at once, with the
// same search and card.
func (u *UI) packChanged() {
	if u.shell == nil || u.user == nil || u.shell.current != navCards || u.cards == nil {
		return
	}
	prev, query := u.cards.Selected(), u.cards.Query()
	u.navigate(navCards)
	if query != "" {
		u.cards.Search(query)
	}
	if prev != "" {
		u.cards.Open(prev)
	}
}
