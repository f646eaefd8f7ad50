package inspect

import (
	"strings"
	"testing"
	"unicode"
)

func TestCleanWaybill(t *testing.T) {
	tests := []struct{ in, want string }{
		{"RR123456785CN", "RR123456785CN"},
		{"  rr123456785cn\r\n", "RR123456785CN"},
		{"]C1RR123456785CN", "RR123456785CN"},
		{"]Q3sf1234567890\n", "SF1234567890"},
		{" ]d2ABC123456\r", "ABC123456"},
		{"RR 123 456 785 CN", "RR123456785CN"},
		{"ＲＲ１２３４５６７８５ＣＮ", "RR123456785CN"},
		{"AB\x1d1234\t5678", "AB12345678"},
		{"\ufeffEE123456789CN", "EE123456789CN"},
		{"]", "]"},
		{"", ""},
		{"1234-5678", "1234-5678"},
	}
	for _, tt := range tests {
		if got := CleanWaybill(tt.in); got != tt.want {
			t.Errorf("CleanWaybill(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// s10Ref recomputes the S10 check digit from the rule as UPU states it.
func s10Ref(serial string) byte {
	w := []int{8, 6, 4, 2, 3, 5, 9, 7}
	sum := 0
	for i := range 8 {
		sum += int(serial[i]-'0') * w[i]
	}
	switch r := 11 - sum%11; r {
	case 10:
		return '0'
	case 11:
		return '5'
	default:
		return byte('0' + r)
	}
}

func TestS10CheckDigit(t *testing.T) {
	tests := []struct {
		serial string
		want   byte
	}{
		{"12345678", '5'}, // the UPU example RR123456785CN
		{"47312482", '9'},
		{"00000000", '5'}, // remainder 0: 11 becomes 5
		{"10000000", '3'},
		{"00000010", '2'},
	}
	for _, tt := range tests {
		got, ok := S10CheckDigit(tt.serial)
		if !ok || got != tt.want || got != s10Ref(tt.serial) {
			t.Errorf("S10CheckDigit(%s) = %c, %v; want %c", tt.serial, got, ok, tt.want)
		}
	}
	// A remainder of 1 gives 10, written 0: find one and check it.
	for n := 0; n < 100000; n++ {
		s := strings.Repeat("0", 3) + itoa5(n)
		if sumS10(s)%11 == 1 {
			if got, _ := S10CheckDigit(s); got != '0' {
				t.Errorf("S10CheckDigit(%s) = %c, want 0", s, got)
			}
			break
		}
	}
	for _, bad := range []string{"1234567", "123456789", "1234567A", ""} {
		if _, ok := S10CheckDigit(bad); ok {
			t.Errorf("S10CheckDigit(%q) ok", bad)
		}
	}
}

func itoa5(n int) string {
	b := []byte("00000")
	for i := 4; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}

func sumS10(s string) int {
	w := []int{8, 6, 4, 2, 3, 5, 9, 7}
	sum := 0
	for i := range 8 {
		sum += int(s[i]-'0') * w[i]
	}
	return sum
}

func TestValidS10(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"RR123456785CN", true},
		{"EE473124829TZ", true},
		{"RR123456784CN", false}, // wrong check digit
		{"RR12345678CN", false},
		{"R1123456785CN", false},
		{"RR123456785C1", false},
		{"rr123456785cn", false}, // clean first
	}
	for _, tt := range tests {
		if got := ValidS10(tt.in); got != tt.want {
			t.Errorf("ValidS10(%q) = %v", tt.in, got)
		}
	}
}

func TestWaybills(t *testing.T) {
	custom := append([]WaybillPattern{{Courier: "acme", Name: "ACME", Regex: `AC[0-9]{10}`}}, DefaultWaybillPatterns()...)
	w, errs := CompilePatterns(custom)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	tests := []struct {
		number  string
		courier string
		ok      bool
		problem string
	}{
		{"AC0123456789", "acme", true, ""},
		{"RR123456785CN", "upu", true, ""},
		{"RR123456784CN", "", false, ErrWaybillCheckDigit}, // S10 shape, bad digit: not generic either
		{"AC01234567890", "", true, ""},                    // longer: only the generic pattern
		{"1234567", "", false, ErrWaybillFormat},
		{strings.Repeat("9", 31), "", false, ErrWaybillFormat},
		{"1234-5678", "", false, ErrWaybillFormat},
		{"", "", false, ErrWaybillMissing},
	}
	for _, tt := range tests {
		courier, ok := w.Match(tt.number)
		if courier != tt.courier || ok != tt.ok {
			t.Errorf("Match(%q) = %q, %v; want %q, %v", tt.number, courier, ok, tt.courier, tt.ok)
		}
		if _, problem := w.Check(tt.number); problem != tt.problem {
			t.Errorf("Check(%q) problem = %q, want %q", tt.number, problem, tt.problem)
		}
	}
}

func TestCompilePatternsErrors(t *testing.T) {
	w, errs := CompilePatterns([]WaybillPattern{
		{Courier: "a", Name: "broken", Regex: `[0-9`},
		{Courier: "b", Name: "odd check", Regex: `B[0-9]+`, Check: "luhn"},
		{Courier: "c", Name: "fine", Regex: `C[0-9]{8}`},
	})
	if len(errs) != 2 || !strings.Contains(errs[0].Error(), "broken") || !strings.Contains(errs[1].Error(), "luhn") {
		t.Fatalf("errs = %v", errs)
	}
	if c, ok := w.Match("C12345678"); !ok || c != "c" {
		t.Errorf("good pattern lost: %q %v", c, ok)
	}
	// Anchoring: a pattern cannot match part of a number.
	if _, ok := w.Match("XC12345678"); ok {
		t.Error("unanchored match")
	}
	var nilW *Waybills
	if _, ok := nilW.Match("C12345678"); ok {
		t.Error("nil Waybills matched")
	}
}

func FuzzWaybill(f *testing.F) {
	for _, s := range []string{"]C1RR123456785CN\r\n", "ＲＲ１２３", " ab\x1dcd ", "]Q3", "\xff"} {
		f.Add(s)
	}
	w, _ := CompilePatterns(DefaultWaybillPatterns())
	f.Fuzz(func(t *testing.T, s string) {
		c := CleanWaybill(s)
		if CleanWaybill(c) != c && !strings.HasPrefix(c, "]") {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, c, CleanWaybill(c))
		}
		for _, r := range c {
			if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.ToUpper(r) != r {
				t.Fatalf("%q kept %q", c, r)
			}
		}
		courier, ok := w.Match(c)
		if ok && courier == "upu" && !ValidS10(c) {
			t.Fatalf("upu match without a valid S10: %q", c)
		}
		if len(c) == 13 && ValidS10(c) && courier != "upu" {
			t.Fatalf("valid S10 %q not matched as upu", c)
		}
	})
}
