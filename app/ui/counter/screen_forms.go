package counter

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// docTypesFor puts the depot country's own documents first.
func (s *Screen) docTypes() []string {
	country := ""
	if s.depot != nil {
		country = s.depot.Country
	}
	first := map[string]string{"CN": inspect.DocCNResidentID, "VN": inspect.DocVNCCCD, "TZ": inspect.DocTZNIDA, "CM": inspect.DocCMCNI}[country]
	out := []string{}
	if first != "" {
		out = append(out, first)
	}
	for _, d := range inspect.DocTypes {
		if d != first {
			out = append(out, d)
		}
	}
	return out
}

func (s *Screen) newPartyForm(role string) *partyForm {
	f := &partyForm{role: role, name: s.entry(""), phone: s.entry(""), address: s.entry(""), number: s.entry("inspect.id.number_hint"),
		idName: s.entry(""), expiry: s.entry("postal.id.expiry_hint"), check: &widget.Label{Wrapping: fyne.TextWrapWord}, match: &widget.Label{Wrapping: fyne.TextWrapWord},
		repeat: &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}, repeatLinks: container.NewVBox()}
	f.repeat.Hide()
	docs := s.docTypes()
	names := make([]string, len(docs))
	for i, d := range docs {
		names[i] = i18n.T("inspect.doc." + d)
	}
	f.docType = widgets.NewSelect(names, func(string) { s.partyChanged(f) })
	onChange := func(string) { s.partyChanged(f) }
	for _, e := range []*entry{f.name, f.phone, f.address, f.number, f.idName, f.expiry} {
		e.OnChanged = onChange
	}
	// Enter moves on, as at a counter nobody reaches for the mouse.
	f.number.OnSubmitted = func(string) { s.d.Win.Canvas().Focus(f.name) }
	f.name.OnSubmitted = func(string) { s.d.Win.Canvas().FocusNext() }
	flag := func(key string) *widget.Check {
		return widget.NewCheck(i18n.T(key), func(bool) { s.partyChanged(f) })
	}
	f.thirdParty, f.refused, f.only, f.vague = flag("inspect.flag.third_party"), flag("inspect.flag.refused_id"),
		flag("inspect.flag.phone_only"), flag("inspect.flag.vague_address")
	f.fields = map[string]*widgets.Field{
		"doc": widgets.NewField("inspect.id.type", f.docType), "number": widgets.NewField("inspect.id.number", f.number),
		"name": widgets.NewField("inspect.party.name", f.name), "id_name": widgets.NewField("inspect.id.name", f.idName),
		"phone": widgets.NewField("inspect.party.phone", f.phone), "address": widgets.NewField("inspect.party.address", f.address),
		"expiry": widgets.NewField("postal.id.expiry", f.expiry),
	}
	s.parties[role] = f
	flags := container.NewGridWithColumns(2, f.thirdParty, f.refused, f.only, f.vague)
	f.box = container.NewVBox(
		widgets.FormGrid(f.fields["doc"], f.fields["number"], f.fields["expiry"], f.fields["name"], f.fields["id_name"], f.fields["phone"], f.fields["address"]),
		f.check, f.match, f.repeat, f.repeatLinks, flags)
	s.fillParty(f)
	return f
}

// fillParty shows the open parcel's party of f's role, or an empty form.
func (s *Screen) fillParty(f *partyForm) {
	wasLoading := s.loading
	s.loading = true
	defer func() { s.loading = wasLoading }()
	p := s.in.Party(f.role)
	if p == nil {
		p = &inspect.Party{Role: f.role}
	}
	setText(f.name, p.Name)
	setText(f.phone, p.Phone)
	setText(f.address, p.Address)
	setChecked(f.thirdParty, p.ThirdParty)
	setChecked(f.refused, p.RefusedID)
	setChecked(f.only, p.PhoneOnly)
	setChecked(f.vague, p.VagueAddress)
	doc := inspect.IDDocument{}
	if p.ID != nil {
		doc = *p.ID
	}
	setIndex(f.docType, max(0, indexOf(s.docTypes(), doc.Type)))
	setText(f.number, doc.Number)
	setText(f.idName, doc.Name)
	setText(f.expiry, doc.Expiry)
	f.repeatShown = ""
	f.repeat.Hide()
	f.repeatLinks.RemoveAll()
	s.showIDCheck(f)
}

// party reads the form.
func (f *partyForm) party() inspect.Party {
	docs := inspect.DocTypes
	p := inspect.Party{Role: f.role, Name: strings.TrimSpace(f.name.Text), Phone: strings.TrimSpace(f.phone.Text),
		Address: strings.TrimSpace(f.address.Text), ThirdParty: f.thirdParty.Checked, RefusedID: f.refused.Checked,
		PhoneOnly: f.only.Checked, VagueAddress: f.vague.Checked}
	if n := strings.TrimSpace(f.number.Text); n != "" {
		t := inspect.DocOther
		for _, d := range docs {
			if i18n.T("inspect.doc."+d) == f.docType.Selected {
				t = d
			}
		}
		p.ID = &inspect.IDDocument{Type: t, Number: n, Name: strings.TrimSpace(f.idName.Text), Expiry: strings.TrimSpace(f.expiry.Text)}
	}
	return p
}

func (s *Screen) partyChanged(f *partyForm) {
	if s.loading {
		return
	}
	s.showIDCheck(f)
	s.changed()
}

// showIDCheck marks the number at its field: "format OK" when its rules
// hold (never "verified": a well-formed number says nothing of who holds
// it), or each problem in words.
func (s *Screen) showIDCheck(f *partyForm) {
	p := f.party()
	f.fields["number"].SetError("")
	f.fields["expiry"].SetError("")
	f.check.SetText("")
	f.match.SetText("")
	if p.ID == nil {
		// An expiry typed before the number is still checked at its field.
		if e := strings.TrimSpace(f.expiry.Text); e != "" {
			if _, err := time.Parse(time.DateOnly, e); err != nil {
				f.fields["expiry"].SetError("postal.id.err.expiry")
			}
		}
		return
	}
	r := inspect.CheckID(*p.ID, s.d.Now())
	var msgs []string
	for _, pr := range r.Problems {
		// A badly typed expiry date is said at its own field.
		if pr.Code == inspect.ErrIDEnteredExpiry {
			f.fields["expiry"].SetError("postal.id.err.expiry")
			continue
		}
		msgs = append(msgs, i18n.T(pr.Code))
	}
	if len(msgs) > 0 {
		f.fields["number"].Err.SetText(strings.Join(msgs, " · "))
		f.fields["number"].Err.Show()
		f.check.Importance = widget.DangerImportance
		f.check.SetText(i18n.T("inspect.id.unverified"))
	} else {
		f.check.Importance = widget.SuccessImportance
		msg := i18n.T("inspect.id.format_ok")
		if !r.Verifiable {
			msg = i18n.T("inspect.id.format_only")
		}
		for _, n := range r.Notes {
			msg += " · " + i18n.T(n)
		}
		f.check.SetText(msg)
	}
	if p.ID.Name != "" && p.Name != "" {
		m := inspect.NameMatch(p.ID.Name, p.Name)
		f.match.Importance = map[string]widget.Importance{"exact": widget.SuccessImportance, "likely": widget.WarningImportance,
			"mismatch": widget.DangerImportance}[m.Level]
		f.match.SetText(i18n.T("inspect.name_match." + m.Level))
	}
}

func (s *Screen) newDeclForm() *declForm {
	f := &declForm{name: s.entry("inspect.decl.name_hint"), quantity: s.entry(""), value: s.entry(""), currency: s.entry(""),
		declaredKg: s.entry(""), measuredKg: s.entry(""), originCountry: s.entry(""), originCity: s.entry(""),
		destCountry: s.entry(""), destCity: s.entry(""), length: s.entry("inspect.decl.cm"), width: s.entry("inspect.decl.cm"), height: s.entry("inspect.decl.cm")}
	p := s.pack()
	lang := i18n.CurrentLang()
	var cats []string
	if p != nil {
		for _, c := range p.Categories {
			f.categoryIDs = append(f.categoryIDs, c.ID)
			cats = append(cats, c.Names.In(lang))
		}
	}
	f.category = widgets.NewSelect(cats, func(string) {
		if !s.loading {
			s.changed()
			s.fillChecklist()
		}
	})
	var pays []string
	for _, py := range inspect.Payments {
		pays = append(pays, i18n.T("inspect.payment."+py))
	}
	f.payment = widgets.NewSelect(pays, func(string) { s.changed() })
	f.contents = widgets.NewSelect([]string{i18n.T("inspect.contents.unchecked"), i18n.T("inspect.contents.match"), i18n.T("inspect.contents.mismatch")},
		func(string) { s.changed() })
	for _, e := range []*entry{f.name, f.quantity, f.value, f.currency, f.declaredKg, f.measuredKg, f.originCountry, f.originCity, f.destCountry, f.destCity, f.length, f.width, f.height} {
		e.OnChanged = func(string) { s.declChanged() }
	}
	f.fields = map[string]*widgets.Field{
		"name": widgets.NewField("inspect.decl.name", f.name), "category": widgets.NewField("inspect.decl.category", f.category),
		"quantity": widgets.NewField("inspect.decl.quantity", f.quantity), "value": widgets.NewField("inspect.decl.value", f.value),
		"currency": widgets.NewField("inspect.decl.currency", f.currency), "declared_kg": widgets.NewField("inspect.decl.declared_kg", f.declaredKg),
		"measured_kg": widgets.NewField("inspect.decl.measured_kg", f.measuredKg), "origin_country": widgets.NewField("inspect.decl.origin_country", f.originCountry),
		"origin_city": widgets.NewField("inspect.decl.origin_city", f.originCity), "dest_country": widgets.NewField("inspect.decl.dest_country", f.destCountry),
		"dest_city": widgets.NewField("inspect.decl.dest_city", f.destCity), "payment": widgets.NewField("inspect.decl.payment", f.payment),
		"contents": widgets.NewField("inspect.decl.contents_check", f.contents),
		"size":     widgets.NewField("inspect.decl.size", container.NewGridWithColumns(3, f.length, f.width, f.height)),
	}
	s.decl = f
	s.fillDecl()
	return f
}

// fillDecl shows the open parcel's declaration, or an empty form.
func (s *Screen) fillDecl() {
	f := s.decl
	wasLoading := s.loading
	s.loading = true
	defer func() { s.loading = wasLoading }()
	pc := s.in.Parcel
	c := inspect.DeclaredItem{}
	if len(pc.Contents) > 0 {
		c = pc.Contents[0]
	}
	setText(f.name, c.Name)
	setIndex(f.category, indexOf(f.categoryIDs, c.Category))
	setText(f.quantity, num(float64(c.Quantity)))
	setText(f.value, num(c.Value))
	setText(f.currency, c.Currency)
	setText(f.declaredKg, num(pc.DeclaredWeightKg))
	setText(f.length, num(pc.Dimensions.Length))
	setText(f.width, num(pc.Dimensions.Width))
	setText(f.height, num(pc.Dimensions.Height))
	setText(f.measuredKg, num(pc.MeasuredWeightKg))
	setText(f.originCountry, pc.Origin.Country)
	setText(f.originCity, pc.Origin.City)
	setText(f.destCountry, pc.Destination.Country)
	setText(f.destCity, pc.Destination.City)
	setIndex(f.payment, indexOf(inspect.Payments, pc.Payment))
	setIndex(f.contents, max(0, indexOf([]string{"", inspect.ContentsMatch, inspect.ContentsMismatch}, s.in.ContentsCheck)))
	for _, fl := range f.fields {
		fl.SetError("")
	}
}

func num(v float64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func (f *declForm) box() fyne.CanvasObject {
	ff := f.fields
	// One column: two side by side need twice the longest label, more than
	// a 1024-px screen has in Kiswahili or French.
	return widgets.FormGrid(ff["contents"], ff["name"], ff["category"], ff["quantity"], ff["value"], ff["currency"], ff["payment"],
		ff["declared_kg"], ff["measured_kg"], ff["size"], ff["origin_country"], ff["origin_city"], ff["dest_country"], ff["dest_city"])
}

// declChanged checks the numbers at their fields, then saves: a bad value
// is marked, never blocks the rest.
func (s *Screen) declChanged() {
	if s.loading {
		return
	}
	f := s.decl
	f.fields["size"].SetError("")
	for _, e := range []*entry{f.length, f.width, f.height} {
		if t := strings.TrimSpace(e.Text); t != "" {
			if v, err := strconv.ParseFloat(strings.ReplaceAll(t, ",", "."), 64); err != nil || v < 0 {
				f.fields["size"].SetError("inspect.err.number")
			}
		}
	}
	for key, e := range map[string]*entry{"quantity": f.quantity, "value": f.value, "declared_kg": f.declaredKg, "measured_kg": f.measuredKg} {
		f.fields[key].SetError("")
		if t := strings.TrimSpace(e.Text); t != "" {
			if v, err := strconv.ParseFloat(strings.ReplaceAll(t, ",", "."), 64); err != nil || v < 0 {
				f.fields[key].SetError("inspect.err.number")
			}
		}
	}
	for key, e := range map[string]*entry{"origin_country": f.originCountry, "dest_country": f.destCountry} {
		f.fields[key].SetError("")
		if t := strings.TrimSpace(e.Text); t != "" && !isCountryCode(t) {
			f.fields[key].SetError("inspect.err.country")
		}
	}
	f.fields["currency"].SetError("")
	if t := strings.TrimSpace(f.currency.Text); t != "" && (len(t) != 3 || strings.ToUpper(t) != t && strings.ToLower(t) != t) {
		f.fields["currency"].SetError("inspect.err.currency")
	}
	s.changed()
}

func isCountryCode(s string) bool {
	if len(s) != 2 {
		return false
	}
	for _, r := range strings.ToUpper(s) {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func parseNum(s string) float64 {
	v, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", "."), 64)
	if err != nil || v < 0 {
		return 0
	}
	return v
}

// into copies the declaration into the inspection; bad numbers count as
// not entered, and stay marked at their fields.
func (f *declForm) into(in *inspect.Inspection) {
	pc := &in.Parcel
	cat := ""
	if i := f.category.SelectedIndex(); i >= 0 && i < len(f.categoryIDs) {
		cat = f.categoryIDs[i]
	}
	item := inspect.DeclaredItem{Name: strings.TrimSpace(f.name.Text), Category: cat, Quantity: int(parseNum(f.quantity.Text)),
		Value: parseNum(f.value.Text), Currency: strings.ToUpper(strings.TrimSpace(f.currency.Text))}
	pc.Contents = nil
	if item != (inspect.DeclaredItem{}) {
		pc.Contents = []inspect.DeclaredItem{item}
	}
	pc.DeclaredWeightKg = parseNum(f.declaredKg.Text)
	pc.MeasuredWeightKg = parseNum(f.measuredKg.Text)
	pc.Dimensions = inspect.Dimensions{Length: parseNum(f.length.Text), Width: parseNum(f.width.Text), Height: parseNum(f.height.Text)}
	country := func(s string) string {
		s = strings.ToUpper(strings.TrimSpace(s))
		if isCountryCode(s) {
			return s
		}
		return ""
	}
	pc.Origin = inspect.Place{Country: country(f.originCountry.Text), City: strings.TrimSpace(f.originCity.Text)}
	pc.Destination = inspect.Place{Country: country(f.destCountry.Text), City: strings.TrimSpace(f.destCity.Text)}
	pc.Payment = ""
	if i := f.payment.SelectedIndex(); i >= 0 {
		pc.Payment = inspect.Payments[i]
	}
	in.ContentsCheck = []string{"", inspect.ContentsMatch, inspect.ContentsMismatch}[max(0, f.contents.SelectedIndex())]
}

// setText, setChecked and setIndex change a widget only when its value
// differs: filling the form for the next parcel then redraws only what
// changes, not forty empty fields.
func setText(e *entry, v string) {
	if e.Text != v {
		e.SetText(v)
	}
}

func setChecked(c *widget.Check, v bool) {
	if c.Checked != v {
		c.SetChecked(v)
	}
}

// setIndex selects option i, or nothing when i < 0.
func setIndex(sel *widget.Select, i int) {
	if sel.SelectedIndex() == i {
		return
	}
	if i < 0 {
		sel.ClearSelected()
		return
	}
	sel.SetSelectedIndex(i)
}
