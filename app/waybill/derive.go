// Package waybill derives a courier's waybill format from example
// numbers and measures how much a format lets through. It knows no Fyne
// and no SQL: the Settings screen shows what it finds, the store keeps
// the formats (inspect.WaybillPattern).
package waybill

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"tusk/app/inspect"
)

// ErrNoExamples is returned when no usable example is given.
var ErrNoExamples = errors.New("waybill: no examples")

// maxExample is the longest example looked at, in characters: no waybill
// is longer, and a pasted paragraph must not make a huge pattern.
const maxExample = 40

// Derived is a format worked out from examples.
type Derived struct {
	Regex string // anchored for you, as inspect.WaybillPattern.Regex
	Check string // inspect.CheckUPUS10 when every example carries a valid S10 check digit
	// Prefix is the fixed start every example shares ("" when none).
	Prefix         string
	MinLen, MaxLen int
	Examples       []string // the cleaned, distinct examples used
}

// Pattern is the derived format as the store keeps it.
func (d Derived) Pattern(courier, name string) inspect.WaybillPattern {
	return inspect.WaybillPattern{Courier: courier, Name: name, Regex: d.Regex, Check: d.Check}
}

// class is the kind of one character.
type class byte

const (
	digit  class = 'D'
	letter class = 'L'
	other  class = 'O'
)

func classOf(r rune) class {
	switch {
	case r >= '0' && r <= '9':
		return digit
	case r >= 'A' && r <= 'Z':
		return letter
	}
	return other
}

// run is a stretch of characters of one class; other characters are
// runs of one so that each stays where it is.
type run struct {
	c    class
	text []rune
}

func runsOf(s string) []run {
	var out []run
	for _, r := range s {
		c := classOf(r)
		if n := len(out); n > 0 && c != other && out[n-1].c == c {
			out[n-1].text = append(out[n-1].text, r)
			continue
		}
		out = append(out, run{c: c, text: []rune{r}})
	}
	return out
}

func shape(rs []run) string {
	b := make([]byte, len(rs))
	for i, r := range rs {
		b[i] = byte(r.c)
	}
	return string(b)
}

// Clean splits pasted text into cleaned, distinct examples: one a line
// (or separated by commas, semicolons or spaces), as a scanner would give
// them (inspect.CleanWaybill).
func Clean(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range strings.FieldsFunc(text, func(r rune) bool {
		return r == '\n' || r == '\r' || r == ',' || r == ';' || r == ' ' || r == '\t'
	}) {
		w := inspect.CleanWaybill(f)
		if w == "" || seen[w] || utf8.RuneCountInString(w) > maxExample || !utf8.ValidString(w) {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

// Derive works out the narrowest sensible format that every example fits:
// the same runs of letters and digits in the same order with their
// lengths, fixed text where all examples agree (a courier's prefix or a
// country suffix), and the UPU S10 check digit when every example has a
// valid one. Examples of different shapes give one class over the whole
// number, which Measure will call broad.
func Derive(examples []string) (Derived, error) {
	ex := Clean(strings.Join(examples, "\n"))
	if len(ex) == 0 {
		return Derived{}, ErrNoExamples
	}
	d := Derived{Examples: ex}
	if len(ex) > 1 {
		d.Prefix = commonPrefix(ex)
	}
	d.MinLen, d.MaxLen = lengths(ex)
	runs := make([][]run, len(ex))
	same := true
	for i, e := range ex {
		runs[i] = runsOf(e)
		same = same && shape(runs[i]) == shape(runs[0])
	}
	if same {
		d.Regex = byRuns(runs)
	} else {
		d.Regex = byAlphabet(ex, commonPrefix(ex))
	}
	s10 := true
	for _, e := range ex {
		s10 = s10 && inspect.ValidS10(e)
	}
	if s10 {
		d.Check = inspect.CheckUPUS10
	}
	return d, nil
}

// byRuns writes one piece per run: fixed text where every example has
// the same text (never for a single example's digits: one number says
// nothing about which of its digits are fixed), else its class with the
// fixed start the examples share and the lengths seen.
func byRuns(all [][]run) string {
	var b strings.Builder
	for i := range all[0] {
		texts := make([]string, len(all))
		for j := range all {
			texts[j] = string(all[j][i].text)
		}
		c := all[0][i].c
		fixed := true
		for _, t := range texts {
			fixed = fixed && t == texts[0]
		}
		if fixed && (len(all) > 1 || c != digit) {
			b.WriteString(regexp.QuoteMeta(texts[0]))
			continue
		}
		if c == other { // one character, not the same in all
			b.WriteString(othersClass(texts))
			continue
		}
		pre := ""
		if len(all) > 1 {
			pre = commonPrefix(texts)
		}
		lo, hi := lengths(texts)
		n := utf8.RuneCountInString(pre)
		if n >= lo { // the whole shortest text is the shared start: keep a variable part
			_, size := utf8.DecodeLastRuneInString(pre)
			pre = pre[:len(pre)-size]
			n--
		}
		b.WriteString(regexp.QuoteMeta(pre))
		b.WriteString(classRegex(c))
		b.WriteString(repeat(lo-n, hi-n))
	}
	return b.String()
}

// byAlphabet is the fixed start then every character kind seen, over the
// lengths seen.
func byAlphabet(ex []string, prefix string) string {
	var letters, digits bool
	others := map[rune]bool{}
	var order []rune
	lo, hi := lengths(ex)
	n := utf8.RuneCountInString(prefix)
	if n > 0 && n >= lo {
		_, size := utf8.DecodeLastRuneInString(prefix)
		prefix = prefix[:len(prefix)-size]
		n--
	}
	for _, e := range ex {
		for _, r := range []rune(e)[n:] {
			switch classOf(r) {
			case digit:
				digits = true
			case letter:
				letters = true
			default:
				if !others[r] {
					others[r] = true
					order = append(order, r)
				}
			}
		}
	}
	var cls strings.Builder
	cls.WriteString("[")
	if digits {
		cls.WriteString("0-9")
	}
	if letters {
		cls.WriteString("A-Z")
	}
	for _, r := range order {
		fmt.Fprintf(&cls, `\x{%x}`, r)
	}
	cls.WriteString("]")
	return regexp.QuoteMeta(prefix) + cls.String() + repeat(lo-n, hi-n)
}

// othersClass is a class of the single characters in texts.
func othersClass(texts []string) string {
	seen := map[string]bool{}
	var b strings.Builder
	b.WriteString("[")
	for _, t := range texts {
		if !seen[t] {
			seen[t] = true
			for _, r := range t {
				fmt.Fprintf(&b, `\x{%x}`, r)
			}
		}
	}
	b.WriteString("]")
	return b.String()
}

func classRegex(c class) string {
	if c == digit {
		return "[0-9]"
	}
	return "[A-Z]"
}

func repeat(lo, hi int) string {
	switch {
	case lo == 1 && hi == 1:
		return ""
	case lo == hi:
		return fmt.Sprintf("{%d}", lo)
	}
	return fmt.Sprintf("{%d,%d}", lo, hi)
}

func lengths(xs []string) (lo, hi int) {
	for i, x := range xs {
		n := utf8.RuneCountInString(x)
		if i == 0 || n < lo {
			lo = n
		}
		if n > hi {
			hi = n
		}
	}
	return lo, hi
}

// commonPrefix is the start all of xs share, whole runes only.
func commonPrefix(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	p := []rune(xs[0])
	for _, x := range xs[1:] {
		r := []rune(x)
		i := 0
		for i < len(p) && i < len(r) && p[i] == r[i] {
			i++
		}
		p = p[:i]
	}
	return string(p)
}
