package exchange

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tusk/app/store"
)

// TestExportSendsBackDatedChanges is defect 1 of issue 15: a case whose
// change time is not after the last bundle (a clock stepped back, a
// back-dated change) must still be sent: cases are chosen by the
// station's change sequence, not by wall-clock time.
func TestExportSendsBackDatedChanges(t *testing.T) {
	gz := newHome(t, "DEMO-GZ2", "Guangzhou 2")
	out := t.TempDir()
	gz.hold(t, "SF1000000001")
	gz.hold(t, "SF1000000002")
	if sent, err := Export(ctx, gz.st, gz.sup, out); err != nil || sent.Cases != 2 {
		t.Fatalf("first export: %+v %v", sent, err)
	}
	// The station's clock is stepped back a day: the next hold has an
	// older change time than anything sent.
	gz.clk.add(-24 * time.Hour)
	gz.hold(t, "SF1000000003")
	sent, err := Export(ctx, gz.st, gz.sup, out)
	if err != nil || sent.Cases != 1 {
		t.Fatalf("back-dated case not sent: %+v %v", sent, err)
	}
	if sent, err := Export(ctx, gz.st, gz.sup, out); err != nil || sent.Cases != 0 {
		t.Fatalf("nothing new sends nothing: %+v %v", sent, err)
	}
}

func auditCount(t *testing.T, h *home, action string) int {
	t.Helper()
	var n int
	if err := h.st.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit WHERE action = ?`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func bundlesIn(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestDamagedBundleHealedByNext is defect 2 of issue 15 (with 4, 5 and
// 6): a bundle damaged on the way is quarantined, and the station's next
// bundle carries its cases again because the supervisor never
// acknowledged them. The acknowledgement comes back through the return
// folder, the outbox is pruned, and every step is audited.
func TestDamagedBundleHealedByNext(t *testing.T) {
	station := newHome(t, "DEMO-GZ2", "Guangzhou Baiyun 2")
	super := newHome(t, "DEMO-HQ", "Head office")
	super.trusts(t, station)
	station.trusts(t, super) // acknowledgements are signed
	outbox, inbox, returns := t.TempDir(), t.TempDir(), t.TempDir()
	for _, h := range []*home{station, super} {
		if err := h.st.SetSetting(ctx, h.sup, store.SettingReturns, returns); err != nil {
			t.Fatal(err)
		}
	}
	results := watch(t, super, inbox)

	station.hold(t, "EE000000001CN")
	station.hold(t, "EE000000002CN")
	first, err := Export(ctx, station.st, station.sup, outbox)
	if err != nil || first.Cases != 2 {
		t.Fatalf("first: %+v %v", first, err)
	}
	damage := func(b []byte) []byte {
		i := bytes.Index(b, []byte("EE000000001CN"))
		b = bytes.Clone(b)
		b[i+3] = '7'
		return b
	}
	// The damaged bundle arrives twice: one quarantined bundle, one audit entry.
	for range 2 {
		copyFile(t, first.Files[0], inbox, damage)
		if r := next(t, results); !r.Quarantined {
			t.Fatalf("damaged bundle: %+v", r)
		}
	}
	if q, _ := super.st.Quarantined(ctx); len(q) != 1 {
		t.Errorf("%d quarantined bundles for one distinct bad one", len(q))
	}
	if n := auditCount(t, super, "bundle.quarantine"); n != 1 {
		t.Errorf("bundle.quarantine audited %d times, want 1", n)
	}

	// One more case at the station: its next bundle carries all three.
	station.hold(t, "EE000000003CN")
	second, err := Export(ctx, station.st, station.sup, outbox)
	if err != nil || second.Cases != 3 {
		t.Fatalf("second bundle does not heal the first: %+v %v", second, err)
	}
	if auditCount(t, station, "bundle.resend") != 1 {
		t.Error("resend not audited")
	}
	copyFile(t, second.Files[0], inbox, nil)
	if r := next(t, results); r.Err != nil || r.Counts.Added != 3 {
		t.Fatalf("second import: %+v", r)
	}
	if auditCount(t, super, "bundle.import") != 1 || auditCount(t, super, "bundle.acknowledge") != 1 {
		t.Error("import or acknowledgement not audited at the supervisor")
	}
	st, err := super.st.StationsStatus(ctx)
	if err != nil || len(st) != 1 || st[0].Waiting() != 0 || st[0].Quarantined != 1 || st[0].Imported != 1 || st[0].LastGood.IsZero() {
		t.Fatalf("station status: %+v %v", st, err)
	}

	// The acknowledgement comes back: nothing to send, the outbox is pruned.
	again, err := Export(ctx, station.st, station.sup, outbox)
	if err != nil || again.Cases != 0 {
		t.Fatalf("after the acknowledgement: %+v %v", again, err)
	}
	o, _ := station.st.Outbound(ctx)
	if o.AckedSeq != o.SentSeq || o.Waiting != 0 {
		t.Errorf("outbound after acknowledgement: %+v", o)
	}
	if left := bundlesIn(t, outbox); len(left) != 0 {
		t.Errorf("outbox not pruned once acknowledged: %v", left)
	}
	if auditCount(t, station, "bundle.acknowledged") != 1 || auditCount(t, station, "bundle.prune") != 1 {
		t.Error("acknowledgement or pruning not audited at the station")
	}
}

// TestLostBundleResentAfterAWhile: a bundle that never arrives is sent
// again once the resend time passes without an acknowledgement, with no
// new case needed; an outbox bundle never acknowledged goes after the
// set age (defect 6).
func TestLostBundleResentAfterAWhile(t *testing.T) {
	station := newHome(t, "DEMO-GZ2", "Guangzhou Baiyun 2")
	outbox, returns := t.TempDir(), t.TempDir()
	if err := station.st.SetSetting(ctx, station.sup, store.SettingReturns, returns); err != nil {
		t.Fatal(err)
	}
	station.hold(t, "EE000000001CN")
	if s, err := Export(ctx, station.st, station.sup, outbox); err != nil || s.Cases != 1 {
		t.Fatal(s, err)
	}
	if s, _ := Export(ctx, station.st, station.sup, outbox); s.Cases != 0 {
		t.Errorf("resent before the resend time: %+v", s)
	}
	station.clk.add(31 * time.Minute)
	if s, err := Export(ctx, station.st, station.sup, outbox); err != nil || s.Cases != 1 {
		t.Fatalf("not resent: %+v %v", s, err)
	}
	for _, n := range bundlesIn(t, outbox) {
		if strings.HasPrefix(n, ".") {
			t.Errorf("temporary file left in the outbox: %s", n)
		}
	}
	if n := len(bundlesIn(t, outbox)); n != 2 {
		t.Errorf("%d bundles in the outbox, want 2", n)
	}
	station.clk.add(15 * 24 * time.Hour)
	PruneOutbox(ctx, station.st, station.sup, outbox)
	if left := bundlesIn(t, outbox); len(left) != 0 {
		t.Errorf("old bundles not pruned: %v", left)
	}
}

// TestAckMustBeSignedBySupervisor: the station prunes its outbox and moves
// its acknowledged change only on an acknowledgement signed by its
// supervisor's key, which it imported at set-up (`tusk keys import`) and
// whose depot the first accepted acknowledgement pins. An unsigned, forged
// or altered acknowledgement, one for another station and one signed by
// another depot's known key are all refused, audited once each, and prune
// nothing.
func TestAckMustBeSignedBySupervisor(t *testing.T) {
	station := newHome(t, "DEMO-GZ2", "Guangzhou Baiyun 2")
	super := newHome(t, "DEMO-HQ", "Head office")
	other := newHome(t, "DEMO-DAR", "Dar es Salaam") // a depot the station knows for referral slips
	evil := newHome(t, "DEMO-HQ", "Not the head office")
	super.trusts(t, station)
	station.trusts(t, super)
	station.trusts(t, other)
	outbox, returns := t.TempDir(), t.TempDir()
	for _, h := range []*home{station, super, other, evil} {
		if err := h.st.SetSetting(ctx, h.sup, store.SettingReturns, returns); err != nil {
			t.Fatal(err)
		}
	}
	station.hold(t, "EE000000001CN")
	sent, err := Export(ctx, station.st, station.sup, outbox)
	if err != nil || sent.Cases != 1 {
		t.Fatalf("export: %+v %v", sent, err)
	}
	ackPath := filepath.Join(returns, "DEMO-GZ2", "DEMO-GZ2"+AckExt)
	os.MkdirAll(filepath.Dir(ackPath), 0o700)
	signed := func(h *home, a Ack) []byte {
		t.Helper()
		data, err := EncodeAck(ctx, h.st, h.sup, a)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	o, _ := station.st.Outbound(ctx)
	seq := o.SentSeq
	genuine := signed(super, Ack{Station: "DEMO-GZ2", Supervisor: "DEMO-HQ", Seq: seq, At: super.clk.Now()})
	bad := map[string][]byte{
		"unsigned (tusk-ack/1)":                               []byte(`{"format":"tusk-ack/1","station":"DEMO-GZ2","supervisor":"DEMO-HQ","seq":1,"at":"2026-11-23T09:00:00Z"}`),
		"forged with an unknown key in the supervisor's name": signed(evil, Ack{Station: "DEMO-GZ2", Supervisor: "DEMO-HQ", Seq: seq}),
		"another known depot in the supervisor's name":        signed(other, Ack{Station: "DEMO-GZ2", Supervisor: "DEMO-HQ", Seq: seq}),
		"altered after signing": bytes.Replace(signed(super, Ack{Station: "DEMO-GZ2", Supervisor: "DEMO-HQ", Seq: seq}),
			[]byte(fmt.Sprintf(`"seq":%d`, seq)), []byte(`"seq":1`), 1),
		"for another station": signed(super, Ack{Station: "DEMO-GZ7", Supervisor: "DEMO-HQ", Seq: seq}),
		// (The supervisor's own acknowledgement past what was sent means
		// this station was restored: TestStationRestoredFromOldBackup.)
	}
	refused := 0
	for name, data := range bad {
		if err := os.WriteFile(ackPath, data, 0o600); err != nil {
			t.Fatal(err)
		}
		for range 2 { // the same file seen twice is audited once
			if _, err := Export(ctx, station.st, station.sup, outbox); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		refused++
		if o, _ := station.st.Outbound(ctx); o.AckedSeq != 0 {
			t.Errorf("%s: acknowledged change moved to %d", name, o.AckedSeq)
		}
		if len(bundlesIn(t, outbox)) != 1 {
			t.Errorf("%s: outbox pruned", name)
		}
		if n := auditCount(t, station, "bundle.ack_refused"); n != refused {
			t.Errorf("%s: bundle.ack_refused audited %d times, want %d", name, n, refused)
		}
	}
	if auditCount(t, station, "bundle.acknowledged") != 0 || auditCount(t, station, "bundle.prune") != 0 {
		t.Error("a refused acknowledgement was recorded or pruned")
	}

	// The supervisor's own signed acknowledgement prunes, and pins it.
	if err := os.WriteFile(ackPath, genuine, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Export(ctx, station.st, station.sup, outbox); err != nil {
		t.Fatal(err)
	}
	if o, _ := station.st.Outbound(ctx); o.AckedSeq != seq || len(bundlesIn(t, outbox)) != 0 {
		t.Errorf("genuine acknowledgement: %+v, outbox %v", o, bundlesIn(t, outbox))
	}
	if v, _ := station.st.Setting(ctx, store.SettingAckFrom); v != "DEMO-HQ" {
		t.Errorf("supervisor pinned: %q", v)
	}
	// Once pinned, another known depot's acknowledgement in its own name
	// is refused too.
	station.hold(t, "EE000000002CN")
	if _, err := Export(ctx, station.st, station.sup, outbox); err != nil {
		t.Fatal(err)
	}
	o, _ = station.st.Outbound(ctx)
	os.WriteFile(ackPath, signed(other, Ack{Station: "DEMO-GZ2", Supervisor: "DEMO-DAR", Seq: o.SentSeq}), 0o600)
	if _, err := Export(ctx, station.st, station.sup, outbox); err != nil {
		t.Fatal(err)
	}
	if o, _ := station.st.Outbound(ctx); o.AckedSeq != seq || len(bundlesIn(t, outbox)) != 1 {
		t.Errorf("acknowledgement of another supervisor taken: %+v", o)
	}
}

// TestTakeInboxAcknowledgesOnce: bundles taken together are acknowledged
// once per station after all of them, not one signed and synced file per
// bundle (which slowed a regional office taking hundreds at once).
func TestTakeInboxAcknowledgesOnce(t *testing.T) {
	station := newHome(t, "DEMO-GZ2", "Guangzhou Baiyun 2")
	super := newHome(t, "DEMO-HQ", "Head office")
	super.trusts(t, station)
	outbox, returns := t.TempDir(), t.TempDir()
	if err := super.st.SetSetting(ctx, super.sup, store.SettingReturns, returns); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		station.hold(t, fmt.Sprintf("EE00000000%dCN", i+1))
		if s, err := Export(ctx, station.st, station.sup, outbox); err != nil || s.Cases != 1 {
			t.Fatal(s, err)
		}
	}
	res, err := TakeInbox(ctx, super.st, super.sup, outbox)
	if err != nil || len(res) != 3 {
		t.Fatalf("%d results, %v", len(res), err)
	}
	if n := auditCount(t, super, "bundle.acknowledge"); n != 1 {
		t.Errorf("bundle.acknowledge audited %d times for one batch, want 1", n)
	}
	if due, _ := super.st.AckDue(ctx); len(due) != 0 {
		t.Errorf("acknowledgements left due: %v", due)
	}
}
