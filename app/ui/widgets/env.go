package widgets

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"tusk/app/sop"
	"tusk/app/store"
	"tusk/app/ui/dialogs"
	"tusk/i18n"
)

// Env is what the shell hands every screen package: the window, its
// dialogs and keyboard, the signed-in user and the live pack. Screens keep
// their own narrow Store interface beside it.
type Env struct {
	Win     fyne.Window
	Dialogs *dialogs.Manager
	// User and Depot are read each time a screen is built or acts.
	User  func() *store.User
	Depot func() *store.Depot
	// Pack is the content pack shown now, nil while none is loaded.
	Pack func() *sop.Pack
	Now  func() time.Time
	// Activity restarts the idle lock's countdown.
	Activity func()
	// Shortcut runs the window's shortcut s, if it has one: a focused
	// field would swallow it otherwise.
	Shortcut func(s fyne.Shortcut) bool
	// AddShortcut binds s to fn on the window for the screen on show.
	AddShortcut func(s fyne.Shortcut, fn func())
	// Focus focuses f now, or once the screen being built is on the canvas.
	Focus func(f fyne.Focusable)
	// WithKey runs sign once the depot's signing key is unlocked, asking
	// for its passphrase when it is not; cancelled runs if the user gives up.
	WithKey func(sign, cancelled func())
}

// Ctx is the context of a screen's store calls.
func (e *Env) Ctx() context.Context { return context.Background() }

// Act wraps fn so that using it counts as activity for the idle lock.
func (e *Env) Act(fn func()) func() {
	return func() {
		e.touch()
		fn()
	}
}

func (e *Env) touch() {
	if e.Activity != nil {
		e.Activity()
	}
}

// AltKey binds Alt+key to fn on the window, whether or not a field has
// the focus.
func (e *Env) AltKey(key fyne.KeyName, fn func()) {
	if e.AddShortcut != nil {
		e.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierAlt}, fn)
	}
}

// Entry is Fyne's Entry that hands the window's shortcuts on and Esc to
// the open dialog: a focused Entry otherwise swallows every shortcut, and
// the cursor is almost always in a field.
type Entry struct {
	widget.Entry
	env *Env
}

// TypedShortcut runs the window's shortcut (Alt+digit, Ctrl+L, a screen's
// Alt keys), else the Entry's own.
func (e *Entry) TypedShortcut(s fyne.Shortcut) {
	if e.env.Shortcut != nil && e.env.Shortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// TypedKey hands Esc to the open dialog, so it cancels from a field too.
func (e *Entry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.env.Dialogs != nil && e.env.Dialogs.TypedKey(ev) {
		return
	}
	e.Entry.TypedKey(ev)
}

// NewEntry makes an Entry whose typing counts as activity.
func (e *Env) NewEntry() *Entry {
	w := &Entry{env: e}
	w.ExtendBaseWidget(w)
	w.OnChanged = func(string) { e.touch() }
	return w
}

// Entry makes a single-line entry with a translated placeholder.
func (e *Env) Entry(placeholderKey string) *Entry {
	w := e.NewEntry()
	if placeholderKey != "" {
		w.SetPlaceHolder(i18n.T(placeholderKey))
	}
	return w
}

// PinEntry makes a masked entry for PINs and passphrases.
func (e *Env) PinEntry() *Entry {
	w := e.NewEntry()
	w.Password = true
	return w
}

// MultiLineEntry makes a word-wrapping entry of several lines.
func (e *Env) MultiLineEntry() *Entry {
	w := e.NewEntry()
	w.MultiLine = true
	w.Wrapping = fyne.TextWrapWord
	return w
}
