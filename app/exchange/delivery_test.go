package exchange

import (
	"testing"
	"time"
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
