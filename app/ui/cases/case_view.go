package cases

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/atomicfile"
	"tusk/app/casedesk"
	"tusk/app/caserecord"
	"tusk/app/export"
	"tusk/app/inspect"
	"tusk/app/store"
	"tusk/app/ui/dialogs"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// caseView is the open case: everything the inspector recorded, photos,
// history, the comment thread, and the supervisor's decisions.
type caseView struct {
	cs *inspect.Case

	buttons map[string]*widget.Button // decision kind → button
	form    *fyne.Container           // the chosen decision's fields
	kind    string
	fields  map[string]*widgets.Field
	reason  *widgets.Entry
	police  *widgets.Entry
	officer *widgets.Entry
	badge   *widgets.Entry
	unit    *widgets.Entry
	when    *widgets.Entry
	expert  *widgets.Entry
	answer  *widgets.Entry
	outcome *widget.Select
	to      *widget.Select
	toIDs   []string
	confirm *widget.Button
	message *widget.Label
	banner  *widget.Label  // what the last decision did, at the top
	close   *widget.Button // back to the list alone, at its full width

	comment    *widgets.Entry
	addComment *widget.Button
	thread     *fyne.Container
}

// caseOutcomes are the outcomes offered when closing; release offers the
// last two.
var caseOutcomes = store.Outcomes

func (s *Screen) openCase(number string) {
	s.current = number
	s.slip = nil
	s.refreshCases()
	s.showCase()
	cs, err := s.d.Store.CaseByNumber(s.ctx(), s.user, number)
	if err != nil {
		s.detail.Objects = []fyne.CanvasObject{container.NewPadded(widgets.Wrapped(i18n.T(widgets.ErrorKey(err)), widget.DangerImportance))}
		s.detail.Refresh()
		return
	}
	v := &caseView{cs: cs, buttons: map[string]*widget.Button{}, message: &widget.Label{Wrapping: fyne.TextWrapWord},
		banner: &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.SuccessImportance}}
	s.view = v
	head := &widget.Label{Text: cs.Number, SizeName: theme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Bold: true}}
	badge := &widget.Label{Text: i18n.T("case.status." + cs.Status), Importance: widget.HighImportance, TextStyle: fyne.TextStyle{Bold: true}}
	risk := container.NewHBox(widget.NewIcon(widgets.RiskIcon(cs.Risk)), &widget.Label{Text: i18n.T("risk." + cs.Risk), Importance: widgets.LevelImportance(cs.Risk)})
	v.banner.Hide()
	v.close = &widget.Button{Text: i18n.T("cases.close_case"), Icon: theme.CancelIcon(), Importance: widget.LowImportance, OnTapped: s.env.Act(s.closeCase)}
	body := container.NewVBox(container.NewBorder(nil, nil, nil, v.close, container.NewHBox(head, badge, risk)), v.banner)
	if cs.Sensitive {
		body.Add(widgets.Wrapped(i18n.T("review.sensitive_note"), widget.WarningImportance))
	}
	if cs.Outcome != "" {
		body.Add(widgets.Wrapped(i18n.T("review.outcome_line", "Outcome", i18n.T("review.outcome."+cs.Outcome)), widget.MediumImportance))
	}
	in, err := s.d.Store.Inspection(s.ctx(), s.user, cs.InspectionID)
	if err == nil {
		station := cs.Station
		if station == "" && s.depot != nil {
			station = s.depot.Code
		}
		body.Add(s.caseRecorded(in, station))
		body.Add(widgets.Section("review.photos", theme.FileImageIcon(), s.casePhotos(in)))
	}
	if events, err := s.d.Store.Custody(s.ctx(), s.user, cs.Number); err == nil {
		custody := container.NewVBox()
		for _, e := range events {
			line := fmt.Sprintf("%s  %s → %s", e.At.In(time.Local).Format("2006-01-02 15:04"), e.From, e.To)
			if len(e.Seals) > 0 {
				line += "  · " + strings.Join(e.Seals, ", ")
			}
			custody.Add(widgets.Wrapped(line, widget.MediumImportance))
		}
		body.Add(widgets.Section("case.custody", theme.HistoryIcon(), custody))
	}
	if s.user.Can(store.CapDecide) {
		body.Add(widgets.Section("review.decide", theme.ConfirmIcon(), s.decisionPanel(v)))
		if cs.Status == inspect.CaseReferred || cs.Status == inspect.CaseHandedOver {
			body.Add(widgets.Section("case.slip", theme.DocumentPrintIcon(), s.newSlipForm()))
		}
	}
	body.Add(widgets.Section("review.thread", theme.MailComposeIcon(), s.commentThread(v)))
	body.Add(widgets.Section("review.history", theme.HistoryIcon(), s.caseHistory(cs.Number)))
	s.detail.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewPadded(body))}
	s.detail.Refresh()
}

// caseRecorded is what the inspector recorded, with personal data only
// for those who may see it.
func (s *Screen) caseRecorded(in *inspect.Inspection, station string) fyne.CanvasObject {
	if !s.user.Can(store.CapViewPersonal) {
		store.MaskPersonal(in)
	}
	box := container.NewVBox()
	add := func(text string) { box.Add(widgets.Wrapped(text, widget.MediumImportance)) }
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
		line := "• " + s.cardTitle(f.Card) + " · " + i18n.T("inspect.confidence."+f.Confidence)
		if f.Count > 0 {
			line += fmt.Sprintf(" · ×%d", f.Count)
		}
		if f.WeightKg > 0 {
			line += " · " + caserecord.Kg(f.WeightKg) + " kg"
		}
		add(line)
	}
	if pk := s.pack(); pk != nil {
		for _, a := range in.Answers {
			if a.Value == inspect.AnswerYes {
				if item := pk.ItemByID[a.Item]; item != nil {
					add("✓ " + item.Question.In(i18n.CurrentLang()))
				}
			}
		}
	}
	if pk := s.pack(); pk != nil && in.Assessment != nil {
		for _, r := range in.Assessment.Reasons {
			text := r.RuleID
			if rule := pk.RuleByID[r.RuleID]; rule != nil {
				text = rule.Explain.In(i18n.CurrentLang())
			}
			// The points hang at the left: wrapped alone, "+70" took a line
			// of its own before Chinese text, which has no spaces.
			box.Add(container.NewBorder(nil, nil, &widget.Label{Text: fmt.Sprintf("+%d", r.Weight), TextStyle: fyne.TextStyle{Bold: true}}, nil,
				widgets.Wrapped(text, widget.MediumImportance)))
		}
	}
	if in.Notes != "" {
		add(i18n.T("review.notes", "Notes", in.Notes))
	}
	if in.Decision != nil {
		add(i18n.T("case.decision", "Reason", caserecord.DecisionReason(i18n.Current(), s.pack(), in.Decision), "Seals", strings.Join(in.Decision.Seals, ", "), "Storage", in.Decision.Storage))
	}
	return box
}

// casePhotos shows thumbnails; tapping one opens it at full size.
func (s *Screen) casePhotos(in *inspect.Inspection) fyne.CanvasObject {
	grid := container.NewGridWrap(fyne.NewSize(160, 150))
	for _, ph := range in.Photos {
		path, err := s.d.Store.PhotoPath(s.ctx(), s.user, ph.SHA256)
		if err != nil {
			grid.Add(widgets.Wrapped(ph.SHA256[:12]+" · "+i18n.T(widgets.ErrorKey(err)), widget.DangerImportance))
			continue
		}
		img := canvas.NewImageFromFile(path)
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(150, 110))
		name := ph.FileName
		open := &widget.Button{Text: ph.SHA256[:12], Icon: theme.ZoomInIcon(), Importance: widget.LowImportance,
			OnTapped: s.env.Act(func() { s.showPhoto(path, name) })}
		grid.Add(container.NewBorder(nil, open, nil, nil, img))
	}
	if len(in.Photos) == 0 {
		return widgets.Wrapped(i18n.T("review.no_photos"), widget.LowImportance)
	}
	return grid
}

// showPhoto opens a photo at full size in its own window.
func (s *Screen) showPhoto(path, name string) {
	img := canvas.NewImageFromFile(path)
	img.FillMode = canvas.ImageFillOriginal
	w := fyne.CurrentApp().NewWindow(name)
	w.SetContent(container.NewScroll(img))
	w.Resize(fyne.NewSize(900, 700))
	w.Show()
}

// caseHistory is the case's audit trail, oldest first.
func (s *Screen) caseHistory(number string) fyne.CanvasObject {
	box := container.NewVBox()
	entries, err := s.d.Store.CaseHistory(s.ctx(), s.user, number)
	if err != nil {
		return widgets.Wrapped(i18n.T(widgets.ErrorKey(err)), widget.DangerImportance)
	}
	for _, e := range entries {
		box.Add(&widget.Label{Text: caserecord.HistoryLine(i18n.Current(), e, time.Local),
			Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance})
	}
	return box
}

// commentThread lists the case's comments and decisions with their
// words, and takes a new comment.
func (s *Screen) commentThread(v *caseView) fyne.CanvasObject {
	v.thread = container.NewVBox()
	s.refreshThread(v)
	v.comment = s.env.NewEntry()
	v.comment.MultiLine = true
	v.comment.Wrapping = fyne.TextWrapWord
	v.comment.SetPlaceHolder(i18n.T("review.comment_hint"))
	v.addComment = &widget.Button{Text: i18n.T("review.comment_add"), Icon: theme.MailSendIcon(), OnTapped: s.env.Act(func() {
		if strings.TrimSpace(v.comment.Text) == "" {
			return
		}
		if _, err := s.d.Store.DecideCase(s.ctx(), s.user, v.cs.Number, store.CaseDecision{Kind: store.KindComment, Text: v.comment.Text}); err != nil {
			v.message.SetText(i18n.T(widgets.ErrorKey(err)))
			return
		}
		v.comment.SetText("")
		s.refreshThread(v)
	})}
	return container.NewVBox(v.thread, v.comment, container.NewHBox(v.addComment))
}

func (s *Screen) refreshThread(v *caseView) {
	v.thread.RemoveAll()
	events, err := s.d.Store.CaseEvents(s.ctx(), s.user, v.cs.Number)
	if err != nil {
		v.thread.Add(widgets.Wrapped(i18n.T(widgets.ErrorKey(err)), widget.DangerImportance))
		return
	}
	for _, e := range events {
		words := strings.Join(nonEmpty(e.Reason, e.Text, e.Expert, e.Officer, e.Unit, e.PoliceRef), " · ")
		if e.Outcome != "" {
			words = strings.Join(nonEmpty(i18n.T("review.outcome."+e.Outcome), words), " · ")
		}
		head := fmt.Sprintf("%s · %s · %s", e.At.In(time.Local).Format("2006-01-02 15:04"), e.Actor, i18n.T("review.kind."+e.Kind))
		v.thread.Add(container.NewVBox(&widget.Label{Text: head, TextStyle: fyne.TextStyle{Bold: true}}, widgets.Wrapped(words, widget.MediumImportance)))
	}
	if len(events) == 0 {
		v.thread.Add(widgets.Wrapped(i18n.T("review.no_comments"), widget.LowImportance))
	}
}

// decisionPanel offers the decisions that fit the case's status; each
// opens its fields below the buttons.
func (s *Screen) decisionPanel(v *caseView) fyne.CanvasObject {
	buttons := container.NewGridWrap(fyne.NewSize(210, 38))
	kinds := append([]string{store.KindReview}, store.DecisionKinds...)
	for _, kind := range kinds {
		if !casedesk.Allowed(kind, v.cs.Status, v.cs.Pending) {
			continue
		}
		kind := kind
		label := "review.do." + kind
		if kind == store.KindSensitive && v.cs.Sensitive {
			label = "review.do.unsensitive"
		}
		b := &widget.Button{Text: i18n.T(label), Icon: decisionIcon(kind), Alignment: widget.ButtonAlignLeading,
			OnTapped: s.env.Act(func() { s.chooseDecision(v, kind) })}
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
func (s *Screen) chooseDecision(v *caseView, kind string) {
	v.kind = kind
	v.fields = map[string]*widgets.Field{}
	v.message.SetText("")
	var rows []*widgets.Field
	addEntry := func(name, label string, multi bool) *widgets.Entry {
		e := s.env.NewEntry()
		if multi {
			e.MultiLine, e.Wrapping = true, fyne.TextWrapWord
		}
		f := widgets.NewField(label, e)
		v.fields[name] = f
		rows = append(rows, f)
		return e
	}
	switch kind {
	case store.KindRelease, store.KindReturn, store.KindSecondOpening, store.KindSensitive:
		v.reason = addEntry("reason", "review.f.reason", true)
	case store.KindRefer:
		var err error
		v.to, v.toIDs, err = s.addresseeSelect(v.cs)
		f := widgets.NewField("case.slip_to", v.to)
		f.SetError(widgets.ErrorKey(err))
		v.fields["addressee"] = f
		rows = append(rows, f)
	case store.KindHandover:
		v.officer = addEntry("officer", "review.f.officer", false)
		v.badge = addEntry("badge", "review.f.badge", false)
		v.unit = addEntry("unit", "review.f.unit", false)
		v.when = addEntry("handover_at", "review.f.when", false)
		v.when.SetText(s.now().In(time.Local).Format("2006-01-02 15:04"))
	case store.KindClose:
		var names []string
		for _, o := range caseOutcomes {
			names = append(names, i18n.T("review.outcome."+o))
		}
		v.outcome = widgets.NewSelect(names, nil)
		f := widgets.NewField("review.f.outcome", v.outcome)
		v.fields["outcome"] = f
		rows = append(rows, f)
		v.police = addEntry("police_ref", "review.f.police_ref", false)
	case store.KindExpertAsk:
		v.expert = addEntry("expert", "review.f.expert", false)
	case store.KindExpertAnswer:
		v.answer = addEntry("text", "review.f.answer", true)
	}
	if kind == store.KindRelease {
		v.outcome = widgets.NewSelect([]string{i18n.T("review.outcome." + store.OutcomeNoAction), i18n.T("review.outcome." + store.OutcomeNotWildlife)}, nil)
		v.outcome.SetSelectedIndex(0)
		f := widgets.NewField("review.f.outcome", v.outcome)
		v.fields["outcome"] = f
		rows = append(rows, f)
	}
	v.confirm = &widget.Button{Text: i18n.T("review.confirm." + kind), Icon: decisionIcon(kind), Importance: widget.HighImportance,
		OnTapped: s.env.Act(func() { s.submitDecision(v) })}
	v.form.Objects = []fyne.CanvasObject{widget.NewSeparator(), widgets.Wrapped(i18n.T("review.explain."+kind), widget.LowImportance)}
	if len(rows) > 0 {
		v.form.Add(widgets.FormGrid(rows...))
	}
	v.form.Add(container.NewHBox(v.confirm))
	v.form.Refresh()
	for _, f := range rows {
		if e, ok := f.Input.(*widgets.Entry); ok {
			s.env.Win.Canvas().Focus(e)
			break
		}
	}
}

// addresseeSelect lists the referral directory of the depot's country;
// for a sensitive case the depot's alternate addressee comes first. When
// that setting cannot be read, it offers no addressee rather than the
// usual one, and says why.
func (s *Screen) addresseeSelect(cs *inspect.Case) (*widget.Select, []string, error) {
	var ids, names []string
	alt := ""
	var err error
	if cs.Sensitive {
		alt, err = s.d.Store.Setting(s.ctx(), store.SettingSensitiveAddressee)
	}
	if p := s.pack(); p != nil && s.depot != nil && err == nil {
		for _, r := range p.Referrals(s.depot.Country) {
			name := i18n.T("referral.kind."+r.Kind) + ": " + r.Names.In(i18n.CurrentLang())
			if r.ID == alt {
				ids, names = append([]string{r.ID}, ids...), append([]string{name}, names...)
				continue
			}
			ids, names = append(ids, r.ID), append(names, name)
		}
	}
	sel := widgets.NewSelect(names, nil)
	if len(names) > 0 {
		sel.SetSelectedIndex(0)
	}
	if err != nil {
		sel.Disable()
	}
	return sel, ids, err
}

// submitDecision sends the decision to the store; problems are marked at
// their fields and nothing changes.
func (s *Screen) submitDecision(v *caseView) {
	for _, f := range v.fields {
		f.SetError("")
	}
	d := store.CaseDecision{Kind: v.kind}
	text := func(e *widgets.Entry) string {
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
			v.fields["handover_at"].SetError("review.err.time")
			return
		}
		d.HandoverAt = t.UTC()
	}
	cs, err := s.d.Store.DecideCase(s.ctx(), s.user, v.cs.Number, d)
	if err != nil {
		var fe store.FieldErrors
		if errors.As(err, &fe) {
			for _, e := range fe {
				if f := v.fields[e.Field]; f != nil {
					f.SetError(e.Code)
				}
			}
			return
		}
		v.message.Importance = widget.DangerImportance
		v.message.SetText(i18n.T(widgets.ErrorKey(err)))
		return
	}
	s.openCase(cs.Number)
	nv := s.view
	nv.banner.Show()
	nv.banner.SetText(i18n.T("review.done."+d.Kind, "Case", cs.Number, "Status", i18n.T("case.status."+cs.Status)))
	if d.Kind == store.KindExpertAsk {
		s.saveExpertPackage(nv, cs.Number)
	}
	if (d.Kind == store.KindRefer || d.Kind == store.KindConfirm) && cs.Status == inspect.CaseReferred && s.slip != nil {
		// A sealed key asks for its passphrase first; cancelled, the form
		// says so and the slip can be made later from it.
		s.env.WithKey(func() { s.slipOnReferral(nv, d.Addressee) }, func() { s.slipFailed(s.slip, store.ErrKeyLocked) })
	}
}

// slipOnReferral makes the slip as soon as the case is referred and keeps
// the PDF in the home folder's slips/, to print or save a copy from.
func (s *Screen) slipOnReferral(v *caseView, addressee string) {
	f := s.slip
	for i, id := range f.toIDs {
		if id == addressee {
			f.to.SetSelectedIndex(i)
		}
	}
	path := ""
	slip, err := s.makeSlip(s.keptSlipOut(), func(sl *caserecord.Slip) error {
		var err error
		path, err = s.keepSlip(sl)
		return err
	}, false)
	if err != nil {
		s.slipFailed(f, err)
		return
	}
	s.slipDone(slip, "case.slip_saved", path)
}

// saveExpertPackage asks where to write the expert's zip.
func (s *Screen) saveExpertPackage(v *caseView, number string) {
	dialogs.SaveFile(s.env.Dialogs, dialogs.SaveRequest{Title: i18n.T("cases.save_expert"), Kind: "expert",
		Name:      dialogs.SafeName("zip", number, "expert"),
		ErrorText: func(err error) string { return i18n.T(widgets.ErrorKey(err)) },
		Save: func(path string) error {
			if err := atomicfile.Write(path, func(w io.Writer) error { return s.writeExpertPackage(number, w) }); err != nil {
				v.message.Importance = widget.DangerImportance
				v.message.SetText(i18n.T(widgets.ErrorKey(err)))
				return err
			}
			v.message.Importance = widget.SuccessImportance
			v.message.SetText(i18n.T("review.expert_saved", "Path", path))
			return nil
		}})
}

// writeExpertPackage writes the zip through the store, all at once, so a
// failed write leaves no half package behind in the writer's file.
func (s *Screen) writeExpertPackage(number string, w io.Writer) error {
	var buf bytes.Buffer
	if err := export.ExpertPackage(s.ctx(), s.d.Store, s.user, number, &buf); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
