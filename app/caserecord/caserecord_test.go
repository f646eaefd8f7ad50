package caserecord

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"tusk/app/inspect"
	"tusk/app/referral"
	"tusk/app/riskpack"
	"tusk/app/sop"
	"tusk/data"
)

var issued = time.Date(2026, 11, 23, 9, 30, 15, 500, time.UTC)

func pack(t *testing.T) *sop.Pack {
	t.Helper()
	p, err := sop.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// heldParcel is the demo's pangolin parcel, decided and held.
func heldParcel(p *sop.Pack) *inspect.Inspection {
	in := &inspect.Inspection{
		ID: "I-20261123-0004", Inspector: "4", Station: "DEMO-GZ1", Status: inspect.StatusHeld,
		Parcel: inspect.Parcel{Waybill: "RR987654326TZ", Direction: inspect.DirectionInbound, Stage: inspect.StageTransit,
			Contents:         []inspect.DeclaredItem{{Name: "Wooden handicraft", Quantity: 3}, {Name: "Beads", Quantity: 2}},
			DeclaredWeightKg: 1.2, MeasuredWeightKg: 2.5, Origin: inspect.Place{Country: "TZ", City: "Dar es Salaam"}, Destination: inspect.Place{Country: "CN"}},
		Parties: []inspect.Party{
			{Role: inspect.RoleSender, Name: "Juma Hassan", Phone: "+255 712 345 678", Address: "Kariakoo", ID: &inspect.IDDocument{Type: inspect.DocTZNIDA, Number: "19900101-12345-67890-12"}},
			{Role: inspect.RoleReceiver, Name: "Li Ming", Phone: "+86 139 8765 4321"}},
		Answers:  []inspect.Answer{{Item: "xray-plates", Value: inspect.AnswerYes}, {Item: "packaging-heavy-wrapping", Value: inspect.AnswerNo}},
		Findings: []inspect.Finding{{Card: "pangolin-scales", Confidence: inspect.ConfidenceHigh, Count: 40, WeightKg: 1.3}},
		Photos:   []inspect.Photo{{SHA256: strings.Repeat("ab", 32), FileName: "IMG_1.jpg"}},
		Notes:    "Overlapping plates on the X-ray.",
		Decision: &inspect.Decision{Action: inspect.ActionHold, Seals: []string{"GZ-S-000419", "GZ-S-000420"}, Storage: "Locked cage 1"},
	}
	a := riskpack.New(p).Assess(in, nil, issued)
	in.Assessment = &a
	return in
}

func input(t *testing.T) Input {
	p := pack(t)
	return Input{
		Inspection: heldParcel(p),
		Case:       &inspect.Case{Number: "C-2026-0002", Status: inspect.CaseOpen},
		Custody:    []inspect.CustodyEvent{{Case: "C-2026-0002", From: "Neema Mushi", To: "Locked cage 1", At: issued.Add(-time.Hour), Seals: []string{"GZ-S-000419"}}},
		Depot:      referral.Depot{Code: "DEMO-GZ1", Name: "Demo depot"},
		Country:    "CN",
		Pack:       p,
		Lang:       "en",
		T: func(k string) string {
			return map[string]string{"inspect.doc.tz_nida": "Tanzania national ID (NIDA)", "inspect.direction.inbound": "Inbound"}[k]
		},
		SlipNo: "S-2026-0001", IssuedAt: issued,
		Inspector:  referral.Officer{ID: "4", Name: "Neema Mushi"},
		Supervisor: referral.Officer{ID: "cli"},
		PhotoData:  map[string][]byte{},
	}
}

func TestBuild(t *testing.T) {
	in := input(t)
	rec, claims, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"case", rec.CaseNo, "C-2026-0002"},
		{"stage", rec.Stage, referral.StageHeld},
		{"issued, whole seconds", rec.IssuedAt, issued.Truncate(time.Second)},
		{"addressee", rec.Addressee, referral.Addressee{Name: "Public security (police)", Kind: "police"}},
		{"direction in words", rec.Parcel.Direction, "Inbound"},
		{"declared", rec.Parcel.DeclaredContents, "Wooden handicraft; Beads"},
		{"declared qty", rec.Parcel.DeclaredQty, 5},
		{"grams", [2]int{rec.Parcel.DeclaredGrams, rec.Parcel.MeasuredGrams}, [2]int{1200, 2500}},
		{"origin", rec.Parcel.Origin, "Dar es Salaam, TZ"},
		{"destination", rec.Parcel.Destination, "CN"},
		{"sender ID type in words", rec.Sender.IDType, "Tanzania national ID (NIDA)"},
		{"sender ID", rec.Sender.IDNumber, "19900101-12345-67890-12"},
		{"receiver", rec.Receiver.Name, "Li Ming"},
		{"no agent", rec.Agent == nil, true},
		{"product", rec.Findings.Products[0].CardID + "/" + rec.Findings.Products[0].Species, "pangolin-scales/" + in.Pack.CardSpecies("pangolin-scales").Scientific},
		{"product name", rec.Findings.Products[0].Name, in.Pack.CardByID["pangolin-scales"].Title.In("en")},
		{"product grams", rec.Findings.Products[0].Grams, 1300},
		{"checklist: yes only", rec.Findings.Checklist, []string{in.Pack.ItemByID["xray-plates"].Question.In("en")}},
		{"seals", rec.Evidence.Seals, []string{"GZ-S-000419", "GZ-S-000420"}},
		{"custody note carries the seals", rec.Custody[0].Note, "GZ-S-000419"},
		{"claims case", claims.CaseNo, "C-2026-0002"},
		{"claims products", claims.Products, []referral.Product{{CardID: "pangolin-scales", Count: 40, Grams: 1300}}},
		{"claims photos", len(claims.Photos), 1},
		{"claims staff", claims.Inspector + "/" + claims.Supervisor, "4/cli"},
	}
	for _, c := range checks {
		if g, w := mustJSON(t, c.got), mustJSON(t, c.want); g != w {
			t.Errorf("%s: got %s, want %s", c.name, g, w)
		}
	}
	if len(rec.Findings.Reasons) == 0 || rec.Findings.Reasons[0].Text == rec.Findings.Reasons[0].RuleID {
		t.Errorf("reasons not in words: %+v", rec.Findings.Reasons)
	}
	sum := referral.RecordHash(rec)
	if string(claims.RecordHash) != string(sum[:referral.RecordHashLen]) {
		t.Error("claims do not bind the record")
	}
	// The QR claims hold nothing personal.
	if s := mustJSON(t, claims); strings.Contains(s, "Juma") || strings.Contains(s, "67890") || strings.Contains(s, "+255") {
		t.Errorf("personal data in claims: %s", s)
	}
}

func TestBuildLanguages(t *testing.T) {
	for _, lang := range sop.Languages {
		in := input(t)
		in.Lang = lang
		rec, _, err := Build(in)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if rec.Language != lang || rec.Addressee.Name != in.Pack.Referrals("CN")[0].Names.In(lang) ||
			rec.Findings.Products[0].Name != in.Pack.CardByID["pangolin-scales"].Title.In(lang) {
			t.Errorf("%s: %+v %+v", lang, rec.Addressee, rec.Findings.Products)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Input)
		want   error
	}{
		{"no case", func(in *Input) { in.Case = nil }, ErrIncomplete},
		{"no pack", func(in *Input) { in.Pack = nil }, ErrIncomplete},
		{"cleared", func(in *Input) { in.Inspection.Status = inspect.StatusCleared }, ErrNotHeld},
		{"closed", func(in *Input) { in.Case.Status = inspect.CaseClosed }, ErrClosed},
		{"language", func(in *Input) { in.Lang = "de" }, ErrLanguage},
		{"addressee", func(in *Input) { in.ReferralID = "tz-police" }, ErrAddressee},
		{"country without directory", func(in *Input) { in.Country = "FR" }, ErrAddressee},
		{"bad photo hash", func(in *Input) { in.Inspection.Photos[0].SHA256 = "xyz" }, referral.ErrClaims},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := input(t)
			tc.change(&in)
			if _, _, err := Build(in); !errors.Is(err, tc.want) {
				t.Errorf("err %v, want %v", err, tc.want)
			}
		})
	}
	// Chosen by ID, and stages follow the case.
	in := input(t)
	in.ReferralID, in.Case.Status = "cn-customs", inspect.CaseReferred
	rec, _, err := Build(in)
	if err != nil || rec.Addressee.Kind != "customs" || rec.Stage != referral.StageReferred {
		t.Errorf("by ID: %+v %v %v", rec.Addressee, rec.Stage, err)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
