package counter

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/app/sop"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// checkGroup is one section of the checklist, folded: its title counts
// the answered items, and its questions are built when it is first
// opened, so a scan does not build some hundred radio buttons nobody has
// looked at yet.
type checkGroup struct {
	name  string // the group ID
	title string // in the user's language
	items []*sop.Item
	head  *foldHead
	box   *fyne.Container
	built bool
}

// foldHead opens and closes a section; it stays usable on a decided
// parcel, whose answers can still be read.
type foldHead struct{ widget.Button }

// Disable is ignored: reading a record needs the sections.
func (f *foldHead) Disable() {}

// fillChecklist shows the items for this stage and the declared category,
// folded by section, each answered yes, no or not checked.
func (s *Screen) fillChecklist() {
	p := s.pack()
	if p == nil {
		s.checkBox.Objects = []fyne.CanvasObject{widgets.Wrapped(i18n.T("cards.loading"), widget.MediumImportance)}
		s.checkBox.Refresh()
		return
	}
	// Answers given in the sections built so far go into the inspection
	// first, so a rebuilt checklist starts from them.
	if len(s.groups) > 0 && s.in.Status == inspect.StatusDraft {
		s.collect()
	}
	lang := i18n.CurrentLang()
	category := ""
	if len(s.in.Parcel.Contents) > 0 {
		category = s.in.Parcel.Contents[0].Category
	}
	open := map[string]bool{}
	for _, g := range s.groups {
		open[g.name] = g.box.Visible()
	}
	s.checks, s.checkNotes, s.groups = map[string]*widget.RadioGroup{}, map[string]*entry{}, nil
	s.checkItems = nil
	var objs []fyne.CanvasObject
	var g *checkGroup
	for _, it := range p.ChecklistFor(s.in.Parcel.Stage, category) {
		s.checkItems = append(s.checkItems, it.ID)
		if g == nil || it.Group != g.name {
			g = &checkGroup{name: it.Group, title: it.Group, box: container.NewVBox()}
			if pg := p.GroupByID[it.Group]; pg != nil {
				g.title = pg.Names.In(lang)
			}
			g.box.Hide()
			gg := g
			g.head = &foldHead{}
			g.head.Alignment = widget.ButtonAlignLeading
			g.head.Importance = widget.LowImportance
			g.head.OnTapped = s.act(func() { s.toggleGroup(gg) })
			g.head.ExtendBaseWidget(g.head)
			s.groups = append(s.groups, g)
			objs = append(objs, g.head, g.box)
		}
		g.items = append(g.items, it)
	}
	if len(objs) == 0 {
		objs = append(objs, hintLabel(i18n.T("inspect.checklist_empty")))
	}
	s.checkBox.Objects = objs
	for _, g := range s.groups {
		if open[g.name] {
			s.toggleGroup(g)
		}
	}
	s.countAnswers()
	s.checkBox.Refresh()
}

// toggleGroup opens or closes a section, building its questions the
// first time.
func (s *Screen) toggleGroup(g *checkGroup) {
	if !g.built {
		s.buildGroup(g)
	}
	if g.box.Visible() {
		g.box.Hide()
	} else {
		g.box.Show()
	}
	s.countAnswers()
	s.checkBox.Refresh()
}

// buildGroup makes a section's questions, answered as saved.
func (s *Screen) buildGroup(g *checkGroup) {
	g.built = true
	lang := i18n.CurrentLang()
	prev, prevNote := map[string]string{}, map[string]string{}
	for _, a := range s.in.Answers {
		prev[a.Item], prevNote[a.Item] = a.Value, a.Note
	}
	opts := []string{i18n.T("inspect.answer.yes"), i18n.T("inspect.answer.no"), i18n.T("inspect.answer.not_checked")}
	rows := make([]fyne.CanvasObject, 0, len(g.items))
	for _, it := range g.items {
		id := it.ID
		rg := widget.NewRadioGroup(opts, nil)
		rg.Horizontal = true
		switch prev[id] {
		case inspect.AnswerYes:
			rg.Selected = opts[0]
		case inspect.AnswerNo:
			rg.Selected = opts[1]
		case inspect.AnswerNotChecked:
			rg.Selected = opts[2]
		}
		rg.OnChanged = func(string) { s.changed(); s.countAnswers() }
		note := s.entry("inspect.check_note")
		note.SetText(prevNote[id])
		note.OnChanged = func(string) { s.changed() }
		s.checks[id], s.checkNotes[id] = rg, note
		row := []fyne.CanvasObject{widgets.Wrapped(it.Question.In(lang), widget.MediumImportance), container.NewGridWithColumns(2, rg, note)}
		if h := it.Hint.In(lang); h != "" {
			row = append(row, hintLabel(h))
		}
		rows = append(rows, container.NewVBox(row...))
	}
	g.box.Objects = rows
	if !s.m.Editable() {
		lock(g.box)
	}
	g.box.Refresh()
}

// answerOf is an item's answer: from its radio group once its section is
// built, else as saved.
func (s *Screen) answerOf(id string) (value, note string) {
	if rg := s.checks[id]; rg != nil {
		if n := s.checkNotes[id]; n != nil {
			note = strings.TrimSpace(n.Text)
		}
		return answerValue(rg.Selected), note
	}
	for _, a := range s.in.Answers {
		if a.Item == id {
			return a.Value, a.Note
		}
	}
	return "", ""
}

// countAnswers puts the count of answered items in each section's title.
func (s *Screen) countAnswers() {
	for _, g := range s.groups {
		n := 0
		for _, it := range g.items {
			if v, _ := s.answerOf(it.ID); v != "" {
				n++
			}
		}
		// No icon (each would be an SVG drawn again at every scan): a sign.
		sign := "+ "
		if g.box.Visible() {
			sign = "− "
		}
		g.head.Text = sign + i18n.T("counter.answered", "Group", g.title, "Answered", n, "Total", len(g.items))
		g.head.Refresh()
	}
}

// showDialog shows the screen's one dialog, and closes it as soon as the
// screen is no longer the one on show, so nothing floats over the next.
func (s *Screen) showDialog(d dialog.Dialog) {
	s.closeDialog()
	s.dialog = d
	d.Show()
	watch := s.watchDialog
	if watch == nil {
		watch = pollOnUI
	}
	watch(func() (done bool) {
		if s.dialog != d {
			return true
		}
		if !s.shown() {
			s.closeDialog()
			return true
		}
		return false
	})
}

// pollOnUI runs check on the UI goroutine five times a second until it
// reports done.
func pollOnUI(check func() bool) {
	go func() {
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for range t.C {
			done := false
			fyne.DoAndWait(func() { done = check() })
			if done {
				return
			}
		}
	}()
}

// closeDialog closes the screen's dialog, if one is open.
func (s *Screen) closeDialog() {
	if s.dialog != nil {
		d := s.dialog
		s.dialog = nil
		d.Hide()
	}
}
