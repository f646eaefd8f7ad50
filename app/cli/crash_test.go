//go:build crash

package cli

// The crash harness (make crash): a child process inspects parcels, holds
// and clears them, makes referral slips and imports station bundles, and
// writes each save to an acknowledgement log once the store has returned
// it. The harness SIGKILLs the child at a random moment, again and again,
// and after every kill checks that every acknowledged save is present,
// integrity_check is ok, the audit trail verifies against its witnesses
// (the head log and the slips' heads), and open drafts come back. Figures
// go to docs/RELIABILITY.md.

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"tusk/app/caserecord"
	"tusk/app/exchange"
	"tusk/app/inspect"
	"tusk/app/store"
)

func crashKills() int {
	if n, err := strconv.Atoi(os.Getenv("CRASH_KILLS")); err == nil && n > 0 {
		return n
	}
	return 200
}

func TestCrashHarness(t *testing.T) {
	if os.Getenv("TUSK_CRASH_CHILD") != "" {
		t.Skip("child")
	}
	root := t.TempDir()
	home, station := filepath.Join(root, "depot"), filepath.Join(root, "station")
	inbox := filepath.Join(root, "inbox")
	os.MkdirAll(inbox, 0o700)
	if code, _, errs := tusk(t, "--home", home, "demo"); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := tusk(t, "--home", station, "demo", "--station", "DEMO-GZ2"); code != 0 {
		t.Fatal(errs)
	}
	key := filepath.Join(root, "gz2.key")
	if code, _, errs := tusk(t, "--home", station, "keys", "export", key); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := in(t, home, "keys", "import", key); code != 0 {
		t.Fatal(errs)
	}
	makeStationBundles(t, station, inbox, 40)
	acks := filepath.Join(root, "acks")

	kills := crashKills()
	var acked, present, drafts, draftsBack, integrityOK, auditOK, seen int
	start := time.Now()
	for round := 1; round <= kills; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "TUSK_CRASH_CHILD=1", "TUSK_CRASH_HOME="+home, "TUSK_CRASH_ACKS="+acks,
			"TUSK_CRASH_INBOX="+inbox, "TUSK_CRASH_SEED="+strconv.Itoa(round))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// A random moment: some kills land while the child opens the store,
		// most while it saves.
		time.Sleep(time.Duration(200+rand.IntN(2300)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		path := filepath.Join(home, store.FileName)
		if err := store.CheckIntegrity(context.Background(), path); err != nil {
			t.Errorf("round %d: %v", round, err)
		} else {
			integrityOK++
		}
		st, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		if _, err := st.VerifyAudit(context.Background()); err != nil {
			t.Errorf("round %d: audit: %v", round, err)
		} else {
			auditOK++
		}
		// This round's acknowledgements; all of them again at the end.
		a, p, d, db, n := checkAcks(t, st, acks, seen)
		seen = n
		acked, present, drafts, draftsBack = acked+a, present+p, drafts+d, draftsBack+db
		if round == kills {
			if fa, fp, _, _, _ := checkAcks(t, st, acks, 0); fa != fp || fa != acked {
				t.Errorf("at the end: %d acknowledged saves, %d present (counted %d)", fa, fp, acked)
			}
		}
		st.Close()
		if a != p {
			t.Fatalf("round %d: %d acknowledged saves, %d present", round, a, p)
		}
	}
	pct := 100.0
	if acked > 0 {
		pct = 100 * float64(present) / float64(acked)
	}
	summary := fmt.Sprintf("kills %d; acknowledged saves %d; present %d (%.1f %%); open drafts acknowledged %d, back %d; integrity_check ok %d/%d; audit verified against its witnesses %d/%d; %s",
		kills, acked, present, pct, drafts, draftsBack, integrityOK, kills, auditOK, kills, time.Since(start).Round(time.Second))
	t.Log(summary)
	fmt.Println("CRASH " + summary)
}

// makeStationBundles holds n parcels at the station and writes one bundle
// each into dir.
func makeStationBundles(t *testing.T, home, dir string, n int) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(home, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	insp, sup := crashUsers(t, st)
	for i := 0; i < n; i++ {
		holdParcel(ctx, st, insp, fmt.Sprintf("ST%09dCN", i), true)
		if _, err := exchange.Export(ctx, st, sup, dir); err != nil {
			t.Fatal(err)
		}
	}
}

func crashUsers(t testing.TB, st *store.Store) (insp, sup *store.User) {
	users, err := st.Users(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Role == store.Inspector && insp == nil {
			insp = u
		}
		if u.Role == store.Supervisor && sup == nil {
			sup = u
		}
	}
	return insp, sup
}

// holdParcel inspects one parcel and holds or clears it.
func holdParcel(ctx context.Context, st *store.Store, insp *store.User, waybill string, hold bool) (*inspect.Inspection, *inspect.Case, error) {
	in, err := st.StartInspection(ctx, insp, waybill, "")
	if err != nil {
		return nil, nil, err
	}
	in.Parcel.Origin = inspect.Place{Country: "TZ", City: "Dar es Salaam"}
	in.Parcel.Destination = inspect.Place{Country: "CN", City: "Guangzhou"}
	in.Parties = []inspect.Party{{Role: inspect.RoleSender, Name: "Juma Hassan", Phone: "+255 712 345 678"}}
	in.Findings = []inspect.Finding{{Card: "ivory-carving", Confidence: inspect.ConfidenceMedium, Count: 2, WeightKg: 0.4}}
	in.Assessment = &inspect.Assessment{Score: 75, Level: inspect.LevelRed, Action: inspect.ActionHold,
		Reasons: []inspect.Reason{{RuleID: "product-suspected", Weight: 40, Detail: "ivory-carving"}}}
	if err := st.SaveDraft(ctx, insp, in); err != nil {
		return in, nil, err
	}
	d := inspect.Decision{Action: inspect.ActionClear}
	if hold {
		d = inspect.Decision{Action: inspect.ActionHold, Reason: "carving looks like ivory", Seals: []string{"S-" + waybill}, Storage: "Evidence cage B"}
	}
	cs, err := st.Decide(ctx, insp, in.ID, d, *in.Assessment)
	return in, cs, err
}

// TestCrashChild is the process the harness kills: it works until killed,
// appending one line to the acknowledgement log (synced) per save the
// store returned.
func TestCrashChild(t *testing.T) {
	if os.Getenv("TUSK_CRASH_CHILD") == "" {
		t.Skip("run by TestCrashHarness")
	}
	ctx := context.Background()
	home := os.Getenv("TUSK_CRASH_HOME")
	seed, _ := strconv.Atoi(os.Getenv("TUSK_CRASH_SEED"))
	r := rand.New(rand.NewPCG(uint64(seed), 7))
	ack, err := os.OpenFile(os.Getenv("TUSK_CRASH_ACKS"), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	note := func(format string, a ...any) {
		fmt.Fprintf(ack, format+"\n", a...)
		ack.Sync()
	}
	st, err := store.Open(ctx, filepath.Join(home, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	insp, sup := crashUsers(t, st)
	pack, err := cliPack(home)
	if err != nil {
		t.Fatal(err)
	}
	bundles, _ := filepath.Glob(filepath.Join(os.Getenv("TUSK_CRASH_INBOX"), "*"+exchange.Ext))
	for i := 0; ; i++ {
		waybill := fmt.Sprintf("CR%05d%04dCN", seed, i)
		switch k := r.IntN(10); {
		case k < 2: // a draft left open, as at a counter when the power goes
			in, err := st.StartInspection(ctx, insp, waybill, "")
			if err != nil {
				t.Fatal(err)
			}
			in.Notes = "open draft " + waybill
			if err := st.SaveDraft(ctx, insp, in); err != nil {
				t.Fatal(err)
			}
			note("draft %s", in.ID)
		case k < 5:
			in, _, err := holdParcel(ctx, st, insp, waybill, false)
			if err != nil {
				t.Fatal(err)
			}
			note("cleared %s", in.ID)
		case k < 8:
			in, cs, err := holdParcel(ctx, st, insp, waybill, true)
			if err != nil {
				t.Fatal(err)
			}
			note("held %s %s", in.ID, cs.Number)
			if r.IntN(2) == 0 {
				sl, err := caserecord.MakeSlip(ctx, st, sup, pack, caserecord.SlipRequest{Case: cs.Number, Paper: "A4"})
				if err != nil {
					t.Fatal(err)
				}
				note("slip %s %s", cs.Number, sl.Number)
			}
		default:
			if len(bundles) == 0 {
				continue
			}
			f := bundles[r.IntN(len(bundles))]
			res := exchange.ImportFile(ctx, st, sup, f)
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			note("import %s", filepath.Base(f))
		}
	}
}

// checkAcks counts the acknowledged saves from line skip on and those
// present in st; it returns the number of lines read.
func checkAcks(t *testing.T, st *store.Store, path string, skip int) (acked, present, drafts, draftsBack, lines int) {
	ctx := context.Background()
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, 0, 0, 0
	}
	defer f.Close()
	_, sup := crashUsers(t, st)
	insp, _ := crashUsers(t, st)
	open := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines++
		if lines <= skip {
			continue
		}
		fs := strings.Fields(sc.Text())
		if len(fs) < 2 {
			continue // a line torn by the kill was never acknowledged
		}
		acked++
		ok := false
		switch fs[0] {
		case "draft":
			in, err := st.Inspection(ctx, sup, fs[1])
			ok = err == nil
			if ok && in.Status == inspect.StatusDraft {
				open[fs[1]] = true
			}
		case "cleared":
			in, err := st.Inspection(ctx, sup, fs[1])
			ok = err == nil && in.Status == inspect.StatusCleared
		case "held":
			in, err := st.Inspection(ctx, sup, fs[1])
			_, cerr := st.CaseByNumber(ctx, sup, safeArg(fs, 2))
			ok = err == nil && in.Status == inspect.StatusHeld && cerr == nil
		case "slip":
			sl, err := st.Slips(ctx, sup, fs[1])
			for _, s := range sl {
				ok = ok || (err == nil && s.Number == safeArg(fs, 2))
			}
		case "import":
			ok = true // checked below: the station's cases are there
		}
		if ok {
			present++
		} else {
			t.Logf("missing: %s", sc.Text())
		}
	}
	// Open drafts come back: the inspector's draft list holds them.
	list, err := st.Drafts(ctx, insp)
	if err == nil {
		back := map[string]bool{}
		for _, d := range list {
			back[d.ID] = true
		}
		for id := range open {
			drafts++
			if back[id] {
				draftsBack++
			}
		}
	}
	if drafts != draftsBack {
		t.Errorf("open drafts: %d acknowledged, %d back", drafts, draftsBack)
	}
	return acked, present, drafts, draftsBack, lines
}
