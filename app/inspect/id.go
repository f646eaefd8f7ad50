package inspect

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Problem codes returned by CheckID. Each is an i18n key.
const (
	ErrIDMissing       = "inspect.id.err.missing"
	ErrIDType          = "inspect.id.err.type"
	ErrIDLength        = "inspect.id.err.length"
	ErrIDCharset       = "inspect.id.err.charset"
	ErrIDCheckDigit    = "inspect.id.err.check_digit"
	ErrIDBirthDate     = "inspect.id.err.birth_date"
	ErrIDRegion        = "inspect.id.err.region"
	ErrIDProvince      = "inspect.id.err.province"
	ErrIDCenturySex    = "inspect.id.err.century_sex"
	ErrIDBirthMismatch = "inspect.id.err.birth_mismatch"
	ErrIDSexMismatch   = "inspect.id.err.sex_mismatch"
	ErrIDNumberMRZ     = "inspect.id.err.number_mismatch" // number field differs from the MRZ
	ErrIDMRZType       = "inspect.id.err.mrz_type"        // MRZ is not a passport (TD3) MRZ
	ErrIDDate          = "inspect.id.err.date"            // a date in the MRZ is not a real date
	ErrIDEnteredDate   = "inspect.id.err.entered_birth_date"
	ErrIDEnteredSex    = "inspect.id.err.entered_sex"
	// ErrIDEnteredExpiry: the typed expiry date is not a date.
	ErrIDEnteredExpiry = "advice.id.err.entered_expiry"
)

// Notes returned by CheckID: facts worth showing that are not format errors.
const (
	NoteIDExpired    = "inspect.id.note.expired"     // passport expiry date has passed
	NoteIDReceipt    = "inspect.id.note.receipt"     // a receipt while the card is made, not the card
	NoteIDFormatOnly = "inspect.id.note.format_only" // no public structure: only length and characters checked
	NoteIDCNLegacy   = "inspect.id.note.cn_legacy"   // looks like an obsolete 15-digit first-generation number
)

// Decoded is what an ID number or MRZ reveals, for the UI to show next to
// what the person claims.
type Decoded struct {
	BirthDate   string `json:"birth_date,omitempty"` // YYYY-MM-DD, when the full date is encoded
	BirthYear   int    `json:"birth_year,omitempty"`
	Sex         string `json:"sex,omitempty"`      // M | F | X
	Region      string `json:"region,omitempty"`   // cn_rid: 6-digit GB/T 2260 address code
	Province    string `json:"province,omitempty"` // cn_rid: 2 digits; vn_cccd: 3 digits
	Surname     string `json:"surname,omitempty"`  // passport MRZ
	GivenNames  string `json:"given_names,omitempty"`
	Nationality string `json:"nationality,omitempty"` // ICAO 3-letter code from the MRZ
	Issuer      string `json:"issuer,omitempty"`      // ICAO 3-letter code from the MRZ
	Expiry      string `json:"expiry,omitempty"`      // YYYY-MM-DD
	Expired     bool   `json:"expired,omitempty"`
}

// Result is the outcome of CheckID. FormatOK says the number is well formed
// by every rule known for its type and agrees with the entered birth date
// and sex; it never says who the person is. Problems with the entered
// birth date or sex themselves (unparseable) are listed but leave FormatOK
// alone.
type Result struct {
	Type string `json:"type"`
	// Number is the cleaned number: width-folded, upper case, without
	// spaces or hyphens (kept as typed for "other").
	Number   string `json:"number"`
	FormatOK bool   `json:"format_ok"`
	// Verifiable is true when the type has rules beyond length and
	// characters (a check digit or encoded data), so FormatOK means more
	// than "looks like a number". False for cm_cni, cm_recepisse, other,
	// and a passport without its MRZ.
	Verifiable bool         `json:"verifiable"`
	Receipt    bool         `json:"receipt,omitempty"` // cm_recepisse
	Problems   []FieldError `json:"problems,omitempty"`
	Notes      []string     `json:"notes,omitempty"`
	Decoded    Decoded      `json:"decoded"`
}

func (r *Result) problem(field, code string) {
	for _, p := range r.Problems {
		if p.Field == field && p.Code == code {
			return
		}
	}
	r.Problems = append(r.Problems, FieldError{Field: field, Code: code})
}

// CheckID checks an ID number (and a passport's MRZ) against the public
// rules of its document type, and cross-checks it with the entered birth
// date and sex. now bounds plausible birth dates and tells whether a
// passport has expired. Problems use the fields "type", "number", "mrz…",
// "birth_date" and "sex".
func CheckID(doc IDDocument, now time.Time) Result {
	r := Result{Type: doc.Type}
	claimed := parseClaims(doc, &r)
	raw := strings.TrimSpace(doc.Number)
	if doc.Type == DocOther {
		r.Number = raw
	} else {
		r.Number = cleanIDNumber(raw)
	}
	switch doc.Type {
	case DocCNResidentID:
		r.Verifiable = true
		checkCNRID(&r, claimed, now)
	case DocPassport:
		checkPassport(&r, doc, claimed, now)
	case DocVNCCCD:
		r.Verifiable = true
		checkCCCD(&r, claimed, now)
	case DocTZNIDA:
		r.Verifiable = true
		checkNIDA(&r, claimed, now)
	case DocCMCNI:
		r.Notes = append(r.Notes, NoteIDFormatOnly)
		checkFreeAlnum(&r, 5, 24, "")
	case DocCMRecepisse:
		r.Receipt = true
		r.Notes = append(r.Notes, NoteIDReceipt, NoteIDFormatOnly)
		checkFreeAlnum(&r, 4, 30, "/-")
	case DocOther:
		checkOther(&r)
	default:
		r.problem("type", ErrIDType)
	}
	checkTypedExpiry(&r, doc.Expiry, now)
	// A badly typed birth date, sex or expiry is a problem with what was
	// typed, not with the number.
	r.FormatOK = true
	for _, p := range r.Problems {
		if p.Code != ErrIDEnteredDate && p.Code != ErrIDEnteredSex && p.Code != ErrIDEnteredExpiry {
			r.FormatOK = false
		}
	}
	return r
}

// checkTypedExpiry reads the expiry date typed from the document. A
// document that expired before today is Expired, whatever its type; the
// MRZ's own expiry, when there is one, was read already and is kept.
func checkTypedExpiry(r *Result, typed string, now time.Time) {
	s := strings.TrimSpace(typed)
	if s == "" {
		return
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		r.problem("expiry", ErrIDEnteredExpiry)
		return
	}
	if r.Decoded.Expiry == "" {
		r.Decoded.Expiry = t.Format(time.DateOnly)
	}
	if !r.Decoded.Expired && t.Before(time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)) {
		r.Decoded.Expired = true
		r.Notes = append(r.Notes, NoteIDExpired)
	}
}

// claims is what the person says about themselves, parsed.
type claims struct {
	birth    time.Time // zero when not entered or not valid
	hasBirth bool
	sex      string // M | F | X, empty when not entered
}

func parseClaims(doc IDDocument, r *Result) claims {
	var c claims
	if s := strings.TrimSpace(doc.BirthDate); s != "" {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			r.problem("birth_date", ErrIDEnteredDate)
		} else {
			c.birth, c.hasBirth = t, true
		}
	}
	if s := strings.ToUpper(strings.TrimSpace(doc.Sex)); s != "" {
		switch s {
		case "M", "MALE":
			c.sex = "M"
		case "F", "FEMALE":
			c.sex = "F"
		case "X":
			c.sex = "X"
		default:
			r.problem("sex", ErrIDEnteredSex)
		}
	}
	return c
}

// cleanIDNumber folds full-width characters (typed with a CJK input
// method), upper-cases, and drops spaces and hyphens people type to group
// digits.
func cleanIDNumber(s string) string {
	s = width.Fold.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, c := range s {
		switch {
		case c == ' ' || c == '-' || c == '\t' || c == '\u00a0' || c == '\u3000':
		case c >= 'a' && c <= 'z':
			b.WriteRune(c - 'a' + 'A')
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isAlnumASCII(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
}

// date builds a real calendar date; ok is false for 2023-02-30 and the like.
func date(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t, t.Year() == y && int(t.Month()) == m && t.Day() == d
}

// plausibleBirth reports whether t is a birth date a living sender could
// have: not before 1900 and not after today.
func plausibleBirth(t, now time.Time) bool {
	if t.Year() < 1900 {
		return false
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	return !t.After(today)
}

func ymd(s string) (y, m, d int) {
	y, _ = strconv.Atoi(s[0:4])
	m, _ = strconv.Atoi(s[4:6])
	d, _ = strconv.Atoi(s[6:8])
	return
}

// crossCheck compares a full decoded birth date and sex with the claims.
func crossCheck(r *Result, c claims, birth time.Time, sex string) {
	if c.hasBirth && !birth.IsZero() && !c.birth.Equal(birth) {
		r.problem("birth_date", ErrIDBirthMismatch)
	}
	if c.sex != "" && sex != "" && c.sex != sex {
		r.problem("sex", ErrIDSexMismatch)
	}
}

// --- China: resident identity card, GB 11643-1999 ---

// cnProvinces are the province-level codes of GB/T 2260: 11–15 (Beijing to
// Inner Mongolia), 21–23 (Liaoning, Jilin, Heilongjiang), 31–37 (Shanghai
// to Shandong), 41–46 (Henan to Hainan), 50–54 (Chongqing to Tibet), 61–65
// (Shaanxi to Xinjiang), 71 Taiwan, 81 Hong Kong, 82 Macao. 83 is added
// because residence permits for Taiwan residents use the address code
// 830000 (as Hong Kong and Macao residents' permits use 810000 and 820000)
// with the same number structure.
var cnProvinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true, "83": true,
}

// cnCheckChar computes the GB 11643-1999 check character over the first 17
// digits: ISO 7064 MOD 11-2, weight of position i (1-based) = 2^(18-i) mod 11.
func cnCheckChar(d17 string) byte {
	sum, w := 0, 1
	// Walk from the right: the rightmost of the 17 digits has weight 2.
	for i := 16; i >= 0; i-- {
		w = w * 2 % 11
		sum += int(d17[i]-'0') * w
	}
	c := (12 - sum%11) % 11
	if c == 10 {
		return 'X'
	}
	return byte('0' + c)
}

func checkCNRID(r *Result, c claims, now time.Time) {
	n := r.Number
	if n == "" {
		r.problem("number", ErrIDMissing)
		return
	}
	if len(n) != 18 {
		if len(n) == 15 && allDigits(n) {
			r.Notes = append(r.Notes, NoteIDCNLegacy)
		}
		r.problem("number", ErrIDLength)
		if !cnCharsetOK(n) {
			r.problem("number", ErrIDCharset)
		}
		return
	}
	if !cnCharsetOK(n) {
		r.problem("number", ErrIDCharset)
		return
	}
	r.Decoded.Region = n[:6]
	r.Decoded.Province = n[:2]
	if n[:6] == "000000" || !cnProvinces[n[:2]] {
		r.problem("number", ErrIDRegion)
	}
	y, m, d := ymd(n[6:14])
	birth, ok := date(y, m, d)
	if !ok || !plausibleBirth(birth, now) {
		r.problem("number", ErrIDBirthDate)
		birth = time.Time{}
	} else {
		r.Decoded.BirthDate = birth.Format(time.DateOnly)
		r.Decoded.BirthYear = y
	}
	if (n[16]-'0')%2 == 1 {
		r.Decoded.Sex = "M"
	} else {
		r.Decoded.Sex = "F"
	}
	if cnCheckChar(n[:17]) != n[17] {
		r.problem("number", ErrIDCheckDigit)
	}
	crossCheck(r, c, birth, r.Decoded.Sex)
}

// cnCharsetOK: 17 digits and a last character that is a digit or X.
func cnCharsetOK(n string) bool {
	for i := 0; i < len(n); i++ {
		ch := n[i]
		if ch >= '0' && ch <= '9' {
			continue
		}
		if ch == 'X' && i == len(n)-1 {
			continue
		}
		return false
	}
	return true
}

// --- Viet Nam: CCCD / căn cước personal identification number ---

// vnProvinces are the 63 province codes used as the first three digits of
// the 12-digit personal identification number, per the annex of Circular
// 07/2016/TT-BCA (as amended): the provincial codes of the national list of
// administrative units, with gaps where provinces were merged or split
// before 2016. Citizens born abroad get other codes, and the 2025 merger of
// provinces does not renumber existing cards; a code outside this list is
// flagged, not rejected.
var vnProvinces = map[string]bool{
	"001": true, "002": true, "004": true, "006": true, "008": true, "010": true,
	"011": true, "012": true, "014": true, "015": true, "017": true, "019": true,
	"020": true, "022": true, "024": true, "025": true, "026": true, "027": true,
	"030": true, "031": true, "033": true, "034": true, "035": true, "036": true,
	"037": true, "038": true, "040": true, "042": true, "044": true, "045": true,
	"046": true, "048": true, "049": true, "051": true, "052": true, "054": true,
	"056": true, "058": true, "060": true, "062": true, "064": true, "066": true,
	"067": true, "068": true, "070": true, "072": true, "074": true, "075": true,
	"077": true, "079": true, "080": true, "082": true, "083": true, "084": true,
	"086": true, "087": true, "089": true, "091": true, "092": true, "093": true,
	"094": true, "095": true, "096": true,
}

// digitsOfLength checks a number made of exactly want digits, noting each
// problem; it reports whether the digits can be decoded further.
func digitsOfLength(r *Result, n string, want int) bool {
	if n == "" {
		r.problem("number", ErrIDMissing)
		return false
	}
	digits := allDigits(n)
	if !digits {
		r.problem("number", ErrIDCharset)
	}
	if len(n) != want {
		r.problem("number", ErrIDLength)
		return false
	}
	return digits
}

func checkCCCD(r *Result, c claims, now time.Time) {
	n := r.Number
	if !digitsOfLength(r, n, 12) {
		return
	}
	r.Decoded.Province = n[:3]
	if !vnProvinces[n[:3]] {
		r.problem("number", ErrIDProvince)
	}
	// 4th digit: century and sex. Even = male, odd = female; 0/1 the 1900s,
	// 2/3 the 2000s, 4/5 the 2100s and so on (Circular 07/2016/TT-BCA).
	g := int(n[3] - '0')
	yy, _ := strconv.Atoi(n[4:6])
	year := 1900 + 100*(g/2) + yy
	sex := "M"
	if g%2 == 1 {
		sex = "F"
	}
	if year > now.Year() {
		r.problem("number", ErrIDCenturySex)
	} else {
		r.Decoded.BirthYear = year
	}
	r.Decoded.Sex = sex
	if c.hasBirth && r.Decoded.BirthYear != 0 && c.birth.Year() != year {
		r.problem("birth_date", ErrIDBirthMismatch)
	}
	if c.sex != "" && c.sex != sex {
		r.problem("sex", ErrIDSexMismatch)
	}
}

// --- Tanzania: NIDA national identification number ---

// checkNIDA: 20 digits, usually written YYYYMMDD-XXXXX-XXXXX-XX, the first
// eight being the holder's birth date. NIDA publishes no check digit, so
// none is checked; sex is not encoded in any documented way.
func checkNIDA(r *Result, c claims, now time.Time) {
	n := r.Number
	if !digitsOfLength(r, n, 20) {
		return
	}
	y, m, d := ymd(n[:8])
	birth, ok := date(y, m, d)
	if !ok || !plausibleBirth(birth, now) {
		r.problem("number", ErrIDBirthDate)
		return
	}
	r.Decoded.BirthDate = birth.Format(time.DateOnly)
	r.Decoded.BirthYear = y
	crossCheck(r, c, birth, "")
}

// --- Cameroon and free-form numbers ---

// checkFreeAlnum checks length and characters only. The Cameroonian CNI
// number has no published structure or check digit (decree 2016/375
// describes the card, not the number), and the récépissé is a paper
// receipt whose numbering varies by issuing post; extra lists the
// punctuation allowed besides A–Z and 0–9.
func checkFreeAlnum(r *Result, minLen, maxLen int, extra string) {
	n := r.Number
	if n == "" {
		r.problem("number", ErrIDMissing)
		return
	}
	for i := 0; i < len(n); i++ {
		if !isAlnumASCII(n[i]) && !strings.ContainsRune(extra, rune(n[i])) {
			r.problem("number", ErrIDCharset)
			break
		}
	}
	if len(n) < minLen || len(n) > maxLen {
		r.problem("number", ErrIDLength)
	}
}

// checkOther accepts any printable text up to 64 characters: the app cannot
// know the rules of every document.
func checkOther(r *Result) {
	n := r.Number
	if n == "" {
		r.problem("number", ErrIDMissing)
		return
	}
	if !utf8.ValidString(n) {
		r.problem("number", ErrIDCharset)
		return
	}
	for _, c := range n {
		if c < ' ' || c == 0x7f {
			r.problem("number", ErrIDCharset)
			break
		}
	}
	if utf8.RuneCountInString(n) > 64 {
		r.problem("number", ErrIDLength)
	}
}
