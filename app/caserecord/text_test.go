package caserecord

import (
	"testing"

	"tusk/app/inspect"
	"tusk/i18n"
)

// Issue 13: empty values showed as "0.00 kg", "From CN to" and "· 0 · 0 g";
// they are left out. (With the old fmt.Sprintf lines, every "want" with a
// part missing fails.)
func TestFactsLeaveEmptyValuesOut(t *testing.T) {
	en, zh := i18n.New("en"), i18n.New("zh")
	cn := inspect.Place{Country: "CN"}
	for _, tc := range []struct {
		name            string
		p               inspect.Parcel
		declared, route string
	}{
		{"nothing", inspect.Parcel{}, "", ""},
		{"origin only", inspect.Parcel{Origin: cn}, "", "From CN"},
		{"destination only", inspect.Parcel{Destination: inspect.Place{City: "Hanoi", Country: "VN"}}, "", "To Hanoi VN"},
		{"both ends", inspect.Parcel{Origin: cn, Destination: inspect.Place{Country: "VN"}}, "", "From CN to VN"},
		{"measured only", inspect.Parcel{MeasuredWeightKg: 3.4}, "measured 3.4 kg", ""},
		{"full", inspect.Parcel{Contents: []inspect.DeclaredItem{{Name: "Resin handicrafts", Quantity: 2}, {Name: "Beads"}},
			DeclaredWeightKg: 1.2, MeasuredWeightKg: 3.45},
			"Declared: Resin handicrafts ×2, Beads · declared 1.2 kg · measured 3.45 kg", ""},
	} {
		if got := DeclaredText(en, tc.p); got != tc.declared {
			t.Errorf("%s: declared %q, want %q", tc.name, got, tc.declared)
		}
		if got := RouteText(en, tc.p); got != tc.route {
			t.Errorf("%s: route %q, want %q", tc.name, got, tc.route)
		}
	}
	if got := RouteText(zh, inspect.Parcel{Origin: cn}); got != "寄自 CN" {
		t.Errorf("zh route %q", got)
	}
	for _, tc := range []struct {
		count, grams int
		want         string
	}{{0, 0, "Ivory"}, {6, 0, "Ivory · ×6"}, {0, 2900, "Ivory · 2900 g"}, {6, 2900, "Ivory · ×6 · 2900 g"}} {
		if got := ProductText("Ivory", tc.count, tc.grams); got != tc.want {
			t.Errorf("product %d %d: %q, want %q", tc.count, tc.grams, got, tc.want)
		}
	}
}

// Issue 13: rule IDs such as "(ivory-carving)" do not reach the record
// the police get: a reason is the rule's title, in the slip's language.
func TestRecordReasonsCarryNoRuleDetail(t *testing.T) {
	in := input(t)
	rec, _, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Findings.Reasons) == 0 {
		t.Fatal("no reasons")
	}
	for _, r := range rec.Findings.Reasons {
		if want := in.Pack.RuleByID[r.RuleID].Name.In("en"); r.Text != want {
			t.Errorf("reason %q, want the rule title %q", r.Text, want)
		}
	}
}
