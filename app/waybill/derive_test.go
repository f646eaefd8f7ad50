package waybill

import (
	"regexp"
	"strings"
	"testing"

	"tusk/app/inspect"
)

func TestDerive(t *testing.T) {
	for _, tc := range []struct {
		name     string
		examples []string
		regex    string
		check    string
		prefix   string
	}{
		{"S10 postal", []string{"RR123456785CN", "EE987654326CN"}, `[A-Z]{2}[0-9]{9}CN`, inspect.CheckUPUS10, ""},
		{"fixed letter prefix", []string{"JD0012345678901", "JD0098765432109"}, `JD00[0-9]{11}`, "", "JD00"},
		{"one example keeps its letters, not its digits", []string{"SF1234567890123"}, `SF[0-9]{13}`, "", ""},
		{"digits of two lengths", []string{"773012345678", "7730123456789"}, `77301234567[0-9]{1,2}`, "", "773012345678"},
		{"digits only", []string{"123456789012", "987654321098"}, `[0-9]{12}`, "", ""},
		{"separator kept", []string{"AB-1234", "AB-5678"}, `AB-[0-9]{4}`, "", "AB-"},
		{"separators differ", []string{"AB-1234", "AB/5678"}, `AB[\x{2d}\x{2f}][0-9]{4}`, "", "AB"},
		{"shapes differ", []string{"ABC123456", "12345ABCD9"}, `[0-9A-Z]{9,10}`, "", ""},
		{"shapes differ, shared start", []string{"YT1234ABCD", "YTAB123456"}, `YT[0-9A-Z]{8}`, "", "YT"},
		{"cleaned as scanned", []string{" jd0012345678901\r\n", "ＪＤ0098765432109"}, `JD00[0-9]{11}`, "", "JD00"},
		{"duplicates once", []string{"SF1234567890123", "SF1234567890123"}, `SF[0-9]{13}`, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Derive(tc.examples)
			if err != nil {
				t.Fatal(err)
			}
			if d.Regex != tc.regex || d.Check != tc.check || d.Prefix != tc.prefix {
				t.Errorf("got %q check %q prefix %q, want %q check %q prefix %q", d.Regex, d.Check, d.Prefix, tc.regex, tc.check, tc.prefix)
			}
			res, err := Try(d.Pattern("x", "x"), tc.examples)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range res {
				if !r.OK {
					t.Errorf("example %s does not fit its own format: %s", r.Number, r.Problem)
				}
			}
		})
	}
	if _, err := Derive([]string{" ", "\n"}); err != ErrNoExamples {
		t.Errorf("no examples: %v", err)
	}
}

func TestMeasure(t *testing.T) {
	for _, tc := range []struct {
		name    string
		p       inspect.WaybillPattern
		lengths []int
		broad   bool
	}{
		{"catch-all", inspect.WaybillPattern{Regex: `[0-9A-Z]{8,30}`}, nil, true},
		{"catch-all at the examples' length", inspect.WaybillPattern{Regex: `[0-9A-Z]{8,30}`}, []int{12}, true},
		{"any twelve characters", inspect.WaybillPattern{Regex: `[0-9A-Z]{12}`}, nil, true},
		{"dot star", inspect.WaybillPattern{Regex: `.*`}, nil, true},
		{"twelve digits", inspect.WaybillPattern{Regex: `[0-9]{12}`}, nil, false},
		{"UPU S10", inspect.WaybillPattern{Regex: `[A-Z]{2}[0-9]{9}[A-Z]{2}`, Check: inspect.CheckUPUS10}, nil, false},
		{"courier prefix", inspect.WaybillPattern{Regex: `JD[0-9A-Z]{13}`}, []int{15}, false},
		{"letters or digits, short", inspect.WaybillPattern{Regex: `[0-9A-Z]{6}`}, []int{6}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Measure(tc.p, tc.lengths...)
			if err != nil {
				t.Fatal(err)
			}
			if b.Broad != tc.broad {
				t.Errorf("broad %t (rate %.3f at %d), want %t", b.Broad, b.Rate, b.Length, tc.broad)
			}
		})
	}
	if _, err := Measure(inspect.WaybillPattern{Regex: `[`}); err == nil {
		t.Error("a broken pattern measured")
	}
	// The same format measures the same every time.
	a, _ := Measure(inspect.WaybillPattern{Regex: `[0-9A-Z]{2}[0-9]{4}`})
	b, _ := Measure(inspect.WaybillPattern{Regex: `[0-9A-Z]{2}[0-9]{4}`})
	if a != b {
		t.Errorf("not deterministic: %+v %+v", a, b)
	}
}

// FuzzDerive: whatever is pasted, Derive does not fail on it, and what it
// derives compiles, accepts every example it used (check digit included)
// and is not longer than the examples justify.
func FuzzDerive(f *testing.F) {
	for _, s := range []string{"RR123456785CN\nEE987654326CN", "JD0012345678901", "AB-1234,AB/5678", "ÉÉ12\n12ÉÉ", "a\x00b", "773012345678 7730123456789", "\xff\xfe1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, err := Derive([]string{text})
		if err != nil {
			if len(Clean(text)) != 0 {
				t.Fatalf("examples %q refused: %v", Clean(text), err)
			}
			return
		}
		if _, err := regexp.Compile(d.Regex); err != nil {
			t.Fatalf("%q does not compile: %v", d.Regex, err)
		}
		if len(d.Regex) > 40*16+64 {
			t.Fatalf("pattern of %d bytes", len(d.Regex))
		}
		res, err := Try(d.Pattern("", ""), d.Examples)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if !r.OK {
				t.Fatalf("%q from %q refuses its example %q (%s)", d.Regex, d.Examples, r.Number, r.Problem)
			}
		}
	})
}

func TestNarrowFirst(t *testing.T) {
	ps := []inspect.WaybillPattern{
		{Name: "generic", Regex: `[0-9A-Z]{8,30}`},
		{Name: "upu", Regex: `[A-Z]{2}[0-9]{9}[A-Z]{2}`, Check: inspect.CheckUPUS10},
		{Name: "any12", Regex: `[0-9A-Z]{12}`},
		{Name: "jd", Regex: `JD00[0-9]{11}`},
	}
	var got []string
	for _, p := range NarrowFirst(ps) {
		got = append(got, p.Name)
	}
	if want := "upu jd generic any12"; strings.Join(got, " ") != want {
		t.Errorf("order %v, want %s", got, want)
	}
}
