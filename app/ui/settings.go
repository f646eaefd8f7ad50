package ui

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// settingsScreen holds every widget of Settings; sections a role may not
// use are not built at all.
type settingsScreen struct {
	language *widget.Select

	pinCurrent, pinNew, pinNew2 *widgets.Entry
	pinFields                   map[string]*widgets.Field
	pinSave                     *widget.Button
	pinDone                     *widget.Label

	depot *depotForm
	users *usersPanel

	auditCheck  *widget.Button
	auditResult *widget.Label
}

type depotForm struct {
	code, name, country, address, contact, idle *widgets.Entry
	minPIN                                      *widgets.Entry // the depot's minimum PIN length
	capture, patterns, retention                *widgets.Entry
	language                                    *widget.Select
	fields                                      map[string]*widgets.Field
	save                                        *widget.Button
	done                                        *widget.Label
}

// Settings exposes the screen to tests.
func (u *UI) Settings() *settingsScreen { return u.settings }

func (u *UI) buildSettings() fyne.CanvasObject {
	s := &settingsScreen{}
	u.settings = s
	s.language = widgets.LanguageSelect(u.user.Language, func(code string) {
		if code != u.user.Language {
			u.SetLanguage(code)
		}
	})
	s.pinCurrent, s.pinNew, s.pinNew2 = u.env.PinEntry(), u.env.PinEntry(), u.env.PinEntry()
	s.pinFields = map[string]*widgets.Field{
		"current": widgets.NewField("settings.pin_current", s.pinCurrent),
		"new":     widgets.NewField("settings.pin_new", s.pinNew),
		"new2":    widgets.NewField("settings.pin_again", s.pinNew2),
	}
	s.pinDone = &widget.Label{Importance: widget.SuccessImportance}
	s.pinSave = &widget.Button{Text: i18n.T("settings.pin_save"), Icon: theme.DocumentSaveIcon(), OnTapped: u.act(func() { u.changeOwnPIN(s) })}
	mine := widget.NewCard(i18n.T("settings.mine"), "", container.NewVBox(
		widgets.FormGrid(widgets.NewField("settings.language", s.language)),
		widget.NewSeparator(),
		widgets.FormGrid(s.pinFields["current"], s.pinFields["new"], s.pinFields["new2"]),
		container.NewHBox(s.pinSave, s.pinDone)))
	sections := container.NewVBox(widgets.Heading("nav.settings"), mine)
	if u.user.Can(store.CapManageDepot) {
		sections.Add(u.buildDepotForm(s))
		sections.Add(u.buildReviewSettings())
	}
	if u.user.Can(store.CapManageUsers) {
		sections.Add(u.buildUsersPanel(s))
	}
	if x := u.exchangeSettings(); x != nil {
		sections.Add(x)
	}
	sections.Add(u.buildAbout(s))
	return container.NewVScroll(container.NewPadded(sections))
}

func (u *UI) changeOwnPIN(s *settingsScreen) {
	for _, f := range s.pinFields {
		f.SetError("")
	}
	s.pinDone.SetText("")
	if _, err := u.deps.Store.CheckOwnPIN(u.ctx(), u.user, s.pinCurrent.Text); err != nil {
		s.pinFields["current"].SetError(widgets.ErrorKey(err))
		return
	}
	if err := store.CheckPIN(s.pinNew.Text); err != nil {
		s.pinFields["new"].SetError(widgets.ErrorKey(err))
		return
	}
	if s.pinNew.Text != s.pinNew2.Text {
		s.pinFields["new2"].SetError("firstrun.err.pin_mismatch")
		return
	}
	pin := s.pinNew.Text
	if _, err := u.deps.Store.UpdateUser(u.ctx(), u.user, u.user.ID, store.UserUpdate{PIN: &pin}); err != nil {
		s.pinFields["new"].SetError(widgets.ErrorKey(err))
		return
	}
	s.pinCurrent.SetText("")
	s.pinNew.SetText("")
	s.pinNew2.SetText("")
	s.pinDone.SetText(i18n.T("settings.pin_changed"))
}

func (u *UI) buildDepotForm(s *settingsScreen) fyne.CanvasObject {
	d := u.depot
	if d == nil {
		d = &store.Depot{}
	}
	f := &depotForm{code: u.env.Entry(""), name: u.env.Entry(""), country: u.env.Entry(""), address: u.env.Entry(""), contact: u.env.Entry(""), idle: u.env.Entry("")}
	f.code.SetText(d.Code)
	f.name.SetText(d.Name)
	f.country.SetText(d.Country)
	f.address.SetText(d.Address)
	f.contact.SetText(d.Contact)
	f.idle.SetText(strconv.Itoa(int(u.deps.Store.IdleTimeout(u.ctx()).Minutes())))
	f.capture = u.env.Entry("settings.capture_hint")
	f.capture.SetText(u.deps.Store.CaptureDir(u.ctx()))
	f.retention = u.env.Entry("")
	f.retention.SetText(strconv.Itoa(u.deps.Store.RetentionDays(u.ctx())))
	f.minPIN = u.env.Entry("")
	f.minPIN.SetText(strconv.Itoa(u.deps.Store.MinPIN(u.ctx())))
	f.patterns = u.env.MultiLineEntry()
	f.patterns.SetText(formatPatterns(u.deps.Store.WaybillPatterns(u.ctx())))
	f.patterns.SetMinRowsVisible(3)
	f.language = widgets.LanguageSelect(d.Language, nil)
	f.fields = map[string]*widgets.Field{
		"code": widgets.NewField("firstrun.code", f.code), "name": widgets.NewField("firstrun.name", f.name),
		"country": widgets.NewField("firstrun.country", f.country), "address": widgets.NewField("firstrun.address", f.address),
		"contact": widgets.NewField("firstrun.contact", f.contact), "language": widgets.NewField("settings.depot_language", f.language),
		"idle": widgets.NewField("settings.idle_minutes", f.idle), "capture": widgets.NewField("settings.capture_dir", f.capture),
		"patterns": widgets.NewField("settings.waybill_patterns", f.patterns), "retention": widgets.NewField("settings.retention_days", f.retention),
		"minpin": widgets.NewField("security.min_pin_length", f.minPIN),
	}
	f.done = &widget.Label{Importance: widget.SuccessImportance}
	f.save = &widget.Button{Text: i18n.T("common.save"), Icon: theme.DocumentSaveIcon(), OnTapped: u.act(func() { u.saveDepot(f) })}
	s.depot = f
	ff := f.fields
	return widget.NewCard(i18n.T("settings.depot"), "", container.NewVBox(
		widgets.FormGrid(ff["code"], ff["name"], ff["country"], ff["address"], ff["contact"], ff["language"], ff["idle"], ff["minpin"], ff["retention"], ff["capture"], ff["patterns"]),
		wrapped(i18n.T("settings.waybill_patterns_hint"), widget.LowImportance),
		container.NewHBox(f.save, f.done)))
}

func (u *UI) saveDepot(f *depotForm) {
	for _, fl := range f.fields {
		fl.SetError("")
	}
	f.done.SetText("")
	d := store.Depot{Code: f.code.Text, Name: f.name.Text, Country: f.country.Text, Address: f.address.Text,
		Contact: f.contact.Text, Language: widgets.SelectedLanguage(f.language)}
	probe := d
	bad := false
	for _, fe := range probe.Normalize() {
		f.fields[fe.Field].SetError(fe.Code)
		bad = true
	}
	if n, err := strconv.Atoi(f.idle.Text); err != nil || n < 1 || n > 240 {
		f.fields["idle"].SetError("settings.err.idle")
		bad = true
	}
	dir := strings.TrimSpace(f.capture.Text)
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			f.fields["capture"].SetError("settings.err.capture_dir")
			bad = true
		}
	}
	days, err := strconv.Atoi(strings.TrimSpace(f.retention.Text))
	if err != nil || days < 1 || days > 3650 {
		f.fields["retention"].SetError("settings.err.retention")
		bad = true
	}
	patterns, lineErr := parsePatterns(f.patterns.Text)
	if lineErr > 0 {
		f.fields["patterns"].Err.SetText(i18n.T("settings.err.waybill_line", "Line", lineErr))
		f.fields["patterns"].Err.Show()
		bad = true
	}
	if bad {
		return
	}
	if err := u.deps.Store.SetRetentionDays(u.ctx(), u.user, days); err != nil {
		f.fields["retention"].SetError(widgets.ErrorKey(err))
		return
	}
	if err := u.deps.Store.SetWaybillPatterns(u.ctx(), u.user, patterns); err != nil {
		f.fields["patterns"].Err.SetText(i18n.T(widgets.ErrorKey(err)) + " " + errDetail(err))
		f.fields["patterns"].Err.Show()
		return
	}
	if err := u.deps.Store.SetSetting(u.ctx(), u.user, store.SettingCaptureDir, dir); err != nil {
		f.fields["capture"].SetError(widgets.ErrorKey(err))
		return
	}
	if err := u.deps.Store.UpdateDepot(u.ctx(), u.user, d); err != nil {
		f.done.SetText(i18n.T(widgets.ErrorKey(err)))
		return
	}
	if err := u.deps.Store.SetSetting(u.ctx(), u.user, store.SettingIdleMinutes, f.idle.Text); err != nil {
		f.fields["idle"].SetError(widgets.ErrorKey(err))
		return
	}
	if err := u.deps.Store.SetSetting(u.ctx(), u.user, store.SettingMinPINLength, strings.TrimSpace(f.minPIN.Text)); err != nil {
		f.fields["minpin"].SetError(widgets.ErrorKey(err))
		return
	}
	u.depot, _ = u.deps.Store.Depot(u.ctx())
	u.idle.start(u.deps.Store.IdleTimeout(u.ctx()))
	f.done.SetText(i18n.T("common.saved"))
}

func (u *UI) buildAbout(s *settingsScreen) fyne.CanvasObject {
	v, _ := u.deps.Store.SchemaVersion(u.ctx())
	info := widget.NewLabel(fmt.Sprintf("%s %s\n%s: %s\n%s: %d",
		i18n.T("app.name"), u.deps.Version, i18n.T("settings.home"), u.deps.Home, i18n.T("settings.schema"), v))
	info.Wrapping = fyne.TextWrapBreak
	box := container.NewVBox(info)
	if u.user.Can(store.CapManageDepot) {
		if k, err := u.deps.Store.OwnKey(u.ctx()); err == nil {
			box.Add(&widget.Label{Text: i18n.T("settings.depot_key", "Fingerprint", k.Fingerprint()), Wrapping: fyne.TextWrapWord})
		}
	}
	if u.user.Can(store.CapManageDepot) {
		s.auditResult = &widget.Label{Wrapping: fyne.TextWrapWord}
		s.auditCheck = &widget.Button{Text: i18n.T("settings.audit_check"), Icon: theme.ConfirmIcon(), OnTapped: u.act(func() {
			n, err := u.deps.Store.VerifyAudit(u.ctx())
			if err != nil {
				s.auditResult.Importance = widget.DangerImportance
				s.auditResult.SetText(i18n.T("settings.audit_broken", "Problem", err.Error()))
				return
			}
			s.auditResult.Importance = widget.SuccessImportance
			s.auditResult.SetText(i18n.TN("settings.audit_ok", int(n)))
		})}
		box.Add(container.NewHBox(s.auditCheck))
		box.Add(s.auditResult)
	}
	return widget.NewCard(i18n.T("settings.about"), "", box)
}

// formatPatterns writes waybill formats one a line: courier | name | regular
// expression | check, the way a supervisor edits them.
func formatPatterns(ps []inspect.WaybillPattern) string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = strings.Join([]string{p.Courier, p.Name, p.Regex, p.Check}, " | ")
		lines[i] = strings.TrimSuffix(lines[i], " | ")
	}
	return strings.Join(lines, "\n")
}

// parsePatterns reads them back; it returns the first bad line's number.
func parsePatterns(text string) ([]inspect.WaybillPattern, int) {
	var out []inspect.WaybillPattern
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) < 3 || len(parts) > 4 {
			return nil, i + 1
		}
		for j := range parts {
			parts[j] = strings.TrimSpace(parts[j])
		}
		p := inspect.WaybillPattern{Courier: parts[0], Name: parts[1], Regex: parts[2]}
		if len(parts) == 4 {
			p.Check = parts[3]
		}
		if p.Regex == "" {
			return nil, i + 1
		}
		out = append(out, p)
	}
	return out, 0
}

// errDetail is a store error's detail, such as the regular expression's
// own complaint.
func errDetail(err error) string {
	var se *store.Error
	if errors.As(err, &se) {
		return se.Detail
	}
	return ""
}
