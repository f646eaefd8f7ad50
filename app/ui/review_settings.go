package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// reviewSettings are the depot's review rules: when a held parcel is
// overdue, whether referrals need a second supervisor, and where slips of
// sensitive cases go.
type reviewSettings struct {
	dueHours *widgets.Entry
	confirm  *widget.Check
	alt      *widget.Select
	altIDs   []string
	due      *widgets.Field
	save     *widget.Button
	done     *widget.Label
}

func (u *UI) buildReviewSettings() *widget.Card {
	r := &reviewSettings{done: &widget.Label{Importance: widget.SuccessImportance}}
	get := func(key string) string { v, _ := u.deps.Store.Setting(u.ctx(), key); return v }
	r.dueHours = u.env.NewEntry()
	r.dueHours.SetText(get(store.SettingDueHours))
	r.due = widgets.NewField("review.settings.due_hours", r.dueHours)
	r.confirm = widget.NewCheck(i18n.T("review.settings.confirm"), nil)
	r.confirm.SetChecked(get(store.SettingConfirmReferral) == "1")
	r.altIDs = []string{""}
	names := []string{i18n.T("review.settings.none")}
	cur := get(store.SettingSensitiveAddressee)
	if p := u.pack(); p != nil && u.depot != nil {
		for _, ref := range p.Referrals(u.depot.Country) {
			r.altIDs = append(r.altIDs, ref.ID)
			names = append(names, i18n.T("referral.kind."+ref.Kind)+": "+ref.Names.In(i18n.CurrentLang()))
		}
	}
	r.alt = widgets.NewSelect(names, nil)
	r.alt.SetSelectedIndex(0)
	for i, id := range r.altIDs {
		if id == cur && cur != "" {
			r.alt.SetSelectedIndex(i)
		}
	}
	r.save = &widget.Button{Text: i18n.T("review.settings.save"), Icon: theme.DocumentSaveIcon(), OnTapped: u.act(func() { u.saveReviewSettings(r) })}
	u.reviewSet = r
	return widget.NewCard(i18n.T("review.settings"), "", container.NewVBox(
		widgets.FormGrid(r.due, widgets.NewField("review.settings.alt_addressee", r.alt)), r.confirm, container.NewHBox(r.save, r.done)))
}

func (u *UI) saveReviewSettings(r *reviewSettings) {
	r.due.SetError("")
	r.done.SetText("")
	n, err := strconv.Atoi(strings.TrimSpace(r.dueHours.Text))
	if err != nil || n < 1 || n > 720 {
		r.due.SetError("review.err.due_hours")
		return
	}
	confirm := "0"
	if r.confirm.Checked {
		confirm = "1"
	}
	alt := ""
	if i := r.alt.SelectedIndex(); i > 0 {
		alt = r.altIDs[i]
	}
	for _, kv := range [][2]string{{store.SettingDueHours, strconv.Itoa(n)}, {store.SettingConfirmReferral, confirm}, {store.SettingSensitiveAddressee, alt}} {
		if err := u.deps.Store.SetSetting(u.ctx(), u.user, kv[0], kv[1]); err != nil {
			r.done.Importance = widget.DangerImportance
			r.done.SetText(i18n.T(widgets.ErrorKey(err)))
			return
		}
	}
	r.done.Importance = widget.SuccessImportance
	r.done.SetText(i18n.T("review.settings.saved"))
}
