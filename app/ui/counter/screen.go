package counter

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/app/riskpack"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// Screen is the counter's main job: scan, triage, check, decide.
// Every change is saved as a draft at once, so a power cut loses at most
// the field being typed.
type Screen struct {
	d         Deps
	user      *store.User
	depot     *store.Depot
	lastStage string         // the stage the inspector last chose
	recovered *store.User    // the user the unfinished draft was offered to
	riskRules *riskpack.Risk // the pack's rules, converted for the open pack
	capture   captureWatch   // the watched capture folder
	altKeys   map[fyne.KeyName]func()
	building  bool             // Build is running: the root is not on the canvas yet
	clock     func() time.Time // when a key arrives; tests inject one

	root *fyne.Container // start panel or the open inspection

	// Start panel.
	waybill    *entry
	stage      *widget.Select
	start      *widget.Button
	waybillMsg *widget.Label
	resume     *widget.Button
	today      *fyne.Container
	todayCount *widget.Label

	// The open inspection.
	in       *inspect.Inspection
	loading  bool // set while fields are filled from in, so no save fires
	history  *widget.Label
	risk     *widget.Label
	riskIcon *widget.Icon
	score    *widget.Label
	reasons  *fyne.Container
	safety   *widget.Label
	clearBt  *widget.Button
	holdBt   *widget.Button
	discard  *widget.Button
	refuseBt *widget.Button
	saved    *widget.Label

	parties    map[string]*partyForm
	agentOn    *widget.Check
	decl       *declForm
	external   *widget.Select
	ask        *widget.Button // asks the company's real-name system, when there is one
	checks     map[string]*widget.RadioGroup
	checkNotes map[string]*entry
	checkBox   *fyne.Container
	ident      *identPanel
	photos     *photoPanel
	notes      *entry

	decide *decideForm
	result *widget.Label // after a decision
}

// partyForm is the real-name check of one person.
type partyForm struct {
	role                      string
	box                       *fyne.Container
	name, phone, address      *entry
	docType                   *widget.Select
	number, idName            *entry
	thirdParty, refused, only *widget.Check
	vague                     *widget.Check
	fields                    map[string]*widgets.Field
	check                     *widget.Label // "format OK" or why not; never "verified"
	match                     *widget.Label
	repeat                    *widget.Label
	repeatLinks               *fyne.Container // the earlier held parcels, one tap each
	repeatShown               string          // what the links were made for
}

// declForm is what the waybill declares against what is seen.
type declForm struct {
	name                      *entry
	category                  *widget.Select
	quantity, value, currency *entry
	declaredKg, measuredKg    *entry
	length, width, height     *entry
	originCountry, originCity *entry
	destCountry, destCity     *entry
	payment                   *widget.Select
	contents                  *widget.Select // does what is seen match the declaration?
	fields                    map[string]*widgets.Field
	categoryIDs               []string
}

// decideForm collects what a hold or a refusal needs: the reason, the
// seals and where the parcel is kept. The chain of custody starts here.
type decideForm struct {
	box     *fyne.Container
	action  string
	title   *widget.Label
	reason  *entry
	seals   *entry
	storage *entry
	fields  map[string]*widgets.Field
	save    *widget.Button
	cancel  *widget.Button
}

// stageNames are the inspection stages in the user's language.
func stageNames() []string {
	out := make([]string, len(inspect.Stages))
	for i, st := range inspect.Stages {
		out[i] = i18n.T("inspect.stage." + st)
	}
	return out
}

func (s *Screen) showStart() {
	s.in = nil
	s.waybill = s.entry("inspect.waybill_hint")
	s.waybill.OnSubmitted = func(string) { s.startInspection() }
	s.stage = widget.NewSelect(stageNames(), nil)
	s.stage.SetSelectedIndex(indexOf(inspect.Stages, s.lastStage))
	if s.stage.SelectedIndex() < 0 {
		s.stage.SetSelectedIndex(0)
	}
	s.start = &widget.Button{Text: i18n.T("inspect.start"), Icon: theme.NavigateNextIcon(), Importance: widget.HighImportance,
		OnTapped: s.act(func() { s.startInspection() })}
	s.waybillMsg = &widget.Label{Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord}
	s.today = container.NewVBox()
	s.todayCount = &widget.Label{}
	s.refreshToday()
	scan := container.NewVBox(widgets.Heading("inspect.scan_title"), widgets.Wrapped(i18n.T("inspect.scan_hint"), widget.MediumImportance),
		widgets.FormGrid(widgets.NewField("inspect.waybill", s.waybill), widgets.NewField("inspect.stage", s.stage)),
		container.NewHBox(s.start), s.waybillMsg)
	day := container.NewBorder(container.NewVBox(widget.NewSeparator(), &widget.Label{Text: i18n.T("inspect.today"), SizeName: theme.SizeNameSubHeadingText}, s.todayCount),
		nil, nil, nil, container.NewVScroll(s.today))
	s.root.Objects = []fyne.CanvasObject{container.NewPadded(container.NewBorder(scan, nil, nil, nil, day))}
	s.root.Refresh()
	s.focus(s.waybill)
}

// refreshToday lists the inspector's parcels of today, newest first, each
// one tap from being opened again.
func (s *Screen) refreshToday() {
	s.today.RemoveAll()
	list, err := s.d.Store.Day(s.ctx(), s.user, s.d.Now(), time.Local, false)
	if err != nil {
		s.todayCount.SetText(i18n.T("common.err.unexpected"))
		return
	}
	counts := map[string]int{}
	for _, it := range list {
		counts[it.Status]++
		it := it
		label := fmt.Sprintf("%s  %s  %s · %s", it.UpdatedAt.In(time.Local).Format("15:04"), it.Waybill,
			i18n.T("inspect.status."+it.Status), i18n.T("risk."+levelOr(it.RiskLevel)))
		s.today.Add(&widget.Button{Text: label, Icon: widgets.RiskIcon(it.RiskLevel), Alignment: widget.ButtonAlignLeading,
			OnTapped: s.act(func() { s.reopen(it.ID) })})
	}
	s.todayCount.SetText(i18n.T("inspect.today_counts", "Total", len(list), "Cleared", counts[inspect.StatusCleared],
		"Held", counts[inspect.StatusHeld], "Refused", counts[inspect.StatusRefused], "Drafts", counts[inspect.StatusDraft]))
}

func (s *Screen) depotCountry() string {
	if s.depot == nil {
		return ""
	}
	return s.depot.Country
}

func levelOr(l string) string {
	if l == "" {
		return inspect.LevelGrey
	}
	return l
}

func (s *Screen) reopen(id string) {
	in, err := s.d.Store.Inspection(s.ctx(), s.user, id)
	if err != nil {
		s.waybillMsg.SetText(i18n.T(errorKey(err)))
		return
	}
	s.openInspection(in)
}

// startInspection is what a scanner's Enter does: the waybill is checked
// against the couriers' patterns (a warning, never a block) and the
// inspection opens at once.
func (s *Screen) startInspection() {
	number := inspect.CleanWaybill(s.waybill.Text)
	if number == "" {
		s.waybillMsg.SetText(i18n.T("inspect.waybill.err.missing"))
		return
	}
	stage := inspect.Stages[max(0, s.stage.SelectedIndex())]
	s.lastStage = stage
	// An unknown format is worth a look, never a reason not to record.
	w, _ := inspect.CompilePatterns(s.d.Store.WaybillPatterns(s.ctx()))
	pattern, problem := w.Check(number)
	in, err := s.d.Store.StartInspection(s.ctx(), s.user, number, stage)
	if err != nil {
		s.waybillMsg.SetText(i18n.T(errorKey(err)))
		return
	}
	in.Parcel.Courier = pattern.Courier
	if s.depot != nil {
		in.Station = s.depot.Code
		in.Parcel.Origin.Country = s.depot.Country
	}
	s.openInspection(in)
	if problem != "" {
		s.history.SetText(strings.TrimSpace(i18n.T(problem) + "\n" + s.history.Text))
		s.history.Show()
	}
}

// rules is the pack's rules in the assessment's terms: riskpack is the one
// place that converts them, for the UI and tusk assess alike.
func (s *Screen) rules() (*sop.Pack, *riskpack.Risk) {
	p := s.pack()
	if p == nil {
		return nil, nil
	}
	// Converted once per pack, not on every keystroke.
	if s.riskRules == nil || s.riskRules.Pack() != p {
		s.riskRules = riskpack.New(p)
	}
	return p, s.riskRules
}

func (s *Screen) openInspection(in *inspect.Inspection) {
	s.in = in
	s.loading = true
	defer func() { s.loading = false }()
	s.parties = map[string]*partyForm{}
	s.checks = map[string]*widget.RadioGroup{}
	s.checkNotes = map[string]*entry{}

	s.risk = &widget.Label{SizeName: theme.SizeNameHeadingText}
	s.riskIcon = widget.NewIcon(theme.InfoIcon())
	s.score = &widget.Label{}
	s.reasons = container.NewVBox()
	s.safety = &widget.Label{Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord}
	s.safety.Hide()
	s.saved = &widget.Label{Importance: widget.LowImportance}
	s.history = &widget.Label{Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord}
	s.result = &widget.Label{Importance: widget.SuccessImportance, Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameSubHeadingText}
	s.clearBt = &widget.Button{Text: i18n.T("inspect.clear"), Icon: theme.ConfirmIcon(), OnTapped: s.act(func() { s.decideClear() })}
	s.holdBt = &widget.Button{Text: i18n.T("inspect.hold"), Icon: theme.WarningIcon(), Importance: widget.WarningImportance,
		OnTapped: s.act(func() { s.openDecide(inspect.ActionHold) })}
	s.refuseBt = &widget.Button{Text: i18n.T("inspect.refuse"), Icon: theme.ErrorIcon(), Importance: widget.DangerImportance,
		OnTapped: s.act(func() { s.openDecide(inspect.ActionRefuse) })}
	back := &widget.Button{Text: i18n.T("inspect.next_parcel"), Icon: theme.NavigateBackIcon(), OnTapped: s.act(func() { s.showStart() })}
	// A wrong scan is thrown away rather than left as an unfinished parcel.
	s.discard = &widget.Button{Text: i18n.T("inspect.discard"), Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: s.act(func() {
		dialog.ShowCustomConfirm(i18n.T("inspect.discard"), i18n.T("inspect.discard_yes"), i18n.T("common.cancel"),
			widgets.Wrapped(i18n.T("inspect.discard_ask", "Waybill", s.in.Parcel.Waybill), widget.MediumImportance), func(ok bool) {
				if ok {
					s.discardDraft()
				}
			}, s.d.Win)
	})}
	// Every decision has a key: Alt+C clear, Alt+H hold, Alt+R refuse, Alt+N next parcel.
	for key, b := range map[fyne.KeyName]*widget.Button{fyne.KeyC: s.clearBt, fyne.KeyH: s.holdBt, fyne.KeyR: s.refuseBt, fyne.KeyN: back} {
		b := b
		s.altKey(key, func() {
			if s.shown() && !b.Disabled() && b.OnTapped != nil {
				b.OnTapped()
			}
		})
	}

	if hist, err := s.d.Store.WaybillHistory(s.ctx(), s.user, in.Parcel.Waybill); err == nil {
		var lines []string
		for _, h := range hist {
			if h.ID == in.ID {
				continue
			}
			lines = append(lines, fmt.Sprintf("%s · %s · %s", h.UpdatedAt.In(time.Local).Format("2006-01-02 15:04"),
				i18n.T("inspect.status."+h.Status), i18n.T("risk."+levelOr(h.RiskLevel))))
		}
		if len(lines) > 0 {
			s.history.SetText(i18n.TN("inspect.seen_before", len(lines)) + "\n" + strings.Join(lines, "\n"))
		}
	}
	if s.history.Text == "" {
		s.history.Hide()
	}

	header := container.NewVBox(
		container.NewHBox(widget.NewIcon(theme.MailComposeIcon()),
			&widget.Label{Text: in.Parcel.Waybill, SizeName: theme.SizeNameSubHeadingText},
			widget.NewLabel(i18n.T("inspect.stage."+in.Parcel.Stage)), s.saved),
		container.NewHBox(s.riskIcon, s.risk, s.score),
		s.reasons, s.safety, s.history,
		container.NewHBox(s.clearBt, s.holdBt, s.refuseBt, back, s.discard), s.result)

	sender := s.newPartyForm(inspect.RoleSender)
	receiver := s.newPartyForm(inspect.RoleReceiver)
	agent := s.newPartyForm(inspect.RoleAgent)
	s.agentOn = widget.NewCheck(i18n.T("inspect.agent_on"), func(on bool) {
		if on {
			agent.box.Show()
		} else {
			agent.box.Hide()
		}
		s.changed()
	})
	if in.Party(inspect.RoleAgent) != nil {
		s.agentOn.SetChecked(true)
	} else {
		agent.box.Hide()
	}
	s.decl = s.newDeclForm()
	s.external = widget.NewSelect(externalNames(), func(string) { s.changed() })
	s.external.SetSelectedIndex(max(0, indexOf(externalValues, in.External)))
	externalBox := container.NewVBox(widgets.Wrapped(i18n.T("inspect.external_hint"), widget.LowImportance), s.external)
	if s.d.Connector != nil {
		s.ask = &widget.Button{Text: i18n.T("inspect.external_ask"), Icon: theme.ViewRefreshIcon(), OnTapped: s.act(func() { s.askConnector() })}
		externalBox.Add(container.NewHBox(s.ask))
	}
	s.checkBox = container.NewVBox()
	s.ident = s.newIdentPanel()
	s.photos = s.newPhotoPanel()
	s.notes = s.multiLineEntry()
	s.notes.SetText(in.Notes)
	s.notes.OnChanged = func(string) { s.changed() }
	s.decide = s.newDecideForm()

	body := container.NewVBox(
		widgets.Section("inspect.sec.sender", theme.AccountIcon(), sender.box),
		widgets.Section("inspect.sec.receiver", theme.AccountIcon(), receiver.box),
		s.agentOn, agent.box,
		widgets.Section("inspect.sec.external", theme.ConfirmIcon(), externalBox),
		widgets.Section("inspect.sec.declaration", theme.DocumentIcon(), s.decl.box()),
		widgets.Section("inspect.sec.checklist", theme.CheckButtonCheckedIcon(), s.checkBox),
		widgets.Section("inspect.sec.identify", theme.SearchIcon(), s.ident.box),
		widgets.Section("inspect.sec.photos", theme.FileImageIcon(), s.photos.box),
		widgets.Section("inspect.sec.notes", theme.DocumentCreateIcon(), s.notes),
	)
	s.fillChecklist()
	view := container.NewBorder(container.NewVBox(header, s.decide.box, widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(container.NewPadded(body)))
	s.root.Objects = []fyne.CanvasObject{container.NewPadded(view)}
	s.root.Refresh()
	s.loading = false
	s.reassess()
	if in.Status != inspect.StatusDraft {
		s.showDecided()
	}
	s.focus(sender.number)
}

var externalValues = []string{inspect.ExternalNotDone, inspect.ExternalVerified, inspect.ExternalFailed, inspect.ExternalNotAvailable}

// askConnector asks the company's real-name system about the sender off
// the UI goroutine, and records its answer in the form.
func (s *Screen) askConnector() {
	s.collect()
	p := s.in.Party(inspect.RoleSender)
	if p == nil {
		return
	}
	party, in := *p, s.in
	s.ask.Disable()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		res, err := s.d.Connector.Verify(ctx, party)
		if err != nil || indexOf(externalValues, res) < 0 {
			res = inspect.ExternalNotAvailable
		}
		fyne.Do(func() {
			s.ask.Enable()
			if s.in == in {
				s.external.SetSelectedIndex(indexOf(externalValues, res))
			}
		})
	}()
}

func externalNames() []string {
	out := make([]string, len(externalValues))
	for i, v := range externalValues {
		out[i] = i18n.T("inspect.external." + v)
	}
	return out
}

// changed is called by every field: it copies the form into the
// inspection, reassesses and saves the draft.
func (s *Screen) changed() {
	if s.loading || s.in == nil || s.in.Status != inspect.StatusDraft {
		return
	}
	s.touch()
	s.collect()
	s.reassess()
	s.in.UpdatedAt = s.d.Now().UTC()
	if err := s.d.Store.SaveDraft(s.ctx(), s.user, s.in); err != nil {
		s.saved.Importance = widget.DangerImportance
		s.saved.SetText(i18n.T("inspect.not_saved", "Problem", i18n.T(errorKey(err))))
		return
	}
	s.saved.Importance = widget.LowImportance
	s.saved.SetText(i18n.T("inspect.saved_at", "Time", s.d.Now().In(time.Local).Format("15:04:05")))
}

// collect copies every form field into the inspection.
func (s *Screen) collect() {
	in := s.in
	var parties []inspect.Party
	for _, role := range inspect.Roles {
		f := s.parties[role]
		if f == nil || (role == inspect.RoleAgent && !s.agentOn.Checked) {
			continue
		}
		p := f.party()
		if p.Name == "" && p.Phone == "" && p.ID == nil && !p.RefusedID && !p.ThirdParty && role != inspect.RoleSender {
			continue
		}
		parties = append(parties, p)
	}
	in.Parties = parties
	s.decl.into(in)
	in.External = externalValues[max(0, s.external.SelectedIndex())]
	var answers []inspect.Answer
	ids := make([]string, 0, len(s.checks))
	for id := range s.checks {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		note := ""
		if n := s.checkNotes[id]; n != nil {
			note = strings.TrimSpace(n.Text)
		}
		if v := answerValue(s.checks[id].Selected); v != "" || note != "" {
			if v == "" {
				v = inspect.AnswerNotChecked
			}
			answers = append(answers, inspect.Answer{Item: id, Value: v, Note: note})
		}
	}
	in.Answers = answers
	in.Findings = s.ident.findings
	in.Photos = s.photos.photos
	in.Notes = s.notes.Text
	in.Identity = in.CheckIdentity(s.d.Now())
}

// reassess scores the inspection with the pack's rules and shows the
// result: a colour, always with a word and an icon, and every reason.
func (s *Screen) reassess() {
	p, risk := s.rules()
	if p == nil {
		return
	}
	a := risk.Assess(s.in, s.repeatCounts(), s.d.Now())
	s.in.Assessment = &a
	lang := i18n.CurrentLang()
	riskText := i18n.T("risk." + a.Level)
	if a.Level != inspect.LevelGrey {
		riskText += " · " + i18n.T("inspect.suggest."+actionOr(a.Action))
	}
	s.risk.SetText(riskText)
	s.risk.Importance = widgets.LevelImportance(a.Level)
	s.risk.Refresh()
	s.riskIcon.SetResource(widgets.RiskIcon(a.Level))
	s.score.SetText(i18n.T("inspect.score", "Score", a.Score))
	s.reasons.RemoveAll()
	for _, r := range a.Reasons {
		text := r.RuleID
		if rule := p.RuleByID[r.RuleID]; rule != nil {
			text = rule.Explain.In(lang)
		}
		s.reasons.Add(widgets.Wrapped(fmt.Sprintf("+%d  %s", r.Weight, text), widgets.LevelImportance(a.Level)))
	}
	// Live animals: the handling note shows before anyone opens the parcel.
	s.safety.Hide()
	if s.in.LiveSigns || hasYes(s, p, "live") || declaredLive(s.in) {
		s.safety.SetText(i18n.T("inspect.live_safety"))
		s.safety.Show()
	}
}

func actionOr(a string) string {
	if a == "" {
		return inspect.ActionClear
	}
	return a
}

// hasYes reports a "yes" in a checklist group, e.g. the signs of a live animal.
func hasYes(s *Screen, p *sop.Pack, group string) bool {
	for id, rg := range s.checks {
		if it := p.ItemByID[id]; it != nil && it.Group == group && answerValue(rg.Selected) == inspect.AnswerYes {
			return true
		}
	}
	return false
}

func declaredLive(in *inspect.Inspection) bool {
	for _, c := range in.Parcel.Contents {
		if c.Category == "live_animals" {
			return true
		}
	}
	return false
}

// repeatCounts asks the store how often each party's ID or phone was on
// earlier held parcels, by keyed hash, and shows it at the party.
func (s *Screen) repeatCounts() map[string]int {
	out, err := s.d.Store.RepeatCounts(s.ctx(), s.user, s.in)
	if err != nil {
		return nil
	}
	for role, f := range s.parties {
		// The links cost a second query: redo them only when the count or
		// the party's ID and phone change, not on every keystroke.
		shown := fmt.Sprint(out[role])
		if p := s.in.Party(role); p != nil {
			shown += "|" + p.Phone
			if p.ID != nil {
				shown += "|" + p.ID.Number
			}
		}
		if shown == f.repeatShown {
			continue
		}
		f.repeatShown = shown
		f.repeatLinks.RemoveAll()
		if n := out[role]; n > 0 {
			f.repeat.SetText(i18n.TN("inspect.repeat", n))
			f.repeat.Show()
			// Each earlier parcel is one tap away.
			if p := s.in.Party(role); p != nil {
				if keys, err := s.d.Store.PartyKeys(s.ctx(), *p, s.depotCountry()); err == nil {
					if _, earlier, err := s.d.Store.RepeatSenders(s.ctx(), s.user, keys); err == nil {
						for _, e := range earlier {
							if e.ID == s.in.ID {
								continue
							}
							id := e.ID
							f.repeatLinks.Add(&widget.Button{Text: fmt.Sprintf("%s · %s · %s", e.ID, e.Waybill, i18n.T("inspect.status."+e.Status)),
								Icon: theme.NavigateNextIcon(), Importance: widget.LowImportance, OnTapped: s.act(func() { s.reopen(id) })})
						}
					}
				}
			}
		} else {
			f.repeat.Hide()
		}
	}
	return out
}

func answerValue(selected string) string {
	switch selected {
	case i18n.T("inspect.answer.yes"):
		return inspect.AnswerYes
	case i18n.T("inspect.answer.no"):
		return inspect.AnswerNo
	case i18n.T("inspect.answer.not_checked"):
		return inspect.AnswerNotChecked
	}
	return ""
}

// fillChecklist shows the items for this stage and the declared category,
// grouped, each answered yes, no or not checked.
func (s *Screen) fillChecklist() {
	p := s.pack()
	s.checkBox.RemoveAll()
	if p == nil {
		s.checkBox.Add(widgets.Wrapped(i18n.T("cards.loading"), widget.LowImportance))
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
	keep := map[string]*widget.RadioGroup{}
	keepNotes := map[string]*entry{}
	group := ""
	opts := []string{i18n.T("inspect.answer.yes"), i18n.T("inspect.answer.no"), i18n.T("inspect.answer.not_checked")}
	for _, it := range items {
		if it.Group != group {
			group = it.Group
			name := group
			if g := p.GroupByID[group]; g != nil {
				name = g.Names.In(lang)
			}
			s.checkBox.Add(&widget.Label{Text: name, SizeName: theme.SizeNameSubHeadingText})
		}
		id := it.ID
		rg := s.checks[id]
		if rg == nil {
			rg = widget.NewRadioGroup(opts, func(string) { s.changed() })
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
		q := widgets.Wrapped(it.Question.In(lang), widget.MediumImportance)
		note := s.checkNotes[id]
		if note == nil {
			note = s.entry("inspect.check_note")
			note.SetText(prevNote[id])
			note.OnChanged = func(string) { s.changed() }
		}
		keepNotes[id] = note
		row := container.NewVBox(q, container.NewGridWithColumns(2, rg, note))
		if h := it.Hint.In(lang); h != "" {
			row.Add(widgets.Wrapped(h, widget.LowImportance))
		}
		s.checkBox.Add(row)
	}
	s.checks, s.checkNotes = keep, keepNotes
	if len(items) == 0 {
		s.checkBox.Add(widgets.Wrapped(i18n.T("inspect.checklist_empty"), widget.LowImportance))
	}
}

func (s *Screen) newDecideForm() *decideForm {
	f := &decideForm{title: &widget.Label{SizeName: theme.SizeNameSubHeadingText}, reason: s.entry("inspect.decide.reason_hint"),
		seals: s.entry("inspect.decide.seals_hint"), storage: s.entry("inspect.decide.storage_hint")}
	f.fields = map[string]*widgets.Field{
		"reason": widgets.NewField("inspect.decide.reason", f.reason), "seals": widgets.NewField("inspect.decide.seals", f.seals),
		"storage": widgets.NewField("inspect.decide.storage", f.storage),
	}
	f.save = &widget.Button{Text: i18n.T("inspect.decide.save"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance,
		OnTapped: s.act(func() { s.saveDecision() })}
	f.cancel = &widget.Button{Text: i18n.T("common.cancel"), Icon: theme.CancelIcon(), OnTapped: func() { f.box.Hide() }}
	f.storage.OnSubmitted = func(string) { s.saveDecision() }
	f.box = container.NewVBox(widget.NewSeparator(), f.title,
		widgets.FormGrid(f.fields["reason"], f.fields["seals"], f.fields["storage"]), container.NewHBox(f.save, f.cancel))
	f.box.Hide()
	return f
}

// openDecide is the one action that secures a suspicious parcel: the form
// opens with the reasons already filled in; seals and storage follow.
func (s *Screen) openDecide(action string) {
	f := s.decide
	f.action = action
	f.title.SetText(i18n.T("inspect.decide.title." + action))
	if f.reason.Text == "" && s.in.Assessment != nil {
		p := s.pack()
		var rs []string
		for i, r := range s.in.Assessment.Reasons {
			if i == 3 {
				break
			}
			if rule := p.RuleByID[r.RuleID]; rule != nil {
				rs = append(rs, rule.Name.In(i18n.CurrentLang()))
			}
		}
		f.reason.SetText(strings.Join(rs, "; "))
	}
	f.box.Show()
	s.d.Win.Canvas().Focus(f.seals)
}

func (s *Screen) decideClear() {
	s.decide.action = inspect.ActionClear
	s.saveDecision()
}

func (s *Screen) saveDecision() {
	f := s.decide
	for _, fl := range f.fields {
		fl.SetError("")
	}
	s.collect()
	s.reassess()
	d := inspect.Decision{Action: f.action, At: s.d.Now().UTC(), By: strconv.FormatInt(s.user.ID, 10)}
	if f.action != inspect.ActionClear {
		d.Reason = strings.TrimSpace(f.reason.Text)
		d.Storage = strings.TrimSpace(f.storage.Text)
		for _, seal := range strings.FieldsFunc(f.seals.Text, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '，' }) {
			d.Seals = append(d.Seals, seal)
		}
	}
	// The last keystrokes go to the draft first: Decide records what is saved.
	s.in.UpdatedAt = s.d.Now().UTC()
	if err := s.d.Store.SaveDraft(s.ctx(), s.user, s.in); err != nil {
		s.saved.Importance = widget.DangerImportance
		s.saved.SetText(i18n.T("inspect.not_saved", "Problem", i18n.T(errorKey(err))))
		return
	}
	c, err := s.d.Store.Decide(s.ctx(), s.user, s.in.ID, d, *s.in.Assessment)
	if err != nil {
		var fes store.FieldErrors
		if errors.As(err, &fes) {
			for _, fe := range fes {
				if fl := f.fields[fe.Field]; fl != nil {
					fl.SetError(fe.Code)
				}
			}
			f.box.Show()
			return
		}
		s.saved.Importance = widget.DangerImportance
		s.saved.SetText(i18n.T(errorKey(err)))
		return
	}
	s.in.Decision = &d
	s.in.Status = map[string]string{inspect.ActionClear: inspect.StatusCleared, inspect.ActionHold: inspect.StatusHeld,
		inspect.ActionRefuse: inspect.StatusRefused}[f.action]
	f.box.Hide()
	if c != nil {
		s.result.SetText(i18n.T("inspect.case_opened", "Number", c.Number))
	}
	s.showDecided()
}

// discardDraft deletes the open draft (audited by the store) and goes back
// to the scan.
func (s *Screen) discardDraft() {
	if err := s.d.Store.DiscardDraft(s.ctx(), s.user, s.in.ID); err != nil {
		s.saved.Importance = widget.DangerImportance
		s.saved.SetText(i18n.T(errorKey(err)))
		return
	}
	s.showStart()
}

// showDecided locks a decided inspection: it is a record now, not a form.
func (s *Screen) showDecided() {
	if s.result.Text == "" {
		s.result.SetText(i18n.T("inspect.decided", "Status", i18n.T("inspect.status."+s.in.Status)))
	}
	s.result.Importance = widgets.LevelImportance(map[string]string{inspect.StatusCleared: inspect.LevelGreen,
		inspect.StatusHeld: inspect.LevelAmber, inspect.StatusRefused: inspect.LevelRed}[s.in.Status])
	s.result.Refresh()
	s.clearBt.Disable()
	s.holdBt.Disable()
	s.refuseBt.Disable()
	s.discard.Hide()
}
