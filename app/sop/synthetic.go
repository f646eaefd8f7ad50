package sop

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// SyntheticPack makes a pack of n made-up cards for benchmarks: titles
// and species names in all five languages (Vietnamese with its marks,
// Chinese in Han characters), scientific names, code words and declared
// phrases, in the proportions of the real pack. It is deterministic and
// skips validation; its words are nonsense and must never reach a user.
func SyntheticPack(n int) *Pack {
	r := rand.New(rand.NewPCG(42, 1))
	p := &Pack{}
	formIDs := []string{"tusk", "ivory_carving", "horn", "powder", "scales", "skin", "live", "carving"}
	for _, id := range formIDs {
		p.Forms = append(p.Forms, Form{ID: id, TradeTerm: "CAR", Units: []string{"items"},
			Names: fiveLangs(r, 1)})
	}
	groups := []string{"mammal", "bird", "reptile"}
	apps := []string{"I", "II", "I/II", "III"}
	nsp := n/6 + 1
	for i := 0; i < nsp; i++ {
		p.Species = append(p.Species, Species{
			ID:         fmt.Sprintf("sp%05d", i),
			Group:      groups[i%len(groups)],
			Names:      fiveLangs(r, 2),
			Scientific: capital(latinWord(r, 3)) + " " + latinWord(r, 3),
			CITES:      CITES{Appendix: apps[i%len(apps)]},
		})
	}
	for i := 0; i < n; i++ {
		c := Card{
			ID:      fmt.Sprintf("card%05d", i),
			Species: p.Species[r.IntN(nsp)].ID,
			Form:    formIDs[r.IntN(len(formIDs))],
			Title:   fiveLangs(r, 3+r.IntN(2)),
		}
		c.DeclaredAs.Phrases = []Phrase{
			{Text: latinWord(r, 2) + " " + latinWord(r, 2), Lang: "en"},
			{Text: hanWord(r, 3), Lang: "zh"},
		}
		p.Cards = append(p.Cards, c)
		if i%3 == 0 {
			w := CodeWord{ID: fmt.Sprintf("cw%05d", i), Script: "Latn", Lang: "en", Text: latinWord(r, 2),
				Cards: []string{c.ID}}
			if i%2 == 0 {
				w.Script, w.Lang, w.Text = "Hans", "zh", hanWord(r, 2)
			}
			p.CodeWords = append(p.CodeWords, w)
		}
	}
	p.link()
	p.idx = buildIndex(p)
	return p
}

// SyntheticQueries makes n queries against a synthetic pack, the mix staff
// type: whole titles, words being typed (prefixes), Vietnamese without its
// marks, pinyin, Chinese, code words, scientific names and one-typo words.
func SyntheticQueries(p *Pack, n int) []string {
	r := rand.New(rand.NewPCG(7, 7))
	var qs []string
	for len(qs) < n {
		c := &p.Cards[r.IntN(len(p.Cards))]
		en := strings.Fields(c.Title["en"])
		switch len(qs) % 10 {
		case 0:
			qs = append(qs, c.Title["en"])
		case 1:
			w := en[r.IntN(len(en))]
			qs = append(qs, w[:min(len(w), 2+r.IntN(3))])
		case 2:
			qs = append(qs, fold(c.Title["vi"]))
		case 3:
			var py []string
			for _, run := range pinyinRuns(c.Title["zh"]) {
				py = append(py, run...)
			}
			qs = append(qs, strings.Join(py[:min(len(py), 2)], ""))
		case 4:
			zh := []rune(c.Title["zh"])
			qs = append(qs, string(zh[:min(len(zh), 2)]))
		case 5:
			if ws := p.CodeWordsFor(c.ID); len(ws) > 0 {
				qs = append(qs, ws[0].Text)
			} else {
				qs = append(qs, c.Title["fr"])
			}
		case 6:
			qs = append(qs, p.SpeciesByID[c.Species].Scientific)
		case 7:
			w := []rune(en[r.IntN(len(en))])
			if len(w) >= 4 {
				i := 1 + r.IntN(len(w)-2)
				w[i], w[i+1] = w[i+1], w[i] // swap two letters
			}
			qs = append(qs, string(w))
		case 8:
			qs = append(qs, en[0]+" "+en[len(en)-1][:min(len(en[len(en)-1]), 3)])
		case 9:
			qs = append(qs, c.Title["sw"])
		}
	}
	return qs
}

var (
	sylLatin = strings.Fields("ka lo mi ra tu ben sor vel dan pri ko zu el an or ix ta ne mba ngo shi wa le po gri tam")
	sylVi    = strings.Fields("ngà voi sừng tê giác vảy đồi mồi hổ da xương móng răng rùa chim mỏ lông báo gấu khỉ")
	hanChars = []rune("象牙犀角穿山甲虎骨豹皮玳瑁龟壳鸟羽熊胆鹿茸蛇鳞鹤顶红珠手镯雕刻粉末药材工艺品标本头骨爪")
	accentFr = strings.Fields("é è à ù ô î ç")
)

func latinWord(r *rand.Rand, syl int) string {
	var b strings.Builder
	for i := 0; i < syl; i++ {
		b.WriteString(sylLatin[r.IntN(len(sylLatin))])
	}
	return b.String()
}

func hanWord(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteRune(hanChars[r.IntN(len(hanChars))])
	}
	return b.String()
}

func capital(s string) string {
	if s == "" {
		return s
	}
	_, size := utf8.DecodeRuneInString(s)
	return strings.ToUpper(s[:size]) + s[size:]
}

// fiveLangs makes a made-up text of about nw words in each language.
func fiveLangs(r *rand.Rand, nw int) Text {
	t := Text{}
	var en, vi, sw, fr []string
	for i := 0; i < nw; i++ {
		en = append(en, latinWord(r, 2+r.IntN(2)))
		vi = append(vi, sylVi[r.IntN(len(sylVi))]+" "+sylVi[r.IntN(len(sylVi))])
		sw = append(sw, "m"+latinWord(r, 2))
		fr = append(fr, latinWord(r, 1)+accentFr[r.IntN(len(accentFr))]+latinWord(r, 1))
	}
	t["en"] = capital(strings.Join(en, " "))
	t["vi"] = capital(strings.Join(vi, " "))
	t["sw"] = capital(strings.Join(sw, " "))
	t["fr"] = capital(strings.Join(fr, " "))
	t["zh"] = hanWord(r, 2+nw)
	return t
}
