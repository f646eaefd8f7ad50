package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"tusk/app/demo"
	"tusk/app/inspect"
	"tusk/app/store"
)

func cmdDemo(env *cliEnv, args []string) error {
	o, err := parseOpts(args, []string{"--station"}, nil)
	if err != nil {
		return err
	}
	if len(o.args) != 0 {
		return usagef("demo takes no arguments")
	}
	depot := demo.Depot
	if code := strings.ToUpper(strings.TrimSpace(o.vals["--station"])); code != "" {
		// A second demo station, to try bundles between stations.
		depot.Code, depot.Name = code, "Demo station "+code
	}
	_, statErr := os.Stat(filepath.Join(env.home, store.FileName))
	st, err := openStore(env.home, true)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	if statErr == nil {
		// A demo that was stopped half-way is completed; a complete one or
		// another depot's database is left alone.
		if d, err := st.Depot(ctx); err == nil && d.Code != depot.Code {
			return fmt.Errorf("%s already holds a Tusk database; give tusk demo an empty folder with --home", env.home)
		} else if err == nil && demo.Complete(ctx, st) {
			return fmt.Errorf("%s already holds the complete demo depot %s", env.home, d.Code)
		}
	}
	if err := demo.Seed(ctx, st, depot); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "demo depot %s set up in %s\n\n", depot.Code, env.home)
	for _, u := range demo.Users {
		fmt.Fprintf(env.stdout, "  %-16s %-10s language %s  PIN %s\n", u.Name, u.Role, u.Lang, u.PIN)
	}
	fmt.Fprintf(env.stdout, "\n%d sample parcels are logged, %d of them held or refused as cases.\n", len(demo.Parcels), demo.Cases())
	fmt.Fprintf(env.stdout, "open it with: tusk --home %s\n", env.home)
	return nil
}

// `tusk demo` does not call demo.SeedHistory yet: the demo's tests count
// its three cases. Until they do, `tusk demo history` adds the past to a
// demo home.
func init() {
	register(command{name: "demo history", summary: "add ten weeks of past cases to a demo home, for the dashboard and the monthly report", run: cmdDemoHistory})
}

func cmdDemoHistory(env *cliEnv, args []string) error {
	if len(args) != 0 {
		return usagef("demo history takes no arguments")
	}
	st, actor, err := cliStore(env.home, false)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	if _, err := st.Depot(ctx); err != nil {
		return storeMessage(err)
	}
	// The newest past parcel is the last one recorded: with its case
	// there, the past is complete. A past stopped half-way is completed.
	if _, n, err := st.Queue(ctx, actor, store.QueueFilter{Text: demo.HistoryWaybill(demo.HistoryCases - 1), Statuses: inspect.CaseStatuses}); err != nil {
		return err
	} else if n > 0 {
		return fmt.Errorf("%s already holds the demo's past cases", env.home)
	}
	if err := demo.SeedHistory(ctx, st); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%d past cases over the last %d weeks added to %s\n", demo.HistoryCases, demo.HistoryWeeks, env.home)
	return nil
}
