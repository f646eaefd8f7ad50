package exchange

import (
	"bytes"
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"tusk/app/inspect"
	"tusk/app/store"
)

var ctx = context.Background()

// clock is a test clock that tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// home is one depot's store in its own temp folder.
type home struct {
	st        *store.Store
	sup, insp *store.User
	clk       *clock
	dir       string
}

func newHome(tb testing.TB, code, name string) *home {
	tb.Helper()
	dir := tb.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	st.Now = clk.Now
	sup, err := st.Setup(ctx, store.Depot{Code: code, Name: name, Country: "CN", Language: "en"},
		store.NewUser{Name: "Chen Jing", PIN: "246810"})
	if err != nil {
		tb.Fatal(err)
	}
	insp, err := st.AddUser(ctx, sup, store.NewUser{Name: "Li Wei", Role: store.Inspector, PIN: "135790", Language: "zh"})
	if err != nil {
		tb.Fatal(err)
	}
	return &home{st: st, sup: sup, insp: insp, clk: clk, dir: dir}
}

// trusts imports from's public key into h, as `tusk keys import` does.
func (h *home) trusts(tb testing.TB, from *home) {
	tb.Helper()
	k, err := from.st.OwnKey(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	k.Kind = ""
	if err := h.st.ImportKey(ctx, h.sup, k); err != nil {
		tb.Fatal(err)
	}
}

// tinyJPEG is enough of a JPEG for the store's sniffing; seed makes it
// unique.
func tinyJPEG(seed string) []byte {
	return append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, []byte("tusk test photo "+seed)...)
}

// hold inspects a parcel at the station and holds it, with one photo.
func (h *home) hold(tb testing.TB, waybill string) *inspect.Case {
	tb.Helper()
	in, err := h.st.StartInspection(ctx, h.insp, waybill, "")
	if err != nil {
		tb.Fatal(err)
	}
	in.Parcel.Origin = inspect.Place{Country: "TZ", City: "Dar es Salaam"}
	in.Parcel.Destination = inspect.Place{Country: "CN", City: "Guangzhou"}
	in.Parties = []inspect.Party{{Role: inspect.RoleSender, Name: "Juma Hassan", Phone: "+255 754 000 111",
		ID: &inspect.IDDocument{Type: inspect.DocPassport, Number: "TZ7654321", Country: "TZ"}}}
	in.Findings = []inspect.Finding{{Card: "ivory-carved", Confidence: "high", Note: "carving <looks> like ivory & bone"}}
	a := inspect.Assessment{Score: 72, Level: inspect.LevelRed}
	in.Assessment = &a
	if err := h.st.SaveDraft(ctx, h.insp, in); err != nil {
		tb.Fatal(err)
	}
	p, err := h.st.AddPhoto(ctx, h.insp, bytes.NewReader(tinyJPEG(waybill)), "label.jpg")
	if err != nil {
		tb.Fatal(err)
	}
	if err := h.st.AttachPhoto(ctx, h.insp, in.ID, p.SHA256); err != nil {
		tb.Fatal(err)
	}
	h.clk.add(time.Minute)
	c, err := h.st.Decide(ctx, h.insp, in.ID, inspect.Decision{Action: inspect.ActionHold, Reason: "carving looks like ivory",
		Seals: []string{"S-0001"}, Storage: "cage 2"}, a)
	if err != nil {
		tb.Fatal(err)
	}
	h.clk.add(time.Minute)
	return c
}
