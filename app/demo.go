package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"tusk/app/inspect"
	"tusk/app/store"
)

// demoUser is one person of the demo depot; PINs are printed by tusk demo.
type demoUser struct {
	name string
	role store.Role
	lang string
	pin  string
}

var demoUsers = []demoUser{
	{"Amina Juma", store.Supervisor, "en", "246810"},
	{"Wang Fang", store.Supervisor, "zh", "246810"},
	{"Li Wei", store.Inspector, "zh", "135790"},
	{"Neema Mushi", store.Inspector, "sw", "135790"},
	{"Jean Mbarga", store.Inspector, "fr", "135790"},
	{"Nguyen Thi Lan", store.Trainer, "vi", "112358"},
}

var demoDepot = store.Depot{
	Code: "DEMO-GZ1", Name: "Demo depot, Baiyun (Guangzhou)", Country: "CN",
	Address: "Demo address, Baiyun District, Guangzhou", Contact: "+86 20 0000 0000", Language: "en",
}

func cmdDemo(env *cliEnv, args []string) error {
	o, err := parseOpts(args, []string{"--station"}, nil)
	if err != nil {
		return err
	}
	if len(o.args) != 0 {
		return usagef("demo takes no arguments")
	}
	depot := demoDepot
	if code := strings.ToUpper(strings.TrimSpace(o.vals["--station"])); code != "" {
		// A second demo station, to try bundles between stations.
		depot.Code, depot.Name = code, "Demo station "+code
	}
	if _, err := os.Stat(filepath.Join(env.home, store.FileName)); err == nil {
		return fmt.Errorf("%s already holds a Tusk database; give tusk demo an empty folder with --home", env.home)
	}
	st, err := openStore(env.home, true)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := seedDemo(context.Background(), st, depot); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "demo depot %s set up in %s\n\n", depot.Code, env.home)
	for _, u := range demoUsers {
		fmt.Fprintf(env.stdout, "  %-16s %-10s language %s  PIN %s\n", u.name, u.role, u.lang, u.pin)
	}
	fmt.Fprintf(env.stdout, "\n%d sample parcels are logged, %d of them held or refused as cases.\n", len(demoParcels), demoCases())
	fmt.Fprintf(env.stdout, "open it with: tusk --home %s\n", env.home)
	return nil
}

// seedDemo fills an empty store with the demo depot, its users and sample
// records, so that a newcomer sees a living app.
func seedDemo(ctx context.Context, st *store.Store, depot store.Depot) error {
	first := demoUsers[0]
	sup, err := st.Setup(ctx, depot, store.NewUser{Name: first.name, PIN: first.pin, Language: first.lang})
	if err != nil {
		return err
	}
	for _, u := range demoUsers[1:] {
		if _, err := st.AddUser(ctx, sup, store.NewUser{Name: u.name, Role: u.role, PIN: u.pin, Language: u.lang}); err != nil {
			return errors.Join(fmt.Errorf("demo user %s", u.name), err)
		}
	}
	if _, err := st.OwnKey(ctx); err != nil {
		return err
	}
	return seedDemoInspections(ctx, st)
}

func demoCases() int {
	n := 0
	for _, p := range demoParcels {
		if p.decision.Action != inspect.ActionClear {
			n++
		}
	}
	return n
}
