// Package dialogs shows Tusk's dialogs so the keyboard works the same in
// every one of them, on every screen: Enter confirms, Esc cancels, and the
// shell closes whatever is open when the screen changes, so no dialog is
// left floating over the next screen.
//
// A screen asks its Manager for a dialog instead of calling Fyne's dialog
// package. Each dialog carries an invisible key catcher that takes the
// keyboard when it opens; a dialog whose first field should have the
// keyboard focuses that field instead, and the field hands Esc (and
// Enter, when it has nothing of its own to do) to Manager.TypedKey.
package dialogs

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Manager keeps the open dialogs of one window, newest last.
type Manager struct {
	win  fyne.Window
	open []*Dialog
}

// New returns the manager of win's dialogs.
func New(win fyne.Window) *Manager { return &Manager{win: win} }

// Dialog is one dialog shown through a Manager.
type Dialog struct {
	m       *Manager
	d       dialog.Dialog
	confirm func() // what Enter does; nil: nothing
	cancel  func() // what Esc does; nil: close the dialog
	keys    *keyCatcher
	closed  bool
	closing func() // run once when the dialog goes, however it goes
}

// Confirm shows a question with a confirm and a cancel button. Enter
// confirms and Esc cancels; either way cb gets the answer once.
func (m *Manager) Confirm(title, confirmText, cancelText string, content fyne.CanvasObject, cb func(bool)) *Dialog {
	h := &Dialog{m: m}
	cd := dialog.NewCustomConfirm(title, confirmText, cancelText, h.withKeys(content), cb, m.win)
	h.d = cd
	h.confirm = cd.Confirm
	m.show(h)
	return h
}

// Info shows a message with one button to close it; Enter and Esc close it too.
func (m *Manager) Info(title, closeText string, content fyne.CanvasObject) *Dialog {
	h := &Dialog{m: m}
	h.d = dialog.NewCustom(title, closeText, h.withKeys(content), m.win)
	h.confirm = h.d.Hide
	m.show(h)
	return h
}

// Custom shows content that brings its own buttons. Enter runs confirm
// (nil: Enter does nothing) and Esc closes the dialog. size, when not zero,
// is the dialog's size.
func (m *Manager) Custom(title string, content fyne.CanvasObject, confirm func(), size fyne.Size) *Dialog {
	h := &Dialog{m: m, confirm: confirm}
	h.d = dialog.NewCustomWithoutButtons(title, h.withKeys(content), m.win)
	if !size.IsZero() {
		h.d.Resize(size)
	}
	m.show(h)
	return h
}

// Track shows a dialog made elsewhere (a file dialog), so that it too
// closes when the screen changes and Esc closes it while none of its
// fields has the keyboard.
func (m *Manager) Track(d dialog.Dialog) *Dialog {
	h := &Dialog{m: m, d: d}
	d.SetOnClosed(func() { m.forget(h) })
	m.open = append(m.open, h)
	d.Show()
	return h
}

func (h *Dialog) withKeys(content fyne.CanvasObject) fyne.CanvasObject {
	h.keys = &keyCatcher{m: h.m}
	h.keys.ExtendBaseWidget(h.keys)
	return container.NewStack(content, h.keys)
}

func (m *Manager) show(h *Dialog) {
	h.d.SetOnClosed(func() { m.forget(h) })
	m.open = append(m.open, h)
	h.d.Show()
	// The dialog is on the canvas now: give it the keyboard, so Enter and
	// Esc reach it even though no field of it is focused.
	m.win.Canvas().Focus(h.keys)
}

func (m *Manager) forget(h *Dialog) {
	if !h.closed && h.closing != nil {
		defer h.closing()
	}
	h.closed = true
	for i, o := range m.open {
		if o == h {
			m.open = append(m.open[:i], m.open[i+1:]...)
			return
		}
	}
}

// Hide closes the dialog without confirming: a confirm dialog's callback
// gets false.
func (h *Dialog) Hide() {
	if !h.closed {
		h.d.Hide()
	}
}

// OnEsc makes Esc run fn instead of closing the dialog: the Cancel of
// work under way, which then closes it.
func (h *Dialog) OnEsc(fn func()) { h.cancel = fn }

// OnClosed runs fn once when the dialog goes: confirmed, cancelled, or
// closed because the screen changed.
func (h *Dialog) OnClosed(fn func()) { h.closing = fn }

// Resize sets the dialog's size.
func (h *Dialog) Resize(s fyne.Size) { h.d.Resize(s) }

// Closed says whether the dialog has gone.
func (h *Dialog) Closed() bool { return h.closed }

// Top is the newest open dialog, or nil.
func (m *Manager) Top() *Dialog {
	if len(m.open) == 0 {
		return nil
	}
	return m.open[len(m.open)-1]
}

// Open is how many dialogs are open.
func (m *Manager) Open() int { return len(m.open) }

// TypedKey gives Enter and Esc to the newest dialog: Enter confirms it and
// Esc cancels it. It says whether the key was used; fields inside a dialog
// call it for the keys they do not use themselves.
func (m *Manager) TypedKey(ev *fyne.KeyEvent) bool {
	top := m.Top()
	if top == nil {
		return false
	}
	switch ev.Name {
	case fyne.KeyEscape:
		if top.cancel != nil {
			top.cancel()
		} else {
			top.Hide()
		}
		return true
	case fyne.KeyReturn, fyne.KeyEnter:
		if top.confirm != nil {
			top.confirm()
			return true
		}
	}
	return false
}

// CloseAll cancels every open dialog, newest first, and takes away any
// other pop-up (a select's open list), so nothing is left over the screen
// that opens next.
func (m *Manager) CloseAll() {
	for len(m.open) > 0 {
		top := m.Top()
		top.d.Dismiss()
		if !top.closed { // a dialog that did not report its closing
			m.forget(top)
		}
	}
	ov := m.win.Canvas().Overlays()
	for o := ov.Top(); o != nil; o = ov.Top() {
		if p, ok := o.(*widget.PopUp); ok {
			p.Hide()
		}
		if ov.Top() == o {
			ov.Remove(o)
		}
	}
}

// keyCatcher is an invisible focusable widget inside each dialog. It has
// the keyboard while the dialog is open and no field of it is focused.
type keyCatcher struct {
	widget.BaseWidget
	m *Manager
}

func (k *keyCatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(nil))
}

func (k *keyCatcher) MinSize() fyne.Size         { return fyne.Size{} }
func (k *keyCatcher) FocusGained()               {}
func (k *keyCatcher) FocusLost()                 {}
func (k *keyCatcher) TypedRune(rune)             {}
func (k *keyCatcher) TypedKey(ev *fyne.KeyEvent) { k.m.TypedKey(ev) }
