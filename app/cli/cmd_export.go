package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"tusk/app/export"
	"tusk/app/inspect"
	"tusk/app/store"
)

// cmdExportTable writes the cases as CSV (--csv), JSON (--json) or the
// non-nominal CITES table (--cites): every case of every status, oldest
// held first, times in this computer's time zone with their offset
// (docs/export.md). It works on a fresh home: the file then holds the
// header alone.
func cmdExportTable(env *cliEnv, kind string, o *opts) error {
	format := map[string]export.Format{"--csv": export.CSV, "--json": export.JSON, "--cites": export.CITES}[kind]
	out := o.vals[kind]
	if out == "" {
		return usagef("export %s needs a FILE", kind)
	}
	if len(o.args) != 0 {
		return usagef("export %s FILE takes no other arguments", kind)
	}
	personal := o.flags["--personal"]
	if personal && !format.Nominal() {
		return usagef("--personal goes with --csv or --json: the CITES table never holds personal data")
	}
	if err := refuseOverwrite(out, o.flags["--force"]); err != nil {
		return err
	}
	filter := store.QueueFilter{Statuses: inspect.CaseStatuses}
	// --from and --to bound the day a parcel was held, both days included,
	// in this computer's time zone: a CITES report covers a calendar year.
	for _, b := range []struct {
		name string
		dst  *time.Time
		next bool
	}{{"--from", &filter.From, false}, {"--to", &filter.To, true}} {
		if v := o.vals[b.name]; v != "" {
			d, err := time.ParseInLocation("2006-01-02", v, time.Local)
			if err != nil {
				return usagef("%s must be a date like 2026-01-31", b.name)
			}
			if b.next {
				d = d.AddDate(0, 0, 1)
			}
			*b.dst = d
		}
	}
	ctx := context.Background()
	// A fresh home is made and exports what it has: nothing, or the cases
	// imported from stations.
	st, actor, err := cliStoreFor(env, true, exportNeed(kind, o.flags["--personal"]), "export personal data")
	if err != nil {
		return err
	}
	defer st.Close()
	pack, err := cliPack(env.home)
	if err != nil {
		return err
	}
	var res store.ExportResult
	var rows int
	perm := os.FileMode(0o644)
	if personal {
		perm = 0o600
	}
	err = export.WriteFile(out, perm, func(f io.Writer) error {
		w, err := export.New(f, format, export.Options{Personal: personal, Pack: pack, Location: time.Local})
		if err != nil {
			return err
		}
		res, err = st.ExportCases(ctx, actor, store.ExportRequest{Filter: filter,
			Format: string(format), Personal: personal && format.Nominal()}, w.Write)
		if err != nil {
			return err
		}
		rows = w.Rows()
		return w.Close()
	})
	if err != nil {
		return storeMessage(err)
	}
	switch {
	case format == export.CITES:
		fmt.Fprintf(env.stdout, "%s from %s written to %s (non-nominal CITES table: no personal data)\n",
			exportCount(rows, "product line"), exportCount(res.Cases, "case"), out)
	case res.Personal:
		fmt.Fprintf(env.stdout, "%s written to %s (%s, with personal data: keep it safe, hand it only to the police)\n", exportCount(res.Cases, "case"), out, format)
	default:
		fmt.Fprintf(env.stdout, "%s written to %s (%s, no personal data)\n", exportCount(res.Cases, "case"), out, format)
	}
	return nil
}

// exportCount says "1 case", "3 cases".
func exportCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
