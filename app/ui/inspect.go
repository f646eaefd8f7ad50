package ui

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
	"tusk/i18n"
)

// inspectScreen is the counter's main job: scan, triage, check, decide.
// Every change is saved as a draft at once, so a power cut loses at most
// the field being typed.
type inspectScreen struct {
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
	fields                    map[string]*field
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
	fields                    map[string]*field
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
	fields  map[string]*field
	save    *widget.Button
	cancel  *widget.Button
}

func (u *UI) buildInspect() fyne.CanvasObject {
	s := &inspectScreen{root: container.NewStack()}
	u.inspect = s
	// Once per sign-in, an unfinished inspection comes back by itself;
	// after that the day's list reopens it.
	recover := !u.draftChecked
	u.draftChecked = true
	if d, err := u.deps.Store.LatestDraft(u.ctx(), u.user); recover && err == nil && d != nil {
		// A draft left by a crash or a power cut comes back as it was.
		u.openInspection(s, d)
		s.saved.Importance = widget.WarningImportance
		s.saved.SetText(i18n.T("inspect.recovered", "Time", d.UpdatedAt.In(time.Local).Format("15:04:05")))
	} else {
		u.showStart(s)
	}
	return s.root
}

// stageNames are the inspection stages in the user's language.
func stageNames() []string {
	out := make([]string, len(inspect.Stages))
	for i, st := range inspect.Stages {
		out[i] = i18n.T("inspect.stage." + st)
	}
	return out
}

func (u *UI) showStart(s *inspectScreen) {
	s.in = nil
	s.waybill = u.entry("inspect.waybill_hint")
	s.waybill.OnSubmitted = func(string) { u.startInspection(s) }
	s.stage = widget.NewSelect(stageNames(), nil)
	s.stage.SetSelectedIndex(indexOf(inspect.Stages, u.lastStage))
	if s.stage.SelectedIndex() < 0 {
		s.stage.SetSelectedIndex(0)
	}
	s.start = &widget.Button{Text: i18n.T("inspect.start"), Icon: theme.NavigateNextIcon(), Importance: widget.HighImportance,
		OnTapped: u.act(func() { u.startInspection(s) })}
	s.waybillMsg = &widget.Label{Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord}
	s.today = container.NewVBox()
	s.todayCount = &widget.Label{}
	u.refreshToday(s)
	scan := container.NewVBox(heading("inspect.scan_title"), wrapped(i18n.T("inspect.scan_hint"), widget.MediumImportance),
		formGrid(newField("inspect.waybill", s.waybill), newField("inspect.stage", s.stage)),
		container.NewHBox(s.start), s.waybillMsg)
	day := container.NewBorder(container.NewVBox(widget.NewSeparator(), &widget.Label{Text: i18n.T("inspect.today"), SizeName: theme.SizeNameSubHeadingText}, s.todayCount),
		nil, nil, nil, container.NewVScroll(s.today))
	s.root.Objects = []fyne.CanvasObject{container.NewPadded(container.NewBorder(scan, nil, nil, nil, day))}
	s.root.Refresh()
	u.focus(s.waybill)
}

// refreshToday lists the inspector's parcels of today, newest first, each
// one tap from being opened again.
func (u *UI) refreshToday(s *inspectScreen) {
	s.today.RemoveAll()
	list, err := u.deps.Store.Day(u.ctx(), u.user, u.deps.Now(), time.Local, false)
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
		s.today.Add(&widget.Button{Text: label, Icon: riskIcon(it.RiskLevel), Alignment: widget.ButtonAlignLeading,
			OnTapped: u.act(func() { u.reopen(s, it.ID) })})
	}
	s.todayCount.SetText(i18n.T("inspect.today_counts", "Total", len(list), "Cleared", counts[inspect.StatusCleared],
		"Held", counts[inspect.StatusHeld], "Refused", counts[inspect.StatusRefused], "Drafts", counts[inspect.StatusDraft]))
}

func (u *UI) depotCountry() string {
	if u.depot == nil {
		return ""
	}
	return u.depot.Country
}

func levelOr(l string) string {
	if l == "" {
		return inspect.LevelGrey
	}
	return l
}

func (u *UI) reopen(s *inspectScreen, id string) {
	in, err := u.deps.Store.Inspection(u.ctx(), u.user, id)
	if err != nil {
		s.waybillMsg.SetText(i18n.T(errorKey(err)))
		return
	}
	u.openInspection(s, in)
}

// startInspection is what a scanner's Enter does: the waybill is checked
// against the couriers' patterns (a warning, never a block) and the
// inspection opens at once.
func (u *UI) startInspection(s *inspectScreen) {
	number := inspect.CleanWaybill(s.waybill.Text)
	if number == "" {
		s.waybillMsg.SetText(i18n.T("inspect.waybill.err.missing"))
		return
	}
	stage := inspect.Stages[max(0, s.stage.SelectedIndex())]
	u.lastStage = stage
	// An unknown format is worth a look, never a reason not to record.
	w, _ := inspect.CompilePatterns(u.deps.Store.WaybillPatterns(u.ctx()))
	pattern, problem := w.Check(number)
	in, err := u.deps.Store.StartInspection(u.ctx(), u.user, number, stage)
	if err != nil {
		s.waybillMsg.SetText(i18n.T(errorKey(err)))
		return
	}
	in.Parcel.Courier = pattern.Courier
	if u.depot != nil {
		in.Station = u.depot.Code
		in.Parcel.Origin.Country = u.depot.Country
	}
	u.openInspection(s, in)
	if problem != "" {
		s.history.SetText(strings.TrimSpace(i18n.T(problem) + "\n" + s.history.Text))
		s.history.Show()
	}
}

// rules is the pack's rules in the assessment's terms: riskpack is the one
// place that converts them, for the UI and tusk assess alike.
func (u *UI) rules() (*sop.Pack, *riskpack.Risk) {
	p := u.pack()
	if p == nil {
		return nil, nil
	}
	// Converted once per pack, not on every keystroke.
	if u.risk == nil || u.risk.Pack() != p {
		u.risk = riskpack.New(p)
	}
	return p, u.risk
}

func (u *UI) openInspection(s *inspectScreen, in *inspect.Inspection) {
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
	s.clearBt = &widget.Button{Text: i18n.T("inspect.clear"), Icon: theme.ConfirmIcon(), OnTapped: u.act(func() { u.decideClear(s) })}
	s.holdBt = &widget.Button{Text: i18n.T("inspect.hold"), Icon: theme.WarningIcon(), Importance: widget.WarningImportance,
		OnTapped: u.act(func() { u.openDecide(s, inspect.ActionHold) })}
	s.refuseBt = &widget.Button{Text: i18n.T("inspect.refuse"), Icon: theme.ErrorIcon(), Importance: widget.DangerImportance,
		OnTapped: u.act(func() { u.openDecide(s, inspect.ActionRefuse) })}
	back := &widget.Button{Text: i18n.T("inspect.next_parcel"), Icon: theme.NavigateBackIcon(), OnTapped: u.act(func() { u.showStart(s) })}
	// A wrong scan is thrown away rather than left as an unfinished parcel.
	s.discard = &widget.Button{Text: i18n.T("inspect.discard"), Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: u.act(func() {
		dialog.ShowCustomConfirm(i18n.T("inspect.discard"), i18n.T("inspect.discard_yes"), i18n.T("common.cancel"),
			wrapped(i18n.T("inspect.discard_ask", "Waybill", s.in.Parcel.Waybill), widget.MediumImportance), func(ok bool) {
				if ok {
					u.discardDraft(s)
				}
			}, u.win)
	})}
	// Every decision has a key: Alt+C clear, Alt+H hold, Alt+R refuse, Alt+N next parcel.
	for key, b := range map[fyne.KeyName]*widget.Button{fyne.KeyC: s.clearBt, fyne.KeyH: s.holdBt, fyne.KeyR: s.refuseBt, fyne.KeyN: back} {
		b := b
		u.altKey(key, func() {
			if u.shell != nil && u.shell.current == navInspect && !b.Disabled() && b.OnTapped != nil {
				b.OnTapped()
			}
		})
	}

	if hist, err := u.deps.Store.WaybillHistory(u.ctx(), u.user, in.Parcel.Waybill); err == nil {
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

	sender := u.newPartyForm(s, inspect.RoleSender)
	receiver := u.newPartyForm(s, inspect.RoleReceiver)
	agent := u.newPartyForm(s, inspect.RoleAgent)
	s.agentOn = widget.NewCheck(i18n.T("inspect.agent_on"), func(on bool) {
		if on {
			agent.box.Show()
		} else {
			agent.box.Hide()
		}
		u.changed(s)
	})
	if in.Party(inspect.RoleAgent) != nil {
		s.agentOn.SetChecked(true)
	} else {
		agent.box.Hide()
	}
	s.decl = u.newDeclForm(s)
	s.external = widget.NewSelect(externalNames(), func(string) { u.changed(s) })
	s.external.SetSelectedIndex(max(0, indexOf(externalValues, in.External)))
	externalBox := container.NewVBox(wrapped(i18n.T("inspect.external_hint"), widget.LowImportance), s.external)
	if u.deps.Connector != nil {
		s.ask = &widget.Button{Text: i18n.T("inspect.external_ask"), Icon: theme.ViewRefreshIcon(), OnTapped: u.act(func() { u.askConnector(s) })}
		externalBox.Add(container.NewHBox(s.ask))
	}
	s.checkBox = container.NewVBox()
	s.ident = u.newIdentPanel(s)
	s.photos = u.newPhotoPanel(s)
	s.notes = u.multiLineEntry()
	s.notes.SetText(in.Notes)
	s.notes.OnChanged = func(string) { u.changed(s) }
	s.decide = u.newDecideForm(s)

	body := container.NewVBox(
		section("inspect.sec.sender", theme.AccountIcon(), sender.box),
		section("inspect.sec.receiver", theme.AccountIcon(), receiver.box),
		s.agentOn, agent.box,
		section("inspect.sec.external", theme.ConfirmIcon(), externalBox),
		section("inspect.sec.declaration", theme.DocumentIcon(), s.decl.box()),
		section("inspect.sec.checklist", theme.CheckButtonCheckedIcon(), s.checkBox),
		section("inspect.sec.identify", theme.SearchIcon(), s.ident.box),
		section("inspect.sec.photos", theme.FileImageIcon(), s.photos.box),
		section("inspect.sec.notes", theme.DocumentCreateIcon(), s.notes),
	)
	u.fillChecklist(s)
	view := container.NewBorder(container.NewVBox(header, s.decide.box, widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(container.NewPadded(body)))
	s.root.Objects = []fyne.CanvasObject{container.NewPadded(view)}
	s.root.Refresh()
	s.loading = false
	u.reassess(s)
	if in.Status != inspect.StatusDraft {
		u.showDecided(s)
	}
	u.focus(sender.number)
}

var externalValues = []string{inspect.ExternalNotDone, inspect.ExternalVerified, inspect.ExternalFailed, inspect.ExternalNotAvailable}

// askConnector asks the company's real-name system about the sender off
// the UI goroutine, and records its answer in the form.
func (u *UI) askConnector(s *inspectScreen) {
	u.collect(s)
	p := s.in.Party(inspect.RoleSender)
	if p == nil {
		return
	}
	party, in := *p, s.in
	s.ask.Disable()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		res, err := u.deps.Connector.Verify(ctx, party)
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
func (u *UI) changed(s *inspectScreen) {
	if s.loading || s.in == nil || s.in.Status != inspect.StatusDraft {
		return
	}
	u.idle.touch()
	u.collect(s)
	u.reassess(s)
	s.in.UpdatedAt = u.deps.Now().UTC()
	if err := u.deps.Store.SaveDraft(u.ctx(), u.user, s.in); err != nil {
		s.saved.Importance = widget.DangerImportance
		s.saved.SetText(i18n.T("inspect.not_saved", "Problem", i18n.T(errorKey(err))))
		return
	}
	s.saved.Importance = widget.LowImportance
	s.saved.SetText(i18n.T("inspect.saved_at", "Time", u.deps.Now().In(time.Local).Format("15:04:05")))
}

// collect copies every form field into the inspection.
func (u *UI) collect(s *inspectScreen) {
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
	in.Identity = in.CheckIdentity(u.deps.Now())
}

// reassess scores the inspection with the pack's rules and shows the
// result: a colour, always with a word and an icon, and every reason.
func (u *UI) reassess(s *inspectScreen) {
	p, risk := u.rules()
	if p == nil {
		return
	}
	a := risk.Assess(s.in, u.repeatCounts(s), u.deps.Now())
	s.in.Assessment = &a
	lang := i18n.CurrentLang()
	riskText := i18n.T("risk." + a.Level)
	if a.Level != inspect.LevelGrey {
		riskText += " · " + i18n.T("inspect.suggest."+actionOr(a.Action))
	}
	s.risk.SetText(riskText)
	s.risk.Importance = levelImportance(a.Level)
	s.risk.Refresh()
	s.riskIcon.SetResource(riskIcon(a.Level))
	s.score.SetText(i18n.T("inspect.score", "Score", a.Score))
	s.reasons.RemoveAll()
	for _, r := range a.Reasons {
		text := r.RuleID
		if rule := p.RuleByID[r.RuleID]; rule != nil {
			text = rule.Explain.In(lang)
		}
		s.reasons.Add(wrapped(fmt.Sprintf("+%d  %s", r.Weight, text), levelImportance(a.Level)))
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
func hasYes(s *inspectScreen, p *sop.Pack, group string) bool {
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

func levelImportance(level string) widget.Importance {
	switch level {
	case inspect.LevelGreen:
		return widget.SuccessImportance
	case inspect.LevelAmber:
		return widget.WarningImportance
	case inspect.LevelRed:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

func riskIcon(level string) fyne.Resource {
	switch level {
	case inspect.LevelGreen:
		return theme.ConfirmIcon()
	case inspect.LevelAmber:
		return theme.WarningIcon()
	case inspect.LevelRed:
		return theme.ErrorIcon()
	}
	return theme.QuestionIcon()
}

// repeatCounts asks the store how often each party's ID or phone was on
// earlier held parcels, by keyed hash, and shows it at the party.
func (u *UI) repeatCounts(s *inspectScreen) map[string]int {
	out, err := u.deps.Store.RepeatCounts(u.ctx(), u.user, s.in)
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
				if keys, err := u.deps.Store.PartyKeys(u.ctx(), *p, u.depotCountry()); err == nil {
					if _, earlier, err := u.deps.Store.RepeatSenders(u.ctx(), u.user, keys); err == nil {
						for _, e := range earlier {
							if e.ID == s.in.ID {
								continue
							}
							id := e.ID
							f.repeatLinks.Add(&widget.Button{Text: fmt.Sprintf("%s · %s · %s", e.ID, e.Waybill, i18n.T("inspect.status."+e.Status)),
								Icon: theme.NavigateNextIcon(), Importance: widget.LowImportance, OnTapped: u.act(func() { u.reopen(s, id) })})
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
func (u *UI) fillChecklist(s *inspectScreen) {
	p := u.pack()
	s.checkBox.RemoveAll()
	if p == nil {
		s.checkBox.Add(wrapped(i18n.T("cards.loading"), widget.LowImportance))
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
			rg = widget.NewRadioGroup(opts, func(string) { u.changed(s) })
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
		q := wrapped(it.Question.In(lang), widget.MediumImportance)
		note := s.checkNotes[id]
		if note == nil {
			note = u.entry("inspect.check_note")
			note.SetText(prevNote[id])
			note.OnChanged = func(string) { u.changed(s) }
		}
		keepNotes[id] = note
		row := container.NewVBox(q, container.NewGridWithColumns(2, rg, note))
		if h := it.Hint.In(lang); h != "" {
			row.Add(wrapped(h, widget.LowImportance))
		}
		s.checkBox.Add(row)
	}
	s.checks, s.checkNotes = keep, keepNotes
	if len(items) == 0 {
		s.checkBox.Add(wrapped(i18n.T("inspect.checklist_empty"), widget.LowImportance))
	}
}

func (u *UI) newDecideForm(s *inspectScreen) *decideForm {
	f := &decideForm{title: &widget.Label{SizeName: theme.SizeNameSubHeadingText}, reason: u.entry("inspect.decide.reason_hint"),
		seals: u.entry("inspect.decide.seals_hint"), storage: u.entry("inspect.decide.storage_hint")}
	f.fields = map[string]*field{
		"reason": newField("inspect.decide.reason", f.reason), "seals": newField("inspect.decide.seals", f.seals),
		"storage": newField("inspect.decide.storage", f.storage),
	}
	f.save = &widget.Button{Text: i18n.T("inspect.decide.save"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance,
		OnTapped: u.act(func() { u.saveDecision(s) })}
	f.cancel = &widget.Button{Text: i18n.T("common.cancel"), Icon: theme.CancelIcon(), OnTapped: func() { f.box.Hide() }}
	f.storage.OnSubmitted = func(string) { u.saveDecision(s) }
	f.box = container.NewVBox(widget.NewSeparator(), f.title,
		formGrid(f.fields["reason"], f.fields["seals"], f.fields["storage"]), container.NewHBox(f.save, f.cancel))
	f.box.Hide()
	return f
}

// openDecide is the one action that secures a suspicious parcel: the form
// opens with the reasons already filled in; seals and storage follow.
func (u *UI) openDecide(s *inspectScreen, action string) {
	f := s.decide
	f.action = action
	f.title.SetText(i18n.T("inspect.decide.title." + action))
	if f.reason.Text == "" && s.in.Assessment != nil {
		p := u.pack()
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
	u.win.Canvas().Focus(f.seals)
}

func (u *UI) decideClear(s *inspectScreen) {
	s.decide.action = inspect.ActionClear
	u.saveDecision(s)
}

func (u *UI) saveDecision(s *inspectScreen) {
	f := s.decide
	for _, fl := range f.fields {
		fl.setError("")
	}
	u.collect(s)
	u.reassess(s)
	d := inspect.Decision{Action: f.action, At: u.deps.Now().UTC(), By: strconv.FormatInt(u.user.ID, 10)}
	if f.action != inspect.ActionClear {
		d.Reason = strings.TrimSpace(f.reason.Text)
		d.Storage = strings.TrimSpace(f.storage.Text)
		for _, seal := range strings.FieldsFunc(f.seals.Text, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '，' }) {
			d.Seals = append(d.Seals, seal)
		}
	}
	// The last keystrokes go to the draft first: Decide records what is saved.
	s.in.UpdatedAt = u.deps.Now().UTC()
	if err := u.deps.Store.SaveDraft(u.ctx(), u.user, s.in); err != nil {
		s.saved.Importance = widget.DangerImportance
		s.saved.SetText(i18n.T("inspect.not_saved", "Problem", i18n.T(errorKey(err))))
		return
	}
	c, err := u.deps.Store.Decide(u.ctx(), u.user, s.in.ID, d, *s.in.Assessment)
	if err != nil {
		var fes store.FieldErrors
		if errors.As(err, &fes) {
			for _, fe := range fes {
				if fl := f.fields[fe.Field]; fl != nil {
					fl.setError(fe.Code)
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
	u.showDecided(s)
}

// discardDraft deletes the open draft (audited by the store) and goes back
// to the scan.
func (u *UI) discardDraft(s *inspectScreen) {
	if err := u.deps.Store.DiscardDraft(u.ctx(), u.user, s.in.ID); err != nil {
		s.saved.Importance = widget.DangerImportance
		s.saved.SetText(i18n.T(errorKey(err)))
		return
	}
	u.showStart(s)
}

// showDecided locks a decided inspection: it is a record now, not a form.
func (u *UI) showDecided(s *inspectScreen) {
	if s.result.Text == "" {
		s.result.SetText(i18n.T("inspect.decided", "Status", i18n.T("inspect.status."+s.in.Status)))
	}
	s.result.Importance = levelImportance(map[string]string{inspect.StatusCleared: inspect.LevelGreen,
		inspect.StatusHeld: inspect.LevelAmber, inspect.StatusRefused: inspect.LevelRed}[s.in.Status])
	s.result.Refresh()
	s.clearBt.Disable()
	s.holdBt.Disable()
	s.refuseBt.Disable()
	s.discard.Hide()
}
