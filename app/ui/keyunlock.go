package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/store"
	"tusk/app/ui/dialogs"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// Unlocking a sealed signing key in the window
//
// When the depot sealed its key with a passphrase (tusk keys passphrase),
// every signing action first asks for it in a dialog. The store keeps it
// in memory until the window locks or the user signs out; the minute's
// outbox waits for it meanwhile instead of failing each minute.

// keyUnlock is the open passphrase dialog.
type keyUnlock struct {
	dlg     *dialogs.Dialog
	pass    *widgets.Entry
	problem *widget.Label
	unlock  *widget.Button
	cancel  *widget.Button
}

// withKey runs sign once the signing key can sign: at once when it is not
// sealed or already unlocked, else after the passphrase dialog. Cancelled,
// it runs cancelled (nil: nothing).
func (u *UI) withKey(sign, cancelled func()) {
	if u.deps.Store.KeyUnlocked(u.ctx()) {
		sign()
		return
	}
	k := &keyUnlock{pass: u.env.PinEntry(), problem: &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}}
	k.pass.SetPlaceHolder(i18n.T("keyunlock.passphrase"))
	done := false
	try := func() {
		if done {
			return
		}
		err := u.deps.Store.UnlockKey(u.ctx(), k.pass.Text)
		if err != nil {
			key := widgets.ErrorKey(err)
			if errors.Is(err, store.ErrKeyPassphrase) {
				key = "keyunlock.wrong"
			}
			k.problem.SetText(i18n.T(key))
			k.problem.Show()
			k.pass.SetText("")
			u.win.Canvas().Focus(k.pass)
			return
		}
		done = true
		k.dlg.Hide()
		sign()
	}
	k.pass.OnSubmitted = func(string) { try() }
	k.unlock = &widget.Button{Text: i18n.T("keyunlock.unlock"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: try}
	k.cancel = &widget.Button{Text: i18n.T("common.cancel"), Icon: theme.CancelIcon(), OnTapped: func() { k.dlg.Hide() }}
	k.problem.Hide()
	content := container.NewVBox(
		wrapped(i18n.T("keyunlock.why"), widget.MediumImportance),
		k.pass, k.problem,
		container.NewHBox(k.unlock, k.cancel))
	k.dlg = u.dialogs.Custom(i18n.T("keyunlock.title"), content, try, fyne.NewSize(480, 0))
	k.dlg.OnClosed(func() {
		if !done && cancelled != nil {
			cancelled()
		}
	})
	u.keyDlg = k
	u.win.Canvas().Focus(k.pass)
}

// lockKey forgets the signing key's passphrase: on lock and sign-out.
func (u *UI) lockKey() {
	u.deps.Store.LockKey()
	if u.keyDlg != nil {
		u.keyDlg.dlg.Hide()
		u.keyDlg = nil
	}
}
