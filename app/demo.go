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
		} else if err == nil && demoComplete(ctx, st) {
			return fmt.Errorf("%s already holds the complete demo depot %s", env.home, d.Code)
		}
	}
	if err := seedDemo(ctx, st, depot); err != nil {
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

// demoStep is called before each write of the demo's seeding; tests make
// it fail to stop a demo half-way, as a kill would between two writes.
var demoStep = func() error { return nil }

// seedDemo fills a store with the demo depot, its users and sample
// records, so that a newcomer sees a living app. On a demo stopped
// half-way it adds only what is missing.
func seedDemo(ctx context.Context, st *store.Store, depot store.Depot) error {
	first := demoUsers[0]
	if err := demoStep(); err != nil {
		return err
	}
	if _, err := st.Depot(ctx); err != nil {
		if _, err := st.Setup(ctx, depot, store.NewUser{Name: first.name, PIN: first.pin, Language: first.lang}); err != nil {
			return err
		}
	}
	byName, err := demoUsersByName(ctx, st)
	if err != nil {
		return err
	}
	sup := byName[first.name]
	if sup == nil {
		return fmt.Errorf("demo supervisor %s missing", first.name)
	}
	for _, u := range demoUsers[1:] {
		if byName[u.name] != nil {
			continue
		}
		if err := demoStep(); err != nil {
			return err
		}
		if _, err := st.AddUser(ctx, sup, store.NewUser{Name: u.name, Role: u.role, PIN: u.pin, Language: u.lang}); err != nil {
			return errors.Join(fmt.Errorf("demo user %s", u.name), err)
		}
	}
	if err := demoStep(); err != nil {
		return err
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

// demoUsersByName is the store's users (active or not) by name.
func demoUsersByName(ctx context.Context, st *store.Store) (map[string]*store.User, error) {
	users, err := st.Users(ctx, true)
	if err != nil {
		return nil, err
	}
	byName := map[string]*store.User{}
	for _, u := range users {
		byName[u.Name] = u
	}
	return byName, nil
}

// demoComplete says whether every demo user is there and every sample
// parcel decided.
func demoComplete(ctx context.Context, st *store.Store) bool {
	byName, err := demoUsersByName(ctx, st)
	if err != nil {
		return false
	}
	for _, u := range demoUsers {
		if byName[u.name] == nil {
			return false
		}
	}
	sup := byName[demoUsers[0].name]
	for _, dp := range demoParcels {
		if id, draft, err := demoInspection(ctx, st, sup, dp.in.Parcel.Waybill); err != nil || id == "" || draft {
			return false
		}
	}
	return true
}

// demoInspection finds the inspection of a demo waybill: its number, and
// whether it is still a draft ("" when there is none).
func demoInspection(ctx context.Context, st *store.Store, sup *store.User, waybill string) (string, bool, error) {
	hist, err := st.WaybillHistory(ctx, sup, waybill)
	if err != nil || len(hist) == 0 {
		return "", false, err
	}
	for _, h := range hist {
		if h.Status != inspect.StatusDraft {
			return h.ID, false, nil
		}
	}
	return hist[0].ID, true, nil
}
