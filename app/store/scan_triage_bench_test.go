package store_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/app/ui/counter"
	"tusk/data"
	"tusk/i18n"
)

// BenchmarkScanToTriage is the counter's one figure that matters most:
// from the scan's Enter to the Inspect screen's triage header showing its
// assessment, headless, on a store that has logged N parcels. Each
// scanned waybill has history (a cleared and a held inspection), an open
// case, and a sender who is a repeat sender; the scan starts the draft,
// reads the waybill's history and open case, fills the form and assesses
// it. from=parcel scans while the last parcel is on screen, as at a busy
// counter (its draft is then discarded in the store, untimed);
// from=idle scans from the empty scan panel (the last draft discarded
// through the screen, Alt+D and Enter, untimed). Either way every scan
// meets the same store.
//
// parcels=1000 is the baseline in the same run. The 1,000,000-parcel
// database is the one BenchmarkRepeatSenderLookup builds and caches (a
// few minutes the first time); -short skips it.
func BenchmarkScanToTriage(b *testing.B) {
	for _, n := range []int{1_000, 1_000_000} {
		for _, from := range []string{"parcel", "idle"} {
			b.Run("parcels="+strconv.Itoa(n)+"/from="+from, func(b *testing.B) {
				if n > 100_000 && testing.Short() {
					b.Skip("1M-parcel database: not with -short")
				}
				benchScanToTriage(b, n, from == "idle")
			})
		}
	}
}

func copyFile(b *testing.B, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}

func benchScanToTriage(b *testing.B, n int, fromIdle bool) {
	ctx := context.Background()
	// A copy, so the cached database stays as it was built.
	path := filepath.Join(b.TempDir(), store.FileName)
	copyFile(b, store.RepeatBenchDB(b, n), path)
	st, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	insp, err := st.User(ctx, 2)
	if err != nil {
		b.Fatal(err)
	}
	depot, _ := st.Depot(ctx)

	// The waybills to scan: each seen before, cleared once and held once
	// (so it has an open case), from a sender held before (a repeat sender).
	const kinds = 32
	waybills := make([]string, kinds)
	for k := range waybills {
		wb := fmt.Sprintf("BENCH%08dTZ", k)
		waybills[k] = wb
		for _, action := range []string{inspect.ActionClear, inspect.ActionHold} {
			in, err := st.StartInspection(ctx, insp, wb, "")
			if err != nil {
				b.Fatal(err)
			}
			in.Parties = []inspect.Party{{Role: inspect.RoleSender, Name: "Sender 1", Phone: "0700000001",
				ID: &inspect.IDDocument{Type: inspect.DocTZNIDA, Number: "19800101-000000000001"}}}
			if err := st.SaveDraft(ctx, insp, in); err != nil {
				b.Fatal(err)
			}
			d := inspect.Decision{Action: action, Reason: "bench", Seals: []string{"S-" + strconv.Itoa(k)}, Storage: "Cage 1"}
			if _, err := st.Decide(ctx, insp, in.ID, d, inspect.Assessment{Level: inspect.LevelAmber, Score: 45}); err != nil {
				b.Fatal(err)
			}
		}
	}

	live, err := sop.NewLive(data.FS, filepath.Join(b.TempDir(), "pack"))
	if err != nil {
		b.Fatal(err)
	}
	i18n.SetLanguage("en")
	test.NewTempApp(b)
	w := test.NewTempWindow(b, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1366, 768))
	var pending fyne.Focusable
	scr := counter.New(counter.Deps{Store: st, Win: w, User: func() *store.User { return insp }, Depot: func() *store.Depot { return depot },
		Pack: live.Current, FocusLater: func(f fyne.Focusable) { pending = f }})
	w.SetContent(scr.Build())
	w.Canvas().Focus(pending)

	var times []time.Duration
	var prev string
	var cpu time.Duration
	for i := 0; b.Loop(); i++ {
		wb := waybills[i%kinds]
		f := w.Canvas().Focused()
		test.Type(f, wb)
		c0 := cpuTime()
		t0 := time.Now()
		f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		times = append(times, time.Since(t0))
		cpu += cpuTime() - c0

		b.StopTimer()
		if i == 0 {
			// The header shows the assessment, the open case in words.
			c, _ := st.WaybillOpenCase(ctx, insp, wb)
			if want := i18n.T("counter.guard.open_case", "Case", c); c == "" || !shows(w.Content(), want) {
				b.Fatalf("the triage header does not show %q", want)
			}
		}
		if fromIdle {
			// Throw the draft away as a wrong scan: Alt+D, Enter.
			w.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyD, Modifier: fyne.KeyModifierAlt})
			w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		} else {
			// The last parcel stays on screen for the next scan; the draft
			// before it goes from the store.
			if prev != "" {
				if err := st.DiscardDraft(ctx, insp, prev); err != nil {
					b.Fatal(err)
				}
			}
			d, err := st.LatestDraft(ctx, insp)
			if err != nil || d == nil {
				b.Fatalf("no draft after the scan: %v", err)
			}
			prev = d.ID
		}
		b.StartTimer()
	}
	store.ReportPercentiles(b, times)
	// The process's CPU time per scan: what the scan costs whatever else
	// the machine is running (wall-clock percentiles also wait for the CPU).
	b.ReportMetric(float64(cpu.Nanoseconds())/1e6/float64(len(times)), "cpu-ms/op")
}

// shows reports whether a visible label under o contains text.
func shows(o fyne.CanvasObject, text string) bool {
	if !o.Visible() {
		return false
	}
	switch w := o.(type) {
	case *widget.Label:
		return strings.Contains(w.Text, text)
	case *fyne.Container:
		for _, c := range w.Objects {
			if shows(c, text) {
				return true
			}
		}
	case *container.Scroll:
		return shows(w.Content, text)
	}
	return false
}
