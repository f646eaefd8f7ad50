package settings

import (
	"context"
	"errors"
	"strings"
	"testing"

	"tusk/app/store"
)

// unreadable is a store whose settings in bad cannot be read.
type unreadableStore struct {
	*store.Store
	bad map[string]bool
}

func (u unreadableStore) Setting(ctx context.Context, key string) (string, error) {
	if u.bad[key] {
		return "", errors.New("database disk image is malformed")
	}
	return u.Store.Setting(ctx, key)
}

// A setting that cannot be read says so at its field, instead of showing
// a default as if it were saved; the second supervisor's rule shows as
// required (it fails closed).
func TestSettingsReadWithTheirErrors(t *testing.T) {
	h := newHarness(t)
	if _, err := h.st.DB().ExecContext(bg, `INSERT INTO settings(key, value) VALUES ('idle_minutes', 'abc'), ('waybill_patterns', '{not json')`); err != nil {
		t.Fatal(err)
	}
	h.store = unreadableStore{h.st, map[string]bool{store.SettingConfirmReferral: true, store.SettingOutbox: true, store.SettingDueHours: true}}
	s := h.open()
	idle := s.depot.fields["idle"]
	if !idle.Err.Visible() || !strings.Contains(idle.Err.Text, `could not be read ("abc")`) {
		t.Errorf("idle minutes: %q", idle.Err.Text)
	}
	if s.depot.fields["retention"].Err.Visible() {
		t.Errorf("an unset retention is not an error: %q", s.depot.fields["retention"].Err.Text)
	}
	h.section(Review)
	r := s.review
	if !r.confirm.Checked || !strings.Contains(r.fields["confirm"].Err.Text, "database disk image is malformed") {
		t.Errorf("second supervisor: checked %t, %q", r.confirm.Checked, r.fields["confirm"].Err.Text)
	}
	if r.dueHours.Text != "" || !r.fields["due"].Err.Visible() {
		t.Errorf("due hours shown as %q without a word", r.dueHours.Text)
	}
	h.section(Counter)
	if !s.counter.readErr.Visible() || !strings.Contains(s.counter.readErr.Text, "could not be read") {
		t.Errorf("damaged waybill formats: %q", s.counter.readErr.Text)
	}
	h.section(Stations)
	if !s.stations.fields["outbox"].Err.Visible() || s.stations.fields["inbox"].Err.Visible() {
		t.Error("unreadable outbox not marked at its field alone")
	}
	if !h.sees("This setting could not be read") {
		t.Error("not on the screen")
	}
}
