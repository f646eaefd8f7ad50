package sop_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"tusk/app/sop"
	"tusk/data"
)

func realPack(t testing.TB) *sop.Pack {
	t.Helper()
	p, err := sop.Load(data.FS)
	if err != nil {
		t.Fatalf("default pack: %v", err)
	}
	return p
}

func top(hits []sop.Hit, n int) string {
	var s []string
	for i, h := range hits {
		if i == n {
			break
		}
		s = append(s, fmt.Sprintf("%s(%d %s/%s %q)", h.Card, h.Score, h.Match, h.Field, h.Text))
	}
	return strings.Join(s, ", ")
}

// TestSearchRealPack runs the queries staff type against the default pack:
// every code word, names in each language and script, pinyin, Vietnamese
// typed without its marks, words half typed and words with one typo. The
// expected card must come first. When several cards tie (a code word that
// names five ivory cards), pack order decides, so the first of them is
// expected.
func TestSearchRealPack(t *testing.T) {
	p := realPack(t)
	cases := []struct {
		q, lang, want string
		f             sop.Filter
	}{
		// every code word in the pack
		{q: "XY", want: "ivory-tusk"},
		{q: "jelly", want: "ivory-tusk"},
		{q: "blood material", want: "ivory-tusk"},
		{q: "African materials", want: "ivory-tusk"},
		{q: "white plastic", want: "ivory-tusk"},
		{q: "象牙", lang: "zh", want: "ivory-tusk"},
		{q: "虎骨", lang: "zh", want: "tiger-bone"},
		{q: "鹤顶红", lang: "zh", want: "helmeted-hornbill-casque"},
		{q: "鹤顶", lang: "zh", want: "helmeted-hornbill-casque"},
		{q: "hornbill ivory", want: "helmeted-hornbill-casque"},
		{q: "red ivory", want: "helmeted-hornbill-casque"},
		{q: "golden jade", want: "helmeted-hornbill-casque"},
		{q: "ivoire rouge", lang: "fr", want: "helmeted-hornbill-casque"},
		{q: "穿山甲片", lang: "zh", want: "pangolin-scales"},
		{q: "炮山甲", lang: "zh", want: "pangolin-scales"},
		{q: "XJ", want: "rhino-horn"},
		{q: "Xi Jiao", want: "rhino-horn"},
		{q: "犀角", lang: "zh", want: "rhino-horn"},
		{q: "犀牛角", lang: "zh", want: "rhino-horn"},
		{q: "羚羊角", lang: "zh", want: "saiga-horn"},
		{q: "羚羊角粉", lang: "zh", want: "saiga-horn-medicine"},
		{q: "bekko", want: "hawksbill-scutes"}, // names worked shell and scutes; scutes come first in the pack
		// titles and names in every language and script
		{q: "Tiger skin", want: "tiger-skin"},
		{q: "虎皮", lang: "zh", want: "tiger-skin"},
		{q: "Da hổ", lang: "vi", want: "tiger-skin"},
		{q: "Ngozi ya simbamarara", lang: "sw", want: "tiger-skin"},
		{q: "Peau de tigre", lang: "fr", want: "tiger-skin"},
		{q: "Xương hổ", lang: "vi", want: "tiger-bone"},
		{q: "Os de lion", lang: "fr", want: "lion-bone"},
		{q: "Simba", lang: "sw", want: "lion-bone"},
		{q: "Báo tuyết", lang: "vi", want: "snow-leopard-skin"},
		{q: "Chui", lang: "sw", want: "leopard-skin"},
		{q: "美洲豹", lang: "zh", want: "jaguar-teeth"},
		{q: "Crocs de jaguar", lang: "fr", want: "jaguar-teeth"},
		{q: "elephant", want: "ivory-tusk"},
		{q: "Éléphants", lang: "fr", want: "ivory-tusk"},
		{q: "Tembo", lang: "sw", want: "ivory-tusk"},
		{q: "象牙：雕刻品", lang: "zh", want: "ivory-carving"},
		{q: "象牙雕刻", lang: "zh", want: "ivory-carving"},
		{q: "Pembe za ndovu: shanga", lang: "sw", want: "ivory-jewellery"},
		{q: "sceaux", lang: "fr", want: "ivory-seal"},
		{q: "chops", want: "ivory-seal"},
		{q: "Kakakuona", lang: "sw", want: "pangolin-scales"},
		{q: "活体穿山甲", lang: "zh", want: "pangolin-live"},
		{q: "Écailles de pangolin", lang: "fr", want: "pangolin-scales"},
		{q: "Kasuku kijivu", lang: "sw", want: "grey-parrot-live"},
		{q: "鹦鹉蛋", lang: "zh", want: "parrot-eggs"},
		{q: "Œufs de perroquet", lang: "fr", want: "parrot-eggs"},
		{q: "情侣鹦鹉", lang: "zh", want: "lovebird-live"},
		{q: "鲸头鹳", lang: "zh", want: "shoebill-live"},
		{q: "Bec-en-sabot", lang: "fr", want: "shoebill-live"},
		{q: "玳瑁", lang: "zh", want: "hawksbill-scutes"},
		{q: "Kasa ng'amba", lang: "sw", want: "hawksbill-scutes"},
		{q: "Kasa ng’amba", lang: "sw", want: "hawksbill-scutes"}, // typographic apostrophe
		{q: "tortoiseshell", want: "hawksbill-worked"},
		{q: "星龟", lang: "zh", want: "star-tortoise-live"},
		{q: "Kobe nyota", lang: "sw", want: "star-tortoise-live"},
		{q: "Tortues étoilées", lang: "fr", want: "star-tortoise-live"},
		{q: "Hondohondo", lang: "sw", want: "helmeted-hornbill-casque"},
		{q: "盔犀鸟", lang: "zh", want: "helmeted-hornbill-casque"},
		{q: "犀鸟", lang: "zh", want: "hornbill-head"},
		{q: "Calao à casque rond", lang: "fr", want: "helmeted-hornbill-casque"},
		{q: "高鼻羚羊", lang: "zh", want: "saiga-horn"},
		{q: "Swala saiga", lang: "sw", want: "saiga-horn"},
		{q: "TIGER BONE WINE", want: "tiger-bone-medicine"},
		{q: "ＸＹ", want: "ivory-tusk"}, // full-width letters from a Chinese IME
		// scientific names
		{q: "Panthera tigris", want: "tiger-bone"},
		{q: "Panthera uncia", want: "snow-leopard-skin"},
		{q: "Loxodonta africana", want: "ivory-tusk"},
		{q: "Elephas maximus", want: "ivory-tusk"},
		{q: "Rhinoplax vigil", want: "helmeted-hornbill-casque"},
		{q: "Eretmochelys imbricata", want: "hawksbill-scutes"},
		{q: "Diceros bicornis", want: "rhino-horn"},
		{q: "Balaeniceps rex", want: "shoebill-live"},
		{q: "Psittacus erithacus", want: "grey-parrot-live"},
		{q: "Agapornis", want: "lovebird-live"},
		{q: "Saiga tatarica", want: "saiga-horn"},
		// Vietnamese without its marks
		{q: "nga voi", lang: "vi", want: "ivory-tusk"},
		{q: "nga voi do cham khac", lang: "vi", want: "ivory-carving"},
		{q: "da ho", lang: "vi", want: "tiger-skin"},
		{q: "xuong su tu", lang: "vi", want: "lion-bone"},
		{q: "bao tuyet", lang: "vi", want: "snow-leopard-skin"},
		{q: "te te song", lang: "vi", want: "pangolin-live"},
		{q: "vay te te", lang: "vi", want: "pangolin-scales"},
		{q: "co mo giay", lang: "vi", want: "shoebill-live"},
		{q: "doi moi", lang: "vi", want: "hawksbill-scutes"},
		{q: "rua sao", lang: "vi", want: "star-tortoise-live"},
		{q: "sung te giac", lang: "vi", want: "rhino-horn"},
		{q: "vet xam", lang: "vi", want: "grey-parrot-live"},
		{q: "DUONG", lang: "vi", want: "saiga-horn"}, // đ folds to d
		// pinyin
		{q: "xiangya", want: "ivory-tusk"},
		{q: "xiang ya", want: "ivory-tusk"},
		{q: "xijiao", want: "rhino-horn"},
		{q: "xi jiao", want: "rhino-horn"},
		{q: "xiniujiao", want: "rhino-horn"},
		{q: "hugu", want: "tiger-bone"},
		{q: "hu pi", want: "tiger-skin"},
		{q: "chuanshanjia", want: "pangolin-scales"},
		{q: "hedinghong", want: "helmeted-hornbill-casque"},
		{q: "daimao", want: "hawksbill-scutes"},
		{q: "lingyangjiao", want: "saiga-horn"},
		{q: "jingtouguan", want: "shoebill-live"},
		{q: "xuebao", want: "snow-leopard-skin"},
		// one typo
		{q: "elephnt", want: "ivory-tusk"},
		{q: "pangolim", want: "pangolin-scales"},
		{q: "rhinocerso", want: "rhino-horn"},
		{q: "tortoisehsell", want: "hawksbill-worked"},
		{q: "kakakuna", lang: "sw", want: "pangolin-scales"},
		{q: "leoprd", want: "leopard-skin"},
		{q: "jaguer", want: "jaguar-teeth"},
		{q: "parot", want: "grey-parrot-live"},
		{q: "hornbil casque", want: "helmeted-hornbill-casque"},
		// half typed
		{q: "pango", want: "pangolin-scales"},
		{q: "shoe", want: "shoebill-live"},
		{q: "hawks", want: "hawksbill-scutes"},
		{q: "snow leo", want: "snow-leopard-skin"},
		// with a filter
		{q: "ivory", want: "helmeted-hornbill-carving", f: sop.Filter{Group: "bird"}},
		{q: "bone", want: "lion-bone", f: sop.Filter{Appendix: "II"}},
		{q: "live", want: "grey-parrot-live", f: sop.Filter{Group: "bird"}},
		{q: "teeth", want: "lion-claws-teeth", f: sop.Filter{Appendix: "II", Group: "mammal"}},
		{q: "bone crafts", want: "ivory-carving"}, // a declared-as phrase
	}
	if len(cases) < 60 {
		t.Fatalf("only %d queries", len(cases))
	}
	for _, tc := range cases {
		lang := tc.lang
		if lang == "" {
			lang = "en"
		}
		hits := p.Search(tc.q, lang, tc.f)
		if len(hits) == 0 || hits[0].Card != tc.want {
			t.Errorf("Search(%q, %s, %+v): first %s, want %s", tc.q, lang, tc.f, top(hits, 4), tc.want)
		}
	}
}

func TestSearchRanking(t *testing.T) {
	p := realPack(t)
	// Exact code word before a title that merely contains the word.
	hits := p.Search("jelly", "en", sop.Filter{})
	if len(hits) != 5 || hits[0].Match != sop.MatchExact || hits[0].Field != sop.FieldCodeWord {
		t.Errorf("jelly: %s", top(hits, 6))
	}
	// Ties keep pack order.
	var ids []string
	for _, h := range hits {
		ids = append(ids, h.Card)
	}
	if got := strings.Join(ids, ","); got != "ivory-tusk,ivory-carving,ivory-jewellery,ivory-seal,ivory-pieces" {
		t.Errorf("jelly order: %s", got)
	}
	// Tiers: exact > prefix > word > word prefix > typo.
	for _, tc := range []struct {
		q, card string
		want    sop.Match
	}{
		{"Tiger bone", "tiger-bone", sop.MatchExact},
		{"Tiger bone wine", "tiger-bone-medicine", sop.MatchPrefix},
		{"bone tiger", "tiger-bone", sop.MatchWord},
		{"Tiger bon", "tiger-bone", sop.MatchWordPrefix},
		{"bon tig", "tiger-bone", sop.MatchWordPrefix},
		{"tigerr", "tiger-bone", sop.MatchTypo},
	} {
		hits := p.Search(tc.q, "en", sop.Filter{})
		if len(hits) == 0 || hits[0].Card != tc.card || hits[0].Match != tc.want {
			t.Errorf("%q: %s, want %s by %s", tc.q, top(hits, 3), tc.card, tc.want)
		}
	}
	// Scores fall with the tiers.
	a := p.Search("Tiger bone", "en", sop.Filter{})[0].Score
	b := p.Search("Tiger bone wine", "en", sop.Filter{})[0].Score
	c := p.Search("tigerr", "en", sop.Filter{})[0].Score
	if !(a > b && b > c) {
		t.Errorf("scores %d, %d, %d not falling", a, b, c)
	}
}

func TestSearchNoFalseHits(t *testing.T) {
	p := realPack(t)
	for _, q := range []string{"zzzzqx", "toaster", "xyz123", "a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6 7 8 9 zz"} {
		if hits := p.Search(q, "en", sop.Filter{}); len(hits) != 0 {
			t.Errorf("Search(%q) = %s, want nothing", q, top(hits, 3))
		}
	}
	// A typo is only forgiven in words of four letters or more.
	if hits := p.Search("tigr", "en", sop.Filter{}); len(hits) == 0 {
		t.Errorf("tigr (4 letters, one dropped) found nothing")
	}
	if hits := p.Search("lon", "en", sop.Filter{Form: "bone"}); len(hits) != 0 {
		t.Errorf("lon: %s, want no typo match on 3 letters", top(hits, 3))
	}
	// Every query word must match.
	if hits := p.Search("tiger parrot", "en", sop.Filter{}); len(hits) != 0 {
		t.Errorf("tiger parrot: %s", top(hits, 3))
	}
}

func TestSearchEmptyQueryAndFilters(t *testing.T) {
	p := realPack(t)
	all := p.Search("  ", "en", sop.Filter{})
	if len(all) != len(p.Cards) {
		t.Fatalf("empty query: %d hits, want %d", len(all), len(p.Cards))
	}
	for i, h := range all {
		if h.Card != p.Cards[i].ID {
			t.Fatalf("empty query hit %d = %s, want pack order %s", i, h.Card, p.Cards[i].ID)
		}
	}
	birds := p.Search("", "en", sop.Filter{Group: "bird"})
	for _, h := range birds {
		if p.CardSpecies(h.Card).Group != "bird" {
			t.Errorf("bird filter let %s through", h.Card)
		}
	}
	if len(birds) == 0 || len(birds) == len(all) {
		t.Errorf("bird filter: %d of %d", len(birds), len(all))
	}
	if got := p.Search("", "en", sop.Filter{Limit: 3}); len(got) != 3 {
		t.Errorf("Limit 3: %d hits", len(got))
	}
	if got := p.Search("ivory", "en", sop.Filter{Limit: 2}); len(got) != 2 || got[0].Card != "ivory-tusk" {
		t.Errorf("ivory Limit 2: %s", top(got, 3))
	}
	for _, h := range p.Search("", "en", sop.Filter{Appendix: "II"}) {
		if !strings.Contains(p.CardSpecies(h.Card).CITES.Appendix, "II") {
			t.Errorf("appendix II filter let %s through", h.Card)
		}
	}
}

func TestSearchConcurrent(t *testing.T) {
	p := realPack(t)
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			ok := true
			for i := 0; i < 200; i++ {
				h := p.Search("xiangya", "en", sop.Filter{})
				ok = ok && len(h) > 0 && h[0].Card == "ivory-tusk"
				h = p.Search("hugu", "en", sop.Filter{})
				ok = ok && len(h) > 0 && h[0].Card == "tiger-bone"
			}
			done <- ok
		}()
	}
	for g := 0; g < 4; g++ {
		if !<-done {
			t.Error("concurrent search gave a wrong result")
		}
	}
}

// TestWizardIdentifiesEveryCard plays the wizard for each card of the
// default pack, answering every question it asks with the card's own
// first trait: the card must survive every answer, the wizard must never
// ask a question twice or one that splits nothing, and it must stop.
func TestWizardIdentifiesEveryCard(t *testing.T) {
	p := realPack(t)
	for _, c := range p.Cards {
		answers := map[string]string{}
		cards := p.Narrow(answers, sop.Filter{})
		for step := 0; ; step++ {
			q := p.NextQuestion(cards, answers)
			if q == "" {
				break
			}
			if step > len(p.Wizard.Questions) {
				t.Fatalf("%s: the wizard does not stop", c.ID)
			}
			if _, asked := answers[q]; asked {
				t.Fatalf("%s: question %s asked twice", c.ID, q)
			}
			counts := p.OptionCounts(q, cards)
			useful := false
			for _, n := range counts {
				useful = useful || (n > 0 && n < len(cards))
			}
			if !useful {
				t.Fatalf("%s: question %s splits nothing", c.ID, q)
			}
			opt := p.QuestionByID[q].Options[0].ID // any answer fits a card without the trait
			if opts := c.Traits[q]; len(opts) > 0 {
				opt = opts[0]
			}
			answers[q] = opt
			cards = p.Narrow(answers, sop.Filter{})
			found := false
			for _, id := range cards {
				found = found || id == c.ID
			}
			if !found {
				t.Fatalf("%s: lost after answering %s=%s", c.ID, q, opt)
			}
		}
		if len(cards) > 6 {
			t.Errorf("%s: the wizard ends with %d cards: %v", c.ID, len(cards), cards)
		}
	}
}

func TestSearchHugeQuery(t *testing.T) {
	p := realPack(t)
	long := strings.Repeat("elephant", 20000) // one 160,000-letter word
	if hits := p.Search(long, "en", sop.Filter{}); len(hits) != 0 {
		t.Errorf("a huge word matched %d cards", len(hits))
	}
	many := strings.Repeat("ivory ", 5000)
	if hits := p.Search(many, "en", sop.Filter{}); len(hits) == 0 || hits[0].Card != "ivory-tusk" {
		t.Errorf("5000 times ivory: %s", top(hits, 2))
	}
}

// TestEveryCodeWordFindsItsCards searches each code word of the default
// pack as written: one of the cards it names must come first, found by an
// exact match. It covers code words added after the table above.
func TestEveryCodeWordFindsItsCards(t *testing.T) {
	p := realPack(t)
	for _, w := range p.CodeWords {
		hits := p.Search(w.Text, "en", sop.Filter{})
		if len(hits) == 0 || !slices.Contains(w.Cards, hits[0].Card) || hits[0].Match != sop.MatchExact {
			t.Errorf("code word %q (%s): first %s, want one of %v", w.Text, w.ID, top(hits, 2), w.Cards)
		}
	}
}
