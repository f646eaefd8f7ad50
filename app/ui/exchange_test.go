package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

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

// uiQueue takes the background's UI updates, which the test goroutine
// runs: Fyne's test driver would run fyne.Do on the watcher's goroutine.
func uiQueue(t *testing.T) chan func() {
	q := make(chan func(), 64)
	exchangeDo = func(f func()) { q <- f }
	t.Cleanup(func() { exchangeDo = fyne.Do })
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
	h.startAs("Amina Juma", navSettings)
	var insp *store.User
	users, _ := h.st.Users(bg, false)
	for _, u := range users {
		if u.Role == store.Inspector {
			insp = u
		}
	}
	holdOne(t, h.st, insp, "TZ300000001")

	q := uiQueue(t)
	ctx, cancel := context.WithCancel(bg)
	t.Cleanup(cancel)
	h.u.StartExchange(ctx)
	test.Tap(h.u.shell.nav[navSettings])
	v := h.u.Exchange()
	if v == nil || !h.sees("Outbox folder") || !h.sees("Not watching") {
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
	k, _ := station.OwnKey(bg)
	if err := h.st.ImportKey(bg, h.u.User(), k); err != nil {
		t.Fatal(err)
	}
	test.Tap(v.retry)
	eventually(t, q, "import", func() string { return v.lastIn.Text }, "from DEMO-GZ2: 1 new, 0 updated, 0 unchanged")
	if items, _, _ := h.st.Queue(bg, h.u.User(), store.QueueFilter{Station: "DEMO-GZ2"}); len(items) != 1 {
		t.Errorf("queue: %+v", items)
	}
	// Settings → Stations: what the station sent and what arrived, one
	// distinct bundle, no longer in quarantine.
	eventually(t, q, "stations", func() string { return labelsOf(v.stations) },
		"DEMO-GZ2 Baiyun 2 — acknowledged up to change 2 · changes waiting: 0 · bundles imported: 1 · quarantined: 0 · last good bundle: 20")
	if v.q.Text != "" || v.retry.Visible() {
		t.Errorf("quarantine still shown after the retry: %q", v.q.Text)
	}

	// Inspectors do not see the section.
	h.u.SwitchUser()
	h.signIn("Neema Mushi", "246810")
	if nav, ok := h.u.shell.nav[navSettings]; ok {
		test.Tap(nav)
		if h.sees("Outbox folder") {
			t.Error("an inspector sees the exchange settings")
		}
	}
}

// labelsOf joins the texts of the labels in a container.
func labelsOf(c *fyne.Container) string {
	var b strings.Builder
	for _, o := range c.Objects {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}
