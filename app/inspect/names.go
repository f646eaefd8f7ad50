package inspect

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// letterFold maps letters that carry no combining mark in Unicode, so NFD
// cannot strip them, to their plain Latin base.
var letterFold = map[rune]string{
	'đ': "d", 'ð': "d", 'ø': "o", 'ł': "l", 'ß': "ss", 'æ': "ae", 'œ': "oe",
	'ı': "i", 'ŧ': "t", 'ħ': "h", 'þ': "th",
}

// isApostrophe: deleted inside names (O'Brien → obrien, N'Diaye → ndiaye).
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', '`', '´', 'ʻ':
		return true
	}
	return false
}

// NormalizeName folds a person's name so two spellings of it compare equal:
// full-width forms to half-width, diacritics removed (Nguyễn → nguyen),
// lower case, apostrophes dropped, middle dots and other punctuation turned
// into spaces, spaces collapsed. Around Han characters spaces are removed,
// since Chinese names are written without them ("张 三" → "张三").
func NormalizeName(s string) string {
	s = width.Fold.String(s)
	s = norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is pending
	prevHan := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r) || isApostrophe(r) || r == utf8.RuneError:
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			han := unicode.Is(unicode.Han, r)
			if space && b.Len() > 0 && !han && !prevHan {
				b.WriteByte(' ')
			}
			space = false
			prevHan = han
			r = unicode.ToLower(r)
			if f, ok := letterFold[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(r)
			}
		default:
			// Spaces, punctuation (· ・ , . -), symbols and controls all
			// separate words.
			space = true
		}
	}
	return norm.NFC.String(b.String())
}

// Match levels of NameMatch.
const (
	MatchExact    = "exact"
	MatchLikely   = "likely"
	MatchMismatch = "mismatch"
	MatchUnknown  = "unknown" // one side is empty: nothing to compare
)

// Reasons for a likely match (i18n keys).
const (
	MatchReasonSwapped = "inspect.name.swapped" // same words in another order
	MatchReasonSpacing = "inspect.name.spacing" // same letters, spaced differently
	MatchReasonTypo    = "inspect.name.typo"    // one letter differs
)

// MatchResult is how well the name on an ID matches the name on a waybill.
type MatchResult struct {
	Level  string `json:"level"`            // exact | likely | mismatch | unknown
	Reason string `json:"reason,omitempty"` // set when likely
}

// NameMatch compares the name on the ID with the name on the waybill after
// NormalizeName. Likely: the same words in another order ("NGUYEN VAN A"
// and "A NGUYEN VAN"), the same letters spaced differently, or, for Latin
// names of five letters or more, one letter added, dropped, changed or two
// neighbours swapped.
func NameMatch(onID, onWaybill string) MatchResult {
	a, b := NormalizeName(onID), NormalizeName(onWaybill)
	if a == "" || b == "" {
		return MatchResult{Level: MatchUnknown}
	}
	if a == b {
		return MatchResult{Level: MatchExact}
	}
	sa, sb := sortedWords(a), sortedWords(b)
	if sa == sb {
		return MatchResult{Level: MatchLikely, Reason: MatchReasonSwapped}
	}
	ja, jb := strings.ReplaceAll(a, " ", ""), strings.ReplaceAll(b, " ", "")
	if ja == jb {
		return MatchResult{Level: MatchLikely, Reason: MatchReasonSpacing}
	}
	if latinOnly(ja) && latinOnly(jb) && utf8.RuneCountInString(ja) >= 5 && utf8.RuneCountInString(jb) >= 5 {
		if oneEdit(ja, jb) || oneEdit(strings.ReplaceAll(sa, " ", ""), strings.ReplaceAll(sb, " ", "")) {
			return MatchResult{Level: MatchLikely, Reason: MatchReasonTypo}
		}
	}
	return MatchResult{Level: MatchMismatch}
}

func sortedWords(s string) string {
	w := strings.Fields(s)
	sort.Strings(w)
	return strings.Join(w, " ")
}

func latinOnly(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

// oneEdit reports whether a and b differ by exactly one insertion, deletion,
// substitution or swap of two neighbouring letters.
func oneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	switch len(ra) - len(rb) {
	case 0:
		i := 0
		for i < len(ra) && ra[i] == rb[i] {
			i++
		}
		if i == len(ra) {
			return false // equal
		}
		if string(ra[i+1:]) == string(rb[i+1:]) {
			return true // substitution
		}
		return i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:])
	case 1:
		i := 0
		for i < len(rb) && ra[i] == rb[i] {
			i++
		}
		return string(ra[i+1:]) == string(rb[i:])
	}
	return false
}

// placeholderNames are, after NormalizeName, names nobody is really called:
// placeholders, refusals and titles without a name, in the app's
// languages. "张三/李四/王五", "John Doe" and "Nguyễn Văn A" are the
// textbook example names used on forms in Chinese, English and Vietnamese.
var placeholderNames = map[string]bool{
	// en
	"test": true, "testing": true, "unknown": true, "none": true, "na": true, "n a": true,
	"nil": true, "null": true, "anonymous": true, "anon": true, "noname": true, "no name": true,
	"name": true, "customer": true, "client": true, "sender": true, "receiver": true,
	"recipient": true, "abc": true, "asdf": true, "qwerty": true, "john doe": true, "jane doe": true,
	"mr": true, "mrs": true, "ms": true, "miss": true, "sir": true, "madam": true, "dr": true,
	// zh
	"先生": true, "女士": true, "小姐": true, "无名": true, "无名氏": true, "无": true, "不详": true,
	"未知": true, "测试": true, "某某": true, "某人": true, "收件人": true, "寄件人": true,
	"客户": true, "顾客": true, "张三": true, "李四": true, "王五": true,
	// vi
	"khong ten": true, "khong biet": true, "khach": true, "khach hang": true, "nguoi gui": true,
	"nguoi nhan": true, "anh": true, "chi": true, "ong": true, "ba": true, "nguyen van a": true,
	// sw
	"haijulikani": true, "hajulikani": true, "mteja": true, "mtumaji": true, "mpokeaji": true,
	"bwana": true, "bi": true,
	// fr
	"inconnu": true, "inconnue": true, "anonyme": true, "monsieur": true, "madame": true,
	"mademoiselle": true, "m": true, "mme": true, "mlle": true, "expediteur": true,
	"destinataire": true,
}

// hanHonorifics make a Chinese name fictitious when they follow at most a
// surname: "王先生" (Mr Wang) is not a real name under real-name rules.
var hanHonorifics = []string{"先生", "女士", "小姐", "老板", "师傅"}

// LooksFictitious reports names that are obviously not a real person's
// name: empty, one letter, containing digits, one character repeated
// ("aaa", "xxx"), a placeholder word or a title alone ("test", "unknown",
// "Mr", "先生"), a surname with a title ("王先生") or a "某" name ("张某").
// It is a red flag for the inspector, not proof.
func LooksFictitious(name string) bool {
	n := NormalizeName(name)
	if n == "" {
		return true
	}
	if placeholderNames[n] {
		return true
	}
	compact := strings.ReplaceAll(n, " ", "")
	runes := []rune(compact)
	if len(runes) == 1 {
		return true
	}
	same := true
	for _, r := range runes {
		if unicode.IsDigit(r) {
			return true
		}
		if r != runes[0] {
			same = false
		}
	}
	if same {
		return true
	}
	if strings.ContainsRune(compact, '某') {
		return true
	}
	for _, h := range hanHonorifics {
		if rest, ok := strings.CutSuffix(compact, h); ok && utf8.RuneCountInString(rest) <= 1 {
			return true
		}
	}
	// Every word a title or placeholder ("mr x" is caught by "x" below).
	words := strings.Fields(n)
	real := 0
	for _, w := range words {
		if !placeholderNames[w] && utf8.RuneCountInString(w) > 1 && !repeated(w) {
			real++
		}
	}
	return real == 0
}

func repeated(w string) bool {
	first, _ := utf8.DecodeRuneInString(w)
	for _, r := range w {
		if r != first {
			return false
		}
	}
	return true
}
