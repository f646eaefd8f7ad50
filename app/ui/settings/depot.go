package settings

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// depotForm is the depot's identity, its idle lock, the minimum PIN
// length and how long personal data is kept.
type depotForm struct {
	code, name, country, address, contact *widgets.Entry
	idle, minPIN, retention               *widgets.Entry
	language                              *widget.Select
	fields                                map[string]*widgets.Field
	save                                  *widget.Button
	done                                  *widget.Label
}

func (f *depotForm) snapshot() string {
	return strings.Join([]string{f.code.Text, f.name.Text, f.country.Text, f.address.Text, f.contact.Text,
		f.language.Selected, f.idle.Text, f.minPIN.Text, f.retention.Text}, "\x00")
}

func (s *Screen) buildDepot() fyne.CanvasObject {
	f := &depotForm{code: s.env.Entry(""), name: s.env.Entry(""), country: s.env.Entry(""), address: s.env.Entry(""),
		contact: s.env.Entry(""), idle: s.env.Entry(""), minPIN: s.env.Entry(""), retention: s.env.Entry(""), done: status()}
	s.depot = f
	d, err := s.d.Store.Depot(s.ctx())
	if d == nil {
		d = &store.Depot{}
	}
	f.language = widgets.LanguageSelect(d.Language, nil)
	f.fields = map[string]*widgets.Field{
		"code": widgets.NewField("firstrun.code", f.code), "name": widgets.NewField("firstrun.name", f.name),
		"country": widgets.NewField("firstrun.country", f.country), "address": widgets.NewField("firstrun.address", f.address),
		"contact": widgets.NewField("firstrun.contact", f.contact), "language": widgets.NewField("settings.depot_language", f.language),
		"idle": widgets.NewField("settings.idle_minutes", f.idle), "minpin": widgets.NewField("security.min_pin_length", f.minPIN),
		"retention": widgets.NewField("settings.retention_days", f.retention),
	}
	if err != nil {
		unreadable(f.fields["code"], err.Error())
	}
	f.code.SetText(d.Code)
	f.name.SetText(d.Name)
	f.country.SetText(d.Country)
	f.address.SetText(d.Address)
	f.contact.SetText(d.Contact)
	s.readInt(f.idle, f.fields["idle"], store.SettingIdleMinutes, 0)
	s.readInt(f.minPIN, f.fields["minpin"], store.SettingMinPINLength, store.MinPINLength)
	s.readInt(f.retention, f.fields["retention"], store.SettingRetentionDays, store.DefaultRetentionDays)
	s.watch(f.code, f.name, f.country, f.address, f.contact, f.idle, f.minPIN, f.retention)
	f.language.OnChanged = func(string) { s.changed() }
	f.save = s.saveButton("common.save", s.saveDepot)
	ff := f.fields
	return container.NewVBox(
		widgets.FormGrid(ff["code"], ff["name"], ff["country"], ff["address"], ff["contact"], ff["language"],
			ff["idle"], ff["minpin"], ff["retention"]))
}

// readInt puts a whole-number setting into e. Unset shows def (when def
// is not 0); a value that cannot be read or is not a number is said so at
// the field, and the field shows what is stored.
func (s *Screen) readInt(e *widgets.Entry, f *widgets.Field, key string, def int) {
	v, ok := s.read(key, f)
	if !ok {
		return
	}
	if v == "" && def != 0 {
		v = strconv.Itoa(def)
	}
	e.SetText(v)
	if _, err := strconv.Atoi(v); err != nil {
		unreadable(f, fmt.Sprintf("%q", v))
	}
}

func (s *Screen) saveDepot() {
	f := s.depot
	for _, fl := range f.fields {
		fl.SetError("")
	}
	f.done.SetText("")
	d := store.Depot{Code: f.code.Text, Name: f.name.Text, Country: f.country.Text, Address: f.address.Text,
		Contact: f.contact.Text, Language: widgets.SelectedLanguage(f.language)}
	probe := d
	bad := false
	for _, fe := range probe.Normalize() {
		if fl := f.fields[fe.Field]; fl != nil {
			fl.SetError(fe.Code)
			bad = true
		}
	}
	if n, err := strconv.Atoi(strings.TrimSpace(f.idle.Text)); err != nil || n < 1 || n > 240 {
		f.fields["idle"].SetError("settings.err.idle")
		bad = true
	}
	days, err := strconv.Atoi(strings.TrimSpace(f.retention.Text))
	if err != nil || days < 1 || days > 3650 {
		f.fields["retention"].SetError("settings.err.retention")
		bad = true
	}
	if bad {
		setStatus(f.done, false, i18n.T("settings2.not_saved"))
		return
	}
	if err := s.d.Store.SetSetting(s.ctx(), s.user, store.SettingMinPINLength, strings.TrimSpace(f.minPIN.Text)); err != nil {
		f.fields["minpin"].SetError(widgets.ErrorKey(err))
		setStatus(f.done, false, i18n.T("settings2.not_saved"))
		return
	}
	if err := s.d.Store.SetRetentionDays(s.ctx(), s.user, days); err != nil {
		f.fields["retention"].SetError(widgets.ErrorKey(err))
		setStatus(f.done, false, i18n.T("settings2.not_saved"))
		return
	}
	if err := s.d.Store.SetSetting(s.ctx(), s.user, store.SettingIdleMinutes, strings.TrimSpace(f.idle.Text)); err != nil {
		f.fields["idle"].SetError(widgets.ErrorKey(err))
		setStatus(f.done, false, i18n.T("settings2.not_saved"))
		return
	}
	if err := s.d.Store.UpdateDepot(s.ctx(), s.user, d); err != nil {
		setStatus(f.done, false, i18n.T(widgets.ErrorKey(err)))
		return
	}
	s.d.DepotChanged()
	setStatus(f.done, true, i18n.T("common.saved"))
	s.saved(Depot)
}

// aboutView is the version, the data folder and the audit trail check.
type aboutView struct {
	auditCheck  *widget.Button
	auditResult *widget.Label
}

func (s *Screen) buildAbout() fyne.CanvasObject {
	a := &aboutView{}
	s.about = a
	v, err := s.d.Store.SchemaVersion(s.ctx())
	schema := strconv.Itoa(v)
	if err != nil {
		schema = i18n.T("settings2.err.unreadable", "Problem", err.Error())
	}
	info := widget.NewLabel(fmt.Sprintf("%s %s\n%s: %s\n%s: %s",
		i18n.T("app.name"), s.d.Version, i18n.T("settings.home"), s.d.Home, i18n.T("settings.schema"), schema))
	info.Wrapping = fyne.TextWrapBreak
	box := container.NewVBox(info)
	if s.user.Can(store.CapManageDepot) {
		if k, err := s.d.Store.OwnKey(s.ctx()); err == nil {
			box.Add(&widget.Label{Text: i18n.T("settings.depot_key", "Fingerprint", k.Fingerprint()), Wrapping: fyne.TextWrapWord})
		}
		a.auditResult = &widget.Label{Wrapping: fyne.TextWrapWord}
		a.auditCheck = &widget.Button{Text: i18n.T("settings.audit_check"), Icon: theme.ConfirmIcon(), OnTapped: s.act(func() {
			n, err := s.d.Store.VerifyAudit(s.ctx())
			if err != nil {
				setStatus(a.auditResult, false, i18n.T("settings.audit_broken", "Problem", err.Error()))
				return
			}
			setStatus(a.auditResult, true, i18n.TN("settings.audit_ok", int(n)))
		})}
		box.Add(container.NewHBox(a.auditCheck))
		box.Add(a.auditResult)
	}
	return box
}
