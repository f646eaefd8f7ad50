package sop

import (
	"strings"
	"testing"
)

func TestNarrow(t *testing.T) {
	p := mustLoad(t, goodFS(t))
	// good pack traits:
	//   ivory-tusk    state dead, material ivory_like, colour white_cream
	//   ivory-carving state dead, material ivory_like (no colour: fits any)
	//   rhino-horn    state dead, material horn_like, colour grey
	//   rhino-powder  state dead, material powder|horn_like, colour grey|white_cream
	for _, tc := range []struct {
		name    string
		answers map[string]string
		f       Filter
		want    string
	}{
		{"no answers", nil, Filter{}, "ivory-tusk,ivory-carving,rhino-horn,rhino-powder"},
		{"alive", map[string]string{"state": "live"}, Filter{}, ""},
		{"dead", map[string]string{"state": "dead"}, Filter{}, "ivory-tusk,ivory-carving,rhino-horn,rhino-powder"},
		{"ivory", map[string]string{"material": "ivory_like"}, Filter{}, "ivory-tusk,ivory-carving"},
		{"horn", map[string]string{"material": "horn_like"}, Filter{}, "rhino-horn,rhino-powder"},
		{"powder", map[string]string{"material": "powder"}, Filter{}, "rhino-powder"},
		{"grey: a card without colour traits stays", map[string]string{"colour": "grey"}, Filter{}, "ivory-carving,rhino-horn,rhino-powder"},
		{"white horn", map[string]string{"colour": "white_cream", "material": "horn_like"}, Filter{}, "rhino-powder"},
		{"empty answer narrows nothing", map[string]string{"material": ""}, Filter{}, "ivory-tusk,ivory-carving,rhino-horn,rhino-powder"},
		{"unknown option narrows nothing", map[string]string{"material": "plastic"}, Filter{}, "ivory-tusk,ivory-carving,rhino-horn,rhino-powder"},
		{"unknown question narrows nothing", map[string]string{"smell": "rotten"}, Filter{}, "ivory-tusk,ivory-carving,rhino-horn,rhino-powder"},
		{"with a filter", map[string]string{"colour": "white_cream"}, Filter{Form: "powder"}, "rhino-powder"},
	} {
		if got := strings.Join(p.Narrow(tc.answers, tc.f), ","); got != tc.want {
			t.Errorf("%s: Narrow = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestNextQuestion(t *testing.T) {
	p := mustLoad(t, goodFS(t))
	all := p.Narrow(nil, Filter{})
	for _, tc := range []struct {
		name    string
		cards   []string
		answers map[string]string
		want    string
	}{
		// state splits nothing (all dead); material leaves at most 2 of 4
		// (worst case 2), colour leaves at most 3.
		{"skips useless state, picks material", all, nil, "material"},
		{"material answered: colour next", []string{"ivory-tusk", "ivory-carving"}, map[string]string{"material": "ivory_like"}, "colour"},
		{"nothing splits the rest", []string{"ivory-carving"}, nil, ""},
		{"cards that share every trait", []string{"rhino-horn", "rhino-horn"}, nil, ""},
		{"all answered", all, map[string]string{"state": "dead", "material": "ivory_like", "colour": "grey"}, ""},
		{"colour alone can split horn and powder", []string{"rhino-horn", "rhino-powder"}, map[string]string{"material": "horn_like"}, "colour"},
	} {
		if got := p.NextQuestion(tc.cards, tc.answers); got != tc.want {
			t.Errorf("%s: NextQuestion = %q, want %q", tc.name, got, tc.want)
		}
	}
	counts := p.OptionCounts("colour", all)
	if counts["white_cream"] != 3 || counts["grey"] != 3 {
		t.Errorf("OptionCounts(colour) = %v", counts)
	}
	if p.OptionCounts("nope", all) != nil {
		t.Error("OptionCounts of an unknown question is not nil")
	}
	if got := p.OptionHint("material", "ivory_like", "vi"); got != "Mặt cắt ngà có vân chéo." {
		t.Errorf("OptionHint vi = %q", got)
	}
	if got := p.OptionHint("state", "dead", "fr"); got != "" {
		t.Errorf("OptionHint without hint = %q", got)
	}
	if got := p.OptionHint("material", "ivory_like", "xx"); !strings.HasPrefix(got, "On a cut end") {
		t.Errorf("OptionHint falls back to English: %q", got)
	}
}
