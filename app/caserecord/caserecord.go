// Package caserecord builds the referral.CaseRecord of a held parcel from
// what the store keeps (the inspection, its case and chain of custody),
// the depot and the content pack: card names, species, rule reasons and
// checklist questions in the slip's language, and the addressee from the
// pack's referral directory. `tusk slip` and the UI's Print/Save both build
// records here, so a slip reads the same whichever made it.
//
// It imports no Fyne and no SQL. Errors are coded errors whose Code is an
// i18n key.
package caserecord

import (
	"math"
	"slices"
	"strings"
	"time"

	"tusk/app/coded"
	"tusk/app/inspect"
	"tusk/app/referral"
	"tusk/app/riskpack"
	"tusk/app/sop"
)

// Error is the coded error (package coded): Code is an i18n key.
type Error = coded.Error

// Errors of Build.
var (
	ErrIncomplete = &Error{Code: "caserecord.err.incomplete"} // inspection, case or pack missing
	ErrNotHeld    = &Error{Code: "caserecord.err.not_held"}   // the inspection was not held or refused
	ErrClosed     = &Error{Code: "caserecord.err.closed"}     // the case is closed: no more slips
	ErrAddressee  = &Error{Code: "caserecord.err.addressee"}  // no such referral in the depot country's directory
	ErrLanguage   = &Error{Code: "caserecord.err.language"}   // not a pack language
)

// Input is everything a record is made of.
type Input struct {
	Inspection *inspect.Inspection // decided, held or refused, with personal data unmasked
	Case       *inspect.Case
	Custody    []inspect.CustodyEvent
	Depot      referral.Depot
	Country    string // the depot's country: its referral directory
	Pack       *sop.Pack
	Lang       string // the slip's language
	// T translates the few codes the record shows as words: ID document
	// types ("inspect.doc.<type>"), directions ("inspect.direction.<dir>")
	// and referral kinds ("referral.kind.<kind>"). Nil, or a key that comes
	// back untranslated (as itself or ""), leaves the code as it is.
	T          func(key string) string
	SlipNo     string
	IssuedAt   time.Time
	ReferralID string // "": the first entry of the country's directory
	Inspector  referral.Officer
	Supervisor referral.Officer
	// PhotoData holds photo files by SHA-256 (lower-case hex), for the
	// slip's thumbnails. Photos without data are still listed and hashed.
	PhotoData map[string][]byte
}

// StageOf maps a case status to the slip stage.
func StageOf(status string) (referral.Stage, error) {
	switch status {
	case inspect.CaseOpen, inspect.CaseUnderReview:
		return referral.StageHeld, nil
	case inspect.CaseReferred:
		return referral.StageReferred, nil
	case inspect.CaseHandedOver:
		return referral.StageHandedOver, nil
	}
	return 0, ErrClosed.With(status)
}

// Addressee picks the referral: by ID, or the directory's first entry.
func Addressee(p *sop.Pack, country, id, lang string) (sop.Referral, error) {
	refs := p.Referrals(country)
	for _, r := range refs {
		if id == "" || r.ID == id {
			return r, nil
		}
	}
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	return sop.Referral{}, ErrAddressee.With(country + ": " + id + " not in [" + strings.Join(ids, " ") + "]")
}

func (in *Input) t(key, fallback string) string {
	if in.T == nil || fallback == "" {
		return fallback
	}
	if s := in.T(key); s != "" && s != key {
		return s
	}
	return fallback
}

func grams(kg float64) int { return int(math.Round(kg * 1000)) }

func place(p inspect.Place) string {
	switch {
	case p.City != "" && p.Country != "":
		return p.City + ", " + p.Country
	case p.City != "":
		return p.City
	}
	return p.Country
}

func (in *Input) person(p *inspect.Party) referral.Person {
	if p == nil {
		return referral.Person{}
	}
	out := referral.Person{Name: p.Name, Phone: p.Phone, Address: p.Address}
	if p.ID != nil {
		out.IDType = in.t("inspect.doc."+p.ID.Type, p.ID.Type)
		out.IDNumber = p.ID.Number
	}
	return out
}

// Build makes the record and the QR claims derived from it. The record's
// issue time is IssuedAt in UTC, whole seconds.
func Build(in Input) (referral.CaseRecord, referral.Claims, error) {
	var rec referral.CaseRecord
	x := in.Inspection
	if x == nil || in.Case == nil || in.Pack == nil {
		return rec, referral.Claims{}, ErrIncomplete
	}
	if x.Decision == nil || (x.Status != inspect.StatusHeld && x.Status != inspect.StatusRefused) {
		return rec, referral.Claims{}, ErrNotHeld.With(x.Status)
	}
	if !slices.Contains(sop.Languages, in.Lang) {
		return rec, referral.Claims{}, ErrLanguage.With(in.Lang)
	}
	stage, err := StageOf(in.Case.Status)
	if err != nil {
		return rec, referral.Claims{}, err
	}
	ref, err := Addressee(in.Pack, in.Country, in.ReferralID, in.Lang)
	if err != nil {
		return rec, referral.Claims{}, err
	}
	p := in.Pack
	rec = referral.CaseRecord{
		Format:     referral.RecordFormat,
		CaseNo:     in.Case.Number,
		SlipNo:     in.SlipNo,
		Stage:      stage,
		IssuedAt:   in.IssuedAt.UTC().Truncate(time.Second),
		Language:   in.Lang,
		Addressee:  referral.Addressee{Name: ref.Names.In(in.Lang), Kind: in.t("referral.kind."+ref.Kind, ref.Kind)},
		Depot:      in.Depot,
		Sender:     in.person(x.Party(inspect.RoleSender)),
		Receiver:   in.person(x.Party(inspect.RoleReceiver)),
		Inspector:  in.Inspector,
		Supervisor: in.Supervisor,
	}
	if ag := x.Party(inspect.RoleAgent); ag != nil {
		a := in.person(ag)
		rec.Agent = &a
	}

	// Parcel: the declaration beside what was found.
	var declared, observed []string
	var declQty, obsQty int
	for _, d := range x.Parcel.Contents {
		declared = append(declared, d.Name)
		declQty += d.Quantity
	}
	for _, f := range x.Findings {
		fp := referral.FoundProduct{CardID: f.Card, Name: f.Card, Count: f.Count, Grams: grams(f.WeightKg)}
		if c := p.CardByID[f.Card]; c != nil {
			fp.Name = c.Title.In(in.Lang)
		}
		if sp := p.CardSpecies(f.Card); sp != nil {
			fp.Species = sp.Scientific
		}
		rec.Findings.Products = append(rec.Findings.Products, fp)
		observed = append(observed, fp.Name)
		obsQty += f.Count
	}
	rec.Parcel = referral.Parcel{
		Waybill:          x.Parcel.Waybill,
		Direction:        in.t("inspect.direction."+x.Parcel.Direction, x.Parcel.Direction),
		DeclaredContents: strings.Join(declared, "; "),
		ObservedContents: strings.Join(observed, "; "),
		DeclaredQty:      declQty,
		ObservedQty:      obsQty,
		DeclaredGrams:    grams(x.Parcel.DeclaredWeightKg),
		MeasuredGrams:    grams(x.Parcel.MeasuredWeightKg),
		Origin:           place(x.Parcel.Origin),
		Destination:      place(x.Parcel.Destination),
	}

	// Findings: the reasons as the inspector saw them when deciding.
	if x.Assessment != nil {
		for _, r := range riskpack.New(p).Explain(*x.Assessment, in.Lang) {
			// The rule's title only: its detail holds card and item IDs
			// and role codes, which mean nothing on a police document.
			rec.Findings.Reasons = append(rec.Findings.Reasons, referral.Reason{RuleID: r.Rule, Text: r.Name, Points: r.Weight})
		}
	}
	for _, a := range x.Answers {
		if a.Value != inspect.AnswerYes {
			continue
		}
		q := a.Item
		if it := p.ItemByID[a.Item]; it != nil {
			q = it.Question.In(in.Lang)
		}
		rec.Findings.Checklist = append(rec.Findings.Checklist, q)
	}
	rec.Findings.Notes = x.Notes

	rec.Evidence = referral.Evidence{Seals: slices.Clone(x.Decision.Seals), Storage: x.Decision.Storage}
	for _, ph := range x.Photos {
		rec.Evidence.Photos = append(rec.Evidence.Photos, referral.Photo{Name: ph.FileName, SHA256: ph.SHA256, Data: in.PhotoData[ph.SHA256]})
	}
	for _, e := range in.Custody {
		note := e.Note
		if len(e.Seals) > 0 {
			note = strings.TrimSpace(note + " " + strings.Join(e.Seals, ", "))
		}
		rec.Custody = append(rec.Custody, referral.Custody{From: e.From, To: e.To, At: e.At, Note: note})
	}
	claims, err := rec.Claims()
	return rec, claims, err
}
