package counter

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// checkGroup is one section of the checklist, folded, its title counting
// the answered items.
type checkGroup struct {
	name  string
	items []string
	item  *widget.AccordionItem
}

// fillChecklist shows the items for this stage and the declared category,
// folded by section, each answered yes, no or not checked.
func (s *Screen) fillChecklist() {
	p := s.pack()
	s.checkBox.RemoveAll()
	if p == nil {
		s.checkBox.Add(widgets.Wrapped(i18n.T("cards.loading"), widget.MediumImportance))
		return
	}
	lang := i18n.CurrentLang()
	category := ""
	if len(s.in.Parcel.Contents) > 0 {
		category = s.in.Parcel.Contents[0].Category
	}
	items := p.ChecklistFor(s.in.Parcel.Stage, category)
	prev, prevNote := map[string]string{}, map[string]string{}
	for _, a := range s.in.Answers {
		prev[a.Item], prevNote[a.Item] = a.Value, a.Note
	}
	open := map[string]bool{}
	for _, g := range s.groups {
		open[g.name] = g.item.Open
	}
	keep := map[string]*widget.RadioGroup{}
	keepNotes := map[string]*entry{}
	s.groups = nil
	var g *checkGroup
	var box *fyne.Container
	opts := []string{i18n.T("inspect.answer.yes"), i18n.T("inspect.answer.no"), i18n.T("inspect.answer.not_checked")}
	s.checkList = widget.NewAccordion()
	s.checkList.MultiOpen = true
	for _, it := range items {
		if g == nil || it.Group != g.name {
			name := it.Group
			if pg := p.GroupByID[it.Group]; pg != nil {
				name = pg.Names.In(lang)
			}
			box = container.NewVBox()
			g = &checkGroup{name: it.Group, item: widget.NewAccordionItem(name, box)}
			g.item.Title = name
			s.groups = append(s.groups, g)
			s.checkList.Append(g.item)
		}
		id := it.ID
		g.items = append(g.items, id)
		rg := s.checks[id]
		if rg == nil {
			rg = widget.NewRadioGroup(opts, func(string) { s.changed(); s.countAnswers() })
			rg.Horizontal = true
			switch prev[id] {
			case inspect.AnswerYes:
				rg.Selected = opts[0]
			case inspect.AnswerNo:
				rg.Selected = opts[1]
			case inspect.AnswerNotChecked:
				rg.Selected = opts[2]
			}
		}
		keep[id] = rg
		note := s.checkNotes[id]
		if note == nil {
			note = s.entry("inspect.check_note")
			note.SetText(prevNote[id])
			note.OnChanged = func(string) { s.changed() }
		}
		keepNotes[id] = note
		row := container.NewVBox(widgets.Wrapped(it.Question.In(lang), widget.MediumImportance), container.NewGridWithColumns(2, rg, note))
		if h := it.Hint.In(lang); h != "" {
			row.Add(hintLabel(h))
		}
		box.Add(row)
	}
	s.checks, s.checkNotes = keep, keepNotes
	s.countAnswers()
	for i, g := range s.groups {
		if open[g.name] {
			s.checkList.Open(i)
		}
	}
	s.checkBox.Add(s.checkList)
	if len(items) == 0 {
		s.checkBox.Add(hintLabel(i18n.T("inspect.checklist_empty")))
	}
}

// countAnswers puts the count of answered items in each section's title.
func (s *Screen) countAnswers() {
	if s.checkList == nil {
		return
	}
	for _, g := range s.groups {
		n := 0
		for _, id := range g.items {
			if rg := s.checks[id]; rg != nil && rg.Selected != "" {
				n++
			}
		}
		name := g.name
		if p := s.pack(); p != nil && p.GroupByID[g.name] != nil {
			name = p.GroupByID[g.name].Names.In(i18n.CurrentLang())
		}
		g.item.Title = i18n.T("counter.answered", "Group", name, "Answered", n, "Total", len(g.items))
	}
	s.checkList.Refresh()
}

// showDialog shows the screen's one dialog, and closes it as soon as the
// screen is no longer the one on show, so nothing floats over the next.
func (s *Screen) showDialog(d dialog.Dialog) {
	s.closeDialog()
	s.dialog = d
	d.Show()
	go func() {
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for range t.C {
			done := false
			fyne.DoAndWait(func() {
				if s.dialog != d {
					done = true
					return
				}
				if !s.shown() {
					s.closeDialog()
					done = true
				}
			})
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
