package inspect

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Field problem codes returned by Validate (i18n keys), besides the
// inspect.id.err.* codes of CheckID and inspect.waybill.err.*.
const (
	ErrRequired  = "inspect.err.required"
	ErrEnum      = "inspect.err.enum"      // not one of the allowed values
	ErrNegative  = "inspect.err.negative"  // a quantity, weight, size or value below zero
	ErrNumber    = "inspect.err.number"    // not a finite number
	ErrCountry   = "inspect.err.country"   // not an ISO 3166-1 alpha-2 code
	ErrCurrency  = "inspect.err.currency"  // not an ISO 4217 code
	ErrDuplicate = "inspect.err.duplicate" // the same checklist item or role twice
	ErrPhone     = "inspect.err.phone"     // not a phone number
	ErrSHA256    = "inspect.err.sha256"    // not 64 hex digits
	ErrDecision  = "inspect.err.decision"  // status and decision disagree
)

// Validate lists per-field problems. It never blocks saving: the caller
// saves the draft with the problems noted and marks them at the fields.
// ID numbers are checked as of UpdatedAt (CreatedAt, then the wall clock,
// when unset).
func (in *Inspection) Validate() []FieldError {
	if in == nil {
		return []FieldError{{Field: "inspection", Code: ErrRequired}}
	}
	v := validator{}
	p := &in.Parcel
	switch wb := CleanWaybill(p.Waybill); {
	case wb == "":
		v.add("parcel.waybill", ErrRequired)
	case strings.Trim(wb, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-") != "":
		v.add("parcel.waybill", ErrWaybillFormat)
	default:
		if _, problem := defaultWaybills.Check(wb); problem == ErrWaybillCheckDigit {
			v.add("parcel.waybill", problem)
		}
	}
	if p.Stage == "" {
		v.add("parcel.stage", ErrRequired)
	} else {
		v.enum("parcel.stage", p.Stage, Stages)
	}
	if p.Direction != "" {
		v.enum("parcel.direction", p.Direction, []string{DirectionOutbound, DirectionInbound})
	}
	if p.Payment != "" {
		v.enum("parcel.payment", p.Payment, Payments)
	}
	if len(p.Contents) == 0 {
		v.add("parcel.contents", ErrRequired)
	}
	for i, it := range p.Contents {
		f := "parcel.contents[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(it.Name) == "" {
			v.add(f+".name", ErrRequired)
		}
		if it.Quantity < 0 {
			v.add(f+".quantity", ErrNegative)
		}
		v.amount(f+".value", it.Value)
		if it.Currency != "" && !upperLetters(it.Currency, 3) {
			v.add(f+".currency", ErrCurrency)
		}
	}
	v.amount("parcel.declared_weight_kg", p.DeclaredWeightKg)
	v.amount("parcel.measured_weight_kg", p.MeasuredWeightKg)
	v.amount("parcel.dimensions_cm.length", p.Dimensions.Length)
	v.amount("parcel.dimensions_cm.width", p.Dimensions.Width)
	v.amount("parcel.dimensions_cm.height", p.Dimensions.Height)
	v.country("parcel.origin.country", p.Origin.Country)
	v.country("parcel.destination.country", p.Destination.Country)
	for i, c := range p.Transit {
		if c == "" {
			v.add("parcel.transit["+strconv.Itoa(i)+"]", ErrCountry)
		} else {
			v.country("parcel.transit["+strconv.Itoa(i)+"]", c)
		}
	}

	now := in.UpdatedAt
	if now.IsZero() {
		now = in.CreatedAt
	}
	if now.IsZero() {
		now = time.Now().UTC()
	}
	roles := map[string]int{}
	for i := range in.Parties {
		pt := &in.Parties[i]
		f := partyField(in.Parties, i)
		if !oneOf(pt.Role, Roles) {
			v.add(f+".role", ErrEnum)
		} else if roles[pt.Role]++; roles[pt.Role] > 1 && pt.Role == RoleSender {
			v.add(f+".role", ErrDuplicate)
		}
		if strings.TrimSpace(pt.Name) == "" {
			v.add(f+".name", ErrRequired)
		}
		v.country(f+".country", pt.Country)
		if strings.TrimSpace(pt.Phone) != "" {
			if !phoneOK(pt.Phone, phoneCountry(in, pt)) {
				v.add(f+".phone", ErrPhone)
			}
		}
		if pt.ID != nil {
			res := CheckID(*pt.ID, now)
			for _, pr := range res.Problems {
				v.add(f+".id."+pr.Field, pr.Code)
			}
			v.country(f+".id.country", pt.ID.Country)
		}
	}
	if p.Stage == StageAcceptance && roles[RoleSender] == 0 {
		v.add("sender", ErrRequired)
	}

	items := map[string]bool{}
	for i, a := range in.Answers {
		f := "answers[" + strconv.Itoa(i) + "]"
		if a.Item == "" {
			v.add(f+".item", ErrRequired)
		} else if items[a.Item] {
			v.add(f+".item", ErrDuplicate)
		}
		items[a.Item] = true
		v.enum(f+".value", a.Value, []string{AnswerYes, AnswerNo, AnswerNotChecked})
	}
	for i, fd := range in.Findings {
		f := "findings[" + strconv.Itoa(i) + "]"
		if fd.Card == "" {
			v.add(f+".card", ErrRequired)
		}
		v.enum(f+".confidence", fd.Confidence, []string{ConfidenceLow, ConfidenceMedium, ConfidenceHigh})
		if fd.Count < 0 {
			v.add(f+".count", ErrNegative)
		}
		v.amount(f+".weight_kg", fd.WeightKg)
	}
	for i, ph := range in.Photos {
		f := "photos[" + strconv.Itoa(i) + "]"
		if !isSHA256Hex(ph.SHA256) {
			v.add(f+".sha256", ErrSHA256)
		}
		if ph.Size < 0 {
			v.add(f+".size", ErrNegative)
		}
	}
	if in.ContentsCheck != "" {
		v.enum("contents_check", in.ContentsCheck, []string{ContentsMatch, ContentsMismatch})
	}
	if in.External != "" {
		v.enum("external_check", in.External, []string{ExternalVerified, ExternalFailed, ExternalNotAvailable, ExternalNotDone})
	}
	if in.Status == "" {
		v.add("status", ErrRequired)
	} else {
		v.enum("status", in.Status, []string{StatusDraft, StatusCleared, StatusHeld, StatusRefused, StatusRefusedPostal})
	}
	if d := in.Decision; d != nil {
		v.enum("decision.action", d.Action, []string{ActionClear, ActionHold, ActionRefuse, ActionRefusePostal})
	}
	// A final status needs the matching decision.
	want := map[string]string{StatusCleared: ActionClear, StatusHeld: ActionHold, StatusRefused: ActionRefuse,
		StatusRefusedPostal: ActionRefusePostal}[in.Status]
	if want != "" && (in.Decision == nil || in.Decision.Action != want) {
		v.add("decision", ErrDecision)
	}
	return v.errs
}

// CheckIdentity runs CheckID and NameMatch on every party with an ID, for
// Inspection.Identity.
func (in *Inspection) CheckIdentity(now time.Time) []IdentityCheck {
	var out []IdentityCheck
	for _, p := range in.Parties {
		if p.ID == nil {
			continue
		}
		res := CheckID(*p.ID, now)
		ic := IdentityCheck{Role: p.Role, Type: p.ID.Type, FormatOK: res.FormatOK, Verifiable: res.Verifiable}
		for _, pr := range res.Problems {
			ic.Problems = append(ic.Problems, pr.Code)
		}
		ic.NameMatch = NameMatch(nameOnID(p.ID, now), p.Name).Level
		out = append(out, ic)
	}
	return out
}

var defaultWaybills, _ = CompilePatterns(DefaultWaybillPatterns())

type validator struct{ errs []FieldError }

func (v *validator) add(field, code string) {
	v.errs = append(v.errs, FieldError{Field: field, Code: code})
}

func (v *validator) enum(field, val string, set []string) {
	if !oneOf(val, set) {
		if val == "" {
			v.add(field, ErrRequired)
		} else {
			v.add(field, ErrEnum)
		}
	}
}

func (v *validator) amount(field string, x float64) {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		v.add(field, ErrNumber)
	case x < 0:
		v.add(field, ErrNegative)
	}
}

func (v *validator) country(field, c string) {
	if c != "" && !upperLetters(c, 2) {
		v.add(field, ErrCountry)
	}
}

func upperLetters(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// partyField names a party by its role ("sender"), or by index when the
// role is missing or repeated.
func partyField(ps []Party, i int) string {
	r := ps[i].Role
	if oneOf(r, Roles) {
		n := 0
		for j := range ps {
			if ps[j].Role == r {
				n++
			}
		}
		if n == 1 {
			return r
		}
	}
	return "parties[" + strconv.Itoa(i) + "]"
}

// phoneCountry is the country that reads a party's national phone number:
// the party's own, else the parcel's origin for a sender or agent and its
// destination for a receiver.
func phoneCountry(in *Inspection, p *Party) string {
	if p.Country != "" {
		return p.Country
	}
	if p.Role == RoleReceiver {
		return in.Parcel.Destination.Country
	}
	return in.Parcel.Origin.Country
}

// phoneOK is false only when the number can be judged and fails: an
// international number, or a national one of a country whose plan we know.
func phoneOK(phone, country string) bool {
	if _, ok := NormalizePhone(phone, country); ok {
		return true
	}
	t := strings.TrimSpace(phone)
	if strings.ContainsFunc(t, unicode.IsLetter) {
		return false
	}
	_, known := phonePlans[strings.ToUpper(country)]
	return !(known || strings.HasPrefix(t, "+") || strings.HasPrefix(t, "00"))
}
