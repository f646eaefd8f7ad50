package riskpack

import (
	"os"
	"testing"

	"tusk/app/sop"
	"tusk/data"
)

// TestGoldenSet runs every parcel of the golden set, written from the SOP
// and the seed documents, against the default pack: each gets the action
// the SOP expects, and the rules named must (and must not) count.
func TestGoldenSet(t *testing.T) {
	p, err := sop.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	dir := os.DirFS("../inspect/testdata/golden")
	g, err := LoadGolden(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Parcels) < 60 {
		t.Errorf("golden set has %d parcels, want at least 60", len(g.Parcels))
	}
	actions := map[string]int{}
	for _, res := range New(p).RunGolden(dir, g) {
		actions[res.Case.Action]++
		if len(res.Changes) > 0 {
			t.Errorf("%s: %+v (score %d, reasons %+v)", res.Case.File, res.Changes, res.Got.Score, res.Got.Reasons)
		}
	}
	for _, a := range []string{"clear", "hold", "refuse", "refuse_postal"} {
		if actions[a] < 3 {
			t.Errorf("only %d parcels expect %s", actions[a], a)
		}
	}
}
