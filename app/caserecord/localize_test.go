package caserecord

import (
	"strings"
	"testing"

	"tusk/app/referral"
)

// Issue 13: a copy of a slip in another language is a rendering of the
// same record: words come from the pack by their codes, everything the
// QR code signs stays, and reasons show the rule's title only, never the
// technical detail or a rule ID. (With Localize returning rec as it is,
// the copy keeps the Chinese words and "(pangolin-scales)".)
func TestLocalizeCopyInAnotherLanguage(t *testing.T) {
	in := input(t)
	p := in.Pack
	in.Lang = "zh"
	in.T = translator("zh")
	in.SlipNo = "S-2026-0001"
	in.IssuedAt = issued
	rec, claims, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	// A record frozen before issue 13 carried the detail in the text.
	rec.Findings.Reasons[0].Text += " (pangolin-scales)"
	en := Localize(rec, p, "en", translator("en"), translator("zh"))
	if err := referral.CheckClaims(claims, en); err != nil {
		t.Fatalf("the copy says something else than the slip signs: %v", err)
	}
	card := p.CardByID["pangolin-scales"]
	if en.Language != "en" || en.Findings.Products[0].Name != card.Title.In("en") {
		t.Errorf("product %q, want %q", en.Findings.Products[0].Name, card.Title.In("en"))
	}
	if en.Parcel.ObservedContents != card.Title.In("en") {
		t.Errorf("observed contents %q", en.Parcel.ObservedContents)
	}
	for i, r := range en.Findings.Reasons {
		want := p.RuleByID[r.RuleID].Name.In("en")
		if r.Text != want || strings.Contains(r.Text, "(") {
			t.Errorf("reason %d %q, want %q", i, r.Text, want)
		}
	}
	if q := p.ItemByID["xray-plates"].Question.In("en"); len(en.Findings.Checklist) != 1 || en.Findings.Checklist[0] != q {
		t.Errorf("checklist %q, want %q", en.Findings.Checklist, q)
	}
	if en.Parcel.Direction != translator("en")("inspect.direction.inbound") || en.Sender.IDType != translator("en")("inspect.doc.tz_nida") {
		t.Errorf("direction %q, ID type %q", en.Parcel.Direction, en.Sender.IDType)
	}
	if en.Addressee.Name == rec.Addressee.Name && rec.Addressee.Name != "" && strings.ContainsAny(rec.Addressee.Name, "海关公安") {
		t.Errorf("addressee stayed %q", en.Addressee.Name)
	}
	// The signed record itself is untouched.
	if rec.Language != "zh" || rec.Findings.Products[0].Name != card.Title.In("zh") {
		t.Errorf("Localize changed the frozen record: %+v", rec.Findings.Products)
	}
	if en.Sender.Name != rec.Sender.Name || en.Parcel.Waybill != rec.Parcel.Waybill || en.Findings.Notes != rec.Findings.Notes {
		t.Error("names, numbers or free text were changed")
	}
}
