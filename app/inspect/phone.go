package inspect

import (
	"strings"

	"golang.org/x/text/width"
)

// phonePlan is the little of a national numbering plan needed to compare
// numbers typed differently: the country calling code, whether national
// numbers start with a trunk 0, and the lengths of the national significant
// number (NSN, without trunk prefix).
type phonePlan struct {
	cc      string
	trunk0  bool
	lengths []int
	valid   func(nsn string) bool // extra shape check, may be nil
}

// phonePlans cover the four project countries (ITU-T E.164 assignments):
//   - CN +86: mobiles 11 digits starting with 1; fixed lines area code
//     (2–3 digits) plus 7–8 digits, 10–11 digits; trunk prefix 0.
//   - VN +84: mobiles 9 digits, fixed lines 10 digits (02x…); trunk prefix 0.
//   - TZ +255: 9 digits; trunk prefix 0.
//   - CM +237: 9 digits since the 2014 renumbering; no trunk prefix.
var phonePlans = map[string]phonePlan{
	"CN": {cc: "86", trunk0: true, lengths: []int{10, 11}, valid: func(n string) bool {
		if n[0] == '1' {
			// Mobiles 1[3-9] + 9 digits; Beijing's area code is 10.
			return (len(n) == 11 && n[1] >= '3') || (len(n) == 10 && n[1] == '0')
		}
		return n[0] != '0'
	}},
	"VN": {cc: "84", trunk0: true, lengths: []int{9, 10}, valid: func(n string) bool {
		if len(n) == 10 {
			return n[0] == '2'
		}
		return n[0] != '0' && n[0] != '2'
	}},
	"TZ": {cc: "255", trunk0: true, lengths: []int{9}, valid: func(n string) bool { return n[0] != '0' }},
	"CM": {cc: "237", trunk0: false, lengths: []int{9}, valid: func(n string) bool { return n[0] == '2' || n[0] == '6' }},
}

// planByCC finds the plan of a country calling code at the start of digits.
func planByCC(digits string) (phonePlan, bool) {
	for _, p := range phonePlans {
		if strings.HasPrefix(digits, p.cc) {
			return p, true
		}
	}
	return phonePlan{}, false
}

func (p phonePlan) nsnOK(nsn string) bool {
	if nsn == "" {
		return false
	}
	for _, l := range p.lengths {
		if len(nsn) == l {
			return p.valid == nil || p.valid(nsn)
		}
	}
	return false
}

// NormalizePhone turns a phone number as typed into E.164 ("+8613812345678")
// so numbers written differently compare equal. It understands "+", "00"
// and, for CN, VN, TZ and CM, national numbers with or without the trunk 0
// and the country code typed without "+". Spaces, dots, hyphens, brackets
// and a "(0)" are ignored. defaultCountry (ISO alpha-2) says how to read a
// national number. Numbers of other countries are accepted in
// international form with a plausible length (8–15 digits), unchecked.
func NormalizePhone(s, defaultCountry string) (string, bool) {
	s = width.Fold.String(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, "(0)", "")
	intl := false
	var d strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d.WriteRune(r)
		case r == '+' && d.Len() == 0 && !intl:
			intl = true
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '/' || r == '\u00a0':
		default:
			return "", false
		}
	}
	digits := d.String()
	if !intl && strings.HasPrefix(digits, "00") {
		intl, digits = true, digits[2:]
	}
	if intl {
		return international(digits)
	}
	plan, known := phonePlans[strings.ToUpper(strings.TrimSpace(defaultCountry))]
	if !known {
		return "", false
	}
	nsn := digits
	if plan.trunk0 && strings.HasPrefix(nsn, "0") {
		nsn = nsn[1:]
	}
	if plan.nsnOK(nsn) {
		return "+" + plan.cc + nsn, true
	}
	// The country code typed without "+".
	if strings.HasPrefix(digits, plan.cc) {
		return international(digits)
	}
	return "", false
}

// international validates digits that start with a country calling code.
func international(digits string) (string, bool) {
	if p, ok := planByCC(digits); ok {
		nsn := digits[len(p.cc):]
		if p.trunk0 && strings.HasPrefix(nsn, "0") {
			nsn = nsn[1:] // "+86 010 …": the trunk 0 does not belong after the code
		}
		if !p.nsnOK(nsn) {
			return "", false
		}
		return "+" + p.cc + nsn, true
	}
	if len(digits) < 8 || len(digits) > 15 || digits[0] == '0' {
		return "", false
	}
	return "+" + digits, true
}
