package inspect

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// adviceRules are small rules that exercise floors, groups, weak words,
// postal refusal and the route cap.
func adviceRules() []Rule {
	return []Rule{
		{ID: "refused", Weight: 40, Signal: SignalIDRefused, Action: ActionHold},
		{ID: "expired", Weight: 25, Signal: SignalIDExpired},
		{ID: "mismatch", Weight: 35, Signal: SignalDeclaredMismatch, Group: "contents"},
		{ID: "seen-differs", Weight: 30, Signal: SignalChecklist, Group: "contents"},
		{ID: "strong-word", Weight: 35, Signal: SignalDeclaredCodeword, Action: ActionHold, Group: "word"},
		{ID: "weak-word", Weight: 20, Signal: SignalDeclaredWeakWord, Group: "word"},
		{ID: "likely", Weight: 70, Signal: SignalProductLikely, Action: ActionRefuse, Group: "product"},
		{ID: "suspected", Weight: 40, Signal: SignalProductSuspected, Action: ActionHold, Group: "product"},
		{ID: "origin", Weight: 30, Signal: SignalRouteOrigin},
		{ID: "destination", Weight: 30, Signal: SignalRouteDestination},
		{ID: "prohibited", Weight: 70, Signal: SignalChecklist, Action: ActionRefuse, Kind: KindPostal},
		{ID: "plates", Weight: 35, Signal: SignalChecklist, Action: ActionHold},
		{ID: "heavy", Weight: 20, Signal: SignalDeclaredWeight},
	}
}

func adviceContext() SignalContext {
	return SignalContext{
		Now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC),
		ItemRules: map[string]string{"opened-differs": "seen-differs", "waybill-prohibited": "prohibited",
			"xray-plates": "plates", "counter-refuses-id": "seen-differs"},
		ItemSignals: map[string]string{"counter-refuses-id": SignalIDRefused},
		PostalRules: []string{"prohibited"},
		Concern:     map[string][]string{RouteOrigin: {"TZ"}, RouteDestination: {"CN"}},
		Words: []CodeWord{
			{Text: "xy"},
			{Text: "象牙"},
			{Text: "jelly", Weak: true, Categories: []string{"jewellery"}, Cards: []string{"ivory-carving"}},
		},
	}
}

func adviceParcel() *Inspection {
	return &Inspection{
		Parcel: Parcel{Waybill: "W1", Stage: StageAcceptance,
			Contents:    []DeclaredItem{{Name: "cotton shirts", Category: "clothing_textiles"}},
			Origin:      Place{Country: "CN"},
			Destination: Place{Country: "CN"}},
		Parties: []Party{{Role: RoleSender, Name: "王伟", Address: "广州市天河区体育西路1号",
			ID: &IDDocument{Type: DocCNResidentID, Number: "11010519491231002X"}}},
	}
}

func TestAssessAdvice(t *testing.T) {
	type want struct {
		score  int
		action string
		level  string
		counts []string // rule:weight, in reason order
		floor  string
		notes  []string // code:detail
	}
	for _, tc := range []struct {
		name   string
		change func(in *Inspection)
		want   want
	}{
		{"clean", func(*Inspection) {}, want{0, ActionClear, LevelGreen, nil, "", nil}},
		{"floor: a strong word holds on its own and says which rule set it", func(in *Inspection) {
			in.Parcel.Contents[0].Name = "象牙手镯"
		}, want{35, ActionHold, LevelAmber, []string{"strong-word:35"}, "strong-word", nil}},
		{"refused ID and the checklist answer are the same fact", func(in *Inspection) {
			in.Parties[0].RefusedID, in.Parties[0].ID = true, nil
			in.Answers = []Answer{{Item: "counter-refuses-id", Value: AnswerYes}}
		}, want{40, ActionHold, LevelAmber, []string{"refused:40"}, "", nil}}, // 40 holds by score already
		{"no floor named when the score alone holds", func(in *Inspection) {
			in.Parcel.Contents[0].Name = "XY carving"
			in.Parcel.MeasuredWeightKg, in.Parcel.DeclaredWeightKg = 3, 1
		}, want{55, ActionHold, LevelAmber, []string{"strong-word:35", "heavy:20"}, "", nil}},
		{"group: field and checklist count once, at the highest weight", func(in *Inspection) {
			in.ContentsCheck = ContentsMismatch
			in.Answers = []Answer{{Item: "opened-differs", Value: AnswerYes}}
		}, want{35, ActionClear, LevelGreen, []string{"mismatch:35", "seen-differs:0"}, "", nil}},
		{"group: likely and suspected products count once, the refuse floor wins", func(in *Inspection) {
			in.Findings = []Finding{{Card: "a", Confidence: ConfidenceHigh}, {Card: "b", Confidence: ConfidenceLow}}
		}, want{70, ActionRefuse, LevelRed, []string{"likely:70", "suspected:0"}, "", nil}},
		{"weak word alone: not counted, and a note says so", func(in *Inspection) {
			in.Parcel.Contents = []DeclaredItem{{Name: "fruit jelly sweets", Category: "food"}}
		}, want{0, ActionClear, LevelGreen, nil, "", []string{NoteWeakWordAlone + ":jelly"}}},
		{"weak word backed by its category", func(in *Inspection) {
			in.Parcel.Contents = []DeclaredItem{{Name: "jelly bangle", Category: "jewellery"}}
		}, want{20, ActionClear, LevelGreen, []string{"weak-word:20"}, "", nil}},
		{"weak word backed by a finding on its card", func(in *Inspection) {
			in.Parcel.Contents = []DeclaredItem{{Name: "jelly", Category: "food"}}
			in.Findings = []Finding{{Card: "ivory-carving", Confidence: ConfidenceLow}}
		}, want{60, ActionHold, LevelAmber, []string{"suspected:40", "weak-word:20"}, "", nil}},
		{"weak word backed by the route", func(in *Inspection) {
			in.Parcel.Contents = []DeclaredItem{{Name: "jelly", Category: "food"}}
			in.Parcel.Origin.Country = "TZ"
		}, want{59, ActionHold, LevelAmber, []string{"origin:30", "weak-word:20", "destination:9"}, "", []string{NoteRouteCapped + ":destination"}}},
		{"weak and strong word together count once", func(in *Inspection) {
			in.Parcel.Contents = []DeclaredItem{{Name: "XY jelly bangle", Category: "jewellery"}}
		}, want{35, ActionHold, LevelAmber, []string{"strong-word:35", "weak-word:0"}, "strong-word", nil}},
		{"postal: a power bank is refused under postal rules, with no points", func(in *Inspection) {
			in.Parcel.Contents = []DeclaredItem{{Name: "power bank", Category: "electronics"}}
			in.Answers = []Answer{{Item: "waybill-prohibited", Value: AnswerYes}}
		}, want{0, ActionRefusePostal, LevelGreen, []string{"prohibited:0"}, "", nil}},
		{"postal answers never back a weak word", func(in *Inspection) {
			in.Parcel.Contents = []DeclaredItem{{Name: "jelly", Category: "food"}, {Name: "power bank", Category: "electronics"}}
			in.Answers = []Answer{{Item: "waybill-prohibited", Value: AnswerYes}}
		}, want{0, ActionRefusePostal, LevelGreen, []string{"prohibited:0"}, "", []string{NoteWeakWordAlone + ":jelly"}}},
		{"postal beside a wildlife sign: the wildlife action stands", func(in *Inspection) {
			in.Answers = []Answer{{Item: "waybill-prohibited", Value: AnswerYes}, {Item: "xray-plates", Value: AnswerYes}}
		}, want{35, ActionHold, LevelAmber, []string{"plates:35", "prohibited:0"}, "plates", nil}},
		{"route capped: geography alone never holds", func(in *Inspection) {
			in.Parcel.Origin.Country = "TZ"
		}, want{39, ActionClear, LevelGreen, []string{"origin:30", "destination:9"}, "", []string{NoteRouteCapped + ":destination"}}},
		{"route points still add to another sign", func(in *Inspection) {
			in.Parcel.Origin.Country = "TZ"
			in.Parcel.MeasuredWeightKg, in.Parcel.DeclaredWeightKg = 3, 1
		}, want{59, ActionHold, LevelAmber, []string{"origin:30", "heavy:20", "destination:9"}, "", []string{NoteRouteCapped + ":destination"}}},
		{"expired document typed from the card", func(in *Inspection) {
			in.Parties[0].ID.Expiry = "2025-12-31"
		}, want{25, ActionClear, LevelGreen, []string{"expired:25"}, "", nil}},
		{"document valid until today is not expired", func(in *Inspection) {
			in.Parties[0].ID.Expiry = "2026-03-02"
		}, want{0, ActionClear, LevelGreen, nil, "", nil}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := adviceParcel()
			tc.change(in)
			a := Assess(in, adviceRules(), Thresholds{Hold: 40, Refuse: 70}, adviceContext())
			var counts, notes []string
			for _, r := range a.Reasons {
				counts = append(counts, r.RuleID+":"+itoa(r.Weight))
			}
			for _, n := range a.Notes {
				notes = append(notes, n.Code+":"+n.Detail)
			}
			got := want{a.Score, a.Action, a.Level, counts, a.Floor, notes}
			if got.score != tc.want.score || got.action != tc.want.action || got.level != tc.want.level ||
				!slices.Equal(got.counts, tc.want.counts) || got.floor != tc.want.floor || !slices.Equal(got.notes, tc.want.notes) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
			for _, r := range a.Reasons {
				if r.Floor != "" && r.RuleID != a.Floor {
					t.Errorf("reason %s marked as the floor, assessment says %s", r.RuleID, a.Floor)
				}
			}
		})
	}
}

// A floor holds below the hold threshold and the assessment names it.
func TestFloorNamed(t *testing.T) {
	in := adviceParcel()
	in.Parties[0].RefusedID, in.Parties[0].ID = true, nil
	a := Assess(in, adviceRules(), Thresholds{Hold: 50, Refuse: 80}, adviceContext())
	if a.Action != ActionHold || a.Floor != "refused" || len(a.Reasons) != 1 || a.Reasons[0].Floor != ActionHold {
		t.Errorf("assessment = %+v", a)
	}
}

// A weak word's reason says what backed it.
func TestWeakWordSaysWhatBacksIt(t *testing.T) {
	in := adviceParcel()
	in.Parcel.Contents = []DeclaredItem{{Name: "jelly bangle", Category: "jewellery"}}
	a := Assess(in, adviceRules(), Thresholds{Hold: 40, Refuse: 70}, adviceContext())
	if len(a.Reasons) != 1 || !strings.Contains(a.Reasons[0].Detail, "weak") || !strings.Contains(a.Reasons[0].Detail, "category jewellery") {
		t.Errorf("reasons = %+v", a.Reasons)
	}
}

func TestTypedExpiry(t *testing.T) {
	now := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		expiry  string
		expired bool
		problem string
	}{
		{"", false, ""},
		{"2026-03-01", true, ""},
		{"2026-03-02", false, ""},
		{"2030-01-01", false, ""},
		{"01/03/2026", false, ErrIDEnteredExpiry},
	} {
		r := CheckID(IDDocument{Type: DocCNResidentID, Number: "11010519491231002X", Expiry: tc.expiry}, now)
		var probs []string
		for _, p := range r.Problems {
			probs = append(probs, p.Field+":"+p.Code)
		}
		wantProbs := []string(nil)
		if tc.problem != "" {
			wantProbs = []string{"expiry:" + tc.problem}
		}
		if r.Decoded.Expired != tc.expired || !slices.Equal(probs, wantProbs) || !r.FormatOK {
			t.Errorf("expiry %q: expired %v problems %v format_ok %v", tc.expiry, r.Decoded.Expired, probs, r.FormatOK)
		}
	}
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
