package settings

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// reviewForm holds the depot's review rules: when a held parcel is
// overdue, whether referrals need a second supervisor, and where slips of
// sensitive cases go.
type reviewForm struct {
	dueHours *widgets.Entry
	confirm  *widget.Check
	alt      *widget.Select
	altIDs   []string
	fields   map[string]*widgets.Field
	save     *widget.Button
	done     *widget.Label
}

func (r *reviewForm) snapshot() string {
	return r.dueHours.Text + "\x00" + strconv.FormatBool(r.confirm.Checked) + "\x00" + r.alt.Selected
}

func (s *Screen) buildReview() fyne.CanvasObject {
	r := &reviewForm{dueHours: s.env.NewEntry(), done: status()}
	s.review = r
	r.confirm = widget.NewCheck(i18n.T("review.settings.confirm"), nil)
	r.altIDs = []string{""}
	names := []string{i18n.T("review.settings.none")}
	depot := s.env.Depot()
	if p := s.env.Pack(); p != nil && depot != nil {
		for _, ref := range p.Referrals(depot.Country) {
			r.altIDs = append(r.altIDs, ref.ID)
			names = append(names, i18n.T("referral.kind."+ref.Kind)+": "+ref.Names.In(i18n.CurrentLang()))
		}
	}
	r.alt = widgets.NewSelect(names, nil)
	r.fields = map[string]*widgets.Field{
		"due":     widgets.NewField("review.settings.due_hours", r.dueHours),
		"alt":     widgets.NewField("review.settings.alt_addressee", r.alt),
		"confirm": widgets.NewField("settings2.review.four_eyes", r.confirm),
	}
	if v, ok := s.read(store.SettingDueHours, r.fields["due"]); ok {
		r.dueHours.SetText(v)
	}
	// The second supervisor's rule fails closed: a value that cannot be
	// read shows as required.
	if v, ok := s.read(store.SettingConfirmReferral, r.fields["confirm"]); ok {
		r.confirm.SetChecked(v == "1")
	} else {
		r.confirm.SetChecked(true)
	}
	r.alt.SetSelectedIndex(0)
	if cur, ok := s.read(store.SettingSensitiveAddressee, r.fields["alt"]); ok && cur != "" {
		found := false
		for i, id := range r.altIDs {
			if id == cur {
				r.alt.SetSelectedIndex(i)
				found = true
			}
		}
		if !found {
			r.fields["alt"].Err.SetText(i18n.T("settings2.review.alt_gone", "ID", cur))
			r.fields["alt"].Err.Show()
		}
	}
	s.watch(r.dueHours)
	r.confirm.OnChanged = func(bool) { s.changed() }
	r.alt.OnChanged = func(string) { s.changed() }
	r.save = s.saveButton("review.settings.save", s.saveReview)
	return container.NewVBox(widgets.FormGrid(r.fields["due"], r.fields["alt"], r.fields["confirm"]))
}

func (s *Screen) saveReview() {
	r := s.review
	for _, f := range r.fields {
		f.SetError("")
	}
	r.done.SetText("")
	n, err := strconv.Atoi(strings.TrimSpace(r.dueHours.Text))
	if err != nil || n < 1 || n > 720 {
		r.fields["due"].SetError("review.err.due_hours")
		setStatus(r.done, false, i18n.T("settings2.not_saved"))
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
	for _, kv := range [][3]string{{store.SettingDueHours, strconv.Itoa(n), "due"}, {store.SettingConfirmReferral, confirm, "confirm"}, {store.SettingSensitiveAddressee, alt, "alt"}} {
		if err := s.d.Store.SetSetting(s.ctx(), s.user, kv[0], kv[1]); err != nil {
			r.fields[kv[2]].SetError(widgets.ErrorKey(err))
			setStatus(r.done, false, i18n.T("settings2.not_saved"))
			return
		}
	}
	setStatus(r.done, true, i18n.T("review.settings.saved"))
	s.saved(Review)
}
