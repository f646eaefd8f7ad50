package exports

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"tusk/app/export"
	"tusk/app/inspect"
	"tusk/app/store"
)

// progressLog records an export's progress calls; the store calls it from
// the export's goroutine.
type progressLog struct {
	mu    sync.Mutex
	calls [][2]int
}

func (p *progressLog) add(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, [2]int{done, total})
}

func (p *progressLog) last() [2]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.calls) == 0 {
		return [2]int{-1, -1}
	}
	return p.calls[len(p.calls)-1]
}

func TestExportToFile(t *testing.T) {
	for _, tc := range []struct {
		name         string
		user         string
		format       export.Format
		personal     bool
		wantPersonal bool
		want         []string // in the file
	}{
		{"supervisor, CSV with personal data", "Amina Juma", export.CSV, true, true, []string{"\uFEFFcase_number,", "Juma Hassan", goodNIDA, "pangolin-scales", "\r\n"}},
		{"supervisor, CSV", "Amina Juma", export.CSV, false, false, []string{"\uFEFFcase_number,", "Manidae"}},
		{"inspector asks for personal data", "Neema Mushi", export.JSON, true, false, []string{`"case_number":"C-`, `"scientific_name":"Manidae`}},
		{"CITES", "Amina Juma", export.CITES, true, false, []string{"\uFEFFdate_of_seizure,country_of_seizure,", "Pangolins", "SCA", "1.2,kg"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			number := h.heldCase()
			h.as(tc.user)
			path := filepath.Join(t.TempDir(), "out")
			var prog progressLog
			res, err := h.x.exportTo(bg, path, tc.format, tc.personal, store.QueueFilter{Statuses: inspect.CaseStatuses}, prog.add)
			if err != nil {
				t.Fatal(err)
			}
			if res.Cases != 1 || res.Personal != tc.wantPersonal || prog.last() != [2]int{1, 1} {
				t.Errorf("result %+v, last progress %v (want 1 of 1)", res, prog.last())
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			body := string(b)
			for _, s := range append(tc.want, number) {
				if !strings.Contains(body, s) {
					t.Errorf("file lacks %q:\n%s", s, body)
				}
			}
			if !tc.wantPersonal && (strings.Contains(body, "Juma Hassan") || strings.Contains(body, goodNIDA)) {
				t.Errorf("personal data in the file:\n%s", body)
			}
		})
	}
}

func TestExportCancelledLeavesNoFile(t *testing.T) {
	h := newHarness(t)
	h.heldCase()
	h.as("Amina Juma")
	path := filepath.Join(t.TempDir(), "cases.csv")
	ctx, cancel := context.WithCancel(bg)
	cancel()
	if _, err := h.x.exportTo(ctx, path, export.CSV, false, store.QueueFilter{}, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if left, _ := os.ReadDir(filepath.Dir(path)); len(left) != 0 {
		t.Errorf("files left: %v", left)
	}
	// A file the export was to replace stays as it was, even empty.
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := h.x.exportTo(ctx, path, export.CSV, false, store.QueueFilter{}, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the file to replace is gone: %v", err)
	}
}

// TestExportSavesThroughTheSaveDialog: the file is chosen in Tusk's own
// save dialog, with a safe name proposed; Enter there runs the export.
func TestExportSavesThroughTheSaveDialog(t *testing.T) {
	h := newHarness(t)
	h.heldCase()
	h.as("Amina Juma")
	d := h.x.chooseFile(exportChoice{format: export.JSON, filter: store.QueueFilter{Statuses: inspect.CaseStatuses}})
	if !strings.HasPrefix(d.Name().Text, "tusk-cases-") || !strings.HasSuffix(d.Name().Text, ".json") {
		t.Errorf("proposed %q", d.Name().Text)
	}
	dir := t.TempDir()
	d.Open(dir)
	d.Name().SetText("week-48")
	h.w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !d.Closed() || d.Path != filepath.Join(dir, "week-48.json") {
		t.Fatalf("closed %v, path %q", d.Closed(), d.Path)
	}
	for range 200 { // the export runs in a goroutine
		if b, err := os.ReadFile(d.Path); err == nil && strings.Contains(string(b), `"case_number"`) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Error("no export written")
}

func TestExportDialog(t *testing.T) {
	h := newHarness(t)
	h.heldCase()
	h.as("Amina Juma")
	e := h.x.Open(store.QueueFilter{})
	if top := h.w.Canvas().Overlays().Top(); top == nil || !slices.Contains(texts(top), "Export cases") {
		t.Fatal("no export dialog")
	}
	// The form: CSV first, personal data off, closed cases in.
	c := e.chosen()
	if c.format != export.CSV || c.personal || len(c.filter.Statuses) != len(inspect.CaseStatuses) {
		t.Errorf("defaults %+v", c)
	}
	e.personal.SetChecked(true)
	e.format.SetSelected(formatLabels()[2])
	if c := e.chosen(); c.format != export.CITES || c.personal || !e.personal.Disabled() || e.personal.Checked {
		t.Errorf("CITES must drop personal data: %+v", c)
	}
	e.format.SetSelected(formatLabels()[1])
	e.personal.SetChecked(true)
	e.closed.SetChecked(false)
	if c := e.chosen(); c.format != export.JSON || !c.personal || len(c.filter.Statuses) != 0 {
		t.Errorf("JSON with personal data, open cases: %+v", c)
	}

	// The run: progress to 100 %, then the result.
	path := filepath.Join(t.TempDir(), "cases.json")
	r := h.x.run(path, exportChoice{format: export.CSV, filter: store.QueueFilter{Statuses: inspect.CaseStatuses}})
	<-r.done
	if r.bar.Value != 1 {
		t.Errorf("progress bar at %v", r.bar.Value)
	}
	if msg := strings.Join(texts(h.w.Canvas().Overlays().Top()), "\n"); !strings.Contains(msg, "1 case written to "+path) {
		t.Errorf("no result message: %q", msg)
	}
	if b, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(b), "\uFEFFcase_number") {
		t.Errorf("file: %v %q", err, b)
	}
}

func TestExportDialogForInspector(t *testing.T) {
	h := newHarness(t)
	h.heldCase()
	h.as("Neema Mushi")
	e := h.x.Open(store.QueueFilter{Statuses: []string{inspect.CaseOpen}})
	if e == nil || e.personal != nil || e.closed != nil {
		t.Errorf("an inspector is offered personal data (%v) or closed cases with a status filter (%v)", e.personal != nil, e.closed != nil)
	}
	test.Tap(e.next) // hides the form and opens the file dialog
}

// The result of an export closes with Enter.
func TestExportMessageClosesWithEnter(t *testing.T) {
	h := newHarness(t)
	h.as("Amina Juma")
	h.x.done(exportResult{Path: "/tmp/x.csv", Cases: 2}, nil)
	c := h.w.Canvas()
	top := c.Overlays().Top()
	if top == nil {
		t.Fatal("no message")
	}
	if !strings.Contains(strings.Join(texts(top), "\n"), "2") {
		t.Error("message does not say what was written")
	}
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if c.Overlays().Top() != nil {
		t.Error("Enter left the message open")
	}
}
