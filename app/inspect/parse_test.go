package inspect

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseParcelJSONFull(t *testing.T) {
	f, err := os.Open("testdata/parcel.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in, err := ParseParcelJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	created := time.Date(2026, 3, 1, 5, 30, 0, 0, time.UTC)
	want := &Inspection{
		ID: "sort-2026-000123", Station: "DAR01", CreatedAt: created, UpdatedAt: created, Status: StatusDraft,
		Parcel: Parcel{
			Waybill: "RR123456785CN", Courier: "posta", Direction: DirectionOutbound, Stage: StageXray,
			Contents: []DeclaredItem{
				{Name: "wooden handicraft", Category: "crafts", Quantity: 3, Value: 45.5, Currency: "USD"},
				{Name: "XY bracelet", Quantity: 1},
			},
			DeclaredWeightKg: 1.2, MeasuredWeightKg: 2.5,
			Dimensions:  Dimensions{Length: 30, Width: 20, Height: 10},
			Origin:      Place{Country: "TZ", City: "Dar es Salaam"},
			Destination: Place{Country: "CN", City: "Guangzhou"},
			Transit:     []string{"HK"}, Payment: PaymentCash,
		},
		Parties: []Party{
			{Role: RoleSender, Name: "Juma Hassan", Phone: "255712345678", Address: "Kariakoo, Dar es Salaam",
				ID: &IDDocument{Type: DocTZNIDA, Number: "19900101-12345-67890-12", BirthDate: "1990-01-01", Sex: "M"}},
			{Role: RoleReceiver, Name: "王先生", Phone: "+86 138 1234 5678", PhoneOnly: true},
		},
		Answers:  []Answer{{Item: "xray_dense", Value: AnswerYes}, {Item: "smell", Value: AnswerNotChecked, Note: "taped shut"}},
		Findings: []Finding{{Card: "ivory_carving", Confidence: ConfidenceMedium, Count: 1, WeightKg: 0.4}},
		Notes:    "sent from the sorting line",
	}
	if !reflect.DeepEqual(in, want) {
		g, _ := json.MarshalIndent(in, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("got %s\nwant %s", g, w)
	}
	// The parsed parcel assesses as the sample intends.
	ctx := testContext()
	a := Assess(in, testRules(), testThresholds, ctx)
	if a.Level != LevelRed {
		t.Errorf("sample assessed %+v", a)
	}
}

func TestParseParcelJSONMinimal(t *testing.T) {
	in, err := ParseParcelJSON(strings.NewReader(`{"parcel":{"waybill":12345678}}`))
	if err != nil {
		t.Fatal(err)
	}
	if in.Parcel.Waybill != "12345678" || in.Parcel.Stage != StageAcceptance || in.Status != StatusDraft {
		t.Errorf("%+v", in)
	}
	in, err = ParseParcelJSON(strings.NewReader(`{"parcel":{"waybill":"X1","stage":null},"parties":null,
		"answers":[],"findings":null}`))
	if err != nil || in.Parties != nil || in.Parcel.Stage != StageAcceptance {
		t.Errorf("%+v %v", in, err)
	}
	in, err = ParseParcelJSON(strings.NewReader(`{"parcel":{"waybill":"X1"},"parties":[{"role":"sender",
		"id":{"type":"passport","mrz":["` + specimenL1 + `","` + specimenL2 + `"]}}]}`))
	if err != nil || in.Parties[0].ID.MRZ != specimenL1+"\n"+specimenL2 {
		t.Errorf("%+v %v", in, err)
	}
}

func TestParseParcelJSONErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string // "path code"
	}{
		{"empty", ``, []string{"$ " + ErrJSONSyntax}},
		{"not an object", `[1]`, []string{"$ " + ErrJSONType}},
		{"syntax", `{"parcel": {"waybill": "X1",}}`, []string{"$.parcel " + ErrJSONSyntax}},
		{"truncated", `{"parcel": {"waybill": "X1"`, []string{"$.parcel " + ErrJSONSyntax}},
		{"trailing", `{"parcel":{"waybill":"X1"}} {}`, []string{"$ " + ErrJSONTrailing}},
		{"trailing garbage", `{"parcel":{"waybill":"X1"}} x`, []string{"$ " + ErrJSONTrailing}},
		{"parcel missing", `{}`, []string{"$.parcel " + ErrJSONRequired}},
		{"parcel null", `{"parcel":null}`, []string{"$.parcel " + ErrJSONRequired}},
		{"waybill missing", `{"parcel":{}}`, []string{"$.parcel.waybill " + ErrJSONRequired}},
		{"unknown top-level field", `{"parcel":{"waybill":"X1"},"priority":1}`, []string{"$.priority " + ErrJSONUnknownField}},
		{"unknown nested field", `{"parcel":{"waybill":"X1","contents":[{"name":"tea","weight":2}]}}`,
			[]string{"$.parcel.contents[0].weight " + ErrJSONUnknownField}},
		{"duplicate field", `{"parcel":{"waybill":"X1","waybill":"X2"}}`, []string{"$.parcel.waybill " + ErrJSONDuplicate}},
		{"wrong format", `{"format":"tusk.parcel/2","parcel":{"waybill":"X1"}}`, []string{"$.format " + ErrJSONFormat}},
		{"type errors", `{"parcel":{"waybill":"X1","contents":{},"transit":"HK","origin":[]},"live_signs":"maybe","notes":7}`,
			[]string{"$.parcel.contents " + ErrJSONType, "$.parcel.transit " + ErrJSONType, "$.parcel.origin " + ErrJSONType, "$.live_signs " + ErrJSONType}},
		{"numbers", `{"parcel":{"waybill":"X1","declared_weight_kg":-1,"measured_weight_kg":"heavy",
			"dimensions_cm":{"length":1e400},"contents":[{"name":"a","quantity":1.5,"value":"1,2,3"}]}}`,
			[]string{"$.parcel.declared_weight_kg " + ErrJSONRange, "$.parcel.measured_weight_kg " + ErrJSONType,
				"$.parcel.dimensions_cm.length " + ErrJSONType, "$.parcel.contents[0].quantity " + ErrJSONType,
				"$.parcel.contents[0].value " + ErrJSONType}},
		{"too big", `{"parcel":{"waybill":"X1","declared_weight_kg":1000000}}`, []string{"$.parcel.declared_weight_kg " + ErrJSONRange}},
		{"enums", `{"parcel":{"waybill":"X1","stage":"counter","payment":"gold"},"contents_check":"same"}`,
			[]string{"$.parcel.stage " + ErrJSONEnum, "$.parcel.payment " + ErrJSONEnum, "$.contents_check " + ErrJSONEnum}},
		{"codes", `{"parcel":{"waybill":"X1","origin":{"country":"TZA"},"transit":["H"],"contents":[{"name":"a","currency":"US"}]}}`,
			[]string{"$.parcel.origin.country " + ErrJSONRange, "$.parcel.transit[0] " + ErrJSONRange, "$.parcel.contents[0].currency " + ErrJSONRange}},
		{"party requirements", `{"parcel":{"waybill":"X1"},"parties":[{"name":"a"},null,{"role":"boss"},{"role":"sender","id":{"number":"1"}}]}`,
			[]string{"$.parties[0].role " + ErrJSONRequired, "$.parties[1] " + ErrJSONType, "$.parties[2].role " + ErrJSONEnum,
				"$.parties[2].role " + ErrJSONRequired, "$.parties[3].id.type " + ErrJSONRequired}},
		{"id details", `{"parcel":{"waybill":"X1"},"parties":[{"role":"sender","id":{"type":"cn_rid","birth_date":"1/2/1990","sex":"unknown","pin":1}}]}`,
			[]string{"$.parties[0].id.birth_date " + ErrJSONType, "$.parties[0].id.sex " + ErrJSONEnum, "$.parties[0].id.pin " + ErrJSONUnknownField}},
		{"answers and findings", `{"parcel":{"waybill":"X1"},"answers":[{"item":"a"},{"value":"yes"},{"item":"b","value":"perhaps"}],
			"findings":[{"card":"c"},{"confidence":"high","count":-2}]}`,
			[]string{"$.answers[0].value " + ErrJSONRequired, "$.answers[1].item " + ErrJSONRequired,
				"$.answers[2].value " + ErrJSONEnum, "$.answers[2].value " + ErrJSONRequired,
				"$.findings[0].confidence " + ErrJSONRequired, "$.findings[1].count " + ErrJSONRange, "$.findings[1].card " + ErrJSONRequired}},
		{"long text", `{"parcel":{"waybill":"` + strings.Repeat("9", 65) + `"}}`,
			[]string{"$.parcel.waybill " + ErrJSONRange, "$.parcel.waybill " + ErrJSONRequired}},
		{"bad time", `{"created_at":"yesterday","parcel":{"waybill":"X1"}}`, []string{"$.created_at " + ErrJSONType}},
		{"deep", strings.Repeat(`{"a":`, 40) + `1` + strings.Repeat(`}`, 40), []string{"$.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a " + ErrJSONDepth}},
		{"invalid utf-8", "{\"parcel\":{\"waybill\":\"X1\"},\"notes\":\"\xff\"}", []string{"$ " + ErrJSONUTF8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := ParseParcelJSON(strings.NewReader(tt.doc))
			if err == nil {
				t.Fatalf("no error, got %+v", in)
			}
			if in != nil {
				t.Error("inspection returned with an error")
			}
			var pes ParseErrors
			if !errors.As(err, &pes) {
				t.Fatalf("error %T: %v", err, err)
			}
			var got []string
			for _, e := range pes {
				got = append(got, e.Path+" "+e.Code)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors = %q\nwant     %q\n(%v)", got, tt.want, err)
			}
		})
	}
}

func TestParseParcelJSONSize(t *testing.T) {
	notes := strings.Repeat("a", MaxParcelJSON)
	_, err := ParseParcelJSON(strings.NewReader(`{"parcel":{"waybill":"X1"},"notes":"` + notes + `"}`))
	var pes ParseErrors
	if !errors.As(err, &pes) || pes[0].Code != ErrJSONTooLarge {
		t.Fatalf("err = %v", err)
	}
	// Just under the limit is read (and then the note is too long).
	pad := MaxParcelJSON - len(`{"parcel":{"waybill":"X1"}}`) - 2
	_, err = ParseParcelJSON(strings.NewReader(`{"parcel":{"waybill":"X1"}}` + strings.Repeat(" ", pad)))
	if err != nil {
		t.Fatalf("1 MiB document refused: %v", err)
	}
}

func TestParseErrorText(t *testing.T) {
	e := ParseError{Path: "$.parcel.foo", Code: ErrJSONUnknownField, Detail: "foo"}
	if e.Error() != "$.parcel.foo: unknown_field (foo)" {
		t.Error(e.Error())
	}
	es := ParseErrors{e, {Path: "$", Code: ErrJSONRequired}}
	if es.Error() != "$.parcel.foo: unknown_field (foo)\n$: required" {
		t.Error(es.Error())
	}
}

func TestParseErrorsCapped(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`{"parcel":{"waybill":"X1"}`)
	for i := 0; i < 80; i++ {
		b.WriteString(`,"x` + strings.Repeat("y", i) + `":1`)
	}
	b.WriteString(`}`)
	_, err := ParseParcelJSON(&b)
	var pes ParseErrors
	if !errors.As(err, &pes) || len(pes) != maxErrors {
		t.Fatalf("%d errors", len(pes))
	}
}

func FuzzParseParcelJSON(f *testing.F) {
	if data, err := os.ReadFile("testdata/parcel.json"); err == nil {
		f.Add(data)
	}
	for _, s := range []string{`{"parcel":{"waybill":"X1"}}`, `{}`, `[`, `{"parcel":{"waybill":1e999}}`,
		`{"parcel":{"waybill":"X","contents":[{"quantity":"1,5"}]},"answers":[{"item":"a","value":false}]}`,
		`{"parties":[{"role":"sender","id":{"type":"passport","mrz":["a","b"]}}],"parcel":{"waybill":"X"}}`} {
		f.Add([]byte(s))
	}
	rules, ctx := testRules(), testContext()
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := ParseParcelJSON(bytes.NewReader(data))
		if err != nil {
			if in != nil {
				t.Fatal("inspection with error")
			}
			var pes ParseErrors
			if !errors.As(err, &pes) || len(pes) == 0 || len(pes) > maxErrors {
				t.Fatalf("bad error %T %v", err, err)
			}
			for _, e := range pes {
				if !strings.HasPrefix(e.Path, "$") || !strings.HasPrefix(e.Code, "inspect.json.") {
					t.Fatalf("bad error %+v", e)
				}
			}
			return
		}
		if in.Parcel.Waybill == "" || in.Status != StatusDraft || !oneOf(in.Parcel.Stage, Stages) {
			t.Fatalf("accepted %+v", in)
		}
		// Whatever parses can be validated, assessed and stored as JSON.
		in.Validate()
		a := Assess(in, rules, testThresholds, ctx)
		if a.Score < 0 || a.Score > 100 {
			t.Fatalf("score %d", a.Score)
		}
		blob, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		var back Inspection
		if err := json.Unmarshal(blob, &back); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(&back, in) {
			t.Fatalf("JSON round trip changed the inspection:\n%s", blob)
		}
	})
}
