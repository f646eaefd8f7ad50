// Package demo seeds a demo depot: its users, sample parcels and ten
// weeks of past cases, recorded through the same store calls as at the
// counter, so that a newcomer sees a living app. tusk demo runs it.
package demo

import (
	"context"
	"errors"
	"fmt"

	"tusk/app/inspect"
	"tusk/app/store"
)

// User is one person of the demo depot; PINs are printed by tusk demo.
type User struct {
	Name string
	Role store.Role
	Lang string
	PIN  string
}

var Users = []User{
	{"Amina Juma", store.Supervisor, "en", "246810"},
	{"Wang Fang", store.Supervisor, "zh", "246810"},
	{"Li Wei", store.Inspector, "zh", "135790"},
	{"Neema Mushi", store.Inspector, "sw", "135790"},
	{"Jean Mbarga", store.Inspector, "fr", "135790"},
	{"Nguyen Thi Lan", store.Trainer, "vi", "112358"},
}

var Depot = store.Depot{
	Code: "DEMO-GZ1", Name: "Demo depot, Baiyun (Guangzhou)", Country: "CN",
	Address: "Demo address, Baiyun District, Guangzhou", Contact: "+86 20 0000 0000", Language: "en",
}

// Step is called before each write of the demo's seeding; tests make
// it fail to stop a demo half-way, as a kill would between two writes.
var Step = func() error { return nil }

// Seed fills a store with the demo depot, its users and sample
// records, so that a newcomer sees a living app. On a demo stopped
// half-way it adds only what is missing.
func Seed(ctx context.Context, st *store.Store, depot store.Depot) error {
	first := Users[0]
	if err := Step(); err != nil {
		return err
	}
	if _, err := st.Depot(ctx); err != nil {
		if _, err := st.Setup(ctx, depot, store.NewUser{Name: first.Name, PIN: first.PIN, Language: first.Lang}); err != nil {
			return err
		}
	}
	byName, err := demoUsersByName(ctx, st)
	if err != nil {
		return err
	}
	sup := byName[first.Name]
	if sup == nil {
		return fmt.Errorf("demo supervisor %s missing", first.Name)
	}
	for _, u := range Users[1:] {
		if byName[u.Name] != nil {
			continue
		}
		if err := Step(); err != nil {
			return err
		}
		if _, err := st.AddUser(ctx, sup, store.NewUser{Name: u.Name, Role: u.Role, PIN: u.PIN, Language: u.Lang}); err != nil {
			return errors.Join(fmt.Errorf("demo user %s", u.Name), err)
		}
	}
	if err := Step(); err != nil {
		return err
	}
	if _, err := st.OwnKey(ctx); err != nil {
		return err
	}
	return seedDemoInspections(ctx, st)
}

func Cases() int {
	n := 0
	for _, p := range Parcels {
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

// Complete says whether every demo user is there and every sample
// parcel decided.
func Complete(ctx context.Context, st *store.Store) bool {
	byName, err := demoUsersByName(ctx, st)
	if err != nil {
		return false
	}
	for _, u := range Users {
		if byName[u.Name] == nil {
			return false
		}
	}
	sup := byName[Users[0].Name]
	for _, dp := range Parcels {
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
