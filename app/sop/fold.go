package sop

import (
	"strings"
	"unicode"
	"unicode/utf8"

	pinyin "github.com/mozillazg/go-pinyin"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// fold makes text comparable the way staff type it: full-width forms
// become ASCII, case and diacritics go ("ngà" -> "nga", "Éléphant" ->
// "elephant"), and letters that are not a base letter plus a mark are
// mapped by hand (Vietnamese đ, Nordic ø, ...). Han characters are kept.
func fold(s string) string {
	if isPlainASCIILower(s) {
		return s
	}
	// Invalid bytes become U+FFFD first, or NFD would skip the letter
	// after one and fold would not be idempotent.
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = width.Fold.String(s)
	s = norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		switch r {
		case 'đ':
			b.WriteByte('d')
		case 'ø':
			b.WriteByte('o')
		case 'ł':
			b.WriteByte('l')
		case 'ß':
			b.WriteString("ss")
		case 'æ':
			b.WriteString("ae")
		case 'œ':
			b.WriteString("oe")
		case '’', 'ʼ', '‘', '`', '´':
			b.WriteByte('\'')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isPlainASCIILower(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || (c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

// words splits folded text into words: runs of letters and digits, with
// every run of Han characters a word of its own (Chinese has no spaces;
// Han words are matched by substring instead).
func words(s string) []string {
	var out []string
	start, han := -1, false
	flush := func(end int) {
		if start >= 0 {
			out = append(out, s[start:end])
			start = -1
		}
	}
	for i, r := range s {
		switch {
		case !isWordRune(r):
			flush(i)
		case start < 0:
			start, han = i, isHan(r)
		case isHan(r) != han:
			flush(i)
			start, han = i, isHan(r)
		}
	}
	flush(len(s))
	return out
}

// compact is the folded text with everything but letters and digits
// dropped, so "Xi Jiao", "xi-jiao" and "xijiao" compare equal.
func compact(folded string) string {
	var b strings.Builder
	for _, r := range folded {
		if isWordRune(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hasHan(s string) bool {
	for _, r := range s {
		if isHan(r) {
			return true
		}
	}
	return false
}

var pinyinArgs = func() pinyin.Args {
	a := pinyin.NewArgs() // toneless, first reading of each character
	return a
}()

// pinyinWords gives the toneless pinyin syllables of the Han characters in
// s, one run of Han characters at a time (other text is dropped).
func pinyinRuns(s string) [][]string {
	var runs [][]string
	var cur []string
	for _, r := range s {
		if !isHan(r) {
			if len(cur) > 0 {
				runs = append(runs, cur)
				cur = nil
			}
			continue
		}
		py := pinyin.SinglePinyin(r, pinyinArgs)
		if len(py) > 0 && py[0] != "" {
			cur = append(cur, fold(py[0]))
		}
	}
	if len(cur) > 0 {
		runs = append(runs, cur)
	}
	return runs
}

// pinyinOf replaces each Han character of s with its toneless pinyin
// syllable between spaces, keeping the rest.
func pinyinOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !isHan(r) {
			b.WriteRune(r)
			continue
		}
		if py := pinyin.SinglePinyin(r, pinyinArgs); len(py) > 0 {
			b.WriteByte(' ')
			b.WriteString(fold(py[0]))
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// editDistance is the Levenshtein distance of a and b (in runes), with
// adjacent transpositions counting one (optimal string alignment). It
// stops early and returns max once the distance must reach max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= max || -d >= max {
		return max
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= max {
			return max
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], max)
}

// within1 reports whether a and b are at most one edit apart: one rune
// added, dropped, changed, or two neighbours swapped.
func within1(a, b string) bool {
	if a == b {
		return true
	}
	return editDistance(a, b, 2) <= 1
}
