package inspect

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// cleanInspection raises no signal: a domestic parcel with a well-formed
// ID, names that match, full addresses and a plain declaration.
func cleanInspection() *Inspection {
	return &Inspection{
		ID: "i1", CreatedAt: testNow, UpdatedAt: testNow, Status: StatusDraft, Station: "GZ01",
		Parcel: Parcel{
			Waybill: "RR123456785CN", Stage: StageAcceptance,
			Contents:         []DeclaredItem{{Name: "green tea leaves", Category: "food", Quantity: 2, Value: 30, Currency: "CNY"}},
			DeclaredWeightKg: 1.0, MeasuredWeightKg: 1.1,
			Origin: Place{Country: "CN", City: "Guangzhou"}, Destination: Place{Country: "CN", City: "Beijing"},
			Payment: PaymentPrepaid,
		},
		Parties: []Party{
			{Role: RoleSender, Name: "王伟", Phone: "138 1234 5678", Address: "广州市天河区体育西路1号",
				ID: &IDDocument{Type: DocCNResidentID, Number: cnID("44010619850312123"), Name: "王伟", BirthDate: "1985-03-12", Sex: "M"}},
			{Role: RoleReceiver, Name: "李娜", Phone: "139 8765 4321", Address: "北京市朝阳区建国路88号"},
		},
	}
}

func sigStrings(ss []Signal) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Name+"|"+s.Rule+"|"+s.Detail)
	}
	return out
}

func testContext() SignalContext {
	return SignalContext{
		Now:       testNow,
		ItemRules: map[string]string{"xray_dense": "r_xray", "xray_shape": "r_xray", "smell": "r_smell", "odd_item": ""},
		Concern: map[string][]string{
			RouteOrigin:      {"TZ", "CM", "NG"},
			RouteTransit:     {"HK", "VN", "MY"},
			RouteDestination: {"CN", "VN"},
		},
		CodeWords: FoldWords([]string{"XY", "jelly", "blood material", "XJ", "Xi Jiao", "象牙"}),
		Repeat:    map[string]int{},
	}
}

func TestDeriveSignals(t *testing.T) {
	tests := []struct {
		name   string
		change func(in *Inspection, ctx *SignalContext)
		want   []string
	}{
		{"clean", func(*Inspection, *SignalContext) {}, nil},
		{"checklist yes feeds its rule, once per item", func(in *Inspection, _ *SignalContext) {
			in.Answers = []Answer{{Item: "xray_dense", Value: AnswerYes}, {Item: "xray_shape", Value: AnswerYes},
				{Item: "smell", Value: AnswerNo}, {Item: "unmapped", Value: AnswerYes}, {Item: "odd_item", Value: AnswerYes},
				{Item: "smell", Value: AnswerNotChecked}}
		}, []string{"checklist|r_xray|xray_dense", "checklist|r_xray|xray_shape"}},
		{"id.missing", func(in *Inspection, _ *SignalContext) { in.Parties[0].ID = nil }, []string{"id.missing||sender"}},
		{"id.missing for an empty ID document", func(in *Inspection, _ *SignalContext) {
			in.Parties[0].ID = &IDDocument{Type: DocCNResidentID, Number: "  "}
		}, []string{"id.missing||sender"}},
		{"receiver without ID is normal", func(in *Inspection, _ *SignalContext) {}, nil},
		{"IDRoles can require the receiver's", func(in *Inspection, ctx *SignalContext) {
			ctx.IDRoles = []string{RoleSender, RoleReceiver}
		}, []string{"id.missing||receiver"}},
		{"id.refused replaces id.missing", func(in *Inspection, _ *SignalContext) {
			in.Parties[0].ID, in.Parties[0].RefusedID = nil, true
		}, []string{"id.refused||sender"}},
		{"id.format_invalid", func(in *Inspection, _ *SignalContext) {
			in.Parties[0].ID.Number = "440106198503121230"
		}, []string{"id.format_invalid||sender"}},
		{"id.format_invalid on birth date mismatch", func(in *Inspection, _ *SignalContext) {
			in.Parties[0].ID.BirthDate = "1985-03-13"
		}, []string{"id.format_invalid||sender"}},
		{"id.phone_only flagged", func(in *Inspection, _ *SignalContext) { in.Parties[1].PhoneOnly = true },
			[]string{"id.phone_only||receiver"}},
		{"id.phone_only derived", func(in *Inspection, _ *SignalContext) { in.Parties[1].Address = "" },
			[]string{"id.phone_only||receiver"}},
		{"name.fictitious", func(in *Inspection, _ *SignalContext) { in.Parties[1].Name = "李先生" },
			[]string{"name.fictitious||receiver"}},
		{"name.fictitious also for a sender whose ID name then differs", func(in *Inspection, _ *SignalContext) {
			in.Parties[0].Name = "test"
		}, []string{"name.fictitious||sender", "name.mismatch||sender"}},
		{"name.mismatch", func(in *Inspection, _ *SignalContext) { in.Parties[0].Name = "王强" },
			[]string{"name.mismatch||sender"}},
		{"likely name is no mismatch", func(in *Inspection, _ *SignalContext) {
			in.Parties[0].ID = &IDDocument{Type: DocPassport, MRZ: specimenL1 + "\n" + specimenL2}
			in.Parties[0].Name = "Anna Maria Eriksson"
		}, []string{"id.expired||sender: 2012-04-15"}}, // ICAO's specimen expired in 2012
		{"name.mismatch against the MRZ name", func(in *Inspection, _ *SignalContext) {
			in.Parties[0].ID = &IDDocument{Type: DocPassport, MRZ: specimenL1 + "\n" + specimenL2}
			in.Parties[0].Name = "Maria Svensson"
		}, []string{"id.expired||sender: 2012-04-15", "name.mismatch||sender"}},
		{"party.third_party flagged", func(in *Inspection, _ *SignalContext) { in.Parties[1].ThirdParty = true },
			[]string{"party.third_party||receiver"}},
		{"party.third_party for an agent, who needs an ID too", func(in *Inspection, _ *SignalContext) {
			in.Parties = append(in.Parties, Party{Role: RoleAgent, Name: "陈明", Phone: "13700000000", Address: "广州市白云区机场路100号"})
		}, []string{"id.missing||agent", "party.third_party||agent"}},
		{"address.vague flagged", func(in *Inspection, _ *SignalContext) { in.Parties[1].VagueAddress = true },
			[]string{"address.vague||receiver"}},
		{"address.vague derived", func(in *Inspection, _ *SignalContext) { in.Parties[1].Address = "北京" },
			[]string{"address.vague||receiver"}},
		{"route origin, transit, destination", func(in *Inspection, _ *SignalContext) {
			in.Parcel.Origin.Country, in.Parcel.Transit = "TZ", []string{"hk"}
		}, []string{"route.origin||TZ", "route.transit||HK", "route.destination||CN"}},
		{"transit country as destination", func(in *Inspection, _ *SignalContext) {
			in.Parcel.Origin.Country, in.Parcel.Destination.Country = "CM", "MY"
		}, []string{"route.origin||CM", "route.transit||MY"}},
		{"domestic parcels raise no route signal", func(in *Inspection, _ *SignalContext) {
			in.Parcel.Origin.Country, in.Parcel.Destination.Country = "VN", "VN"
		}, nil},
		{"declared.mismatch", func(in *Inspection, _ *SignalContext) { in.ContentsCheck = ContentsMismatch },
			[]string{"declared.mismatch||"}},
		{"contents match raises nothing", func(in *Inspection, _ *SignalContext) { in.ContentsCheck = ContentsMatch }, nil},
		{"declared.weight", func(in *Inspection, _ *SignalContext) { in.Parcel.MeasuredWeightKg = 1.5 },
			[]string{"declared.weight||1.5 kg > 1 kg"}},
		{"weight within 20 %", func(in *Inspection, _ *SignalContext) { in.Parcel.MeasuredWeightKg = 1.2 }, nil},
		{"light parcel within 0.3 kg", func(in *Inspection, _ *SignalContext) {
			in.Parcel.DeclaredWeightKg, in.Parcel.MeasuredWeightKg = 0.2, 0.45
		}, nil},
		{"custom weight tolerance", func(in *Inspection, ctx *SignalContext) {
			ctx.Weight = WeightTolerance{Ratio: 0.05, MinKg: 0.05}
		}, []string{"declared.weight||1.1 kg > 1 kg"}},
		{"declared.vague", func(in *Inspection, _ *SignalContext) {
			in.Parcel.Contents = []DeclaredItem{{Name: "Gift"}, {Name: " 礼品 "}, {Name: ""}}
		}, []string{"declared.vague||gift, 礼品"}},
		{"one specific line is enough", func(in *Inspection, _ *SignalContext) {
			in.Parcel.Contents = append(in.Parcel.Contents, DeclaredItem{Name: "gift"})
		}, nil},
		{"no contents yet raises nothing", func(in *Inspection, _ *SignalContext) { in.Parcel.Contents = nil }, nil},
		{"declared.codeword", func(in *Inspection, _ *SignalContext) {
			in.Parcel.Contents = []DeclaredItem{{Name: "XY bracelet"}, {Name: "Blood-Material beads"}, {Name: "xijiao powder"}, {Name: "xylophone"}}
		}, []string{"declared.codeword||blood material", "declared.codeword||xi jiao", "declared.codeword||xy"}},
		{"codeword in Han text", func(in *Inspection, _ *SignalContext) {
			in.Parcel.Contents = []DeclaredItem{{Name: "工艺品 象牙手镯"}, {Name: "茶叶xj礼盒"}}
		}, []string{"declared.codeword||xj", "declared.codeword||象牙"}},
		{"product.suspected and product.likely", func(in *Inspection, _ *SignalContext) {
			in.Findings = []Finding{{Card: "ivory_carving", Confidence: ConfidenceMedium}, {Card: "pangolin_scales", Confidence: ConfidenceHigh},
				{Card: "rhino_horn", Confidence: ConfidenceLow}}
		}, []string{"product.suspected||ivory_carving", "product.suspected||rhino_horn", "product.likely||pangolin_scales"}},
		{"repeat.sender", func(in *Inspection, ctx *SignalContext) { ctx.Repeat = map[string]int{RoleSender: 2, RoleReceiver: 5} },
			[]string{"repeat.sender||sender: 2"}},
		{"repeat below RepeatMin", func(in *Inspection, ctx *SignalContext) {
			ctx.Repeat, ctx.RepeatMin = map[string]int{RoleSender: 2}, 3
		}, nil},
		{"live.signs", func(in *Inspection, _ *SignalContext) { in.LiveSigns = true }, []string{"live.signs||"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, ctx := cleanInspection(), testContext()
			tt.change(in, &ctx)
			got := sigStrings(DeriveSignals(in, ctx))
			if !slices.Equal(got, tt.want) {
				t.Errorf("signals = %q\nwant      %q", got, tt.want)
			}
		})
	}
}

// Every signal name the pack may use is raised by some case above, and
// DeriveSignals raises no other name.
func TestSignalNamesMatchPack(t *testing.T) {
	want := []string{"checklist", "id.missing", "id.refused", "id.format_invalid", "id.phone_only", "id.expired", "name.fictitious",
		"name.mismatch", "party.third_party", "address.vague", "route.origin", "route.transit", "route.destination",
		"declared.mismatch", "declared.weight", "declared.vague", "declared.codeword", "declared.codeword_weak", "product.suspected",
		"product.likely", "repeat.sender", "live.signs"}
	if !slices.Equal(SignalNames, want) {
		t.Errorf("SignalNames = %v", SignalNames)
	}
}

// testRules resemble a pack: weights, one rule per signal, two checklist
// rules, and rules that force an action.
func testRules() []Rule {
	return []Rule{
		{ID: "r_xray", Weight: 25, Signal: SignalChecklist},
		{ID: "r_smell", Weight: 15, Signal: SignalChecklist},
		{ID: "r_id_missing", Weight: 20, Signal: SignalIDMissing},
		{ID: "r_id_refused", Weight: 30, Signal: SignalIDRefused, Action: ActionHold},
		{ID: "r_id_format", Weight: 20, Signal: SignalIDFormatInvalid},
		{ID: "r_phone_only", Weight: 10, Signal: SignalIDPhoneOnly},
		{ID: "r_fictitious", Weight: 20, Signal: SignalNameFictitious},
		{ID: "r_name_mismatch", Weight: 15, Signal: SignalNameMismatch},
		{ID: "r_third_party", Weight: 10, Signal: SignalThirdParty},
		{ID: "r_vague_address", Weight: 10, Signal: SignalAddressVague},
		{ID: "r_origin", Weight: 15, Signal: SignalRouteOrigin},
		{ID: "r_transit", Weight: 10, Signal: SignalRouteTransit},
		{ID: "r_destination", Weight: 10, Signal: SignalRouteDestination},
		{ID: "r_declared_mismatch", Weight: 30, Signal: SignalDeclaredMismatch},
		{ID: "r_weight", Weight: 15, Signal: SignalDeclaredWeight},
		{ID: "r_vague", Weight: 10, Signal: SignalDeclaredVague},
		{ID: "r_codeword", Weight: 40, Signal: SignalDeclaredCodeword, Action: ActionHold},
		{ID: "r_suspected", Weight: 40, Signal: SignalProductSuspected, Action: ActionHold},
		{ID: "r_likely", Weight: 60, Signal: SignalProductLikely, Action: ActionRefuse},
		{ID: "r_repeat", Weight: 25, Signal: SignalRepeatSender},
		{ID: "r_live", Weight: 50, Signal: SignalLiveSigns, Action: ActionHold},
	}
}

var testThresholds = Thresholds{Hold: 40, Refuse: 70}

func reasonStrings(rs []Reason) []string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%s=%d[%s]", r.RuleID, r.Weight, r.Detail))
	}
	return out
}

func TestAssess(t *testing.T) {
	tests := []struct {
		name    string
		change  func(in *Inspection, rules *[]Rule, th *Thresholds)
		score   int
		level   string
		action  string
		reasons []string
	}{
		{"fresh draft is grey", func(in *Inspection, _ *[]Rule, _ *Thresholds) {
			*in = Inspection{Parcel: Parcel{Waybill: "X", Stage: StageAcceptance}, Parties: []Party{{Role: RoleReceiver, Name: "李娜", Address: "北京市朝阳区建国路88号"}}}
		}, 0, LevelGrey, "", nil},
		{"a signal on a fresh draft is not grey", func(in *Inspection, _ *[]Rule, _ *Thresholds) {
			*in = Inspection{Parcel: Parcel{Waybill: "X", Stage: StageAcceptance}, Parties: []Party{{Role: RoleReceiver, Name: "test", Address: "北京市朝阳区建国路88号"}}}
		}, 20, LevelGreen, ActionClear, []string{"r_fictitious=20[receiver]"}},
		{"checked and clean is green", func(*Inspection, *[]Rule, *Thresholds) {}, 0, LevelGreen, ActionClear, nil},
		{"a 'no' answer alone makes it green", func(in *Inspection, _ *[]Rule, _ *Thresholds) {
			*in = Inspection{Parcel: Parcel{Waybill: "X"}, Answers: []Answer{{Item: "smell", Value: AnswerNo}}}
		}, 0, LevelGreen, ActionClear, nil},
		{"below hold is green", func(in *Inspection, _ *[]Rule, _ *Thresholds) {
			in.Answers = []Answer{{Item: "xray_dense", Value: AnswerYes}, {Item: "xray_shape", Value: AnswerYes}}
		}, 25, LevelGreen, ActionClear, []string{"r_xray=25[xray_dense, xray_shape]"}},
		{"hold threshold reached is amber", func(in *Inspection, _ *[]Rule, _ *Thresholds) {
			in.Answers = []Answer{{Item: "xray_dense", Value: AnswerYes}, {Item: "smell", Value: AnswerYes}}
		}, 40, LevelAmber, ActionHold, []string{"r_xray=25[xray_dense]", "r_smell=15[smell]"}},
		{"refuse threshold reached is red", func(in *Inspection, _ *[]Rule, _ *Thresholds) {
			in.Answers = []Answer{{Item: "xray_dense", Value: AnswerYes}, {Item: "smell", Value: AnswerYes}}
			in.ContentsCheck = ContentsMismatch
		}, 70, LevelRed, ActionRefuse, []string{"r_declared_mismatch=30[]", "r_xray=25[xray_dense]", "r_smell=15[smell]"}},
		{"a rule's action lifts a low score", func(in *Inspection, _ *[]Rule, _ *Thresholds) {
			in.Parties[0].ID, in.Parties[0].RefusedID = nil, true
		}, 30, LevelAmber, ActionHold, []string{"r_id_refused=30[sender]"}},
		{"refuse action beats the score", func(in *Inspection, _ *[]Rule, _ *Thresholds) {
			in.Findings = []Finding{{Card: "pangolin_scales", Confidence: ConfidenceHigh}}
		}, 60, LevelRed, ActionRefuse, []string{"r_likely=60[pangolin_scales]"}},
		{"rule fires once with all details", func(in *Inspection, _ *[]Rule, _ *Thresholds) {
			in.Parties[0].Name, in.Parties[1].Name = "test", "xxx"
		}, 35, LevelGreen, ActionClear, []string{"r_fictitious=20[receiver, sender]", "r_name_mismatch=15[sender]"}},
		{"score capped at 100", func(in *Inspection, _ *[]Rule, _ *Thresholds) {
			in.LiveSigns, in.ContentsCheck = true, ContentsMismatch
			in.Findings = []Finding{{Card: "c1", Confidence: ConfidenceHigh}, {Card: "c2", Confidence: ConfidenceLow}}
		}, 100, LevelRed, ActionRefuse, []string{"r_likely=60[c1]", "r_live=50[]", "r_suspected=40[c2]", "r_declared_mismatch=30[]"}},
		{"ties sorted by ID", func(in *Inspection, _ *[]Rule, _ *Thresholds) {
			in.Parties[1].ThirdParty, in.Parties[1].VagueAddress = true, true
		}, 20, LevelGreen, ActionClear, []string{"r_third_party=10[receiver]", "r_vague_address=10[receiver]"}},
		{"duplicate rule IDs count once", func(in *Inspection, rules *[]Rule, _ *Thresholds) {
			*rules = append(*rules, Rule{ID: "r_live", Weight: 99, Signal: SignalLiveSigns})
			in.LiveSigns = true
		}, 50, LevelAmber, ActionHold, []string{"r_live=50[]"}},
		{"two rules on one signal both fire", func(in *Inspection, rules *[]Rule, _ *Thresholds) {
			*rules = append(*rules, Rule{ID: "r_live_extra", Weight: 5, Signal: SignalLiveSigns})
			in.LiveSigns = true
		}, 55, LevelAmber, ActionHold, []string{"r_live=50[]", "r_live_extra=5[]"}},
		{"a checklist item can feed a signal rule by ID", func(in *Inspection, rules *[]Rule, _ *Thresholds) {
			in.Answers = []Answer{{Item: "movement", Value: AnswerYes}}
		}, 50, LevelAmber, ActionHold, []string{"r_live=50[movement]"}},
		{"negative weights lower the score, not below 0", func(in *Inspection, rules *[]Rule, _ *Thresholds) {
			*rules = append(*rules, Rule{ID: "r_known_shipper", Weight: -50, Signal: SignalChecklist})
			in.Answers = []Answer{{Item: "xray_dense", Value: AnswerYes}, {Item: "known", Value: AnswerYes}}
		}, 0, LevelGreen, ActionClear, []string{"r_xray=25[xray_dense]", "r_known_shipper=-50[known]"}},
		{"thresholds off", func(in *Inspection, _ *[]Rule, th *Thresholds) {
			*th = Thresholds{}
			in.ContentsCheck = ContentsMismatch
		}, 30, LevelGreen, ActionClear, []string{"r_declared_mismatch=30[]"}},
		{"no rules: nothing fires", func(in *Inspection, rules *[]Rule, _ *Thresholds) {
			*rules = nil
			in.LiveSigns = true
		}, 0, LevelGreen, ActionClear, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, rules, th := cleanInspection(), testRules(), testThresholds
			ctx := testContext()
			ctx.ItemRules["movement"] = "r_live"
			ctx.ItemRules["known"] = "r_known_shipper"
			tt.change(in, &rules, &th)
			a := Assess(in, rules, th, ctx)
			if a.Score != tt.score || a.Level != tt.level || a.Action != tt.action {
				t.Errorf("got %d %s %q, want %d %s %q", a.Score, a.Level, a.Action, tt.score, tt.level, tt.action)
			}
			if got := reasonStrings(a.Reasons); !slices.Equal(got, tt.reasons) {
				t.Errorf("reasons = %q\nwant      %q", got, tt.reasons)
			}
		})
	}
}

func TestAssessDeterministic(t *testing.T) {
	in, ctx := benchInspection()
	rules := benchRules()
	first := Assess(in, rules, testThresholds, ctx)
	if len(first.Reasons) < 10 {
		t.Fatalf("bench parcel fires only %d rules", len(first.Reasons))
	}
	// Shuffled rules give the same assessment.
	rev := slices.Clone(rules)
	slices.Reverse(rev)
	for i := 0; i < 20; i++ {
		a := Assess(in, rev, testThresholds, ctx)
		if fmt.Sprint(a) != fmt.Sprint(first) {
			t.Fatalf("run %d differs:\n%v\n%v", i, a, first)
		}
	}
	if Assess(nil, rules, testThresholds, ctx).Level != LevelGrey {
		t.Error("nil inspection not grey")
	}
}

func TestContainsWord(t *testing.T) {
	tests := []struct {
		text, word string
		want       bool
	}{
		{"xy bracelet", "xy", true},
		{"bracelet xy", "xy", true},
		{"xylophone", "xy", false},
		{"galaxy", "xy", false},
		{"象牙xy手镯", "xy", true},
		{"blood material beads", "blood material", true},
		{"bloodmaterial", "blood material", true},
		{"blood materials", "blood material", false},
		{"手镯象牙", "象牙", true},
		{"xy", "", false},
		{"", "xy", false},
		{"axy xy", "xy", true}, // second occurrence stands alone
	}
	for _, tt := range tests {
		if got := containsWord(tt.text, tt.word); got != tt.want {
			t.Errorf("containsWord(%q, %q) = %v", tt.text, tt.word, got)
		}
	}
}

// benchInspection is a realistic busy parcel: three parties, a passport
// with its MRZ, four declared lines, 35 answers, two findings, a route of
// concern.
func benchInspection() (*Inspection, SignalContext) {
	in := cleanInspection()
	in.Parcel.Origin, in.Parcel.Transit = Place{Country: "TZ", City: "Dar es Salaam"}, []string{"HK"}
	in.Parcel.Contents = []DeclaredItem{{Name: "wooden handicraft", Quantity: 3}, {Name: "XY bracelet", Quantity: 1},
		{Name: "gift"}, {Name: "茶叶 礼盒"}}
	in.Parcel.MeasuredWeightKg = 2.4
	in.Parties[0] = Party{Role: RoleSender, Name: "Anna Maria Eriksson", Phone: "+255 712 345 678", Address: "Kariakoo, Dar es Salaam",
		ID: &IDDocument{Type: DocPassport, Number: "L898902C3", MRZ: specimenL1 + "\n" + specimenL2, BirthDate: "1974-08-12", Sex: "F"}}
	in.Parties = append(in.Parties, Party{Role: RoleAgent, Name: "Juma Hassan", Phone: "0754 000 111", ThirdParty: true,
		ID: &IDDocument{Type: DocTZNIDA, Number: "19900101-12345-67890-12"}})
	ctx := testContext()
	for i := 0; i < 35; i++ {
		item := fmt.Sprintf("item_%02d", i)
		v := AnswerNo
		if i%4 == 0 {
			v = AnswerYes
		}
		in.Answers = append(in.Answers, Answer{Item: item, Value: v})
		ctx.ItemRules[item] = fmt.Sprintf("r_check_%02d", i%12)
	}
	in.Findings = []Finding{{Card: "ivory_carving", Confidence: ConfidenceMedium}, {Card: "ivory_bead", Confidence: ConfidenceLow}}
	ctx.Repeat[RoleSender] = 1
	// A pack has dozens of code words.
	words := []string{"XY", "jelly", "blood material", "XJ", "Xi Jiao", "象牙"}
	for i := 0; i < 40; i++ {
		words = append(words, fmt.Sprintf("code%02d", i))
	}
	ctx.CodeWords = FoldWords(words)
	return in, ctx
}

// benchRules: ~40 rules, as a full pack would have.
func benchRules() []Rule {
	rules := testRules()
	for i := 0; i < 12; i++ {
		rules = append(rules, Rule{ID: fmt.Sprintf("r_check_%02d", i), Weight: 5 + i, Signal: SignalChecklist})
	}
	for i := 0; i < 7; i++ {
		rules = append(rules, Rule{ID: fmt.Sprintf("r_spare_%d", i), Weight: 3, Signal: SignalNames[1+i*2]})
	}
	return rules
}

func BenchmarkAssess(b *testing.B) {
	in, ctx := benchInspection()
	rules := benchRules()
	if n := len(rules); n < 38 || n > 42 {
		b.Fatalf("%d rules", n)
	}
	b.ReportAllocs()
	for b.Loop() {
		Assess(in, rules, testThresholds, ctx)
	}
}

func BenchmarkCheckID(b *testing.B) {
	docs := []IDDocument{
		{Type: DocCNResidentID, Number: "11010519491231002X", BirthDate: "1949-12-31", Sex: "F"},
		{Type: DocPassport, MRZ: specimenL1 + "\n" + specimenL2},
		{Type: DocVNCCCD, Number: "001099012345"},
		{Type: DocTZNIDA, Number: "19800131-12345-67890-12"},
	}
	for b.Loop() {
		for _, d := range docs {
			CheckID(d, testNow)
		}
	}
}

func init() {
	// Guard the test data itself: the clean sender's ID must be valid.
	in := cleanInspection()
	if r := CheckID(*in.Parties[0].ID, testNow); !r.FormatOK {
		panic("clean ID invalid: " + strings.Join(problems(r), ","))
	}
}
