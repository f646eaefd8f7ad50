package store

import (
	"bytes"
	"os"
	"testing"
	"time"

	"tusk/app/inspect"
)

// Defect 7: after the retention purge, the purged name, ID number and
// phone number were still readable in the file's free pages. The test
// greps the database file and its WAL for them.
func TestPurgeRemovesFromFile(t *testing.T) {
	d := newDepot(t)
	s := d.s
	const name, id, phone = "Zebedee Quixote", "19870605-99999-11111-44", "+255 799 000 111"
	in, _ := s.StartInspection(ctx, d.insp, "RR000000001CN", "")
	fill(in, id, phone)
	in.Parties[0].Name = name
	// Several saves, as the counter autosaves: each leaves an old copy.
	for i := 0; i < 3; i++ {
		if err := s.SaveDraft(ctx, d.insp, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Decide(ctx, d.insp, in.ID, inspect.Decision{Action: inspect.ActionClear}, *in.Assessment); err != nil {
		t.Fatal(err)
	}
	grep := func() []string {
		var found []string
		for _, p := range []string{s.Path(), s.Path() + "-wal"} {
			b, _ := os.ReadFile(p)
			for _, v := range []string{name, id, phone} {
				if bytes.Contains(b, []byte(v)) {
					found = append(found, v+" in "+p)
				}
			}
		}
		return found
	}
	if len(grep()) == 0 {
		t.Fatal("the values are not in the file before the purge: the test greps the wrong thing")
	}
	d.tick(400 * 24 * time.Hour)
	if n, err := s.PurgeExpired(ctx, d.sup); err != nil || n != 1 {
		t.Fatalf("purge: %d %v", n, err)
	}
	if found := grep(); len(found) > 0 {
		t.Errorf("purged values still in the file: %v", found)
	}
	verifyAudit(t, s)
}
