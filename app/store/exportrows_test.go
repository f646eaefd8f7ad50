package store

import (
	"testing"

	"tusk/app/inspect"
)

// ExportRows hands the rows out as an iterator (package export copies
// them, the store does not import it); the export is audited only when
// every row was taken.
func TestExportRowsIterator(t *testing.T) {
	d := newDepot(t)
	decided(t, d, "RR123456785CN", inspect.ActionHold, "pangolin-scales")
	decided(t, d, "SF1300000123", inspect.ActionRefuse, "rhino-horn-powder")
	req := ExportRequest{Filter: QueueFilter{Statuses: inspect.CaseStatuses}, Format: "csv"}
	audited := func() int {
		es, _ := d.s.AuditFor(ctx, "cases", 100)
		n := 0
		for _, e := range es {
			if e.Action == "cases.export" {
				n++
			}
		}
		return n
	}
	for c, err := range d.s.ExportRows(ctx, d.sup, req) {
		if err != nil || c == nil || c.Inspection == nil {
			t.Fatalf("row %+v %v", c, err)
		}
		break // a reader that stops early
	}
	if audited() != 0 {
		t.Error("an export stopped early was audited as done")
	}
	var got []string
	for c, err := range d.s.ExportRows(ctx, d.sup, req) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c.Number)
	}
	if len(got) != 2 || audited() != 1 {
		t.Errorf("rows %v, audited %d", got, audited())
	}
	for _, err := range d.s.ExportRows(ctx, &User{Role: "nobody"}, req) {
		if err != ErrForbidden {
			t.Errorf("no capability: %v", err)
		}
	}
}
