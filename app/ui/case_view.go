package ui

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/caserecord"
	"tusk/app/export"
	"tusk/app/inspect"
	"tusk/app/store"
	"tusk/i18n"
)

// caseView is the open case: everything the inspector recorded, photos,
// history, the comment thread, and the supervisor's decisions.
type caseView struct {
	cs *inspect.Case

	buttons map[string]*widget.Button // decision kind → button
	form    *fyne.Container           // the chosen decision's fields
	kind    string
	fields  map[string]*field
	reason  *entry
	police  *entry
	officer *entry
	badge   *entry
	unit    *entry
	when    *entry
	expert  *entry
	answer  *entry
	outcome *widget.Select
	to      *widget.Select
	toIDs   []string
	confirm *widget.Button
	message *widget.Label
	banner  *widget.Label // what the last decision did, at the top

	comment    *entry
	addComment *widget.Button
	thread     *fyne.Container
}

// caseOutcomes are the outcomes offered when closing; release offers the
// last two.
var caseOutcomes = store.Outcomes

func (u *UI) openCase(s *casesScreen, number string) {
	s.current = number
	s.slip = nil
	u.refreshCases(s)
	cs, err := u.deps.Store.CaseByNumber(u.ctx(), u.user, number)
	if err != nil {
		s.detail.Objects = []fyne.CanvasObject{container.NewPadded(wrapped(i18n.T(errorKey(err)), widget.DangerImportance))}
		s.detail.Refresh()
		return
	}
	v := &caseView{cs: cs, buttons: map[string]*widget.Button{}, message: &widget.Label{Wrapping: fyne.TextWrapWord},
		banner: &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.SuccessImportance}}
	s.view = v
	head := &widget.Label{Text: cs.Number, SizeName: theme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Bold: true}}
	badge := &widget.Label{Text: i18n.T("case.status." + cs.Status), Importance: widget.HighImportance, TextStyle: fyne.TextStyle{Bold: true}}
	risk := container.NewHBox(widget.NewIcon(riskIcon(cs.Risk)), &widget.Label{Text: i18n.T("risk." + cs.Risk), Importance: levelImportance(cs.Risk)})
	v.banner.Hide()
	body := container.NewVBox(container.NewHBox(head, badge, risk), v.banner)
	if cs.Sensitive {
		body.Add(wrapped(i18n.T("review.sensitive_note"), widget.WarningImportance))
	}
	if cs.Outcome != "" {
		body.Add(wrapped(i18n.T("review.outcome_line", "Outcome", i18n.T("review.outcome."+cs.Outcome)), widget.MediumImportance))
	}
	in, err := u.deps.Store.Inspection(u.ctx(), u.user, cs.InspectionID)
	if err == nil {
		station := cs.Station
		if station == "" && u.depot != nil {
			station = u.depot.Code
		}
		body.Add(u.caseRecorded(in, station))
		body.Add(section("review.photos", theme.FileImageIcon(), u.casePhotos(in)))
	}
	if events, err := u.deps.Store.Custody(u.ctx(), u.user, cs.Number); err == nil {
		custody := container.NewVBox()
		for _, e := range events {
			line := fmt.Sprintf("%s  %s → %s", e.At.In(time.Local).Format("2006-01-02 15:04"), e.From, e.To)
			if len(e.Seals) > 0 {
				line += "  · " + strings.Join(e.Seals, ", ")
			}
			custody.Add(wrapped(line, widget.MediumImportance))
		}
		body.Add(section("case.custody", theme.HistoryIcon(), custody))
	}
	if u.user.Can(store.CapDecide) {
		body.Add(section("review.decide", theme.ConfirmIcon(), u.decisionPanel(s, v)))
		if cs.Status == inspect.CaseReferred || cs.Status == inspect.CaseHandedOver {
			body.Add(section("case.slip", theme.DocumentPrintIcon(), u.newSlipForm(s)))
		}
	}
	body.Add(section("review.thread", theme.MailComposeIcon(), u.commentThread(s, v)))
	body.Add(section("review.history", theme.HistoryIcon(), u.caseHistory(cs.Number)))
	s.detail.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewPadded(body))}
	s.detail.Refresh()
}

// caseRecorded is what the inspector recorded, with personal data only
// for those who may see it.
func (u *UI) caseRecorded(in *inspect.Inspection, station string) fyne.CanvasObject {
	if !u.user.Can(store.CapViewPersonal) {
		store.MaskPersonal(in)
	}
	box := container.NewVBox()
	add := func(text string) { box.Add(wrapped(text, widget.MediumImportance)) }
	p := in.Parcel
	add(i18n.T("review.parcel", "Waybill", p.Waybill, "Station", station, "Stage", i18n.T("inspect.stage."+p.Stage),
		"Inspection", in.ID, "When", in.CreatedAt.In(time.Local).Format("2006-01-02 15:04")))
	tr := i18n.Current()
	for _, line := range []string{caserecord.DeclaredText(tr, p), caserecord.RouteText(tr, p)} {
		if line != "" {
			add(line)
		}
	}
	for _, pt := range in.Parties {
		id := ""
		if pt.ID != nil {
			id = i18n.T("inspect.doc."+pt.ID.Type) + " " + pt.ID.Number
		}
		add("• " + i18n.T("inspect.sec."+pt.Role) + ": " + strings.Join(nonEmpty(pt.Name, id, pt.Phone, pt.Address), " · "))
	}
	for _, f := range in.Findings {
		line := "• " + u.cardTitle(f.Card) + " · " + i18n.T("inspect.confidence."+f.Confidence)
		if f.Count > 0 {
			line += fmt.Sprintf(" · ×%d", f.Count)
		}
		if f.WeightKg > 0 {
			line += " · " + caserecord.Kg(f.WeightKg) + " kg"
		}
		add(line)
	}
	if pk := u.pack(); pk != nil {
		for _, a := range in.Answers {
			if a.Value == inspect.AnswerYes {
				if item := pk.ItemByID[a.Item]; item != nil {
					add("✓ " + item.Question.In(i18n.CurrentLang()))
				}
			}
		}
	}
	if pk := u.pack(); pk != nil && in.Assessment != nil {
		for _, r := range in.Assessment.Reasons {
			text := r.RuleID
			if rule := pk.RuleByID[r.RuleID]; rule != nil {
				text = rule.Explain.In(i18n.CurrentLang())
			}
			add(fmt.Sprintf("+%d %s", r.Weight, text))
		}
	}
	if in.Notes != "" {
		add(i18n.T("review.notes", "Notes", in.Notes))
	}
	if in.Decision != nil {
		add(i18n.T("case.decision", "Reason", caserecord.DecisionReason(i18n.Current(), u.pack(), in.Decision), "Seals", strings.Join(in.Decision.Seals, ", "), "Storage", in.Decision.Storage))
	}
	return box
}

// casePhotos shows thumbnails; tapping one opens it at full size.
func (u *UI) casePhotos(in *inspect.Inspection) fyne.CanvasObject {
	grid := container.NewGridWrap(fyne.NewSize(160, 150))
	for _, ph := range in.Photos {
		path, err := u.deps.Store.PhotoPath(u.ctx(), u.user, ph.SHA256)
		if err != nil {
			grid.Add(wrapped(ph.SHA256[:12]+" · "+i18n.T(errorKey(err)), widget.DangerImportance))
			continue
		}
		img := canvas.NewImageFromFile(path)
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(150, 110))
		name := ph.FileName
		open := &widget.Button{Text: ph.SHA256[:12], Icon: theme.ZoomInIcon(), Importance: widget.LowImportance,
			OnTapped: u.act(func() { u.showPhoto(path, name) })}
		grid.Add(container.NewBorder(nil, open, nil, nil, img))
	}
	if len(in.Photos) == 0 {
		return wrapped(i18n.T("review.no_photos"), widget.LowImportance)
	}
	return grid
}

// showPhoto opens a photo at full size in its own window.
func (u *UI) showPhoto(path, name string) {
	img := canvas.NewImageFromFile(path)
	img.FillMode = canvas.ImageFillOriginal
	w := fyne.CurrentApp().NewWindow(name)
	w.SetContent(container.NewScroll(img))
	w.Resize(fyne.NewSize(900, 700))
	w.Show()
}

// caseHistory is the case's audit trail, oldest first.
func (u *UI) caseHistory(number string) fyne.CanvasObject {
	box := container.NewVBox()
	entries, err := u.deps.Store.CaseHistory(u.ctx(), u.user, number)
	if err != nil {
		return wrapped(i18n.T(errorKey(err)), widget.DangerImportance)
	}
	for _, e := range entries {
		box.Add(&widget.Label{Text: caserecord.HistoryLine(i18n.Current(), e, time.Local),
			Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance})
	}
	return box
}

// commentThread lists the case's comments and decisions with their
// words, and takes a new comment.
func (u *UI) commentThread(s *casesScreen, v *caseView) fyne.CanvasObject {
	v.thread = container.NewVBox()
	u.refreshThread(v)
	v.comment = u.newEntry()
	v.comment.MultiLine = true
	v.comment.Wrapping = fyne.TextWrapWord
	v.comment.SetPlaceHolder(i18n.T("review.comment_hint"))
	v.addComment = &widget.Button{Text: i18n.T("review.comment_add"), Icon: theme.MailSendIcon(), OnTapped: u.act(func() {
		if strings.TrimSpace(v.comment.Text) == "" {
			return
		}
		if _, err := u.deps.Store.DecideCase(u.ctx(), u.user, v.cs.Number, store.CaseDecision{Kind: store.KindComment, Text: v.comment.Text}); err != nil {
			v.message.SetText(i18n.T(errorKey(err)))
			return
		}
		v.comment.SetText("")
		u.refreshThread(v)
	})}
	return container.NewVBox(v.thread, v.comment, container.NewHBox(v.addComment))
}

func (u *UI) refreshThread(v *caseView) {
	v.thread.RemoveAll()
	events, err := u.deps.Store.CaseEvents(u.ctx(), u.user, v.cs.Number)
	if err != nil {
		v.thread.Add(wrapped(i18n.T(errorKey(err)), widget.DangerImportance))
		return
	}
	for _, e := range events {
		words := strings.Join(nonEmpty(e.Reason, e.Text, e.Expert, e.Officer, e.Unit, e.PoliceRef), " · ")
		if e.Outcome != "" {
			words = strings.Join(nonEmpty(i18n.T("review.outcome."+e.Outcome), words), " · ")
		}
		head := fmt.Sprintf("%s · %s · %s", e.At.In(time.Local).Format("2006-01-02 15:04"), e.Actor, i18n.T("review.kind."+e.Kind))
		v.thread.Add(container.NewVBox(&widget.Label{Text: head, TextStyle: fyne.TextStyle{Bold: true}}, wrapped(words, widget.MediumImportance)))
	}
	if len(events) == 0 {
		v.thread.Add(wrapped(i18n.T("review.no_comments"), widget.LowImportance))
	}
}

// decisionPanel offers the decisions that fit the case's status; each
// opens its fields below the buttons.
func (u *UI) decisionPanel(s *casesScreen, v *caseView) fyne.CanvasObject {
	buttons := container.NewGridWrap(fyne.NewSize(210, 38))
	kinds := append([]string{store.KindReview}, store.DecisionKinds...)
	for _, kind := range kinds {
		if !store.DecisionAllowed(kind, v.cs.Status, v.cs.Pending) {
			continue
		}
		kind := kind
		label := "review.do." + kind
		if kind == store.KindSensitive && v.cs.Sensitive {
			label = "review.do.unsensitive"
		}
		b := &widget.Button{Text: i18n.T(label), Icon: decisionIcon(kind), Alignment: widget.ButtonAlignLeading,
			OnTapped: u.act(func() { u.chooseDecision(s, v, kind) })}
		v.buttons[kind] = b
		buttons.Add(b)
	}
	v.form = container.NewVBox()
	return container.NewVBox(buttons, v.form, v.message)
}

func decisionIcon(kind string) fyne.Resource {
	switch kind {
	case store.KindRelease:
		return theme.ConfirmIcon()
	case store.KindReturn:
		return theme.MailReplyIcon()
	case store.KindSecondOpening:
		return theme.SearchIcon()
	case store.KindRefer, store.KindConfirm:
		return theme.DocumentPrintIcon()
	case store.KindHandover:
		return theme.AccountIcon()
	case store.KindClose:
		return theme.CancelIcon()
	case store.KindSensitive:
		return theme.VisibilityOffIcon()
	case store.KindExpertAsk, store.KindExpertAnswer:
		return theme.QuestionIcon()
	}
	return theme.ViewRefreshIcon()
}

// chooseDecision shows the fields a decision needs, and its button.
func (u *UI) chooseDecision(s *casesScreen, v *caseView, kind string) {
	v.kind = kind
	v.fields = map[string]*field{}
	v.message.SetText("")
	var rows []*field
	addEntry := func(name, label string, multi bool) *entry {
		e := u.newEntry()
		if multi {
			e.MultiLine, e.Wrapping = true, fyne.TextWrapWord
		}
		f := newField(label, e)
		v.fields[name] = f
		rows = append(rows, f)
		return e
	}
	switch kind {
	case store.KindRelease, store.KindReturn, store.KindSecondOpening, store.KindSensitive:
		v.reason = addEntry("reason", "review.f.reason", true)
	case store.KindRefer:
		v.to, v.toIDs = u.addresseeSelect(v.cs)
		f := newField("case.slip_to", v.to)
		v.fields["addressee"] = f
		rows = append(rows, f)
	case store.KindHandover:
		v.officer = addEntry("officer", "review.f.officer", false)
		v.badge = addEntry("badge", "review.f.badge", false)
		v.unit = addEntry("unit", "review.f.unit", false)
		v.when = addEntry("handover_at", "review.f.when", false)
		v.when.SetText(u.deps.Store.Now().In(time.Local).Format("2006-01-02 15:04"))
	case store.KindClose:
		var names []string
		for _, o := range caseOutcomes {
			names = append(names, i18n.T("review.outcome."+o))
		}
		v.outcome = newSelect(names, nil)
		f := newField("review.f.outcome", v.outcome)
		v.fields["outcome"] = f
		rows = append(rows, f)
		v.police = addEntry("police_ref", "review.f.police_ref", false)
	case store.KindExpertAsk:
		v.expert = addEntry("expert", "review.f.expert", false)
	case store.KindExpertAnswer:
		v.answer = addEntry("text", "review.f.answer", true)
	}
	if kind == store.KindRelease {
		v.outcome = newSelect([]string{i18n.T("review.outcome." + store.OutcomeNoAction), i18n.T("review.outcome." + store.OutcomeNotWildlife)}, nil)
		v.outcome.SetSelectedIndex(0)
		f := newField("review.f.outcome", v.outcome)
		v.fields["outcome"] = f
		rows = append(rows, f)
	}
	v.confirm = &widget.Button{Text: i18n.T("review.confirm." + kind), Icon: decisionIcon(kind), Importance: widget.HighImportance,
		OnTapped: u.act(func() { u.submitDecision(s, v) })}
	v.form.Objects = []fyne.CanvasObject{widget.NewSeparator(), wrapped(i18n.T("review.explain."+kind), widget.LowImportance)}
	if len(rows) > 0 {
		v.form.Add(formGrid(rows...))
	}
	v.form.Add(container.NewHBox(v.confirm))
	v.form.Refresh()
	for _, f := range rows {
		if e, ok := f.input.(*entry); ok {
			u.win.Canvas().Focus(e)
			break
		}
	}
}

// addresseeSelect lists the referral directory of the depot's country;
// for a sensitive case the depot's alternate addressee comes first.
func (u *UI) addresseeSelect(cs *inspect.Case) (*widget.Select, []string) {
	var ids, names []string
	alt := ""
	if cs.Sensitive {
		alt, _ = u.deps.Store.Setting(u.ctx(), store.SettingSensitiveAddressee)
	}
	if p := u.pack(); p != nil && u.depot != nil {
		for _, r := range p.Referrals(u.depot.Country) {
			name := i18n.T("referral.kind."+r.Kind) + ": " + r.Names.In(i18n.CurrentLang())
			if r.ID == alt {
				ids, names = append([]string{r.ID}, ids...), append([]string{name}, names...)
				continue
			}
			ids, names = append(ids, r.ID), append(names, name)
		}
	}
	sel := newSelect(names, nil)
	if len(names) > 0 {
		sel.SetSelectedIndex(0)
	}
	return sel, ids
}

// submitDecision sends the decision to the store; problems are marked at
// their fields and nothing changes.
func (u *UI) submitDecision(s *casesScreen, v *caseView) {
	for _, f := range v.fields {
		f.setError("")
	}
	d := store.CaseDecision{Kind: v.kind}
	text := func(e *entry) string {
		if e == nil {
			return ""
		}
		return e.Text
	}
	d.Reason, d.PoliceRef, d.Officer, d.Badge, d.Unit = text(v.reason), text(v.police), text(v.officer), text(v.badge), text(v.unit)
	d.Expert, d.Text = text(v.expert), text(v.answer)
	switch v.kind {
	case store.KindSensitive:
		d.Sensitive = !v.cs.Sensitive
	case store.KindRefer:
		if i := v.to.SelectedIndex(); i >= 0 && i < len(v.toIDs) {
			d.Addressee = v.toIDs[i]
		}
	case store.KindClose:
		if i := v.outcome.SelectedIndex(); i >= 0 {
			d.Outcome = caseOutcomes[i]
		}
	case store.KindRelease:
		d.Outcome = []string{store.OutcomeNoAction, store.OutcomeNotWildlife}[max(0, v.outcome.SelectedIndex())]
	case store.KindHandover:
		t, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(v.when.Text), time.Local)
		if err != nil {
			v.fields["handover_at"].setError("review.err.time")
			return
		}
		d.HandoverAt = t.UTC()
	}
	cs, err := u.deps.Store.DecideCase(u.ctx(), u.user, v.cs.Number, d)
	if err != nil {
		var fe store.FieldErrors
		if asErr(err, &fe) {
			for _, e := range fe {
				if f := v.fields[e.Field]; f != nil {
					f.setError(e.Code)
				}
			}
			return
		}
		v.message.Importance = widget.DangerImportance
		v.message.SetText(i18n.T(errorKey(err)))
		return
	}
	u.openCase(s, cs.Number)
	nv := s.view
	nv.banner.Show()
	nv.banner.SetText(i18n.T("review.done."+d.Kind, "Case", cs.Number, "Status", i18n.T("case.status."+cs.Status)))
	if d.Kind == store.KindExpertAsk {
		u.saveExpertPackage(nv, cs.Number)
	}
	if (d.Kind == store.KindRefer || d.Kind == store.KindConfirm) && cs.Status == inspect.CaseReferred && s.slip != nil {
		// A sealed key asks for its passphrase first; cancelled, the form
		// says so and the slip can be made later from it.
		u.withKey(func() { u.slipOnReferral(s, nv, d.Addressee) }, func() { u.slipFailed(s.slip, store.ErrKeyLocked) })
	}
}

// slipOnReferral makes the slip as soon as the case is referred and keeps
// the PDF in the home folder's slips/, to print or save a copy from.
func (u *UI) slipOnReferral(s *casesScreen, v *caseView, addressee string) {
	f := s.slip
	for i, id := range f.toIDs {
		if id == addressee {
			f.to.SetSelectedIndex(i)
		}
	}
	path := ""
	slip, err := u.makeSlip(s, u.keptSlipOut(), func(sl *caserecord.Slip) error {
		var err error
		path, err = u.keepSlip(sl)
		return err
	}, false)
	if err != nil {
		u.slipFailed(f, err)
		return
	}
	u.slipDone(s, slip, "case.slip_saved", path)
}

// saveExpertPackage asks where to write the expert's zip.
func (u *UI) saveExpertPackage(v *caseView, number string) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		defer w.Close()
		if err := u.writeExpertPackage(number, w); err != nil {
			v.message.Importance = widget.DangerImportance
			v.message.SetText(i18n.T(errorKey(err)))
			return
		}
		v.message.Importance = widget.SuccessImportance
		v.message.SetText(i18n.T("review.expert_saved", "Path", w.URI().Path()))
	}, u.win)
	d.SetFileName(strings.ReplaceAll(number, "/", "_") + "-expert.zip")
	u.dialogs.Track(d)
}

// writeExpertPackage writes the zip through the store, all at once, so a
// failed write leaves no half package behind in the writer's file.
func (u *UI) writeExpertPackage(number string, w interface{ Write([]byte) (int, error) }) error {
	var buf bytes.Buffer
	if err := export.ExpertPackage(u.ctx(), u.deps.Store, u.user, number, &buf); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
