package cli

import (
	"regexp"
	"strconv"
	"strings"

	"tusk/app/inspect"
	"tusk/i18n"
)

// problemSentence is a problem of meaning as a sentence in tr's language
// that names its field: "The sender, expiry date in the MRZ: A date in the
// MRZ is not a real date." Never a raw key: a code without a translation
// falls back to "not valid", a field without words to its path.
func problemSentence(tr *i18n.Translator, field, code string) string {
	msg := tr.T("inspect.err.enum")
	if i18n.HasKey(code) {
		msg = tr.T(code)
	}
	return tr.T("advice.problem", "Field", fieldWords(tr, field), "Message", msg)
}

// noteSentence puts an assessment note into words.
func noteSentence(tr *i18n.Translator, n inspect.Note) string {
	return tr.T("advice.note."+n.Code, "Detail", n.Detail)
}

// fieldHead matches the part of a field path that says whose field it is:
// a role, a party, a declared line, a transit country, an answer, a
// finding or a photo (with its index), or the parcel.
var fieldHead = regexp.MustCompile(`^(?:(sender|receiver|agent)|parties\[(\d+)\]|parcel\.contents\[(\d+)\]|parcel\.transit\[(\d+)\]|answers\[(\d+)\]|findings\[(\d+)\]|photos\[(\d+)\]|(parcel))(?:\.|$)`)

// fieldWords names a Validate field path in words: "sender.id.mrz.expiry"
// is "the sender, expiry date in the MRZ".
func fieldWords(tr *i18n.Translator, field string) string {
	m := fieldHead.FindStringSubmatchIndex(field)
	if m == nil {
		return restWords(tr, field)
	}
	sub := func(g int) string {
		if m[2*g] < 0 {
			return ""
		}
		return field[m[2*g]:m[2*g+1]]
	}
	nth := func(g int) int { n, _ := strconv.Atoi(sub(g)); return n + 1 }
	rest := field[m[1]:]
	var who string
	switch {
	case sub(1) != "":
		who = tr.T("advice.who." + sub(1))
	case sub(2) != "":
		who = tr.T("advice.who.party", "N", nth(2))
	case sub(3) != "":
		who = tr.T("advice.who.line", "N", nth(3))
	case sub(4) != "":
		return tr.T("advice.field.transit") + " " + strconv.Itoa(nth(4))
	case sub(5) != "":
		who = tr.T("advice.who.answer", "N", nth(5))
	case sub(6) != "":
		who = tr.T("advice.who.finding", "N", nth(6))
	case sub(7) != "":
		who = tr.T("advice.who.photo", "N", nth(7))
	default:
		who = tr.T("advice.who.parcel")
	}
	if rest == "" {
		return capitalise(who)
	}
	return capitalise(tr.T("advice.field_of", "Who", who, "Field", restWords(tr, rest)))
}

// restWords names the rest of a path, or gives it back as it is.
func restWords(tr *i18n.Translator, rest string) string {
	if k := "advice.field." + rest; i18n.HasKey(k) {
		return tr.T(k)
	}
	return rest
}

func capitalise(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
