package inspect

import (
	"strconv"
	"strings"
	"time"
)

// ICAO Doc 9303 check digit: characters valued 0–9, A–Z = 10–35, '<' = 0,
// weighted 7, 3, 1 repeating, sum mod 10. ok is false for any other
// character.
func mrzCheckDigit(s string) (byte, bool) {
	weights := [3]int{7, 3, 1}
	sum := 0
	for i := 0; i < len(s); i++ {
		var v int
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		case c == '<':
			v = 0
		default:
			return 0, false
		}
		sum += v * weights[i%3]
	}
	return byte('0' + sum%10), true
}

// MRZ is a decoded passport (TD3) machine-readable zone.
type MRZ struct {
	DocType     string `json:"doc_type"` // "P" plus the type character, filler removed
	Issuer      string `json:"issuer"`
	Surname     string `json:"surname"`
	GivenNames  string `json:"given_names"`
	Number      string `json:"number"` // filler removed
	Nationality string `json:"nationality"`
	BirthDate   string `json:"birth_date,omitempty"` // YYYY-MM-DD when valid
	Sex         string `json:"sex,omitempty"`        // M | F | X ('<' is X)
	Expiry      string `json:"expiry,omitempty"`     // YYYY-MM-DD when valid
	Optional    string `json:"optional,omitempty"`   // personal number, filler removed
}

// splitMRZ turns what was typed or scanned into the two 44-character TD3
// lines. Scanners end lines with CR or LF; people add spaces.
func splitMRZ(s string) (l1, l2 string, ok bool) {
	s = strings.ToUpper(s)
	var lines []string
	for _, ln := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		ln = strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, ln)
		if ln != "" {
			lines = append(lines, ln)
		}
	}
	switch {
	case len(lines) == 2 && len(lines[0]) == 44 && len(lines[1]) == 44:
		return lines[0], lines[1], true
	case len(lines) == 1 && len(lines[0]) == 88:
		return lines[0][:44], lines[0][44:], true
	}
	return "", "", false
}

func mrzCharsetOK(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlnumASCII(s[i]) && s[i] != '<' {
			return false
		}
	}
	return true
}

// mrzDate decodes YYMMDD. The century is not in the MRZ: a birth date is
// the latest one not after now; an expiry date is taken in the 2000s unless
// that is more than 50 years ahead.
func mrzDate(s string, now time.Time, birth bool) (time.Time, bool) {
	if !allDigits(s) || len(s) != 6 {
		return time.Time{}, false
	}
	yy, _ := strconv.Atoi(s[0:2])
	m, _ := strconv.Atoi(s[2:4])
	d, _ := strconv.Atoi(s[4:6])
	y := 2000 + yy
	if birth {
		if y > now.Year() {
			y -= 100
		}
	} else if y > now.Year()+50 {
		y -= 100
	}
	t, ok := date(y, m, d)
	if ok && birth && t.After(now) {
		// Same year but a later day: a person born in the 1900s.
		t, ok = date(y-100, m, d)
	}
	return t, ok
}

func unfill(s string) string { return strings.Trim(strings.ReplaceAll(s, "<", " "), " ") }

// checkMRZ checks both lines of a TD3 MRZ: the five check digits (document
// number, birth date, expiry date, optional data, composite), the dates,
// and the characters. It fills r.Decoded and returns the decoded fields.
func checkMRZ(r *Result, raw string, now time.Time) (MRZ, bool) {
	var m MRZ
	l1, l2, ok := splitMRZ(raw)
	if !ok {
		r.problem("mrz", ErrIDLength)
		return m, false
	}
	if !mrzCharsetOK(l1) || !mrzCharsetOK(l2) {
		r.problem("mrz", ErrIDCharset)
		return m, false
	}
	if l1[0] != 'P' {
		r.problem("mrz", ErrIDMRZType)
	}
	m.DocType = strings.TrimRight(l1[0:2], "<")
	m.Issuer = strings.TrimRight(l1[2:5], "<")
	name := l1[5:44]
	if i := strings.Index(name, "<<"); i >= 0 {
		m.Surname, m.GivenNames = unfill(name[:i]), unfill(name[i+2:])
	} else {
		m.Surname = unfill(name)
	}
	// Line 2 (0-based): number 0–8, check 9, nationality 10–12, birth
	// 13–18, check 19, sex 20, expiry 21–26, check 27, optional 28–41,
	// check 42, composite 43.
	digit := func(field, data string, check byte, fillerOK bool) {
		if fillerOK && check == '<' && strings.Trim(data, "<") == "" {
			return // an empty optional field may carry a filler check digit
		}
		if want, _ := mrzCheckDigit(data); want != check {
			r.problem(field, ErrIDCheckDigit)
		}
	}
	digit("mrz.number", l2[0:9], l2[9], false)
	digit("mrz.birth_date", l2[13:19], l2[19], false)
	digit("mrz.expiry", l2[21:27], l2[27], false)
	digit("mrz.optional", l2[28:42], l2[42], true)
	digit("mrz.composite", l2[0:10]+l2[13:20]+l2[21:43], l2[43], false)

	m.Number = strings.TrimRight(l2[0:9], "<")
	m.Nationality = strings.TrimRight(l2[10:13], "<")
	m.Optional = unfill(l2[28:42])
	switch l2[20] {
	case 'M', 'F', 'X':
		m.Sex = string(l2[20])
	case '<':
		m.Sex = "X"
	default:
		r.problem("mrz.sex", ErrIDCharset)
	}
	if t, ok := mrzDate(l2[13:19], now, true); ok && plausibleBirth(t, now) {
		m.BirthDate = t.Format(time.DateOnly)
	} else {
		r.problem("mrz.birth_date", ErrIDBirthDate)
	}
	if t, ok := mrzDate(l2[21:27], now, false); ok {
		m.Expiry = t.Format(time.DateOnly)
		if t.Before(time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)) {
			r.Decoded.Expired = true
			r.Notes = append(r.Notes, NoteIDExpired)
		}
	} else {
		r.problem("mrz.expiry", ErrIDDate)
	}
	r.Decoded.Surname, r.Decoded.GivenNames = m.Surname, m.GivenNames
	r.Decoded.Nationality, r.Decoded.Issuer = m.Nationality, m.Issuer
	r.Decoded.BirthDate, r.Decoded.Sex, r.Decoded.Expiry = m.BirthDate, m.Sex, m.Expiry
	if m.BirthDate != "" {
		r.Decoded.BirthYear, _ = strconv.Atoi(m.BirthDate[:4])
	}
	return m, true
}

// ParseMRZ decodes and checks a passport (TD3) MRZ on its own, for the UI
// to fill fields from a scan. The problems are those CheckID would report.
func ParseMRZ(raw string, now time.Time) (MRZ, []FieldError) {
	var r Result
	m, _ := checkMRZ(&r, raw, now)
	return m, r.Problems
}

// checkPassport: with an MRZ, the ICAO 9303 rules and a cross-check of the
// number field; without, 5–20 letters and digits, format only.
func checkPassport(r *Result, doc IDDocument, c claims, now time.Time) {
	if strings.TrimSpace(doc.MRZ) == "" {
		r.Notes = append(r.Notes, NoteIDFormatOnly)
		checkFreeAlnum(r, 5, 20, "")
		return
	}
	r.Verifiable = true
	m, ok := checkMRZ(r, doc.MRZ, now)
	if !ok {
		if r.Number != "" {
			checkFreeAlnum(r, 5, 20, "")
		}
		return
	}
	switch {
	case r.Number == "":
		r.Number = m.Number
	case r.Number != m.Number:
		r.problem("number", ErrIDNumberMRZ)
	}
	var birth time.Time
	if m.BirthDate != "" {
		birth, _ = time.Parse(time.DateOnly, m.BirthDate)
	}
	sex := m.Sex
	if sex == "X" {
		sex = "" // unspecified in the MRZ: nothing to compare
	}
	crossCheck(r, c, birth, sex)
}
