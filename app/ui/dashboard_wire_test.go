package ui

import "testing"

func TestInspectorHasNoDashboard(t *testing.T) {
	h := newHarness(t)
	h.withDepot("en")
	h.u.Start()
	h.signIn("Neema Mushi", "246810")
	if _, ok := h.u.shell.nav[navDash]; ok {
		t.Fatal("an inspector has the dashboard in the navigation")
	}
	h.u.navigate(navDash)
	if h.u.CurrentScreen() == string(navDash) {
		t.Error("an inspector opened the dashboard")
	}
}
