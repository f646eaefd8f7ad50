package inspect

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in, country string
		want        string // "" when not ok
	}{
		// China.
		{"138 1234 5678", "CN", "+8613812345678"},
		{"138-1234-5678", "cn", "+8613812345678"},
		{"+86 138 1234 5678", "", "+8613812345678"},
		{"0086 13812345678", "VN", "+8613812345678"},
		{"8613812345678", "CN", "+8613812345678"},
		{"１３８１２３４５６７８", "CN", "+8613812345678"},  // full-width digits
		{"010-1234 5678", "CN", "+861012345678"}, // Beijing fixed line
		{"(0755) 1234 5678", "CN", "+8675512345678"},
		{"+86 (0)755 1234 5678", "", "+8675512345678"},
		{"+86 0755 1234 5678", "", "+8675512345678"},
		{"1381234567", "CN", ""},  // 10 digits starting 13
		{"12812345678", "CN", ""}, // no 12x mobiles
		{"0012345", "CN", ""},     // too short after 00
		// Viet Nam.
		{"0912 345 678", "VN", "+84912345678"},
		{"912345678", "VN", "+84912345678"},
		{"+84 91 234 5678", "", "+84912345678"},
		{"024 3825 1234", "VN", "+842438251234"},
		{"0912.345.67", "VN", ""},
		// Tanzania.
		{"0712 345 678", "TZ", "+255712345678"},
		{"+255 712 345 678", "CM", "+255712345678"},
		{"255712345678", "TZ", "+255712345678"},
		{"07123456", "TZ", ""},
		{"0712 345 6789", "TZ", ""},
		// Cameroon: no trunk prefix.
		{"6 77 12 34 56", "CM", "+237677123456"},
		{"+237 2 22 23 45 67", "", "+237222234567"},
		{"237677123456", "CM", "+237677123456"},
		{"077123456", "CM", ""},
		// Elsewhere, international form only.
		{"+44 20 7946 0000", "", "+442079460000"},
		{"+1 (202) 555-0100", "CN", "+12025550100"},
		{"020 7946 0000", "GB", ""},
		{"+123", "", ""},
		// Junk.
		{"", "CN", ""},
		{"call me", "CN", ""},
		{"138 1234 5678 ext 2", "CN", ""},
		{"++8613812345678", "", ""},
		{"13812345678+", "CN", ""},
	}
	for _, tt := range tests {
		got, ok := NormalizePhone(tt.in, tt.country)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("NormalizePhone(%q, %q) = %q, %v; want %q", tt.in, tt.country, got, ok, tt.want)
		}
	}
}

func refHMAC(secret, msg string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

func TestMatchKey(t *testing.T) {
	secret := []byte("station-secret")
	tests := []struct {
		kind, a, b string
		same       bool
	}{
		{KeyID, "11010519491231002x", "110105 19491231 002X", true},
		{KeyID, "19800131-12345-67890-12", "19800131123456789012", true},
		{KeyID, "11010519491231002X", "11010519491231002Y", false},
		{KeyPhone, "+86 138 1234 5678", "+8613812345678", true},
		{KeyPhone, "0086-138-1234-5678", "+8613812345678", true},
		{KeyPhone, "+8613812345678", "+8613812345679", false},
		{KeyName, "NGUYỄN Văn An", "nguyen van an", true},
	}
	for _, tt := range tests {
		ka, kb := MatchKey(secret, tt.kind, tt.a), MatchKey(secret, tt.kind, tt.b)
		if (ka == kb) != tt.same {
			t.Errorf("%s %q vs %q: same = %v", tt.kind, tt.a, tt.b, ka == kb)
		}
		if len(ka) != 64 {
			t.Errorf("key %q is not 64 hex digits", ka)
		}
	}
	// The key is the HMAC of kind, NUL, normalised value.
	if got, want := MatchKey(secret, KeyID, "ab 12"), refHMAC("station-secret", "id\x00AB12"); got != want {
		t.Errorf("MatchKey = %s, want %s", got, want)
	}
	if MatchKey(secret, KeyID, "123456789") == MatchKey(secret, KeyPhone, "123456789") {
		t.Error("kinds collide")
	}
	if MatchKey(secret, KeyID, "X1") == MatchKey([]byte("other"), KeyID, "X1") {
		t.Error("secret ignored")
	}
	for _, empty := range []string{"", "  ", "- -"} {
		if k := MatchKey(secret, KeyID, empty); k != "" {
			t.Errorf("key of %q = %q", empty, k)
		}
	}
	if k := MatchKey(secret, KeyPhone, "n/a"); k != "" {
		t.Errorf("key of a phone without digits = %q", k)
	}
}

func TestPartyKeys(t *testing.T) {
	secret := []byte("s")
	p := Party{Role: RoleSender, Phone: "0712 345 678", ID: &IDDocument{Type: DocTZNIDA, Number: "19800131-12345-67890-12"}}
	keys := PartyKeys(secret, p, "TZ")
	want := []string{MatchKey(secret, KeyID, "19800131123456789012"), MatchKey(secret, KeyPhone, "+255712345678")}
	if strings.Join(keys, ",") != strings.Join(want, ",") {
		t.Errorf("keys = %v, want %v", keys, want)
	}
	if got := PartyKeys(secret, Party{Role: RoleSender}, "TZ"); len(got) != 0 {
		t.Errorf("keys of an empty party = %v", got)
	}
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"+86 138 1234 5678", "0712 345 678", "6 77 12 34 56", "(0)", "00", "+"} {
		f.Add(s, "CN")
	}
	f.Fuzz(func(t *testing.T, s, country string) {
		e, ok := NormalizePhone(s, country)
		if !ok {
			if e != "" {
				t.Fatalf("not ok but %q", e)
			}
			return
		}
		if !strings.HasPrefix(e, "+") || len(e) < 9 || len(e) > 16 || !allDigits(e[1:]) {
			t.Fatalf("%q -> bad E.164 %q", s, e)
		}
		// An E.164 result reads back as itself, whatever the country.
		if again, ok := NormalizePhone(e, "TZ"); !ok || again != e {
			t.Fatalf("%q -> %q -> %q, %v", s, e, again, ok)
		}
	})
}
