package counter

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	flow "tusk/app/counter"
	"tusk/app/inspect"
	"tusk/i18n"
)

// The screen's keys. Every decision has one, shown on its button, and
// they work wherever the focus is: Alt+C clear, Alt+H hold, Alt+R refuse,
// Alt+P refuse under the postal rules (when the rules suggest it),
// Alt+N next parcel, Alt+D discard a wrong scan. A scan typed into any
// field starts the next parcel.

// bindKeys registers the screen's Alt keys on the window, for when no
// field has the focus; fields pass them on themselves (entry.TypedShortcut).
func (s *Screen) bindKeys() {
	for key, fn := range map[fyne.KeyName]func(){
		fyne.KeyC: s.clearPressed,
		fyne.KeyH: func() { s.openDecide(inspect.ActionHold) },
		fyne.KeyR: func() { s.openDecide(inspect.ActionRefuse) },
		fyne.KeyP: s.openPostal,
		fyne.KeyN: func() {
			if s.in != nil {
				s.next()
			}
		},
		fyne.KeyD: s.askDiscard,
	} {
		s.altKey(key, fn)
	}
}

// now is when a key arrived.
func (s *Screen) now() time.Time {
	if s.clock != nil {
		return s.clock()
	}
	return time.Now()
}

// observe is every key and tap a widget of the screen receives.
func (s *Screen) observe(target fyne.CanvasObject, kind string) {
	s.touch()
	if s.probe != nil {
		s.probe(target, kind)
	}
}

// entry is Fyne's Entry that hands Alt shortcuts on to the screen, then to
// the shell (a focused Entry otherwise swallows every shortcut, and at the
// counter the cursor is almost always in a field), recognises a scan
// typed into it, and leaves the mouse wheel to the page.
type entry struct {
	widget.Entry
	s        *Screen
	keys     []flow.Keystroke // typed since the field got the focus or the last Enter
	onEscape func()
	// The keys' times leave out the screen's own work between them (a
	// save after every character): a scanner's characters wait in the
	// queue meanwhile and would look slow. last is the previous key's
	// time on that timeline, done when the screen finished with it.
	last, done time.Time
}

// TypedShortcut runs the screen's Alt shortcut, else the shell's, else
// the Entry's own.
func (e *entry) TypedShortcut(sc fyne.Shortcut) {
	e.s.observe(e, "shortcut")
	if cs, ok := sc.(*desktop.CustomShortcut); ok && cs.Modifier == fyne.KeyModifierAlt {
		if fn := e.s.altKeys[cs.KeyName]; fn != nil {
			fn()
			return
		}
		if e.s.d.AltKey(cs.KeyName) {
			return
		}
	} else if e.s.d.Shortcut(sc) {
		return
	}
	if e.s.toWindow(sc) {
		return
	}
	e.Entry.TypedShortcut(sc)
}

// toWindow hands the window's own shortcuts (Ctrl+L locks) on from a
// field, which would otherwise swallow them; a field keeps copy, paste,
// select all and undo.
func (s *Screen) toWindow(sc fyne.Shortcut) bool {
	cs, ok := sc.(*desktop.CustomShortcut)
	if !ok || cs.Modifier == fyne.KeyModifierAlt {
		return false
	}
	if h, ok := s.d.Win.Canvas().(fyne.Shortcutable); ok {
		h.TypedShortcut(sc)
		return true
	}
	return false
}

// TypedRune keeps when each character came, to tell a scanner from a person.
func (e *entry) TypedRune(r rune) {
	e.s.observe(e, "rune")
	e.keys = append(e.keys, flow.Keystroke{Rune: r, At: e.arrived()})
	e.Entry.TypedRune(r)
	e.done = e.s.now()
}

// arrived is when a key came, on the timeline without the screen's work.
func (e *entry) arrived() time.Time {
	now := e.s.now()
	if len(e.keys) == 0 || e.done.IsZero() {
		e.last = now
	} else {
		e.last = e.last.Add(max(0, now.Sub(e.done)))
	}
	return e.last
}

// TypedKey: Enter after a scan starts the next parcel, whatever field it
// was typed into; Esc closes the form the field belongs to.
func (e *entry) TypedKey(k *fyne.KeyEvent) {
	e.s.observe(e, "key")
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.s.scanInto(e) {
			return
		}
		e.keys = nil
	case fyne.KeyEscape:
		if e.onEscape != nil {
			e.onEscape()
			return
		}
	}
	e.Entry.TypedKey(k)
}

// FocusGained starts the field's keystrokes afresh.
func (e *entry) FocusGained() {
	e.keys, e.done = nil, time.Time{}
	e.Entry.FocusGained()
}

// scanInto handles Enter in e: in the scan field it starts the parcel;
// in any other field, when what came before the Enter was a scan, the
// scan's characters are taken out of the field again (which is saved as
// it was) and the next parcel starts.
func (s *Screen) scanInto(e *entry) bool {
	if e == s.waybill {
		e.keys = nil
		s.startInspection()
		return true
	}
	wb, n, ok := s.scans.Recognise(e.keys, e.arrived())
	typed := e.keys
	e.keys = nil
	if !ok && s.clearStep != nil && e == s.clearStep.reason && flow.LooksLikeWaybill(e.Text) {
		// A reason is words: a lone waybill number in it was scanned,
		// however slowly it came.
		wb, n, ok = inspect.CleanWaybill(e.Text), len(typed), true
		e.SetText("")
		typed = nil
	}
	if !ok {
		return false
	}
	tail := make([]rune, 0, n)
	for _, k := range typed[max(0, len(typed)-n):] {
		tail = append(tail, k.Rune)
	}
	if text := []rune(e.Text); len(text) >= n && string(text[len(text)-n:]) == string(tail) {
		e.SetText(string(text[:len(text)-n]))
	}
	s.waybill.SetText(wb)
	s.startInspection()
	return true
}

func (s *Screen) newEntry() *entry {
	e := &entry{s: s}
	// No scroller of its own: the wheel over a field scrolls the page.
	e.Wrapping = fyne.TextWrapOff
	e.Scroll = fyne.ScrollNone
	e.ExtendBaseWidget(e)
	return e
}

// entry makes a single-line entry.
func (s *Screen) entry(placeholderKey string) *entry {
	e := s.newEntry()
	if placeholderKey != "" {
		e.SetPlaceHolder(i18n.T(placeholderKey))
	}
	return e
}

// multiLineEntry grows with its text instead of scrolling inside.
func (s *Screen) multiLineEntry() *entry {
	e := s.newEntry()
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(3)
	return e
}

// button is Fyne's Button that Enter presses too (Space already does),
// Esc can cancel, and whose taps the screen sees.
type button struct {
	widget.Button
	s        *Screen
	onEscape func()
}

func (s *Screen) button(text string, icon fyne.Resource, imp widget.Importance, fn func()) *button {
	b := &button{s: s}
	b.Text, b.Icon, b.Importance, b.OnTapped = text, icon, imp, fn
	b.ExtendBaseWidget(b)
	return b
}

// Tapped is a tap or a click.
func (b *button) Tapped(ev *fyne.PointEvent) {
	b.s.observe(b, "tap")
	b.Button.Tapped(ev)
}

// TypedKey presses the button on Enter and cancels on Esc.
func (b *button) TypedKey(k *fyne.KeyEvent) {
	b.s.observe(b, "key")
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
		}
		return
	case fyne.KeyEscape:
		if b.onEscape != nil {
			b.onEscape()
			return
		}
	}
	b.Button.TypedKey(k)
}

// TypedShortcut passes shortcuts on, as a field does.
func (b *button) TypedShortcut(sc fyne.Shortcut) {
	b.s.observe(b, "shortcut")
	if cs, ok := sc.(*desktop.CustomShortcut); ok && cs.Modifier == fyne.KeyModifierAlt {
		if fn := b.s.altKeys[cs.KeyName]; fn != nil {
			fn()
			return
		}
		b.s.d.AltKey(cs.KeyName)
		return
	}
	b.s.d.Shortcut(sc)
}
