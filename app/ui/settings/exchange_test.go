package settings

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"tusk/app/exchange"
	"tusk/app/inspect"
	"tusk/app/store"
)

// holdOne holds a parcel in st as insp.
func holdOne(t *testing.T, st *store.Store, insp *store.User, waybill string) {
	t.Helper()
	in, err := st.StartInspection(bg, insp, waybill, inspect.StageAcceptance)
	if err != nil {
		t.Fatal(err)
	}
	in.Findings = []inspect.Finding{{Card: "pangolin-scales", Confidence: inspect.ConfidenceHigh}}
	if err := st.SaveDraft(bg, insp, in); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Decide(bg, insp, in.ID, inspect.Decision{Action: inspect.ActionHold, Reason: "x-ray", Seals: []string{"S-1"}, Storage: "Cage 1"},
		inspect.Assessment{Level: inspect.LevelRed, Score: 80}); err != nil {
		t.Fatal(err)
	}
}

// withExchange gives the harness a background exchange whose UI updates
// the test goroutine runs: Fyne's test driver would run fyne.Do on the
// watcher's goroutine.
func (h *harness) withExchange() chan func() {
	q := make(chan func(), 64)
	st := h.st
	h.x = NewExchange(ExchangeDeps{Store: st,
		Export: func(ctx context.Context, actor *store.User, dir string) (exchange.Sent, error) {
			return exchange.Export(ctx, st, actor, dir)
		},
		Requeue: func(ctx context.Context, actor *store.User) ([]exchange.Result, error) {
			return exchange.Requeue(ctx, st, actor)
		},
		Watch: func(ctx context.Context, dir string, onResult func(exchange.Result)) error {
			w := &exchange.Watcher{Dir: dir, Store: st, Actor: store.ExchangeActor(), OnResult: onResult}
			return w.Run(ctx)
		},
		Do: func(f func()) { q <- f }})
	return q
}

// eventually runs queued UI updates until text contains want.
func eventually(t *testing.T, q chan func(), what string, text func() string, want string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !strings.Contains(text(), want) {
		select {
		case f := <-q:
			f()
		case <-deadline:
			t.Fatalf("%s: %q does not contain %q", what, text(), want)
		}
	}
}

func TestExchangeSettingsSendAndWatch(t *testing.T) {
	h := newHarness(t)
	holdOne(t, h.st, h.insp, "TZ300000001")
	q := h.withExchange()
	ctx, cancel := context.WithCancel(bg)
	t.Cleanup(cancel)
	h.x.Start(ctx)
	s := h.open()
	h.section(Stations)
	v := s.stations
	if !h.sees("Outbox folder") || !h.sees("Not watching") {
		t.Fatal("no exchange section for the supervisor")
	}

	// A folder that does not exist is marked at the field.
	v.outbox.SetText(filepath.Join(t.TempDir(), "missing"))
	test.Tap(v.send)
	if !v.fields["outbox"].Err.Visible() {
		t.Error("missing outbox not marked")
	}

	outbox, inbox := t.TempDir(), t.TempDir()
	v.outbox.SetText(outbox)
	v.inbox.SetText(inbox)
	test.Tap(v.send)
	eventually(t, q, "send", func() string { return v.sent.Text }, "Sent 1 case")
	files, _ := filepath.Glob(filepath.Join(outbox, "TZ-DAR1-*.tuskbundle"))
	if len(files) != 1 {
		t.Fatalf("outbox: %v", files)
	}
	if got, _ := h.st.Setting(bg, store.SettingInbox); got != inbox {
		t.Errorf("inbox setting %q", got)
	}
	if s.byID[Stations].dirty() {
		t.Error("saved folders still marked unsaved")
	}
	eventually(t, q, "watch", func() string { return v.watching.Text }, "Watching "+inbox)
	test.Tap(v.send)
	eventually(t, q, "send again", func() string { return v.sent.Text }, "No new cases")

	// A station's bundle arrives in the inbox and shows as imported.
	station, err := store.Open(bg, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer station.Close()
	ssup, err := station.Setup(bg, store.Depot{Code: "DEMO-GZ2", Name: "Baiyun 2", Country: "CN", Language: "zh"},
		store.NewUser{Name: "Chen Jing", PIN: "246810"})
	if err != nil {
		t.Fatal(err)
	}
	sinsp, err := station.AddUser(bg, ssup, store.NewUser{Name: "Li Wei", Role: store.Inspector, PIN: "135790", Language: "zh"})
	if err != nil {
		t.Fatal(err)
	}
	holdOne(t, station, sinsp, "EE123456785CN")
	staging := t.TempDir()
	sent, err := exchange.Export(bg, station, ssup, staging)
	if err != nil || len(sent.Files) != 1 {
		t.Fatal(sent, err)
	}
	if err := os.Rename(sent.Files[0], filepath.Join(inbox, filepath.Base(sent.Files[0]))); err != nil {
		t.Fatal(err)
	}
	// Its key is not known yet: quarantine, and a way to try again once
	// the key is imported.
	eventually(t, q, "quarantine", func() string { return v.q.Text }, "1 bundle")
	if !v.retry.Visible() {
		t.Fatal("no way to try quarantined bundles again")
	}
	if rows := s.Rows(); len(rows) != 1 || rows[0].Quarantined != "1" || rows[0].LastGood != "never" {
		t.Errorf("stations table while quarantined: %+v", rows)
	}
	k, _ := station.OwnKey(bg)
	if err := h.st.ImportKey(bg, h.sup, k); err != nil {
		t.Fatal(err)
	}
	test.Tap(v.retry)
	eventually(t, q, "import", func() string { return v.lastIn.Text }, "from DEMO-GZ2: 1 new, 0 updated, 0 unchanged")
	if items, _, _ := h.st.Queue(bg, h.sup, store.QueueFilter{Station: "DEMO-GZ2"}); len(items) != 1 {
		t.Errorf("queue: %+v", items)
	}
	// Settings → Stations: what the station sent and what arrived, one
	// distinct bundle, no longer in quarantine.
	rows := s.Rows()
	if len(rows) != 1 {
		t.Fatalf("stations table: %+v", rows)
	}
	r := rows[0]
	if r.Station != "DEMO-GZ2" || r.Name != "Baiyun 2" || r.Acked != "2" || r.Waiting != "0" || r.Imported != "1" ||
		r.Quarantined != "0" || !strings.HasPrefix(r.LastGood, "20") || r.Silent {
		t.Errorf("stations table after the retry: %+v", r)
	}
	if !h.sees("Bundles quarantined") || !h.sees("DEMO-GZ2 Baiyun 2") {
		t.Error("the table is not on the screen")
	}
	if v.q.Text != "" || v.retry.Visible() {
		t.Errorf("quarantine still shown after the retry: %q", v.q.Text)
	}
}

// Settings → Stations flags a station silent for longer than the set
// time, in its row and under the table; one heard from recently is not.
func TestStationsTableFlagsSilentStation(t *testing.T) {
	h := newHarness(t)
	now := h.st.Now().UTC()
	for _, r := range []struct {
		code string
		ago  time.Duration
	}{{"DEMO-GZ9", 48 * time.Hour}, {"DEMO-GZ8", time.Hour}} {
		if _, err := h.st.DB().ExecContext(bg, `INSERT INTO station_delivery(station, name, last_good_at, have_seq, sent_seq)
			VALUES (?, '', ?, 3, 5)`, r.code, now.Add(-r.ago).Format("2006-01-02T15:04:05.000Z")); err != nil {
			t.Fatal(err)
		}
	}
	s := h.open()
	h.section(Stations)
	rows := s.Rows()
	if len(rows) != 2 {
		t.Fatalf("rows: %+v", rows)
	}
	gz8, gz9 := rows[0], rows[1]
	if !gz9.Silent || gz8.Silent {
		t.Errorf("silent flags: GZ8 %t, GZ9 %t", gz8.Silent, gz9.Silent)
	}
	if gz9.Acked != "3" || gz9.Waiting != "2" {
		t.Errorf("GZ9 acknowledged %s, waiting %s", gz9.Acked, gz9.Waiting)
	}
	if !h.sees("silent for more than 24 h") || !h.sees("DEMO-GZ9 has sent no good bundle for more than 24 hours") {
		t.Error("the silent station is not flagged on the screen")
	}
	if h.sees("DEMO-GZ8 has sent no good bundle") {
		t.Error("a station heard from an hour ago is flagged")
	}
}
