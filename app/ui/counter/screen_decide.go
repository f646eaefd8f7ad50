package counter

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/caserecord"
	flow "tusk/app/counter"
	"tusk/app/inspect"
	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// decideForm collects what a hold or a refusal needs: the reason, the
// seals and where the parcel is kept. The chain of custody starts here.
// Enter in any of its fields saves it; Esc closes it.
type decideForm struct {
	box     fyne.CanvasObject
	action  string
	title   *widget.Label
	reason  *entry
	seals   *entry
	storage *entry
	fields  map[string]*widgets.Field
	// sealed are the seals' and storage's columns, hidden for a refusal
	// under the postal rules: the parcel goes back, nothing is sealed.
	sealed []fyne.CanvasObject
	save   *button
	cancel *button
}

// column is a field with its label above it, for forms that must fit in
// the header's panel.
func column(f *widgets.Field) fyne.CanvasObject {
	return container.NewVBox(f.Label, f.Input, f.Err)
}

func (s *Screen) newDecideForm() *decideForm {
	f := &decideForm{title: &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}, reason: s.entry("inspect.decide.reason_hint"),
		seals: s.entry("inspect.decide.seals_hint"), storage: s.entry("inspect.decide.storage_hint")}
	f.fields = map[string]*widgets.Field{
		"reason": widgets.NewField("inspect.decide.reason", f.reason), "seals": widgets.NewField("inspect.decide.seals", f.seals),
		"storage": widgets.NewField("inspect.decide.storage", f.storage),
	}
	f.save = s.button(i18n.T("inspect.decide.save")+" · Enter", theme.ConfirmIcon(), widget.HighImportance, func() { s.saveDecision(f.action, "") })
	f.cancel = s.button(i18n.T("common.cancel")+" · Esc", theme.CancelIcon(), widget.MediumImportance, s.cancelPanel)
	for key, e := range map[string]*entry{"reason": f.reason, "seals": f.seals, "storage": f.storage} {
		fl := f.fields[key]
		// A message goes as soon as what it asked for is typed.
		e.OnChanged = func(t string) {
			if strings.TrimSpace(t) != "" {
				fl.SetError("")
			}
		}
		e.OnSubmitted = func(string) { s.saveDecision(f.action, "") }
		e.onEscape = s.cancelPanel
	}
	f.sealed = []fyne.CanvasObject{column(f.fields["seals"]), column(f.fields["storage"])}
	grid := container.New(layout.NewGridLayoutWithColumns(3), column(f.fields["reason"]), f.sealed[0], f.sealed[1])
	f.box = container.NewVScroll(container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(f.save, f.cancel), f.title), grid))
	f.box.Hide()
	return f
}

// openDecide is the one action that secures a suspicious parcel: the form
// opens with the reason already filled in (the assessment's reasons, or a
// plain "hold for check"), on the seals.
func (s *Screen) openDecide(action string) {
	if s.in == nil || s.m.Prepare(action) != nil {
		return
	}
	s.collect()
	s.reassess()
	f := s.decide
	if f.action == inspect.ActionRefusePostal {
		f.reason.SetText("") // the postal reason is not a wildlife one
	}
	f.action = action
	f.title.SetText(i18n.T("inspect.decide.title." + action))
	for _, o := range f.sealed {
		o.Show()
	}
	if strings.TrimSpace(f.reason.Text) == "" {
		f.reason.SetText(s.defaultReason(action))
	}
	s.showPanel(f.box)
	s.focus(f.seals)
}

// openPostal is Refuse (postal rules), Alt+P: offered while the rules find
// a prohibited article that is not wildlife. It asks only for the reason,
// filled in from the rules: no seals, no storage, no case.
func (s *Screen) openPostal() {
	if s.in == nil || !s.m.Editable() {
		return
	}
	s.collect()
	s.reassess()
	if s.m.PreparePostal(s.in.Assessment) != nil {
		return
	}
	f := s.decide
	for _, fl := range f.fields {
		fl.SetError("")
	}
	f.action = inspect.ActionRefusePostal
	f.title.SetText(i18n.T("postal.title"))
	for _, o := range f.sealed {
		o.Hide()
	}
	f.reason.SetText(s.defaultReason(inspect.ActionRefusePostal))
	s.showPanel(f.box)
	s.focus(f.reason)
}

// defaultReason is the assessment's first reasons by name, or a plain
// "hold for check" when there is none yet.
func (s *Screen) defaultReason(action string) string {
	key, rules := s.defaultReasonCodes(action)
	d := inspect.Decision{ReasonKey: key, ReasonRules: rules}
	return caserecord.DecisionReason(i18n.Current(), s.pack(), &d)
}

// defaultReasonCodes is the proposed reason as codes: the first three
// rules that fired, and the action's default reason where it has one or
// no rule fired. Stored as codes, it reads in each reader's language.
func (s *Screen) defaultReasonCodes(action string) (string, []string) {
	var rules []string
	if p := s.pack(); p != nil && s.in.Assessment != nil {
		for _, r := range s.in.Assessment.Reasons {
			if len(rules) == 3 {
				break
			}
			if p.RuleByID[r.RuleID] != nil {
				rules = append(rules, r.RuleID)
			}
		}
	}
	switch {
	case action == inspect.ActionRefusePostal:
		return "postal.default_reason", rules
	case len(rules) == 0:
		return "counter.default_reason." + action, nil
	}
	return "", rules
}

// codedReason keeps the proposed reason as codes when the inspector left
// it as proposed; changed, it is the inspector's own words.
func (s *Screen) codedReason(d *inspect.Decision) {
	if strings.TrimSpace(d.Reason) == strings.TrimSpace(s.defaultReason(d.Action)) {
		d.Reason = ""
		d.ReasonKey, d.ReasonRules = s.defaultReasonCodes(d.Action)
	}
}

// cancelPanel closes the hold form, the clear step or the discard
// question, and goes back to the reasons.
func (s *Screen) cancelPanel() {
	if s.in == nil {
		return
	}
	s.m.Prepare("")
	s.showPanel(s.info)
	if s.m.Editable() {
		s.focus(s.parties[inspect.RoleSender].number)
	}
}

// clearStep is Clear's second, deliberate step: the guards in words and a
// reason that goes into the audit trail. When Clear is not allowed at the
// counter it says why and offers no field.
type clearStep struct {
	box     fyne.CanvasObject
	title   *widget.Label
	guards  *widget.Label
	reason  *entry
	field   *widgets.Field
	confirm *button
	cancel  *button
}

func (s *Screen) newClearStep() *clearStep {
	c := &clearStep{title: &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord},
		guards: &widget.Label{Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord}, reason: s.entry("counter.clear.reason_hint")}
	c.field = widgets.NewField("counter.clear.reason", c.reason)
	c.confirm = s.button(i18n.T("counter.clear.confirm")+" · Enter", theme.ConfirmIcon(), widget.WarningImportance, s.confirmClear)
	c.cancel = s.button(i18n.T("common.cancel")+" · Esc", theme.CancelIcon(), widget.MediumImportance, s.cancelPanel)
	c.reason.OnSubmitted = func(string) { s.confirmClear() }
	c.reason.OnChanged = func(t string) {
		if strings.TrimSpace(t) != "" {
			c.field.SetError("")
		}
	}
	c.reason.onEscape = s.cancelPanel
	c.box = container.NewVScroll(container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(c.confirm, c.cancel), c.title),
		c.guards, container.NewBorder(nil, nil, c.field.Label, nil, container.NewVBox(c.reason, c.field.Err))))
	c.box.Hide()
	return c
}

// clearPressed is Clear (Alt+C): one step for a parcel with nothing
// against it; otherwise the second step opens, or, for an open case or a
// strict depot, it says why the parcel cannot be cleared here.
func (s *Screen) clearPressed() {
	if s.in == nil || !s.m.Editable() {
		return
	}
	s.collect()
	s.reassess()
	c, err := s.m.RequestClear(s.check)
	if err != nil {
		return
	}
	if c.Allowed && !c.NeedsReason() {
		s.saveDecision(inspect.ActionClear, "")
		return
	}
	st := s.clearStep
	var words []string
	for _, g := range c.Guards {
		words = append(words, i18n.T(g.Key(), "Case", s.m.Facts().OpenCase))
	}
	st.guards.SetText(strings.Join(words, " · "))
	st.field.SetError("")
	if c.Allowed {
		st.title.SetText(i18n.T("counter.clear.ask"))
		st.reason.Show()
		st.field.Label.Show()
		st.confirm.Show()
		s.showPanel(st.box)
		s.focus(st.reason)
		return
	}
	if c.Has(flow.GuardOpenCase) {
		st.title.SetText(i18n.T("counter.clear.blocked_case", "Case", s.m.Facts().OpenCase))
	} else {
		st.title.SetText(i18n.T("counter.clear.blocked_strict"))
	}
	st.reason.Hide()
	st.field.Label.Hide()
	st.confirm.Hide()
	s.showPanel(st.box)
	s.focus(st.cancel)
}

// confirmClear is the second step's Enter.
func (s *Screen) confirmClear() {
	reason, err := s.m.ConfirmClear(s.check, s.clearStep.reason.Text)
	if err != nil {
		if errors.Is(err, flow.ErrNeedsReason) {
			s.clearStep.field.SetError("counter.err.needs_reason")
		}
		return
	}
	s.saveDecision(inspect.ActionClear, reason)
}

// saveDecision records the decision: the last keystrokes go to the draft
// first, then the store decides in one transaction with its audit entry.
func (s *Screen) saveDecision(action, clearReason string) {
	if s.in == nil || !s.m.Editable() {
		return
	}
	f := s.decide
	for _, fl := range f.fields {
		fl.SetError("")
	}
	s.collect()
	s.reassess()
	d := inspect.Decision{Action: action, At: s.d.Now().UTC(), By: strconv.FormatInt(s.user.ID, 10), Reason: clearReason}
	if action == inspect.ActionRefusePostal {
		reason, err := s.m.ConfirmPostal(f.reason.Text)
		if err != nil {
			if errors.Is(err, flow.ErrNeedsReason) {
				f.fields["reason"].SetError("postal.err.reason")
				s.focus(f.reason)
			}
			return
		}
		d.Reason = reason
		s.codedReason(&d)
	} else if action != inspect.ActionClear {
		d.Reason = strings.TrimSpace(f.reason.Text)
		s.codedReason(&d)
		d.Storage = strings.TrimSpace(f.storage.Text)
		d.Seals = strings.FieldsFunc(f.seals.Text, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '，' })
	}
	s.in.UpdatedAt = s.d.Now().UTC()
	if err := s.d.Store.SaveDraft(s.ctx(), s.user, s.in); err != nil {
		s.saved.Importance = widget.DangerImportance
		s.saved.SetText(i18n.T("inspect.not_saved", "Problem", i18n.T(errorKey(err))))
		return
	}
	a := inspect.Assessment{}
	if s.in.Assessment != nil {
		a = *s.in.Assessment
	}
	c, err := s.d.Store.Decide(s.ctx(), s.user, s.in.ID, d, a)
	if err != nil {
		var fes store.FieldErrors
		if errors.As(err, &fes) {
			first := fyne.Focusable(nil)
			for _, fe := range fes {
				if fl := f.fields[fe.Field]; fl != nil {
					fl.SetError(fe.Code)
					if first == nil {
						first, _ = fl.Input.(fyne.Focusable)
					}
				}
			}
			s.showPanel(f.box)
			if first != nil {
				s.focus(first)
			}
			return
		}
		s.saved.Importance = widget.DangerImportance
		s.saved.SetText(i18n.T(errorKey(err)))
		return
	}
	s.m.Decided(action)
	s.in.Decision = &d
	s.in.Status = map[string]string{inspect.ActionClear: inspect.StatusCleared, inspect.ActionHold: inspect.StatusHeld,
		inspect.ActionRefuse: inspect.StatusRefused, inspect.ActionRefusePostal: inspect.StatusRefusedPostal}[action]
	_ = c // showDecided reads the case back, as for a reopened parcel
	s.showDecided()
}

// askDiscard asks, in the header, whether to throw a wrong scan away:
// Enter discards, Esc keeps it.
func (s *Screen) newDiscardStep() *fyne.Container {
	s.discardYes = s.button(i18n.T("inspect.discard_yes")+" · Enter", theme.DeleteIcon(), widget.DangerImportance, s.discardDraft)
	no := s.button(i18n.T("common.cancel")+" · Esc", theme.CancelIcon(), widget.MediumImportance, s.cancelPanel)
	s.discardYes.onEscape = s.cancelPanel
	s.discardQ = &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	box := container.NewVBox(s.discardQ, container.NewHBox(s.discardYes, no))
	box.Hide()
	return box
}

func (s *Screen) askDiscard() {
	if s.in == nil || !s.m.Editable() {
		return
	}
	s.showPanel(s.discardStep)
	s.focus(s.discardYes)
}

// discardDraft deletes the open draft (audited by the store) and goes back
// to the scan.
func (s *Screen) discardDraft() {
	if s.in == nil || !s.m.Editable() {
		return
	}
	if err := s.d.Store.DiscardDraft(s.ctx(), s.user, s.in.ID); err != nil {
		s.saved.Importance = widget.DangerImportance
		s.saved.SetText(i18n.T(errorKey(err)))
		return
	}
	s.showStart()
}

// next goes back to the scan field; the parcel stays as it was saved.
func (s *Screen) next() { s.showStart() }

// showDecided locks a decided inspection: it is a record now, not a form.
// It says what was decided, with the case, its seals and where it is
// kept, and the focus goes back to the scan field for the next parcel.
func (s *Screen) showDecided() {
	in := s.in
	lines := []string{i18n.T("inspect.decided", "Status", i18n.T("inspect.status."+in.Status))}
	if in.Status == inspect.StatusHeld || in.Status == inspect.StatusRefused {
		if c, err := s.d.Store.CaseOf(s.ctx(), s.user, in.ID); err == nil && c != nil {
			lines = append(lines, i18n.T("inspect.case_opened", "Number", c.Number))
		}
	}
	if d := in.Decision; d != nil {
		if len(d.Seals) > 0 {
			lines = append(lines, i18n.T("counter.decided.seals", "Seals", strings.Join(d.Seals, ", ")))
		}
		if d.Storage != "" {
			lines = append(lines, i18n.T("counter.decided.storage", "Storage", d.Storage))
		}
		if in.Status == inspect.StatusCleared && d.Reason != "" {
			lines = append(lines, i18n.T("counter.decided.override", "Reason", d.Reason))
		}
		if in.Status == inspect.StatusRefusedPostal {
			lines = append(lines, i18n.T("postal.decided.reason", "Reason", d.Reason), i18n.T("postal.decided.no_case"))
		}
		if !d.At.IsZero() {
			lines = append(lines, d.At.In(time.Local).Format("2006-01-02 15:04"))
		}
	}
	s.result.SetText(strings.Join(lines, "\n"))
	s.result.Importance = widgets.LevelImportance(map[string]string{inspect.StatusCleared: inspect.LevelGreen,
		inspect.StatusHeld: inspect.LevelAmber, inspect.StatusRefused: inspect.LevelRed, inspect.StatusRefusedPostal: inspect.LevelAmber}[in.Status])
	s.result.Show()
	s.result.Refresh()
	s.showPanel(s.info)
	for _, b := range []*button{s.clearBt, s.holdBt, s.refuseBt, s.postalBt} {
		b.Disable()
	}
	s.discard.Hide()
	lock(s.form)
	s.focus(s.waybill)
}

// lock disables every input under o: a decided parcel is read-only.
func lock(o fyne.CanvasObject) { setEnabled(o, false) }

// unlock enables every input under o again, for the next parcel.
func unlock(o fyne.CanvasObject) { setEnabled(o, true) }

// setEnabled walks o as the form nests it (containers, scrolls and the
// checklist's folded sections), so lock and unlock reach the same inputs.
func setEnabled(o fyne.CanvasObject, on bool) {
	switch w := o.(type) {
	case fyne.Disableable:
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	case *fyne.Container:
		for _, c := range w.Objects {
			setEnabled(c, on)
		}
	case *widget.Accordion:
		for _, it := range w.Items {
			setEnabled(it.Detail, on)
		}
	case *container.Scroll:
		setEnabled(w.Content, on)
	}
}
