package counter

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	flow "tusk/app/counter"
	"tusk/app/inspect"
	"tusk/app/riskpack"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// Screen is the counter's main job: scan, triage, check, decide. It
// shows the state machine of tusk/app/counter: every change is saved as a
// draft at once, so a power cut loses at most the field being typed, and
// a scan from any field starts the next parcel.
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
	// probe, when set, sees every key and tap the screen's widgets
	// receive: the idle lock's activity, and tests counting actions.
	probe func(target fyne.CanvasObject, kind string)

	m      flow.Machine
	check  flow.ClearCheck // Clear's guards for the open parcel, from the last assessment
	policy flow.Policy
	scans  flow.Recogniser
	dialog dialog.Dialog // the one dialog the screen has open
	// watchDialog runs a check until it reports done, to close the dialog
	// when the screen goes; nil polls on the UI goroutine. Tests run the
	// check themselves (the test driver has no UI goroutine).
	watchDialog func(check func() bool)

	root    *fyne.Container // the scan bar over content
	content *fyne.Container // today's list, or the open parcel

	// The scan bar, always there.
	waybill    *entry
	stage      *widget.Select
	start      *button
	waybillMsg *widget.Label
	// Today's list.
	today      *fyne.Container
	todayCount *widget.Label

	// The open inspection.
	in       *inspect.Inspection
	loading  bool // set while fields are filled from in, so no save fires
	title    *widget.Label
	history  *widget.Label
	risk     *widget.Label
	riskIcon *widget.Icon
	score    *widget.Label
	missing  *widget.Label // what is not recorded yet, in words
	reasons  *fyne.Container
	safety   *widget.Label
	clearBt  *button
	holdBt   *button
	refuseBt *button
	postalBt *button // refuse under the postal rules: shown while the rules suggest it
	nextBt   *button
	discard  *button
	saved    *widget.Label
	result   *widget.Label // after a decision
	// panel is the fixed-height area under the buttons: the reasons, or
	// the hold form, the clear step or the discard question in their place.
	panel       *fyne.Container
	info        fyne.CanvasObject
	body        *container.Scroll
	form        *fyne.Container // everything that is locked once decided
	clearStep   *clearStep
	discardStep *fyne.Container
	discardYes  *button
	discardQ    *widget.Label
	header      *fyne.Container
	parcelView  *fyne.Container // the header over the form, reused by every scan
	agentBox    *fyne.Container

	parties    map[string]*partyForm
	agentOn    *widget.Check
	decl       *declForm
	external   *widget.Select
	ask        *widget.Button // asks the company's real-name system, when there is one
	checks     map[string]*widget.RadioGroup
	checkNotes map[string]*entry
	checkBox   *fyne.Container
	checkItems []string // the checklist's items, in order
	groups     []*checkGroup
	ident      *identPanel
	photos     *photoPanel
	notes      *entry

	decide *decideForm
}

// partyForm is the real-name check of one person.
type partyForm struct {
	role                      string
	box                       *fyne.Container
	name, phone, address      *entry
	docType                   *widget.Select
	number, idName            *entry
	expiry                    *entry // the expiry date typed from the document, YYYY-MM-DD
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

// headerPanelHeight is the fixed height of the area under the decision
// buttons: reasons scroll inside it and the hold form takes its place, so
// nothing above or below ever moves.
const headerPanelHeight = 150

// buildScanBar makes the scan field, always at the top of the screen:
// a scan typed into it, or into any other field, opens the next parcel.
func (s *Screen) buildScanBar() fyne.CanvasObject {
	s.waybill = s.entry("inspect.waybill_hint")
	s.waybill.OnSubmitted = func(string) { s.startInspection() }
	s.stage = widgets.NewSelect(stageNames(), nil)
	s.stage.SetSelectedIndex(indexOf(inspect.Stages, s.lastStage))
	if s.stage.SelectedIndex() < 0 {
		s.stage.SetSelectedIndex(0)
	}
	s.start = s.button(i18n.T("inspect.start")+" · Enter", theme.NavigateNextIcon(), widget.HighImportance, s.startInspection)
	s.waybillMsg = &widget.Label{Importance: widget.WarningImportance, Truncation: fyne.TextTruncateEllipsis}
	label := &widget.Label{Text: i18n.T("inspect.waybill"), TextStyle: fyne.TextStyle{Bold: true}}
	return container.NewVBox(container.NewBorder(nil, nil, container.NewHBox(widget.NewIcon(theme.MailComposeIcon()), label),
		container.NewHBox(s.stage, s.start), s.waybill), s.waybillMsg)
}

// showStart is the idle state: the scan field waits, today's parcels below.
func (s *Screen) showStart() {
	s.in = nil
	s.m.Next()
	s.closeDialog()
	s.today = container.NewVBox()
	s.todayCount = &widget.Label{}
	s.refreshToday()
	hint := hintLabel(i18n.T("inspect.scan_hint") + " " + i18n.T("counter.scan_any"))
	top := container.NewVBox(hint)
	if s.user.Can(store.CapManageDepot) {
		top.Add(s.strictSetting())
	}
	day := container.NewBorder(container.NewVBox(top, widget.NewSeparator(),
		&widget.Label{Text: i18n.T("inspect.today"), SizeName: theme.SizeNameSubHeadingText}, s.todayCount),
		nil, nil, nil, container.NewVScroll(s.today))
	s.setContent(day)
	s.focus(s.waybill)
}

// strictSetting is the supervisor's switch for the Clear policy: strict,
// the ID and suggestion guards block Clear instead of asking for a reason.
func (s *Screen) strictSetting() fyne.CanvasObject {
	msg := &widget.Label{Importance: widget.DangerImportance}
	msg.Hide()
	c := widget.NewCheck(i18n.T("counter.strict_setting"), nil)
	c.SetChecked(s.d.Store.CounterStrict(s.ctx()))
	c.OnChanged = func(on bool) {
		s.touch()
		v := "0"
		if on {
			v = "1"
		}
		if err := s.d.Store.SetSetting(s.ctx(), s.user, store.SettingCounterStrict, v); err != nil {
			msg.SetText(i18n.T(errorKey(err)))
			msg.Show()
		}
		// The next scan still goes to the scan field.
		s.focus(s.waybill)
	}
	return container.NewVBox(c, hintLabel(i18n.T("counter.strict_hint")), msg)
}

func (s *Screen) setContent(o fyne.CanvasObject) {
	s.content.Objects = []fyne.CanvasObject{o}
	s.content.Refresh()
}

// hintLabel is a hint that can be read: not the faint grey of a
// placeholder, italic so it still reads as a hint.
func hintLabel(text string) *widget.Label {
	return &widget.Label{Text: text, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}}
}

func (s *Screen) reopen(id string) {
	in, err := s.d.Store.Inspection(s.ctx(), s.user, id)
	if err != nil {
		s.waybillMsg.SetText(i18n.T(errorKey(err)))
		return
	}
	facts, lines := s.factsFor(in.Parcel.Waybill, in.ID)
	s.openInspection(in, facts, lines)
}

// factsFor is what is known about a waybill before anyone types: the
// courier format, its history and an open case.
func (s *Screen) factsFor(number, self string) (flow.Facts, []string) {
	f := flow.Facts{Waybill: number}
	w, _ := inspect.CompilePatterns(s.d.Store.WaybillPatterns(s.ctx()))
	s.scans.Formats = w
	pattern, problem := w.Check(number)
	f.Courier, f.FormatProblem = pattern.Courier, problem
	var lines []string
	if hist, err := s.d.Store.WaybillHistory(s.ctx(), s.user, number); err == nil {
		for _, h := range hist {
			if h.ID == self {
				continue
			}
			f.Seen++
			if h.Status == inspect.StatusHeld || h.Status == inspect.StatusRefused {
				f.Held++
			}
			line := fmt.Sprintf("%s · %s · %s", h.UpdatedAt.In(time.Local).Format("2006-01-02 15:04"),
				i18n.T("inspect.status."+h.Status), i18n.T("risk."+levelOr(h.RiskLevel)))
			if h.Case != "" {
				line += " · " + h.Case
			}
			lines = append(lines, line)
		}
	}
	f.OpenCase, _ = s.d.Store.WaybillOpenCase(s.ctx(), s.user, number)
	return f, lines
}

// startInspection is what a scanner's Enter does: the waybill is checked
// against the couriers' patterns (a warning, never a block) and the next
// parcel opens at once, with what is known about it already assessed.
func (s *Screen) startInspection() {
	number := inspect.CleanWaybill(s.waybill.Text)
	if number == "" {
		s.waybillMsg.SetText(i18n.T("inspect.waybill.err.missing"))
		return
	}
	stage := inspect.Stages[max(0, s.stage.SelectedIndex())]
	s.lastStage = stage
	facts, lines := s.factsFor(number, "")
	in, err := s.d.Store.StartInspection(s.ctx(), s.user, number, stage)
	if err != nil {
		s.waybillMsg.SetText(i18n.T(errorKey(err)))
		return
	}
	s.waybillMsg.SetText("")
	s.waybill.SetText("")
	in.Parcel.Courier = facts.Courier
	if s.depot != nil {
		in.Station = s.depot.Code
		in.Parcel.Origin.Country = s.depot.Country
	}
	s.m.Scan(facts)
	// The draft is saved by StartInspection; the assessment goes with
	// the first change.
	s.showParcel(in, facts, lines)
}

// openInspection shows an inspection from the day's list, a link or the
// recovered draft: a decided one read-only.
func (s *Screen) openInspection(in *inspect.Inspection, facts flow.Facts, lines []string) {
	s.m.Open(in.Status, len(in.Parties) > 0 || len(in.Answers) > 0 || len(in.Findings) > 0, facts)
	s.showParcel(in, facts, lines)
}

// historyText is the waybill's facts in words.
func historyText(f flow.Facts, lines []string) string {
	var out []string
	if f.OpenCase != "" {
		out = append(out, i18n.T("counter.open_case_line", "Case", f.OpenCase))
	}
	if f.FormatProblem != "" {
		out = append(out, i18n.T(f.FormatProblem))
	}
	if len(lines) > 0 {
		out = append(out, i18n.TN("inspect.seen_before", len(lines)))
		out = append(out, lines...)
	}
	return strings.Join(out, "\n")
}

// showParcel lays the open parcel out: a header that holds still (the
// triage, the decision buttons with their keys, and a fixed-height panel
// whose reasons scroll inside it), then the form in counter order:
// identity, what is seen, the declaration, the checklist folded by
// section, notes.
func (s *Screen) showParcel(in *inspect.Inspection, facts flow.Facts, lines []string) {
	s.closeDialog()
	s.in = in
	s.loading = true
	defer func() { s.loading = false }()
	s.policy.Strict = s.d.Store.CounterStrict(s.ctx())
	s.checks = map[string]*widget.RadioGroup{}
	s.checkNotes = map[string]*entry{}
	s.groups, s.checkItems = nil, nil

	s.resetHeader(in, facts, lines)
	if s.form == nil {
		s.buildForm()
	} else {
		s.fillForm()
	}
	s.fillChecklist()
	if len(s.content.Objects) == 0 || s.content.Objects[0] != s.parcelView {
		s.setContent(s.parcelView)
	}
	s.body.ScrollToTop()
	s.loading = false
	if in.Status == inspect.StatusDraft {
		// The form as it stands: an empty sender is an ID not recorded.
		s.collect()
	}
	s.reassess()
	s.showPanel(s.info)
	if in.Status != inspect.StatusDraft {
		s.showDecided()
		return
	}
	s.focus(s.parties[inspect.RoleSender].number)
}

// buildForm makes the parcel's form once per visit of the screen, in
// counter order: identity, what is seen, the declaration, the checklist
// folded by section, notes. The parcels scanned after reuse it, filled
// with their own values.
func (s *Screen) buildForm() {
	s.parties = map[string]*partyForm{}
	sender := s.newPartyForm(inspect.RoleSender)
	receiver := s.newPartyForm(inspect.RoleReceiver)
	// The agent's form is built when there is one: most parcels have none.
	s.agentBox = container.NewVBox()
	s.agentOn = widget.NewCheck(i18n.T("inspect.agent_on"), nil)
	s.agentOn.OnChanged = func(on bool) {
		if on && s.parties[inspect.RoleAgent] == nil {
			s.agentBox.Objects = []fyne.CanvasObject{s.newPartyForm(inspect.RoleAgent).box}
		}
		s.agentBox.Hidden = !on
		s.agentBox.Refresh()
		s.changed()
	}
	s.agentOn.SetChecked(s.in.Party(inspect.RoleAgent) != nil)
	s.agentBox.Hidden = !s.agentOn.Checked
	s.decl = s.newDeclForm()
	s.external = widgets.NewSelect(externalNames(), func(string) { s.changed() })
	s.external.SetSelectedIndex(max(0, indexOf(externalValues, s.in.External)))
	externalBox := container.NewVBox(hintLabel(i18n.T("inspect.external_hint")), s.external)
	if s.d.Connector != nil {
		s.ask = &widget.Button{Text: i18n.T("inspect.external_ask"), Icon: theme.ViewRefreshIcon(), OnTapped: s.act(func() { s.askConnector() })}
		externalBox.Add(container.NewHBox(s.ask))
	}
	s.checkBox = container.NewVBox()
	s.ident = s.newIdentPanel()
	s.photos = s.newPhotoPanel()
	s.notes = s.multiLineEntry()
	s.notes.SetText(s.in.Notes)
	s.notes.OnChanged = func(string) { s.changed() }

	s.form = container.NewVBox(
		widgets.Section("inspect.sec.sender", theme.AccountIcon(), sender.box),
		widgets.Section("inspect.sec.receiver", theme.AccountIcon(), receiver.box),
		s.agentOn, s.agentBox,
		widgets.Section("inspect.sec.external", theme.ConfirmIcon(), externalBox),
		widgets.Section("inspect.sec.identify", theme.SearchIcon(), s.ident.box),
		widgets.Section("inspect.sec.photos", theme.FileImageIcon(), s.photos.box),
		widgets.Section("inspect.sec.declaration", theme.DocumentIcon(), s.decl.box()),
		widgets.Section("inspect.sec.checklist", theme.CheckButtonCheckedIcon(), s.checkBox),
		widgets.Section("inspect.sec.notes", theme.DocumentCreateIcon(), s.notes),
	)
	s.body = container.NewVScroll(container.NewPadded(s.form))
	s.parcelView = container.NewBorder(container.NewVBox(s.header, widget.NewSeparator()), nil, nil, nil, s.body)
}

// fillForm shows the open parcel in the form built for an earlier one:
// every field takes the new parcel's value or goes empty, and a form
// locked for a decided parcel opens again.
func (s *Screen) fillForm() {
	unlock(s.form)
	for _, f := range s.parties {
		s.fillParty(f)
	}
	hasAgent := s.in.Party(inspect.RoleAgent) != nil
	s.agentOn.SetChecked(hasAgent)
	s.agentBox.Hidden = !hasAgent
	s.fillDecl()
	setIndex(s.external, max(0, indexOf(externalValues, s.in.External)))
	s.fillIdent()
	s.fillPhotos()
	setText(s.notes, s.in.Notes)
}

// buildHeader makes the triage header once per visit of the screen: the
// parcels scanned after it reuse its widgets, so a scan does not build
// a dozen buttons again.
func (s *Screen) buildHeader() {
	s.title = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	s.risk = &widget.Label{SizeName: theme.SizeNameSubHeadingText, TextStyle: fyne.TextStyle{Bold: true}}
	s.riskIcon = widget.NewIcon(theme.InfoIcon())
	s.score = &widget.Label{}
	s.missing = &widget.Label{Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	s.reasons = container.NewVBox()
	s.safety = &widget.Label{Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord}
	s.saved = &widget.Label{Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis, Alignment: fyne.TextAlignTrailing}
	s.history = &widget.Label{Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord}
	s.result = &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameSubHeadingText, TextStyle: fyne.TextStyle{Bold: true}}
	s.clearBt = s.button(i18n.T("inspect.clear")+" · Alt+C", theme.ConfirmIcon(), widget.MediumImportance, s.clearPressed)
	s.holdBt = s.button(i18n.T("inspect.hold")+" · Alt+H", theme.WarningIcon(), widget.WarningImportance, func() { s.openDecide(inspect.ActionHold) })
	s.refuseBt = s.button(i18n.T("inspect.refuse")+" · Alt+R", theme.ErrorIcon(), widget.DangerImportance, func() { s.openDecide(inspect.ActionRefuse) })
	s.postalBt = s.button(i18n.T("postal.refuse")+" · Alt+P", theme.CancelIcon(), widget.WarningImportance, s.openPostal)
	s.postalBt.Hide()
	s.nextBt = s.button(i18n.T("inspect.next_parcel")+" · Alt+N", theme.NavigateBackIcon(), widget.MediumImportance, s.next)
	// A wrong scan is thrown away rather than left as an unfinished parcel.
	s.discard = s.button(i18n.T("inspect.discard")+" · Alt+D", theme.DeleteIcon(), widget.LowImportance, s.askDiscard)
	// What was decided comes first: a reopened record opens on its case.
	s.info = container.NewVScroll(container.NewVBox(s.result, s.missing, s.reasons, s.safety, s.history))
	s.decide = s.newDecideForm()
	s.clearStep = s.newClearStep()
	s.discardStep = s.newDiscardStep()
	s.panel = container.NewStack(s.info, s.decide.box, s.clearStep.box, s.discardStep)
	s.header = container.NewVBox(
		// The waybill and the save state share what is left of the row and
		// are cut short there: a long message never widens the window.
		container.NewBorder(nil, nil, container.NewHBox(s.riskIcon, s.risk, s.score), s.discard, container.New(&titleRow{title: s.title}, s.title, s.saved)),
		container.NewHBox(s.clearBt, s.holdBt, s.postalBt, s.refuseBt, s.nextBt),
		container.New(fixedHeight{headerPanelHeight}, s.panel))
}

// resetHeader shows a parcel in the header: its waybill and facts, the
// buttons on, every form of the panel empty.
func (s *Screen) resetHeader(in *inspect.Inspection, facts flow.Facts, lines []string) {
	s.title.SetText(in.Parcel.Waybill + " · " + i18n.T("inspect.stage."+in.Parcel.Stage))
	s.saved.Importance = widget.LowImportance
	s.saved.SetText("")
	s.safety.Hide()
	s.history.SetText(historyText(facts, lines))
	s.history.Hidden = s.history.Text == ""
	s.result.SetText("")
	s.result.Hide()
	for _, b := range []*button{s.clearBt, s.holdBt, s.refuseBt, s.postalBt} {
		b.Enable()
	}
	s.postalBt.Hide()
	s.discard.Show()
	f := s.decide
	for _, e := range []*entry{f.reason, f.seals, f.storage} {
		e.SetText("")
	}
	for _, fl := range f.fields {
		fl.SetError("")
	}
	s.clearStep.reason.SetText("")
	s.clearStep.field.SetError("")
	s.discardQ.SetText(i18n.T("inspect.discard_ask", "Waybill", in.Parcel.Waybill))
	s.showPanel(s.info)
}

// titleRow gives the waybill and stage all the width they need, and the
// save state what is left: both are cut short, the waybill last.
type titleRow struct{ title *widget.Label }

func (l *titleRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(objs[0].MinSize().Width, h)
}

func (l *titleRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	th := l.title.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	want := fyne.MeasureText(l.title.Text, th.Size(theme.SizeNameText), l.title.TextStyle).Width + 2*pad + 4
	w := min(want, size.Width)
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(w, size.Height))
	objs[1].Move(fyne.NewPos(w, 0))
	objs[1].Resize(fyne.NewSize(max(0, size.Width-w), size.Height))
}

// fixedHeight lays its objects out at a fixed height, whatever they hold:
// the header never grows when a reason or a message appears.
type fixedHeight struct{ h float32 }

func (l fixedHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := float32(0)
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	return fyne.NewSize(w, l.h)
}

func (l fixedHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// showPanel shows one of the panel's views.
func (s *Screen) showPanel(o fyne.CanvasObject) {
	for _, p := range s.panel.Objects {
		if p == o {
			p.Show()
		} else {
			p.Hide()
		}
	}
}

// changed is called by every field: it copies the form into the
// inspection, reassesses and saves the draft. A decided parcel is a
// record: nothing changes it.
func (s *Screen) changed() {
	if s.loading || s.in == nil || s.m.Edit() != nil {
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

// reassess scores the inspection with the pack's rules and what is known
// of the waybill, and shows the triage: a colour, always with a word and
// an icon, what is missing in words, and every reason. A failed check is
// never green.
func (s *Screen) reassess() {
	p, risk := s.rules()
	if p == nil {
		return
	}
	if s.in.Status == inspect.StatusDraft {
		a := risk.Assess(s.in, s.repeatCounts(), s.d.Now())
		s.in.Assessment = &a
		s.in.Identity = s.in.CheckIdentity(s.d.Now())
	}
	s.check = flow.CheckClear(s.in, s.in.Assessment, s.m.Facts(), s.policy, s.d.Now())
	t := flow.TriageOf(s.in.Assessment, s.check, s.m.Facts())
	riskText := i18n.T("risk." + t.Level)
	switch t.Action {
	case "":
	case flow.SuggestCheck:
		riskText += " · " + i18n.T("counter.suggest.check")
	default:
		riskText += " · " + i18n.T("inspect.suggest."+t.Action)
	}
	// A prohibited article that is not wildlife: the postal refusal is
	// offered beside Refuse and refer, which stays for wildlife signs.
	s.postalBt.Hidden = !flow.PostalOffered(s.in.Assessment)
	s.postalBt.Refresh()
	s.risk.SetText(riskText)
	s.risk.Importance = widgets.LevelImportance(t.Level)
	s.risk.Refresh()
	s.riskIcon.SetResource(widgets.RiskIcon(t.Level))
	score := 0
	if s.in.Assessment != nil {
		score = s.in.Assessment.Score
	}
	s.score.SetText("")
	if score > 0 {
		s.score.SetText(i18n.T("inspect.score", "Score", score))
	}
	var missing []string
	for _, k := range t.Missing {
		missing = append(missing, i18n.T(k, "Case", s.m.Facts().OpenCase))
	}
	s.missing.SetText(strings.Join(missing, " · "))
	s.missing.Hidden = len(missing) == 0
	s.missing.Refresh()
	// Reasons are never green: each is something that failed.
	imp := widget.WarningImportance
	if t.Level == inspect.LevelRed {
		imp = widget.DangerImportance
	}
	lang := i18n.CurrentLang()
	var lines []fyne.CanvasObject
	if s.in.Assessment != nil {
		for _, r := range s.in.Assessment.Reasons {
			text := r.RuleID
			if rule := p.RuleByID[r.RuleID]; rule != nil {
				text = rule.Explain.In(lang)
			}
			lines = append(lines, widgets.Wrapped(fmt.Sprintf("+%d  %s", r.Weight, text), imp))
		}
	}
	s.reasons.Objects = lines
	s.reasons.Refresh()
	// Live animals: the handling note shows before anyone opens the parcel.
	s.safety.Hide()
	if s.in.LiveSigns || hasYes(s, p, "live") || declaredLive(s.in) {
		s.safety.SetText(i18n.T("inspect.live_safety"))
		s.safety.Show()
	}
}

// stageNames are the inspection stages in the user's language.
func stageNames() []string {
	out := make([]string, len(inspect.Stages))
	for i, st := range inspect.Stages {
		out[i] = i18n.T("inspect.stage." + st)
	}
	return out
}

// refreshToday lists the inspector's parcels of today, newest first, each
// one tap from being opened again.
func (s *Screen) refreshToday() {
	list, err := s.d.Store.Day(s.ctx(), s.user, s.d.Now(), time.Local, false)
	if err != nil {
		s.todayCount.SetText(i18n.T("common.err.unexpected"))
		return
	}
	counts := map[string]int{}
	rows := make([]fyne.CanvasObject, 0, len(list))
	// Newest first.
	for i := len(list) - 1; i >= 0; i-- {
		it := list[i]
		counts[it.Status]++
		label := fmt.Sprintf("%s  %s  %s · %s", it.UpdatedAt.In(time.Local).Format("15:04"), it.Waybill,
			i18n.T("inspect.status."+it.Status), i18n.T("risk."+levelOr(it.RiskLevel)))
		rows = append(rows, &widget.Button{Text: label, Icon: widgets.RiskIcon(it.RiskLevel), Alignment: widget.ButtonAlignLeading,
			OnTapped: s.act(func() { s.reopen(it.ID) })})
	}
	s.today.Objects = rows
	s.today.Refresh()
	s.todayCount.SetText(i18n.T("inspect.today_counts", "Total", len(list), "Cleared", counts[inspect.StatusCleared],
		"Held", counts[inspect.StatusHeld], "Refused", counts[inspect.StatusRefused], "Drafts", counts[inspect.StatusDraft]))
	// Refusals under the postal rules are counted apart from the wildlife ones.
	if n := counts[inspect.StatusRefusedPostal]; n > 0 {
		s.todayCount.SetText(s.todayCount.Text + " · " + i18n.T("postal.today_count", "N", n))
	}
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
	for _, id := range s.checkItems {
		v, note := s.answerOf(id)
		if v != "" || note != "" {
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
