package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/caserecord"
	"tusk/app/referral"
	"tusk/i18n"
)

// verifyScreen checks a referral slip's QR text offline against the depot
// keys known here. A 2D scanner types the text and Enter, or it is pasted.
type verifyScreen struct {
	payload *entry
	check   *widget.Button
	result  *widget.Label
	details *widget.Label
	valid   bool
}

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }

func (u *UI) buildVerify() fyne.CanvasObject {
	s := &verifyScreen{payload: u.entry("verify.hint"), result: &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameSubHeadingText},
		details: &widget.Label{Wrapping: fyne.TextWrapWord}}
	u.verify = s
	s.payload.OnSubmitted = func(string) { u.verifyPayload(s) }
	s.check = &widget.Button{Text: i18n.T("verify.check"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance,
		OnTapped: u.act(func() { u.verifyPayload(s) })}
	u.focus(s.payload)
	return container.NewPadded(container.NewVBox(heading("nav.verify"), wrapped(i18n.T("verify.intro"), widget.MediumImportance),
		s.payload, container.NewHBox(s.check), s.result, s.details))
}

// verifyPayload never trims inner spaces: a space is a Base45 character.
func (u *UI) verifyPayload(s *verifyScreen) {
	s.valid = false
	s.details.SetText("")
	text := strings.TrimRight(s.payload.Text, "\r\n\t")
	// The store also checks this depot's own slips against its register.
	c, key, err := u.deps.Store.VerifySlip(u.ctx(), text)
	var re *referral.Error
	if err != nil && !errors.As(err, &re) {
		s.result.Importance = widget.DangerImportance
		s.result.SetText(i18n.T(errorKey(err)))
		return
	}
	if err != nil {
		s.result.Importance = widget.DangerImportance
		s.result.SetText(i18n.T("verify.not_valid", "Reason", i18n.T(slipErrorKey(err))))
		s.result.Refresh()
		return
	}
	s.valid = true
	s.result.Importance = widget.SuccessImportance
	s.result.SetText(i18n.T("verify.valid", "Case", c.CaseNo, "Slip", c.SlipNo))
	// A slip re-issued since is authentic but no longer in force.
	if newer, err := u.deps.Store.SlipSupersededBy(u.ctx(), c.SlipNo); err == nil && newer != "" {
		s.result.Importance = widget.WarningImportance
		s.result.SetText(i18n.T("verify.valid", "Case", c.CaseNo, "Slip", c.SlipNo) + "\n" +
			i18n.T("slip.verify_superseded", "Slip", c.SlipNo, "New", newer))
	}
	s.result.Refresh()
	var lines []string
	add := func(key string, v string) { lines = append(lines, i18n.T(key)+": "+v) }
	add("verify.depot", c.Depot)
	add("verify.stage", i18n.T("slip.stage."+c.Stage.String()))
	add("verify.issued", c.IssuedAt.In(time.Local).Format("2006-01-02 15:04 (-07:00)"))
	if c.ProductsOmitted > 0 {
		add("verify.listed.products", listedText(len(c.Products), c.ProductsOmitted))
	}
	for _, p := range c.Products {
		name := p.CardID
		if pk := u.pack(); pk != nil && pk.CardByID[p.CardID] != nil {
			name = pk.CardByID[p.CardID].Title.In(i18n.CurrentLang())
		}
		add("verify.product", caserecord.ProductText(name, int(p.Count), int(p.Grams)))
	}
	seals := strings.Join(c.Seals, ", ")
	if c.SealsOmitted > 0 {
		seals = strings.TrimSuffix(listedText(len(c.Seals), c.SealsOmitted)+": "+seals, ": ")
	}
	add("verify.seals", seals)
	add("verify.listed.photos", listedText(len(c.Photos), c.PhotosOmitted))
	add("verify.key", fmt.Sprintf("%s · %s · %s", key.Fingerprint(), key.Depot, key.Label))
	s.details.SetText(strings.Join(lines, "\n"))
}

// listedText says how many items of a kind the case record has and how
// many of them the code lists, "8 (5 in the code, 3 more in the case
// record)", or just the number when the code lists them all.
func listedText(inCode, omitted int) string {
	if omitted == 0 {
		return strconv.Itoa(inCode)
	}
	return i18n.T("verify.listed.count", "Total", inCode+omitted, "Listed", inCode, "More", omitted)
}
