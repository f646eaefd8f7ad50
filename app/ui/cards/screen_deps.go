// Package cards is the card library: search as you type, filters, the
// identify wizard, each card with its illustration in view, large type,
// and the trainer's code-word form. It reaches the store only through the
// narrow Store interface below and the shell only through widgets.Env.
package cards

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"tusk/app/sop"
	"tusk/app/store"
	tusktheme "tusk/app/ui/theme"
	"tusk/app/ui/widgets"
)

// Store is what the card library asks of the store.
type Store interface {
	// Audit records the trainer's edit of the pack.
	Audit(ctx context.Context, actor *store.User, action, subject, detail string) error
}

// Live is the live content pack: the one shown, the last refusal of an
// edited pack, and the way to show a pack just written.
type Live interface {
	Current() *sop.Pack
	LastError() error
	Update(p *sop.Pack, err error)
}

// Deps are what the shell hands the card library.
type Deps struct {
	Env   *widgets.Env
	Store Store
	// Live is the live pack, nil while none is loaded.
	Live func() Live
	// PackDir is the folder of the trainer's edited pack (<home>/pack).
	PackDir string
	// Theme is the app's theme; large type enlarges a copy of it.
	Theme *tusktheme.Theme
	// Changed runs after the trainer's edit was written, so the shell shows
	// the new pack at once.
	Changed func()
}

// Screen is the card library, made once; Build shows it on each visit
// and keeps large type and the drawn illustrations from one to the next.
type Screen struct {
	d   Deps
	cur *view
}

// New makes the screen.
func New(d Deps) *Screen {
	if d.Live == nil {
		d.Live = func() Live { return nil }
	}
	if d.Changed == nil {
		d.Changed = func() {}
	}
	if d.Theme == nil {
		d.Theme = tusktheme.New()
	}
	return &Screen{d: d}
}

func (sc *Screen) env() *widgets.Env { return sc.d.Env }

func (sc *Screen) ctx() context.Context { return sc.d.Env.Ctx() }

func (sc *Screen) user() *store.User { return sc.d.Env.User() }

func (sc *Screen) live() Live { return sc.d.Live() }

func (sc *Screen) theme() *tusktheme.Theme { return sc.d.Theme }

// pack is the pack shown now, or nil when none loaded.
func (sc *Screen) pack() *sop.Pack {
	if l := sc.live(); l != nil {
		return l.Current()
	}
	return nil
}

func (sc *Screen) now() time.Time {
	if sc.d.Env.Now != nil {
		return sc.d.Env.Now()
	}
	return time.Now()
}

func (s *view) env() *widgets.Env { return s.sc.d.Env }

// act wraps a tap handler so that it also counts as activity.
func (s *view) act(fn func()) func() { return s.env().Act(fn) }

func (s *view) touch() {
	if a := s.env().Activity; a != nil {
		a()
	}
}

// The shell's hold on the screen on show: what it keeps when the pack
// reloads, and what its own tests drive.

// Shown is whether a card library has been built.
func (sc *Screen) Shown() bool { return sc.cur != nil }

// Query is the search text on show.
func (sc *Screen) Query() string {
	if sc.cur == nil {
		return ""
	}
	return sc.cur.search.Text
}

// Search types text into the search, as the user does.
func (sc *Screen) Search(text string) {
	if sc.cur != nil {
		sc.cur.search.SetText(text)
	}
}

// Selected is the card open now, or "".
func (sc *Screen) Selected() string {
	if sc.cur == nil {
		return ""
	}
	return sc.cur.selected
}

// Open shows card id, when the pack has it.
func (sc *Screen) Open(id string) {
	if sc.cur != nil && sc.cur.pack != nil && sc.cur.pack.CardByID[id] != nil {
		sc.cur.openCard(id)
	}
}

// SetLargeType turns large type on or off, as its check box does, and
// draws the card at once.
func (sc *Screen) SetLargeType(on bool) {
	if v := sc.cur; v != nil {
		v.large.Checked = on
		v.large.Refresh()
		v.setLargeType(on, true)
	}
}

// ShowAddWord opens the trainer's code-word form.
func (sc *Screen) ShowAddWord() {
	if sc.cur != nil {
		sc.cur.showAddWord()
	}
}

// Search field, for the shell's keyboard tests.
func (sc *Screen) SearchField() fyne.Focusable {
	if sc.cur == nil {
		return nil
	}
	return sc.cur.search
}
