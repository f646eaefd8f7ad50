package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"tusk/app/report"
	"tusk/i18n"
)

// tusk report: the monthly summary PDF for the company and the CITES
// authority, as the dashboard makes it. It holds counts only, so it is
// written with the usual file mode.

func init() {
	register(command{name: "report", usage: "--month YYYY-MM [-o FILE.pdf] [--lang L] [--force]",
		summary: "write the monthly summary PDF: counts, charts, top products and routes, no personal data", run: cmdReport})
}

func cmdReport(env *cliEnv, args []string) error {
	o, err := parseOpts(args, []string{"--month", "-o", "--out", "--lang"}, []string{"--force"})
	if err != nil {
		return err
	}
	if len(o.args) != 0 {
		return usagef("report takes no arguments besides its options")
	}
	month, ok := o.vals["--month"]
	if !ok {
		return usagef("report needs --month YYYY-MM")
	}
	year, mon, err := report.ParseMonth(month)
	if err != nil {
		return usagef("%v", err)
	}
	lang := o.vals["--lang"]
	if lang != "" && !i18n.Supported(lang) {
		codes := make([]string, len(i18n.Languages))
		for i, l := range i18n.Languages {
			codes[i] = l.Code
		}
		return usagef("--lang must be one of %s", strings.Join(codes, ", "))
	}
	out := o.vals["-o"]
	if out == "" {
		out = o.vals["--out"]
	}
	st, actor, err := cliStore(env.home, false)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	depot, err := st.Depot(ctx)
	if err != nil {
		return storeMessage(err)
	}
	if out == "" {
		out = depot.Code + "-" + report.MonthLabel(year, mon) + ".pdf"
	}
	if _, err := os.Stat(out); err == nil && !o.flags["--force"] {
		return fmt.Errorf("%s exists; use --force to overwrite it", out)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	pack, err := cliPack(env.home)
	if err != nil {
		return err
	}
	created, err := sourceDate()
	if err != nil {
		return err
	}
	pdf, err := report.Make(ctx, st, actor, report.Options{Depot: *depot, Year: year, Month: mon, Lang: lang, Pack: pack, Created: created})
	if err != nil {
		return storeMessage(err)
	}
	if err := os.WriteFile(out, pdf, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "monthly report %s of %s written to %s (%d bytes)\n", report.MonthLabel(year, mon), depot.Code, out, len(pdf))
	return nil
}
