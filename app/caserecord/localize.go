package caserecord

import (
	"strings"

	"tusk/app/inspect"
	"tusk/app/referral"
	"tusk/app/sop"
)

// Localize returns the words of a frozen record in lang, for a copy of
// the same slip in another language: card names by card ID, reasons by
// rule ID (the rule's title only, never its technical detail), checklist
// questions, the direction, ID document types and the addressee, each
// looked up by what the record's own language says. Numbers, names, free
// text and everything the QR code carries stay as they are, so the copy
// renders the same signed payload. T and from translate into lang and
// into rec.Language; what cannot be matched is left as recorded.
func Localize(rec referral.CaseRecord, p *sop.Pack, lang string, T, from func(string) string) referral.CaseRecord {
	if p == nil {
		return rec
	}
	out := rec
	out.Language = lang
	src := rec.Language
	out.Findings.Products = append([]referral.FoundProduct(nil), rec.Findings.Products...)
	for i, fp := range out.Findings.Products {
		if c := p.CardByID[fp.CardID]; c != nil {
			out.Findings.Products[i].Name = c.Title.In(lang)
		}
	}
	// What the inspector saw is the card titles, as Build joins them.
	var was, now []string
	for i, fp := range rec.Findings.Products {
		was, now = append(was, fp.Name), append(now, out.Findings.Products[i].Name)
	}
	if rec.Parcel.ObservedContents == strings.Join(was, "; ") {
		out.Parcel.ObservedContents = strings.Join(now, "; ")
	}
	out.Findings.Reasons = append([]referral.Reason(nil), rec.Findings.Reasons...)
	for i, r := range out.Findings.Reasons {
		if rl := p.RuleByID[r.RuleID]; rl != nil {
			out.Findings.Reasons[i].Text = rl.Name.In(lang)
		}
	}
	out.Findings.Checklist = append([]string(nil), rec.Findings.Checklist...)
	for i, q := range out.Findings.Checklist {
		for _, it := range p.Checklists.Items {
			if it.Question.In(src) == q {
				out.Findings.Checklist[i] = it.Question.In(lang)
				break
			}
		}
	}
	recode := func(s, prefix string, codes []string) string {
		if s == "" || T == nil || from == nil {
			return s
		}
		for _, c := range codes {
			if w := from(prefix + c); w == s || c == s {
				if t := T(prefix + c); t != "" && t != prefix+c {
					return t
				}
			}
		}
		return s
	}
	out.Parcel.Direction = recode(rec.Parcel.Direction, "inspect.direction.", []string{inspect.DirectionOutbound, inspect.DirectionInbound})
	person := func(ps referral.Person) referral.Person {
		ps.IDType = recode(ps.IDType, "inspect.doc.", inspect.DocTypes)
		return ps
	}
	out.Sender, out.Receiver = person(rec.Sender), person(rec.Receiver)
	if rec.Agent != nil {
		a := person(*rec.Agent)
		out.Agent = &a
	}
	out.Addressee.Kind = recode(rec.Addressee.Kind, "referral.kind.", sop.ReferralKinds)
	for _, c := range p.Countries {
		for _, r := range c.Referrals {
			if r.Names.In(src) == rec.Addressee.Name {
				out.Addressee.Name = r.Names.In(lang)
			}
		}
	}
	return out
}
