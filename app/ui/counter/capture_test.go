package counter

import (
	"testing"

	"go.uber.org/goleak"

	"tusk/app/store"
)

// The capture folder is watched while the Inspect screen shows a parcel,
// and Leave (the shell calls it when the user goes to another screen,
// signs out, locks or quits) ends the watch and its goroutines; opening
// the screen again starts it again.
func TestCaptureWatchStopsOnLeave(t *testing.T) {
	h := newHarness(t)
	if err := h.st.SetSetting(bg, h.sup, store.SettingCaptureDir, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	before := goleak.IgnoreCurrent()
	for round := range 2 {
		s := h.open()
		h.scan("TZ98765432" + string(rune('1'+round)))
		if s.capture.loop == nil {
			t.Fatalf("round %d: the capture folder is not watched", round)
		}
		if err := goleak.Find(before); err == nil {
			t.Fatalf("round %d: no watch goroutine while the screen is shown", round)
		}
		s.Leave()
		if s.capture.loop != nil {
			t.Fatalf("round %d: still watching after Leave", round)
		}
		if err := goleak.Find(before); err != nil {
			t.Fatalf("round %d: the watch outlived the screen: %v", round, err)
		}
	}
}
