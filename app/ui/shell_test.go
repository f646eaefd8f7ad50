package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/sop"
	"tusk/app/store"
	"tusk/app/ui/dialogs"
	"tusk/app/ui/widgets"
)

// pressShortcut delivers a shortcut the way the desktop driver does: to
// the focused widget when it takes shortcuts (a disabled text field drops
// it), else to the window's canvas. Tests must not call the screen's
// handlers themselves, or a swallowed key would go unnoticed.
func pressShortcut(c fyne.Canvas, s fyne.Shortcut) {
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		if d, ok := f.(fyne.Disableable); ok && d.Disabled() {
			return
		}
		f.TypedShortcut(s)
		return
	}
	c.(fyne.Shortcutable).TypedShortcut(s)
}

// pressKey delivers a key to the focused widget, else to the canvas.
func pressKey(c fyne.Canvas, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
	} else if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

func alt(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierAlt}
}

func ctrlL() fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}
}

// focusLog is the window's canvas, noting each focus asked for an object
// that is not on it: the desktop driver logs "Failed to focus object which
// is not part of the canvas" then, and the keyboard stays where it was.
type focusLog struct {
	fyne.Canvas
	failed []string
}

func (c *focusLog) Focus(o fyne.Focusable) {
	if o != nil && !onCanvas(c.Canvas, o.(fyne.CanvasObject)) {
		c.failed = append(c.failed, fmt.Sprintf("%T", o))
	}
	c.Canvas.Focus(o)
}

type focusLogWindow struct {
	fyne.Window
	c *focusLog
}

func (w *focusLogWindow) Canvas() fyne.Canvas { return w.c }

// onCanvas says whether o is in the canvas's content or an overlay.
func onCanvas(c fyne.Canvas, o fyne.CanvasObject) bool {
	var found bool
	var walk func(fyne.CanvasObject)
	walk = func(x fyne.CanvasObject) {
		if found || x == nil {
			return
		}
		if x == o {
			found = true
			return
		}
		if ct, ok := x.(*fyne.Container); ok {
			for _, ch := range ct.Objects {
				walk(ch)
			}
		} else if wd, ok := x.(fyne.Widget); ok {
			for _, ch := range test.WidgetRenderer(wd).Objects() {
				walk(ch)
			}
		}
	}
	walk(c.Content())
	for _, ov := range c.Overlays().List() {
		walk(ov)
	}
	return found
}

// logFocus swaps the harness window for one that notes failed focus calls.
func (h *harness) logFocus() *focusLog {
	fl := &focusLog{Canvas: h.w.Canvas()}
	w := &focusLogWindow{Window: h.w, c: fl}
	h.u.win = w
	h.u.dialogs = dialogs.New(w)
	return fl
}

// Every screen opens by Alt+digit straight after sign-in and straight after
// the last one opened, with no click in between, and Ctrl+L locks from
// every screen wherever the keyboard is. Before, the field that had the
// keyboard stayed focused off the canvas after a screen change and took
// Ctrl+L for itself.
func TestShortcutsWorkRightAfterAScreenOpens(t *testing.T) {
	h := newHarness(t)
	h.withDepot("en")
	fl := h.logFocus()
	h.u.Start()
	h.signIn("Amina Juma", "246810")
	c := h.w.Canvas()
	want := []navID{navInspect, navCards, navCases, navDash, navTraining, navVerify, navSettings}
	for i, id := range want {
		pressShortcut(c, alt(fyne.KeyName(string(rune('1'+i)))))
		if got := h.u.CurrentScreen(); got != string(id) {
			t.Fatalf("Alt+%d opened %q, want %q", i+1, got, id)
		}
		// Whatever has the keyboard now is on the screen, not left over
		// from the last one.
		if f := c.Focused(); f != nil && !onCanvas(c, f.(fyne.CanvasObject)) {
			t.Errorf("after Alt+%d the keyboard is with a %T that is not on the screen", i+1, f)
		}
	}
	for _, id := range want {
		h.u.navigate(id)
		pressShortcut(c, ctrlL())
		if h.u.User() != nil {
			t.Errorf("Ctrl+L on %s did not lock", id)
			h.u.Lock()
		}
		h.signIn("Amina Juma", "246810")
	}
	if len(fl.failed) > 0 {
		t.Errorf("focus asked for objects not on the canvas: %v", fl.failed)
	}
}

// Ctrl+L locks while the cursor is in a field: the focused field hands the
// window's shortcuts on.
func TestCtrlLFromAField(t *testing.T) {
	h := newHarness(t)
	h.startAs("Amina Juma", navCases)
	c := h.w.Canvas()
	search, ok := c.Focused().(*widgets.Entry) // the queue's search has the focus
	if !ok {
		t.Fatalf("focus on %T", c.Focused())
	}
	test.Type(search, "SF")
	pressShortcut(c, ctrlL())
	if h.u.User() != nil {
		t.Fatal("Ctrl+L in the search field did not lock")
	}
}

// A dialog open on one screen closes when Alt+digit opens another, and
// when the screen locks; before, it stayed over the next screen.
func TestDialogClosesWhenTheScreenChanges(t *testing.T) {
	h := newHarness(t)
	h.startAs("Amina Juma", navCards)
	c := h.w.Canvas()
	h.u.cards.ShowAddWord()
	if c.Overlays().Top() == nil {
		t.Fatal("add code word dialog not shown")
	}
	pressShortcut(c, alt(fyne.Key3))
	if h.u.CurrentScreen() != string(navCases) {
		t.Fatalf("Alt+3 from the dialog opened %q", h.u.CurrentScreen())
	}
	if c.Overlays().Top() != nil {
		t.Error("the dialog floats over the Cases screen")
	}
	// Locking takes a dialog away too.
	h.u.exportDialog().Open(store.QueueFilter{})
	if c.Overlays().Top() == nil {
		t.Fatal("export dialog not shown")
	}
	pressShortcut(c, ctrlL())
	if h.u.User() != nil || c.Overlays().Top() != nil {
		t.Errorf("locked %v, dialog left %v", h.u.User() == nil, c.Overlays().Top() != nil)
	}
}

// Enter confirms and Esc cancels the app's dialogs, from a field of the
// dialog or with none focused.
func TestEnterConfirmsEscCancelsDialogs(t *testing.T) {
	h := newHarness(t)
	h.startAs("Amina Juma", navCards)
	c := h.w.Canvas()

	// Esc in the code word's field cancels and saves nothing.
	h.u.cards.ShowAddWord()
	test.Type(c.Focused(), "bluewater jade")
	pressKey(c, fyne.KeyEscape)
	if c.Overlays().Top() != nil {
		t.Fatal("Esc left the add code word dialog open")
	}
	if hits := h.u.pack().Search("bluewater", "en", sop.Filter{}); len(hits) > 0 {
		t.Error("Esc saved the word")
	}

	// Enter in the field saves it (for the card open).
	h.u.cards.ShowAddWord()
	test.Type(c.Focused(), "bluewater jade")
	pressKey(c, fyne.KeyReturn)
	if c.Overlays().Top() != nil {
		t.Fatal("Enter did not save the code word")
	}

	// The export form has the keyboard as it opens: Esc closes it, and
	// Enter goes on to choosing the file, as its first button does.
	h.u.navigate(navCases)
	e := h.u.exportDialog().Open(store.QueueFilter{})
	pressKey(c, fyne.KeyEscape)
	if c.Overlays().Top() != nil || !e.Closed() {
		t.Error("Esc left the export dialog open")
	}
	e = h.u.exportDialog().Open(store.QueueFilter{})
	pressKey(c, fyne.KeyReturn)
	if !e.Closed() || h.u.dialogs.Open() != 1 {
		t.Errorf("Enter: form closed %v, %d dialogs open (want the file dialog)", e.Closed(), h.u.dialogs.Open())
	}
	h.u.navigate(navCards)
	if c.Overlays().Top() != nil {
		t.Error("the file dialog stayed over the next screen")
	}
}

// seesOverlay says whether the top pop-up shows a text containing s.
func (h *harness) seesOverlay(s string) bool {
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		return false
	}
	for _, t := range texts(top) {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// fits says whether the window's content fits the size the window opens
// at; the desktop driver makes the window as large as its content's
// minimum, off a small screen if need be.
func (h *harness) fits(t *testing.T, what string) {
	t.Helper()
	min := h.w.Content().MinSize().Add(fyne.NewSquareSize(2 * theme.Padding()))
	if min.Width > startSize.Width || min.Height > startSize.Height {
		t.Errorf("%s needs %v, more than the %v the window opens at", what, min, startSize)
	}
}

// screenFits checks the window fits, and the screen fits its place
// without scrolling.
func (h *harness) screenFits(t *testing.T, what string) {
	t.Helper()
	h.fits(t, what)
	if sh := h.u.shell; sh != nil && h.u.User() != nil {
		h.w.Resize(startSize)
		if need, has := sh.content.MinSize(), sh.view.Size(); need.Width > has.Width || need.Height > has.Height {
			t.Errorf("%s: the screen needs %v, it has %v", what, need, has)
		}
	}
}

// The window opens inside a 1024×768 screen, and every screen fits it in
// every language, the Cards screen with a card open in large type too.
// Before, the window opened 1180 px wide and Cards needed 1105 px in
// French.
func TestWindowFitsSmallScreen(t *testing.T) {
	if startSize.Width > 1024 || startSize.Height > 768-60 {
		t.Fatalf("the window opens at %v: not inside 1024×768 with a title bar and a panel", startSize)
	}
	for _, lang := range []string{"en", "zh", "vi", "sw", "fr"} {
		h := newHarness(t)
		h.withDepot("en")
		h.st.UpdateUser(bg, mustUser(t, h, "Amina Juma"), mustUser(t, h, "Amina Juma").ID, userLang(lang))
		h.u.Start()
		if got := h.w.Canvas().Size(); got.Width > startSize.Width || got.Height > startSize.Height {
			t.Errorf("%s: the window opens at %v", lang, got)
		}
		h.fits(t, lang+" sign-in")
		h.signIn("Amina Juma", "246810")
		for _, id := range []navID{navInspect, navCards, navCases, navDash, navTraining, navVerify, navSettings} {
			h.u.navigate(id)
			h.screenFits(t, lang+" "+string(id))
		}
		h.u.navigate(navCards)
		h.u.cards.Search("pangolin")
		h.u.cards.SetLargeType(true)
		h.screenFits(t, lang+" cards in large type")
		h.u.Lock()
		h.fits(t, lang+" lock")
	}
}

// A message however long never widens the window: the screen scrolls
// inside it, and Switch user and Lock stay in view. Before, the restored
// draft's one-line message made the window 1365 px wide.
func TestLongMessageKeepsTheWindow(t *testing.T) {
	h := newHarness(t)
	h.startAs("Amina Juma", navVerify)
	long := strings.Repeat("Unfinished inspection reopened as last saved at 10:42:07. ", 12)
	h.u.shell.content.Objects = []fyne.CanvasObject{widget.NewLabel(long)}
	h.u.shell.content.Refresh()
	h.fits(t, "a screen with a long message")
	h.w.Resize(startSize)
	d := fyne.CurrentApp().Driver()
	for _, b := range []*widget.Button{h.u.shell.switchBt, h.u.shell.lockBt} {
		if right := d.AbsolutePositionForObject(b).X + b.Size().Width; right > startSize.Width {
			t.Errorf("%q ends at x=%v, off the %v px window", b.Text, right, startSize.Width)
		}
	}
}
