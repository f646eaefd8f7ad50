package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"tusk/app/exchange"
	"tusk/app/store"
)

func init() {
	register(command{name: "stations", usage: "[--returns DIR] [--resend-minutes N]",
		summary: "what each station sent and what arrived: acknowledged, waiting, quarantined, last good bundle; --returns sets the acknowledgement folder, --resend-minutes how long a station waits for one before sending again",
		run:     cmdStations})
}

// cmdStations shows the delivery state of each station heard from (at a
// supervisor) and of this station's own cases (at a station).
func cmdStations(env *cliEnv, args []string) error {
	returns, set, resend := "", false, ""
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "--returns" && i+1 < len(args):
			returns, set = args[i+1], true
			i++
		case args[i] == "--resend-minutes" && i+1 < len(args):
			if n, err := strconv.Atoi(args[i+1]); err != nil || n < 1 {
				return usagef("--resend-minutes needs a whole number of minutes, 1 or more")
			}
			resend = args[i+1]
			i++
		default:
			return usagef("stations takes only --returns DIR and --resend-minutes N")
		}
	}
	if set && returns != "" {
		if fi, err := os.Stat(returns); err != nil || !fi.IsDir() {
			return fmt.Errorf("%s is not a folder", returns)
		}
		if abs, err := filepath.Abs(returns); err == nil {
			returns = abs
		}
	}
	st, actor, err := cliStoreFor(env, true, store.CapDecide, "see the stations")
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	if set {
		if err := st.SetSetting(ctx, actor, store.SettingReturns, returns); err != nil {
			return storeMessage(err)
		}
		fmt.Fprintf(env.stdout, "acknowledgements go through %s\n", returns)
	}
	if resend != "" {
		if err := st.SetSetting(ctx, actor, store.SettingResendMinutes, resend); err != nil {
			return storeMessage(err)
		}
		fmt.Fprintf(env.stdout, "cases not acknowledged are sent again after %s minute(s)\n", resend)
	}
	list, err := st.StationsStatus(ctx)
	if err != nil {
		return storeMessage(err)
	}
	o, err := st.Outbound(ctx)
	if err != nil {
		return storeMessage(err)
	}
	if len(list) == 0 && o.SentSeq == 0 {
		fmt.Fprintln(env.stdout, "no station has sent a bundle here")
	} else if len(list) > 0 {
		w := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "STATION\tNAME\tACKNOWLEDGED\tWAITING\tIMPORTED\tQUARANTINED\tLAST GOOD BUNDLE\t")
		for _, s := range list {
			last := "never"
			if !s.LastGood.IsZero() {
				last = s.LastGood.UTC().Format("2006-01-02 15:04 UTC")
			}
			if s.Silent {
				last += "  SILENT"
			}
			fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t%d\t%s\t\n", s.Station, s.Name, s.AckedSeq, s.Waiting(), s.Imported, s.Quarantined, last)
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	if o.SentSeq > 0 {
		ack := "no return folder set, so no acknowledgement can come"
		if o.Returns {
			ack = fmt.Sprintf("acknowledged up to change %d", o.AckedSeq)
		}
		fmt.Fprintf(env.stdout, "this station: change %d, sent up to %d, %s; %d case(s) not yet acknowledged\n",
			o.ChangeSeq, o.SentSeq, ack, o.Waiting)
		if !o.LastSentAt.IsZero() {
			fmt.Fprintf(env.stdout, "last bundle sent %s\n", o.LastSentAt.UTC().Format(time.RFC3339))
		}
	}
	return nil
}

// cmdImportInbox takes every bundle of an inbox once, as the app's
// watcher does: imported or quarantined into the home's archive.
func cmdImportInbox(env *cliEnv, dir string) error {
	st, actor, err := cliStoreFor(env, true, store.CapDecide, "import bundles")
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := exchange.TakeInbox(context.Background(), st, actor, dir)
	bad := 0
	for _, r := range res {
		switch {
		case r.Duplicate && r.Err == nil:
			fmt.Fprintf(env.stdout, "%s from %s: already imported, taken from the inbox\n", r.File, r.Station)
		case r.Err == nil:
			fmt.Fprintf(env.stdout, "%s from %s: %d added, %d updated, %d unchanged\n",
				r.File, r.Station, r.Counts.Added, r.Counts.Updated, r.Counts.Unchanged)
		case r.Quarantined:
			bad++
			fmt.Fprintf(env.stdout, "%s: quarantined: %s\n", r.File, exchange.Reason(r.Err))
		default:
			bad++
			fmt.Fprintf(env.stdout, "%s: left in the inbox for now: %s\n", r.File, strings.TrimSpace(exchange.Reason(r.Err)))
		}
	}
	if err != nil {
		return bundleMessage(err)
	}
	if len(res) == 0 {
		fmt.Fprintln(env.stdout, "no bundle in the inbox")
	}
	return nil
}
