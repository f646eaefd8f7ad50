package data_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"tusk/app/sop"
	"tusk/assets"
	"tusk/data"
)

func load(tb testing.TB) *sop.Pack {
	tb.Helper()
	p, err := sop.Load(data.FS)
	if err != nil {
		tb.Fatalf("default pack does not load: %v", err)
	}
	return p
}

func card(p *sop.Pack, id string) *sop.Card {
	for i := range p.Cards {
		if p.Cards[i].ID == id {
			return &p.Cards[i]
		}
	}
	return nil
}

// The mammal cards of part 1 must be there with their species and CITES form,
// since referrals record the form's trade term.
func TestMammalCards(t *testing.T) {
	p := load(t)
	tests := []struct{ card, species, form string }{
		{"ivory-tusk", "elephant", "tusk"},
		{"ivory-carving", "elephant", "ivory_carving"},
		{"ivory-jewellery", "elephant", "ivory_carving"},
		{"ivory-seal", "elephant", "ivory_carving"},
		{"ivory-pieces", "elephant", "ivory_piece"},
		{"rhino-horn", "rhino", "horn"},
		{"rhino-horn-powder", "rhino", "powder"},
		{"rhino-horn-carving", "rhino", "horn_carving"},
		{"pangolin-scales", "pangolin", "scales"},
		{"pangolin-live", "pangolin", "live"},
		{"tiger-bone", "tiger", "bone"},
		{"tiger-bone-medicine", "tiger", "medicine"},
		{"tiger-skin", "tiger", "skin"},
		{"tiger-claws-teeth", "tiger", "claw"},
		{"leopard-skin", "leopard", "skin"},
		{"lion-bone", "lion", "bone"},
		{"lion-claws-teeth", "lion", "claw"},
		{"snow-leopard-skin", "snow_leopard", "skin"},
		{"jaguar-teeth", "jaguar", "teeth"},
		{"saiga-horn", "saiga", "horn"},
		{"saiga-horn-medicine", "saiga", "medicine"},
	}
	for _, tt := range tests {
		c := card(p, tt.card)
		if c == nil {
			t.Errorf("card %s missing", tt.card)
			continue
		}
		if c.Species != tt.species || c.Form != tt.form {
			t.Errorf("card %s: species %s form %s, want %s %s", tt.card, c.Species, c.Form, tt.species, tt.form)
		}
		if len(c.Sources) == 0 {
			t.Errorf("card %s cites no source", tt.card)
		}
	}
}

// Staff type whatever the waybill or the chat says; a documented substitute
// name or plain product name must lead to its card.
func TestCodeWordsFindCards(t *testing.T) {
	p := load(t)
	tests := []struct{ query, card string }{
		{"XY", "ivory-carving"},
		{"jelly", "ivory-jewellery"},
		{"blood material", "ivory-tusk"},
		{"African materials", "ivory-pieces"},
		{"white plastic", "ivory-seal"},
		{"象牙", "ivory-tusk"},
		{"XJ", "rhino-horn"},
		{"Xi Jiao", "rhino-horn-powder"},
		{"犀角", "rhino-horn-carving"},
		{"犀牛角", "rhino-horn"},
		{"穿山甲片", "pangolin-scales"},
		{"炮山甲", "pangolin-scales"},
		{"虎骨", "tiger-bone-medicine"},
		{"虎骨", "lion-bone"},
		{"羚羊角", "saiga-horn"},
		{"羚羊角粉", "saiga-horn-medicine"},
		{"ngà voi", "ivory-tusk"},
		{"vảy tê tê", "pangolin-scales"},
		{"écailles de pangolin", "pangolin-scales"},
		{"pembe ya kifaru", "rhino-horn"},
	}
	for _, tt := range tests {
		var got []string
		for _, h := range p.Search(tt.query, "en", sop.Filter{Limit: 12}) {
			got = append(got, h.Card)
		}
		if !slices.Contains(got, tt.card) {
			t.Errorf("Search(%q) = %v, want it to include %s", tt.query, got, tt.card)
		}
	}
}

// A clerk's honest answers about a typical item must keep its card in the
// list: traits that are too narrow would hide the right card.
func TestWizardKeepsCard(t *testing.T) {
	p := load(t)
	base := func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name    string
		answers map[string]string
		want    string
		notWant string
	}{
		{"ivory bangle", base("state", "dead", "intact", "worked_product", "material", "ivory_like", "hardness", "hard", "colour", "white_cream", "pattern", "crosshatch_lines", "surface", "smooth_polished", "smell", "none", "size", "small"), "ivory-jewellery", "tiger-bone"},
		{"stained tusk section", base("state", "dead", "intact", "body_part", "material", "ivory_like", "colour", "yellow_brown", "pattern", "growth_rings", "surface", "rough", "size", "medium"), "ivory-tusk", "ivory-seal"},
		{"seal blank", base("intact", "worked_product", "material", "ivory_like", "pattern", "none", "size", "small"), "ivory-seal", "rhino-horn"},
		{"whole rhino horn", base("state", "dead", "intact", "body_part", "material", "horn_like", "hardness", "hard", "colour", "dark_brown_black", "pattern", "fibres", "surface", "fibrous", "smell", "none", "size", "medium"), "rhino-horn", "saiga-horn"},
		{"horn cup", base("intact", "worked_product", "material", "horn_like", "colour", "amber_mottled", "surface", "smooth_polished"), "rhino-horn-carving", "ivory-carving"},
		{"grey powder", base("state", "dead", "intact", "powder_medicine", "material", "powder", "hardness", "soft", "colour", "grey", "smell", "none", "size", "tiny"), "rhino-horn-powder", "tiger-skin"},
		{"sack of scales", base("state", "dead", "intact", "body_part", "material", "scale_like", "hardness", "hard", "colour", "yellow_brown", "surface", "scaly", "smell", "animal_musty", "size", "small"), "pangolin-scales", "ivory-pieces"},
		{"curled animal in a box", base("state", "live", "intact", "whole_animal", "material", "living", "surface", "scaly", "smell", "animal_musty", "size", "medium"), "pangolin-live", "pangolin-scales"},
		{"striped rug", base("state", "dead", "material", "fur_skin", "hardness", "flexible", "colour", "orange_striped", "pattern", "stripes", "surface", "furry", "size", "large"), "tiger-skin", "leopard-skin"},
		{"spotted skin", base("state", "dead", "material", "fur_skin", "colour", "spotted", "pattern", "rosettes_spots", "surface", "furry", "size", "large"), "leopard-skin", "tiger-skin"},
		{"grey spotted fur", base("material", "fur_skin", "colour", "grey", "pattern", "rosettes_spots"), "snow-leopard-skin", "leopard-skin"},
		{"big bone", base("state", "dead", "intact", "body_part", "material", "bone_like", "colour", "white_cream", "surface", "rough", "size", "large"), "lion-bone", "ivory-tusk"},
		{"bottle of medicinal wine", base("state", "dead", "intact", "powder_medicine", "colour", "yellow_brown", "smell", "medicinal", "size", "medium"), "tiger-bone-medicine", "rhino-horn-powder"},
		{"claw pendant", base("intact", "worked_product", "material", "horn_like", "colour", "dark_brown_black", "size", "small"), "tiger-claws-teeth", "tiger-skin"},
		{"loose fang", base("intact", "body_part", "material", "ivory_like", "colour", "white_cream", "surface", "smooth_polished", "size", "small"), "jaguar-teeth", "ivory-tusk"},
		{"pale ringed horn", base("state", "dead", "intact", "body_part", "material", "horn_like", "colour", "white_cream", "pattern", "growth_rings", "size", "medium"), "saiga-horn", "rhino-horn"},
		{"thin white shavings", base("intact", "powder_medicine", "material", "horn_like", "colour", "white_cream", "size", "tiny"), "saiga-horn-medicine", "pangolin-live"},
	}
	for _, tt := range tests {
		got := p.Narrow(tt.answers, sop.Filter{})
		if !slices.Contains(got, tt.want) {
			t.Errorf("%s: Narrow = %v, want it to keep %s", tt.name, got, tt.want)
		}
		if slices.Contains(got, tt.notWant) {
			t.Errorf("%s: Narrow = %v, should have dropped %s", tt.name, got, tt.notWant)
		}
	}
}

var (
	viewBox   = regexp.MustCompile(`viewBox="0 0 400 300"`)
	forbidden = regexp.MustCompile(`(?i)<text|<filter|gradient|<mask|<style|<image|href=|clip-?path|opacity`)
)

// Every card names a bundled illustration that Fyne's SVG renderer can draw:
// the right canvas, no text (it must stay language-neutral) and none of the
// features the renderer lacks.
func TestIllustrations(t *testing.T) {
	p := load(t)
	for _, c := range p.Cards {
		b, found := assets.CardIllustration(c.Illustration)
		if !found {
			t.Errorf("card %s: illustration %s is not bundled", c.ID, c.Illustration)
			continue
		}
		s := string(b)
		if !viewBox.MatchString(s) {
			t.Errorf("%s: want viewBox 0 0 400 300", c.Illustration)
		}
		if m := forbidden.FindString(s); m != "" {
			t.Errorf("%s: uses %q", c.Illustration, m)
		}
		if !strings.Contains(s, "<path") && !strings.Contains(s, "<polygon") && !strings.Contains(s, "<circle") {
			t.Errorf("%s: draws nothing", c.Illustration)
		}
	}
}

// Searching the real pack with any text must not panic and must only return
// cards the pack has.
func FuzzSearchDefaultPack(f *testing.F) {
	p := load(f)
	ids := map[string]bool{}
	for _, c := range p.Cards {
		ids[c.ID] = true
	}
	for _, s := range []string{"象牙", "Xi Jiao", "vảy tê tê", "pembe", "écailles", "", " ", "XY XJ", "牛角\x00", "ivory-tusk"} {
		f.Add(s, "zh")
	}
	f.Fuzz(func(t *testing.T, q, lang string) {
		for _, h := range p.Search(q, lang, sop.Filter{}) {
			if !ids[h.Card] {
				t.Fatalf("Search(%q) returned unknown card %q", q, h.Card)
			}
		}
	})
}

// Loading the embedded pack happens at every start and on every reload of
// a trainer's override.
func BenchmarkLoadDefaultPack(b *testing.B) {
	for b.Loop() {
		if _, err := sop.Load(data.FS); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearchCodeWord(b *testing.B) {
	p := load(b)
	for b.Loop() {
		p.Search("犀角", "zh", sop.Filter{})
	}
}

// The content the fact check asked for: enough cards and species, every card
// naming a source, no card suggesting a destructive test, the two species
// that are not CITES-listed saying so instead of claiming an appendix, and
// the checklist items a trainer expects.
func TestContentCoverage(t *testing.T) {
	p := load(t)
	if len(p.Cards) < 60 || len(p.Species) < 30 {
		t.Errorf("pack has %d cards and %d species, want at least 60 and 30", len(p.Cards), len(p.Species))
	}
	covered := map[string]bool{}
	for _, c := range p.Cards {
		covered[c.Species] = true
		var all strings.Builder
		for _, f := range c.Features {
			all.WriteString(f["en"] + " ")
		}
		for _, l := range c.Lookalikes {
			all.WriteString(l.Tell["en"] + " ")
		}
		all.WriteString(c.Safety["en"])
		s := strings.ToLower(all.String())
		for _, bad := range []string{"if a supervisor allows", "smells like burnt", "hot-needle test on"} {
			if strings.Contains(s, bad) {
				t.Errorf("card %s suggests a destructive test (%q)", c.ID, bad)
			}
		}
	}
	for _, sp := range p.Species {
		if !covered[sp.ID] {
			t.Errorf("species %s has no card", sp.ID)
		}
		notListed := sp.ID == "red_junglefowl"
		if notListed != (sp.CITES.Appendix == "none") {
			t.Errorf("species %s: appendix %q", sp.ID, sp.CITES.Appendix)
		}
	}
	for _, id := range []string{"cheetah-skin", "bear-bile", "black-coral-jewellery", "bali-starling-live", "brahminy-kite-live",
		"serow-horn", "manta-gill-plates", "wedgefish-fins", "iguana-live", "shama-live", "palm-civet-live", "macaque-live",
		"owl-live", "otter-live", "junglefowl-live", "spurred-tortoise-live", "totoaba-maw"} {
		if card(p, id) == nil {
			t.Errorf("card %s missing", id)
		}
	}
	items := map[string]bool{}
	for _, it := range p.Checklists.Items {
		items[it.ID] = true
	}
	for _, id := range []string{"counter-photo-mismatch", "counter-refuses-watch-opening", "opened-permit-mismatch", "waybill-repeat-receiver", "counter-locker-after-hours"} {
		if !items[id] {
			t.Errorf("checklist item %s missing", id)
		}
	}
}
