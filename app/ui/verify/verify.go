// Package verify is the Verify screen: a referral slip's QR text is
// checked offline against the depot keys known here. It reaches the
// store only through the narrow Store interface below.
package verify

import (
	"context"
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
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// Store is what the Verify screen asks of the store: the store also
// checks this depot's own slips against its slip register.
type Store interface {
	VerifySlip(ctx context.Context, payload string) (referral.Claims, referral.KeyInfo, error)
	// SlipSupersededBy names the slip that replaced slipNumber, if one did.
	SlipSupersededBy(ctx context.Context, slipNumber string) (string, error)
}

// Deps are what the shell hands the screen.
type Deps struct {
	Env   *widgets.Env
	Store Store
}

// Screen checks a referral slip's QR text offline against the depot
// keys known here. A 2D scanner types the text and Enter, or it is pasted.
type Screen struct {
	d       Deps
	payload *widgets.Entry
	check   *widget.Button
	result  *widget.Label
	details *widget.Label
	valid   bool
}

// New makes the screen; Build shows it.
func New(d Deps) *Screen { return &Screen{d: d} }

// Build makes the screen's content, with the focus in the payload field.
func (s *Screen) Build() fyne.CanvasObject {
	env := s.d.Env
	*s = Screen{d: s.d, payload: env.Entry("verify.hint"), result: &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameSubHeadingText},
		details: &widget.Label{Wrapping: fyne.TextWrapWord}}
	s.payload.OnSubmitted = func(string) { s.verifyPayload() }
	s.check = &widget.Button{Text: i18n.T("verify.check"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance,
		OnTapped: env.Act(s.verifyPayload)}
	env.Focus(s.payload)
	return container.NewPadded(container.NewVBox(widgets.Heading("nav.verify"), widgets.Wrapped(i18n.T("verify.intro"), widget.MediumImportance),
		s.payload, container.NewHBox(s.check), s.result, s.details))
}

// errorKey finds the translatable code of a verification error.
func errorKey(err error) string {
	if code := referral.ErrorCode(err); code != "" && i18n.HasKey(code) {
		return code
	}
	return widgets.ErrorKey(err)
}

// verifyPayload never trims inner spaces: a space is a Base45 character.
func (s *Screen) verifyPayload() {
	s.valid = false
	s.details.SetText("")
	text := strings.TrimRight(s.payload.Text, "\r\n\t")
	// The store also checks this depot's own slips against its register.
	c, key, err := s.d.Store.VerifySlip(s.d.Env.Ctx(), text)
	var re *referral.Error
	if err != nil && !errors.As(err, &re) {
		s.result.Importance = widget.DangerImportance
		s.result.SetText(i18n.T(widgets.ErrorKey(err)))
		return
	}
	if err != nil {
		s.result.Importance = widget.DangerImportance
		s.result.SetText(i18n.T("verify.not_valid", "Reason", i18n.T(errorKey(err))))
		s.result.Refresh()
		return
	}
	s.valid = true
	s.result.Importance = widget.SuccessImportance
	s.result.SetText(i18n.T("verify.valid", "Case", c.CaseNo, "Slip", c.SlipNo))
	// A slip re-issued since is authentic but no longer in force.
	if newer, err := s.d.Store.SlipSupersededBy(s.d.Env.Ctx(), c.SlipNo); err == nil && newer != "" {
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
		if pk := s.d.Env.Pack(); pk != nil && pk.CardByID[p.CardID] != nil {
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
