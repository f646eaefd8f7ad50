package store

import (
	"errors"
	"strings"
	"testing"

	"tusk/app/inspect"
)

func TestClearRefusedWhileTheWaybillHasAnOpenCase(t *testing.T) {
	d := newDepot(t)
	held, _ := d.s.StartInspection(ctx, d.insp, "SF1400000025", "")
	if _, err := d.s.Decide(ctx, d.insp, held.ID, inspect.Decision{Action: inspect.ActionHold, Reason: "x-ray", Seals: []string{"S-1"}, Storage: "Cage 1"},
		inspect.Assessment{Level: inspect.LevelRed}); err != nil {
		t.Fatal(err)
	}
	open, err := d.s.WaybillOpenCase(ctx, d.insp, " sf1400000025 ")
	if err != nil || open == "" {
		t.Fatalf("open case of the held waybill: %q %v", open, err)
	}
	if none, _ := d.s.WaybillOpenCase(ctx, d.insp, "SF9999999999"); none != "" {
		t.Errorf("a fresh waybill has case %q", none)
	}
	again, _ := d.s.StartInspection(ctx, d.insp, "SF1400000025", "")
	if _, err := d.s.Decide(ctx, d.insp, again.ID, inspect.Decision{Action: inspect.ActionClear, Reason: "looks fine"}, inspect.Assessment{}); !errors.Is(err, ErrOpenCase) {
		t.Fatalf("clear of a waybill with an open case: %v", err)
	}
	if got, _ := d.s.Inspection(ctx, d.insp, again.ID); got.Status != inspect.StatusDraft {
		t.Errorf("status %q after the refused clear", got.Status)
	}
	if _, err := d.s.WaybillOpenCase(ctx, d.tr, "SF1400000025"); !errors.Is(err, ErrForbidden) {
		t.Errorf("a trainer read open cases: %v", err)
	}
}

func TestClearOverrideReasonIsAudited(t *testing.T) {
	d := newDepot(t)
	in, _ := d.s.StartInspection(ctx, d.insp, "SF1400000026", "")
	if _, err := d.s.Decide(ctx, d.insp, in.ID, inspect.Decision{Action: inspect.ActionClear, Reason: " regular sender, ID seen "},
		inspect.Assessment{Level: inspect.LevelAmber, Action: inspect.ActionHold}); err != nil {
		t.Fatal(err)
	}
	es, _ := d.s.AuditFor(ctx, inspectionSubject(in.ID), 10)
	if len(es) == 0 || es[len(es)-1].Action != "inspection.clear" || !strings.Contains(es[len(es)-1].Detail, `override="regular sender, ID seen"`) {
		t.Errorf("audit: %+v", es)
	}
	if got, _ := d.s.Inspection(ctx, d.insp, in.ID); got.Decision == nil || got.Decision.Reason != "regular sender, ID seen" {
		t.Errorf("decision: %+v", got.Decision)
	}
	if d.s.CounterStrict(ctx) {
		t.Error("strict by default")
	}
	if err := d.s.SetSetting(ctx, d.sup, SettingCounterStrict, "1"); err != nil || !d.s.CounterStrict(ctx) {
		t.Errorf("strict not set: %v", err)
	}
}
