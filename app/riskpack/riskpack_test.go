package riskpack

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"tusk/app/inspect"
	"tusk/app/sop"
	"tusk/data"
)

var now = time.Date(2026, 3, 1, 8, 30, 0, 0, time.UTC)

func load(tb testing.TB) (*sop.Pack, *Risk) {
	tb.Helper()
	p, err := sop.Load(data.FS)
	if err != nil {
		tb.Fatal(err)
	}
	return p, New(p)
}

func TestConvertDefaultPack(t *testing.T) {
	p, r := load(t)
	if len(r.Rules) != len(p.Rules.Rules) || len(r.Rules) == 0 {
		t.Fatalf("%d rules from %d", len(r.Rules), len(p.Rules.Rules))
	}
	for i, rl := range r.Rules {
		src := p.Rules.Rules[i]
		if rl.ID != src.ID || rl.Weight != src.Weight || rl.Signal != src.Signal || rl.Action != src.Action {
			t.Errorf("rule %d: %+v from %+v", i, rl, src)
		}
		if !slices.Contains(inspect.SignalNames, rl.Signal) {
			t.Errorf("rule %s: signal %q is not one inspect raises", rl.ID, rl.Signal)
		}
		if rl.Action != "" && rl.Action != inspect.ActionHold && rl.Action != inspect.ActionRefuse {
			t.Errorf("rule %s: action %q", rl.ID, rl.Action)
		}
	}
	if r.Thresholds.Hold != p.Rules.Thresholds.Hold || r.Thresholds.Refuse != p.Rules.Thresholds.Refuse ||
		r.Thresholds.Hold <= 0 || r.Thresholds.Hold >= r.Thresholds.Refuse {
		t.Errorf("thresholds %+v", r.Thresholds)
	}
	// Every checklist item feeds a checklist rule of the pack.
	if len(r.Base.ItemRules) != len(p.Checklists.Items) {
		t.Errorf("%d item rules for %d items", len(r.Base.ItemRules), len(p.Checklists.Items))
	}
	for item, rule := range r.Base.ItemRules {
		rl := p.RuleByID[rule]
		if rl == nil || rl.Signal != inspect.SignalChecklist {
			t.Errorf("item %s feeds %q, not a checklist rule", item, rule)
		}
	}
	// Countries of concern, by role, as routes.json lists them.
	for _, tc := range []struct {
		role, country string
		want          bool
	}{
		{inspect.RouteOrigin, "TZ", true},
		{inspect.RouteDestination, "TZ", true},
		{inspect.RouteTransit, "TZ", false},
		{inspect.RouteTransit, "HK", true},
		{inspect.RouteOrigin, "HK", false},
		{inspect.RouteDestination, "CN", true},
		{inspect.RouteOrigin, "CN", false},
		{inspect.RouteOrigin, "CM", true},
		{inspect.RouteTransit, "CM", true},
		{inspect.RouteOrigin, "FR", false},
	} {
		if got := slices.Contains(r.Base.Concern[tc.role], tc.country); got != tc.want {
			t.Errorf("%s as %s: %v, want %v", tc.country, tc.role, got, tc.want)
		}
	}
	for role, cs := range r.Base.Concern {
		if !slices.IsSorted(cs) || len(slices.Compact(slices.Clone(cs))) != len(cs) {
			t.Errorf("%s countries not sorted and unique: %v", role, cs)
		}
	}
	// Code words are folded once, here, with their strength; a weak word
	// carries the categories and cards that may back it.
	words := map[string]inspect.CodeWord{}
	for _, w := range r.Base.Words {
		words[w.Text] = w
	}
	for _, w := range []string{"xy", "象牙", "xi jiao", "blood material", "鹤顶红", "xj", "犀角"} {
		if cw, ok := words[w]; !ok || cw.Weak {
			t.Errorf("strong code word %q: %+v, %v", w, cw, ok)
		}
	}
	for _, w := range []string{"jelly", "white plastic", "african materials"} {
		cw, ok := words[w]
		if !ok || !cw.Weak || !slices.Contains(cw.Categories, "jewellery") || !slices.Contains(cw.Cards, "ivory-carving") {
			t.Errorf("weak code word %q: %+v, %v", w, cw, ok)
		}
	}
	if len(r.Base.Words) == 0 || len(r.Base.Words) > len(p.CodeWords) {
		t.Errorf("%d folded code words from %d", len(r.Base.Words), len(p.CodeWords))
	}
}

// clean is a domestic parcel with nothing wrong: it must score green with
// no reason under the real pack.
func clean() *inspect.Inspection {
	return &inspect.Inspection{
		ID: "i1", CreatedAt: now, UpdatedAt: now, Status: inspect.StatusDraft,
		Parcel: inspect.Parcel{
			Waybill: "RR123456785CN", Stage: inspect.StageAcceptance,
			Contents:         []inspect.DeclaredItem{{Name: "cotton T-shirts", Category: "clothing_textiles", Quantity: 10}},
			DeclaredWeightKg: 2, MeasuredWeightKg: 2.1,
			Origin:      inspect.Place{Country: "CN", City: "Guangzhou"},
			Destination: inspect.Place{Country: "CN", City: "Beijing"},
		},
		Parties: []inspect.Party{
			{Role: inspect.RoleSender, Name: "王伟", Phone: "138 1234 5678", Address: "广州市天河区体育西路1号",
				ID: &inspect.IDDocument{Type: inspect.DocCNResidentID, Number: "11010519491231002X", Name: "王伟", BirthDate: "1949-12-31", Sex: "F"}},
			{Role: inspect.RoleReceiver, Name: "李娜", Phone: "139 8765 4321", Address: "北京市朝阳区建国路88号"},
		},
		Answers: []inspect.Answer{{Item: "packaging-weight", Value: inspect.AnswerNo}, {Item: "xray-organic-dense", Value: inspect.AnswerNotChecked}},
	}
}

func TestAssessWithDefaultPack(t *testing.T) {
	_, r := load(t)
	for _, tc := range []struct {
		name   string
		change func(in *inspect.Inspection)
		repeat map[string]int
		rules  []string // fired, highest weight first
		level  string
		action string
	}{
		{"fresh draft", func(in *inspect.Inspection) {
			*in = inspect.Inspection{Parcel: inspect.Parcel{Waybill: "RR123456785CN", Stage: inspect.StageAcceptance}}
		}, nil, nil, inspect.LevelGrey, ""},
		{"clean", func(*inspect.Inspection) {}, nil, nil, inspect.LevelGreen, inspect.ActionClear},
		{"code word", func(in *inspect.Inspection) {
			in.Parcel.Contents = append(in.Parcel.Contents, inspect.DeclaredItem{Name: "XY bracelet"})
		}, nil, []string{"declared-codeword"}, inspect.LevelAmber, inspect.ActionHold},
		{"protected product named: 象牙手镯", func(in *inspect.Inspection) {
			in.Parcel.Contents = []inspect.DeclaredItem{{Name: "象牙手镯", Category: "jewellery"}}
		}, nil, []string{"declared-codeword"}, inspect.LevelAmber, inspect.ActionHold},
		{"strong code word: 鹤顶红 挂件", func(in *inspect.Inspection) {
			in.Parcel.Contents = []inspect.DeclaredItem{{Name: "鹤顶红 挂件", Category: "jewellery"}}
		}, nil, []string{"declared-codeword"}, inspect.LevelAmber, inspect.ActionHold},
		{"weak word alone does not count: fruit jelly sweets", func(in *inspect.Inspection) {
			in.Parcel.Contents = []inspect.DeclaredItem{{Name: "fruit jelly sweets", Category: "food"}}
		}, nil, nil, inspect.LevelGreen, inspect.ActionClear},
		{"weak word with a matching category counts", func(in *inspect.Inspection) {
			in.Parcel.Contents = []inspect.DeclaredItem{{Name: "jelly bangle", Category: "jewellery"}}
		}, nil, []string{"declared-codeword-weak"}, inspect.LevelGreen, inspect.ActionClear},
		{"contents differ, field and checklist: one fact, one count", func(in *inspect.Inspection) {
			in.ContentsCheck = inspect.ContentsMismatch
			in.Answers = append(in.Answers, inspect.Answer{Item: "opened-not-as-declared", Value: inspect.AnswerYes})
		}, nil, []string{"declared-mismatch", "declared-vs-seen"}, inspect.LevelGreen, inspect.ActionClear},
		{"live animal: hold and call, not refuse", func(in *inspect.Inspection) {
			in.LiveSigns = true
			in.Answers = append(in.Answers, inspect.Answer{Item: "live-sounds", Value: inspect.AnswerYes})
		}, nil, []string{"live-signs", "live-animal-signs"}, inspect.LevelAmber, inspect.ActionHold},
		{"x-ray plates hold", func(in *inspect.Inspection) {
			in.Answers = append(in.Answers, inspect.Answer{Item: "xray-plates", Value: inspect.AnswerYes})
		}, nil, []string{"xray-scales-plates"}, inspect.LevelAmber, inspect.ActionHold},
		{"power bank: refused under postal rules, no points", func(in *inspect.Inspection) {
			in.Parcel.Contents = []inspect.DeclaredItem{{Name: "power bank 20000 mAh", Category: "electronics"}}
			in.Answers = append(in.Answers, inspect.Answer{Item: "waybill-prohibited", Value: inspect.AnswerYes})
		}, nil, []string{"prohibited-articles"}, inspect.LevelGreen, inspect.ActionRefusePostal},
		{"refused ID on the checklist is the refused-ID fact", func(in *inspect.Inspection) {
			in.Parties[0].ID, in.Parties[0].RefusedID = nil, true
			in.Answers = append(in.Answers, inspect.Answer{Item: "counter-refuses-id", Value: inspect.AnswerYes})
		}, nil, []string{"id-refused"}, inspect.LevelAmber, inspect.ActionHold},
		{"ICAO specimen passport, expired 2012", func(in *inspect.Inspection) {
			in.Parties[0].ID = &inspect.IDDocument{Type: inspect.DocPassport,
				MRZ: "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"}
			in.Parties[0].Name = "Anna Maria Eriksson"
		}, nil, []string{"id-expired"}, inspect.LevelGreen, inspect.ActionClear},
		{"route TZ to CN via HK", func(in *inspect.Inspection) {
			in.Parcel.Origin.Country, in.Parcel.Transit = "TZ", []string{"HK"}
			in.Parties[0].ID = &inspect.IDDocument{Type: inspect.DocTZNIDA, Number: "19900101-12345-67890-12", BirthDate: "1990-01-01"}
			in.Parties[0].Name, in.Parties[0].Phone, in.Parties[0].Address = "Juma Hassan", "+255 712 345 678", "Plot 12, Kariakoo, Dar es Salaam"
		}, nil, []string{"route-origin", "route-destination", "route-transit"}, inspect.LevelGreen, inspect.ActionClear},
		{"checklist item feeds its rule", func(in *inspect.Inspection) {
			in.Answers = append(in.Answers, inspect.Answer{Item: "xray-tusk-horn", Value: inspect.AnswerYes})
		}, nil, []string{"xray-organic-dense"}, inspect.LevelAmber, inspect.ActionHold},
		{"suspected product holds", func(in *inspect.Inspection) {
			in.Findings = []inspect.Finding{{Card: "ivory-carving", Confidence: inspect.ConfidenceMedium}}
		}, nil, []string{"product-suspected"}, inspect.LevelAmber, inspect.ActionHold},
		{"likely product refuses", func(in *inspect.Inspection) {
			in.Findings = []inspect.Finding{{Card: "pangolin-scales", Confidence: inspect.ConfidenceHigh}}
		}, nil, []string{"product-likely"}, inspect.LevelRed, inspect.ActionRefuse},
		{"repeat sender from the store", func(*inspect.Inspection) {},
			map[string]int{inspect.RoleSender: 2}, []string{"repeat-sender"}, inspect.LevelGreen, inspect.ActionClear},
		{"refused ID and heavy parcel", func(in *inspect.Inspection) {
			in.Parties[0].ID, in.Parties[0].RefusedID = nil, true
			in.Parcel.MeasuredWeightKg = 5
		}, nil, []string{"id-refused", "declared-weight"}, inspect.LevelAmber, inspect.ActionHold},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := clean()
			tc.change(in)
			a := r.Assess(in, tc.repeat, now)
			var got []string
			sum := 0
			for _, rs := range a.Reasons {
				got = append(got, rs.RuleID)
				sum += rs.Weight
			}
			if !slices.Equal(got, tc.rules) || a.Level != tc.level || a.Action != tc.action || a.Score != min(sum, 100) {
				t.Errorf("got %v score %d %s %s, want %v %s %s", got, a.Score, a.Level, a.Action, tc.rules, tc.level, tc.action)
			}
		})
	}
}

func TestContextIsACopy(t *testing.T) {
	_, r := load(t)
	rep := map[string]int{inspect.RoleSender: 1}
	c := r.Context(rep, now)
	rep[inspect.RoleSender] = 5
	if c.Repeat[inspect.RoleSender] != 1 || !c.Now.Equal(now) || r.Base.Repeat != nil || !r.Base.Now.IsZero() {
		t.Errorf("context shares state: %+v", c)
	}
}

func TestExplain(t *testing.T) {
	p, r := load(t)
	a := inspect.Assessment{Reasons: []inspect.Reason{
		{RuleID: "product-likely", Weight: 70, Detail: "pangolin-scales"},
		{RuleID: "retired-rule", Weight: 5},
	}}
	for _, tc := range []struct{ lang, wantName string }{
		{"en", p.RuleByID["product-likely"].Name["en"]},
		{"zh", p.RuleByID["product-likely"].Name["zh"]},
		{"sw", p.RuleByID["product-likely"].Name["sw"]},
		{"xx", p.RuleByID["product-likely"].Name["en"]},
	} {
		got := r.Explain(a, tc.lang)
		if len(got) != 2 || got[0].Name != tc.wantName || got[0].Name == "" || got[0].Explain == "" ||
			got[0].Weight != 70 || got[0].Detail != "pangolin-scales" || got[0].Rule != "product-likely" {
			t.Errorf("%s: %+v", tc.lang, got)
		}
		if got[1].Name != "retired-rule" || got[1].Explain != "" {
			t.Errorf("%s: unknown rule explained as %+v", tc.lang, got[1])
		}
	}
	if zh, en := r.Explain(a, "zh")[0].Explain, r.Explain(a, "en")[0].Explain; zh == en || !strings.ContainsRune(zh, '。') && !strings.ContainsRune(zh, ',') {
		t.Errorf("zh explanation %q looks untranslated", zh)
	}
}

func TestNilPack(t *testing.T) {
	r := New(nil)
	in := clean()
	in.Findings = []inspect.Finding{{Card: "x", Confidence: inspect.ConfidenceHigh}}
	if a := r.Assess(in, nil, now); a.Score != 0 || len(a.Reasons) != 0 {
		t.Errorf("nil pack scored %+v", a)
	}
	if got := r.Explain(inspect.Assessment{Reasons: []inspect.Reason{{RuleID: "a"}}}, "en"); got[0].Name != "a" {
		t.Errorf("explain without a pack: %+v", got)
	}
}

func BenchmarkNew(b *testing.B) {
	p, _ := load(b)
	for b.Loop() {
		New(p)
	}
}

func BenchmarkAssessDefaultPack(b *testing.B) {
	_, r := load(b)
	in := clean()
	in.Parcel.Contents = append(in.Parcel.Contents, inspect.DeclaredItem{Name: "XY bracelet"})
	in.Findings = []inspect.Finding{{Card: "ivory-carving", Confidence: inspect.ConfidenceMedium}}
	for b.Loop() {
		r.Assess(in, nil, now)
	}
}

// FuzzAssessParcel scores any document that parses with the real pack:
// scoring never panics, and every score is explained by its reasons.
func FuzzAssessParcel(f *testing.F) {
	for _, name := range []string{"../../docs/examples/parcel-clear.json", "../../docs/examples/parcel-hold.json", "../inspect/testdata/parcel.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"parcel":{"waybill":"1","contents":[{"name":"象牙 xy"}],"origin":{"country":"TZ"},"destination":{"country":"CN"}},` +
		`"findings":[{"card":"rhino-horn","confidence":"high"}],"answers":[{"item":"live-sounds","value":true}]}`))
	p, r := load(f)
	f.Fuzz(func(t *testing.T, doc []byte) {
		in, err := inspect.ParseParcelJSON(bytes.NewReader(doc))
		if err != nil {
			return
		}
		a := r.Assess(in, map[string]int{inspect.RoleSender: 1}, now)
		sum, least := 0, ""
		groups, route, postal := map[string]int{}, 0, false
		for i, rs := range a.Reasons {
			rl := p.RuleByID[rs.RuleID]
			if rl == nil {
				t.Fatalf("reason %+v is not a pack rule", rs)
			}
			switch {
			case rl.Kind == sop.KindPostal:
				postal = true
				if rs.Weight != 0 {
					t.Fatalf("postal rule counted: %+v", rs)
				}
				continue
			case rs.SameAs != "":
				if rs.Weight != 0 || p.RuleByID[rs.SameAs] == nil || p.RuleByID[rs.SameAs].Group != rl.Group {
					t.Fatalf("grouped reason %+v", rs)
				}
			case strings.HasPrefix(rl.Signal, "route."):
				if rs.Weight > rl.Weight {
					t.Fatalf("route reason %+v above its rule", rs)
				}
				route += rs.Weight
			case rl.Weight != rs.Weight:
				t.Fatalf("reason %+v does not weigh its rule", rs)
			}
			if rl.Group != "" && rs.SameAs == "" {
				if groups[rl.Group]++; groups[rl.Group] > 1 {
					t.Fatalf("group %s counted twice: %+v", rl.Group, a.Reasons)
				}
			}
			if i > 0 && a.Reasons[i-1].Weight < rs.Weight {
				t.Fatalf("reasons out of order: %+v", a.Reasons)
			}
			sum += rs.Weight
			if rl.Action == inspect.ActionRefuse || (rl.Action == inspect.ActionHold && least == "") {
				least = rl.Action
			}
		}
		if route >= r.Thresholds.Hold {
			t.Fatalf("route points %d reach the hold threshold", route)
		}
		if a.Score != min(sum, 100) {
			t.Fatalf("score %d, reasons sum to %d", a.Score, sum)
		}
		want := map[string]string{inspect.LevelGreen: inspect.ActionClear, inspect.LevelAmber: inspect.ActionHold,
			inspect.LevelRed: inspect.ActionRefuse, inspect.LevelGrey: ""}
		if postal && a.Level == inspect.LevelGreen {
			want[inspect.LevelGreen] = inspect.ActionRefusePostal
		}
		if w, ok := want[a.Level]; !ok || w != a.Action {
			t.Fatalf("level %q with action %q", a.Level, a.Action)
		}
		if byScore := a.Score >= r.Thresholds.Hold; !byScore && a.Action != "" && a.Action != inspect.ActionClear &&
			a.Action != inspect.ActionRefusePostal && a.Floor == "" {
			t.Fatalf("action %s above the score %d with no floor named", a.Action, a.Score)
		}
		if refuse := a.Score >= r.Thresholds.Refuse || least == inspect.ActionRefuse; refuse != (a.Level == inspect.LevelRed) {
			t.Fatalf("score %d, least %q, level %s", a.Score, least, a.Level)
		}
		if a.Level == inspect.LevelGrey && len(a.Reasons) > 0 {
			t.Fatalf("grey with reasons %+v", a.Reasons)
		}
		for _, x := range r.Explain(a, "vi") {
			if x.Name == "" || x.Name == x.Rule {
				t.Fatalf("reason without words: %+v", x)
			}
		}
	})
}
