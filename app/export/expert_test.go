package export

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tusk/app/inspect"
	"tusk/app/store"
)

// expertStore is the part of the store the expert's package reads.
type expertStore struct {
	in  *inspect.Inspection
	dir string
}

func (f expertStore) CaseByNumber(_ context.Context, _ *store.User, n string) (*inspect.Case, error) {
	if n != "C-2026-0001" {
		return nil, store.ErrNotFound
	}
	return &inspect.Case{Number: n, InspectionID: f.in.ID}, nil
}

func (f expertStore) Inspection(context.Context, *store.User, string) (*inspect.Inspection, error) {
	return f.in, nil
}

func (f expertStore) PhotoPath(_ context.Context, _ *store.User, sha string) (string, error) {
	return filepath.Join(f.dir, sha+".jpg"), nil
}

// The zip for an expert holds the photos and what was seen and matched,
// and nothing personal; only a supervisor makes it. (Moved out of the
// store with the package: the store no longer writes zips.)
func TestExpertPackage(t *testing.T) {
	dir := t.TempDir()
	photo := []byte("\xff\xd8 pretend jpeg")
	if err := os.WriteFile(filepath.Join(dir, "abc.jpg"), photo, 0o600); err != nil {
		t.Fatal(err)
	}
	in := &inspect.Inspection{ID: "I-1", Parcel: inspect.Parcel{Waybill: "RR123456785CN", Stage: inspect.StageXray},
		Parties:  []inspect.Party{{Role: inspect.RoleSender, Name: "Juma Hassan", Phone: "+255 712 345 678", Address: "Kariakoo"}},
		Notes:    "Asha at the counter said",
		Findings: []inspect.Finding{{Card: "pangolin-scales"}},
		Photos:   []inspect.Photo{{SHA256: "abc", FileName: "IMG_0007.jpg"}}}
	src := expertStore{in: in, dir: dir}
	insp := &store.User{ID: 2, Role: store.Inspector, Active: true}
	sup := &store.User{ID: 1, Role: store.Supervisor, Active: true}
	if err := ExpertPackage(t.Context(), src, insp, "C-2026-0001", io.Discard); !errors.Is(err, store.ErrForbidden) {
		t.Errorf("inspector: %v", err)
	}
	var buf bytes.Buffer
	if err := ExpertPackage(t.Context(), src, sup, "C-2026-0001", &buf); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var findings string
	for _, f := range z.File {
		names = append(names, f.Name)
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		if f.Name == "findings.json" {
			findings = string(b)
		} else if !bytes.Equal(b, photo) {
			t.Errorf("%s is not the photo's bytes", f.Name)
		}
	}
	if !slices.Equal(names, []string{"photo-01.jpg", "findings.json"}) {
		t.Errorf("files %v", names)
	}
	for _, personal := range []string{"Juma Hassan", "712 345", "Kariakoo", "Asha"} {
		if strings.Contains(findings, personal) {
			t.Errorf("findings.json holds %q", personal)
		}
	}
	if !strings.Contains(findings, "abc") || !strings.Contains(findings, "C-2026-0001") || !strings.Contains(findings, "pangolin-scales") {
		t.Errorf("findings.json: %s", findings)
	}
}

// export.Copy writes what the store's row iterator yields and stops at
// its error.
func TestCopyRows(t *testing.T) {
	var out bytes.Buffer
	w, err := New(&out, CSV, Options{Pack: pack(t)})
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk gone")
	rows := func(yield func(*Case, error) bool) {
		if !yield(sample(), nil) || !yield(sample(), nil) {
			return
		}
		yield(nil, boom)
	}
	if n, err := Copy(w, rows); n != 2 || !errors.Is(err, boom) {
		t.Errorf("copied %d, err %v", n, err)
	}
}

// Issue 13: a reason stored as codes reaches the CSV and JSON exports in
// English words (with the decision reason read as text only, the column
// is empty for every coded decision).
func TestCodedDecisionReasonInExports(t *testing.T) {
	p := pack(t)
	c := sample()
	rule := p.Rules.Rules[0]
	c.Inspection.Decision = &inspect.Decision{Action: inspect.ActionHold, ReasonRules: []string{rule.ID}, Reason: "tape smelled of fish",
		Seals: []string{"S-1"}, Storage: "cage 1"}
	want := rule.Name.In("en") + " — tape smelled of fish"
	for _, f := range []Format{CSV, JSON} {
		if out := string(export(t, f, Options{Personal: true, Pack: p}, c)); !strings.Contains(out, want) {
			t.Errorf("%s export lacks %q:\n%s", f, want, out)
		}
	}
}
