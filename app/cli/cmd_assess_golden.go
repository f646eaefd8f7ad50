package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"tusk/app/riskpack"
	"tusk/i18n"
)

// errGoldenChanged is exit 1 once runGolden has printed what changed.
var errGoldenChanged = errors.New("some parcels differ from what the SOP expects")

// runGolden runs the golden set in dir (expected.json and its parcels)
// with risk and prints each parcel whose result differs from what the SOP
// expects, then a count. Exit 1 when any differs.
func runGolden(w io.Writer, risk *riskpack.Risk, tr *i18n.Translator, dir string) error {
	fsys := os.DirFS(dir)
	g, err := riskpack.LoadGolden(fsys)
	if err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	changed := 0
	for _, res := range risk.RunGolden(fsys, g) {
		if len(res.Changes) == 0 {
			continue
		}
		changed++
		c := res.Case
		for _, ch := range res.Changes {
			switch ch.Kind {
			case riskpack.ChangeAction:
				fmt.Fprintln(w, tr.T("advice.golden.action", "File", c.File, "Got", actionWord(tr, ch.Got), "Want", actionWord(tr, ch.Want)))
			case riskpack.ChangeMissing:
				fmt.Fprintln(w, tr.T("advice.golden.missing", "File", c.File, "Rule", ch.Want))
			case riskpack.ChangeUnexpected:
				fmt.Fprintln(w, tr.T("advice.golden.unexpected", "File", c.File, "Rule", ch.Want))
			case riskpack.ChangeParse:
				fmt.Fprintln(w, tr.T("advice.golden.parse", "File", c.File, "Error", ch.Got))
			}
		}
		if res.Changes[0].Kind != riskpack.ChangeParse {
			var rules []string
			for _, r := range res.Got.Reasons {
				rules = append(rules, fmt.Sprintf("%s %+d", r.RuleID, r.Weight))
			}
			fmt.Fprintf(w, "    %s\n", tr.T("advice.golden.now", "Score", res.Got.Score, "Rules", strings.Join(rules, ", ")))
		}
		fmt.Fprintf(w, "    %s\n", c.Why)
	}
	fmt.Fprintln(w, tr.T("advice.golden.summary", "Total", len(g.Parcels), "Same", len(g.Parcels)-changed, "Changed", changed))
	if changed > 0 {
		return errGoldenChanged
	}
	return nil
}
