package inspect

import (
	"math"
	"slices"
	"testing"
)

func fieldErrs(es []FieldError) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Field+":"+e.Code)
	}
	return out
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(in *Inspection)
		want   []string
	}{
		{"clean", func(*Inspection) {}, nil},
		{"waybill missing", func(in *Inspection) { in.Parcel.Waybill = " \r\n" }, []string{"parcel.waybill:" + ErrRequired}},
		{"waybill S10 check digit", func(in *Inspection) { in.Parcel.Waybill = "RR123456784CN" }, []string{"parcel.waybill:" + ErrWaybillCheckDigit}},
		{"waybill odd characters", func(in *Inspection) { in.Parcel.Waybill = "AB#123" }, []string{"parcel.waybill:" + ErrWaybillFormat}},
		{"any courier number is fine", func(in *Inspection) { in.Parcel.Waybill = "sf-1234567890" }, nil},
		{"stage", func(in *Inspection) { in.Parcel.Stage = "counter" }, []string{"parcel.stage:" + ErrEnum}},
		{"stage missing and no sender needed", func(in *Inspection) { in.Parcel.Stage = ""; in.Parties = in.Parties[1:] },
			[]string{"parcel.stage:" + ErrRequired}},
		{"sender missing at acceptance", func(in *Inspection) { in.Parties = in.Parties[1:] }, []string{"sender:" + ErrRequired}},
		{"direction and payment", func(in *Inspection) { in.Parcel.Direction, in.Parcel.Payment = "up", "bitcoin" },
			[]string{"parcel.direction:" + ErrEnum, "parcel.payment:" + ErrEnum}},
		{"contents", func(in *Inspection) {
			in.Parcel.Contents = []DeclaredItem{{Name: " ", Quantity: -1, Value: -2, Currency: "usd"}}
		}, []string{"parcel.contents[0].name:" + ErrRequired, "parcel.contents[0].quantity:" + ErrNegative,
			"parcel.contents[0].value:" + ErrNegative, "parcel.contents[0].currency:" + ErrCurrency}},
		{"no contents", func(in *Inspection) { in.Parcel.Contents = nil }, []string{"parcel.contents:" + ErrRequired}},
		{"weights and sizes", func(in *Inspection) {
			in.Parcel.DeclaredWeightKg, in.Parcel.MeasuredWeightKg, in.Parcel.Dimensions.Height = -1, math.NaN(), math.Inf(1)
		}, []string{"parcel.declared_weight_kg:" + ErrNegative, "parcel.measured_weight_kg:" + ErrNumber, "parcel.dimensions_cm.height:" + ErrNumber}},
		{"countries", func(in *Inspection) {
			in.Parcel.Origin.Country, in.Parcel.Destination.Country, in.Parcel.Transit = "China", "cn", []string{"HK", ""}
		}, []string{"parcel.origin.country:" + ErrCountry, "parcel.destination.country:" + ErrCountry, "parcel.transit[1]:" + ErrCountry}},
		{"party role, name, phone", func(in *Inspection) {
			in.Parties[1].Role, in.Parties[1].Name, in.Parties[1].Phone = "courier", "", "12345"
		}, []string{"parties[1].role:" + ErrEnum, "parties[1].name:" + ErrRequired, "parties[1].phone:" + ErrPhone}},
		{"phone of an unknown country is not judged", func(in *Inspection) {
			in.Parties[1].Country, in.Parties[1].Phone = "GB", "020 7946 0000"
		}, nil},
		{"phone with letters always fails", func(in *Inspection) {
			in.Parties[1].Country, in.Parties[1].Phone = "GB", "call me"
		}, []string{"receiver.phone:" + ErrPhone}},
		{"receiver's phone read in the destination country", func(in *Inspection) {
			in.Parcel.Destination.Country, in.Parties[1].Phone = "TZ", "0712 345 678"
		}, nil},
		{"two senders", func(in *Inspection) { in.Parties = append(in.Parties, in.Parties[0]) },
			[]string{"parties[2].role:" + ErrDuplicate}},
		{"ID problems carry the party's path", func(in *Inspection) {
			in.Parties[0].ID.Number = "440106198503121230"
			in.Parties[0].ID.Sex = "F"
			in.Parties[0].ID.Country = "chn"
		}, []string{"sender.id.number:" + ErrIDCheckDigit, "sender.id.sex:" + ErrIDSexMismatch, "sender.id.country:" + ErrCountry}},
		{"answers", func(in *Inspection) {
			in.Answers = []Answer{{Item: "a", Value: AnswerYes}, {Item: "a", Value: "maybe"}, {Item: "", Value: ""}}
		}, []string{"answers[1].item:" + ErrDuplicate, "answers[1].value:" + ErrEnum, "answers[2].item:" + ErrRequired, "answers[2].value:" + ErrRequired}},
		{"findings", func(in *Inspection) {
			in.Findings = []Finding{{Card: "", Confidence: "sure", Count: -1, WeightKg: -0.5}}
		}, []string{"findings[0].card:" + ErrRequired, "findings[0].confidence:" + ErrEnum, "findings[0].count:" + ErrNegative, "findings[0].weight_kg:" + ErrNegative}},
		{"photos", func(in *Inspection) {
			in.Photos = []Photo{{SHA256: "ABC", Size: -1}, {SHA256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}}
		}, []string{"photos[0].sha256:" + ErrSHA256, "photos[0].size:" + ErrNegative}},
		{"enums of the inspection", func(in *Inspection) { in.ContentsCheck, in.External, in.Status = "same", "ok", "done" },
			[]string{"contents_check:" + ErrEnum, "external_check:" + ErrEnum, "status:" + ErrEnum}},
		{"held without decision", func(in *Inspection) { in.Status = StatusHeld }, []string{"decision:" + ErrDecision}},
		{"held with a clear decision", func(in *Inspection) {
			in.Status, in.Decision = StatusHeld, &Decision{Action: ActionClear}
		}, []string{"decision:" + ErrDecision}},
		{"held with hold", func(in *Inspection) {
			in.Status, in.Decision = StatusHeld, &Decision{Action: ActionHold, Seals: []string{"S-001"}}
		}, nil},
		{"draft with a bad decision action", func(in *Inspection) { in.Decision = &Decision{Action: "burn"} },
			[]string{"decision.action:" + ErrEnum}},
		{"status missing", func(in *Inspection) { in.Status = "" }, []string{"status:" + ErrRequired}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := cleanInspection()
			tt.change(in)
			if got := fieldErrs(in.Validate()); !slices.Equal(got, tt.want) {
				t.Errorf("Validate = %q\nwant       %q", got, tt.want)
			}
		})
	}
	var nilIn *Inspection
	if got := nilIn.Validate(); len(got) != 1 {
		t.Errorf("nil inspection: %v", got)
	}
}

func TestCheckIdentity(t *testing.T) {
	in := cleanInspection()
	in.Parties = append(in.Parties, Party{Role: RoleAgent, Name: "Maria Svensson",
		ID: &IDDocument{Type: DocPassport, MRZ: specimenL1 + "\n" + specimenL2}})
	got := in.CheckIdentity(testNow)
	if len(got) != 2 {
		t.Fatalf("%d checks", len(got))
	}
	if c := got[0]; c.Role != RoleSender || !c.FormatOK || !c.Verifiable || c.NameMatch != MatchExact || len(c.Problems) != 0 {
		t.Errorf("sender: %+v", c)
	}
	if c := got[1]; c.Role != RoleAgent || !c.FormatOK || c.NameMatch != MatchMismatch {
		t.Errorf("agent: %+v", c)
	}
}
