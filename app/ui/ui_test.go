package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tusk/app/sop"
	"tusk/app/store"
	"tusk/app/ui/settings"
	"tusk/data"
	"tusk/i18n"
)

var bg = context.Background()

// harness is a UI on a fresh store in a test window.
type harness struct {
	t  *testing.T
	st *store.Store
	u  *UI
	w  fyne.Window
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	st, err := store.Open(bg, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	home := t.TempDir()
	live, err := sop.NewLive(data.FS, filepath.Join(home, "pack"))
	if err != nil {
		t.Fatal(err)
	}
	return newHarnessOn(t, st, home, live)
}

// newHarnessOn opens a UI in a fresh test app and window on a given store,
// as main does at start-up.
func newHarnessOn(t *testing.T, st *store.Store, home string, live *sop.Live) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	t.Cleanup(func() { i18n.SetLanguage(i18n.Default) })
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1100, 760))
	u := New(a, w, Deps{Store: st, Home: home, Version: "test", Pack: live})
	t.Cleanup(u.idle.stop)
	return &harness{t: t, st: st, u: u, w: w}
}

// withDepot sets the depot up and adds one user per role, all with PIN 246810.
func (h *harness) withDepot(lang string) map[store.Role]*store.User {
	h.t.Helper()
	sup, err := h.st.Setup(bg, store.Depot{Code: "TZ-DAR1", Name: "Dar es Salaam Kariakoo", Country: "TZ", Language: lang},
		store.NewUser{Name: "Amina Juma", PIN: "246810", Language: "en"})
	if err != nil {
		h.t.Fatal(err)
	}
	users := map[store.Role]*store.User{store.Supervisor: sup}
	for _, nu := range []store.NewUser{
		{Name: "Neema Mushi", Role: store.Inspector, PIN: "246810", Language: "sw"},
		{Name: "Nguyen Thi Lan", Role: store.Trainer, PIN: "246810", Language: "en"},
	} {
		u, err := h.st.AddUser(bg, sup, nu)
		if err != nil {
			h.t.Fatal(err)
		}
		users[nu.Role] = u
	}
	return users
}

// texts collects every visible label and button text in the window.
func texts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.Button:
			out = append(out, w.Text)
		case *widget.Card:
			out = append(out, w.Title)
			if w.Content != nil {
				walk(w.Content)
			}
			return
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, ch := range c.Objects {
				walk(ch)
			}
		} else if wd, ok := o.(fyne.Widget); ok {
			for _, ch := range test.WidgetRenderer(wd).Objects() {
				walk(ch)
			}
		}
	}
	walk(o)
	return out
}

func (h *harness) sees(s string) bool {
	for _, t := range texts(h.w.Content()) {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// startAs sets the depot up, signs name in and opens a screen: the way
// most tests begin.
func (h *harness) startAs(name string, screen navID) {
	h.t.Helper()
	h.withDepot("en")
	h.u.Start()
	h.signIn(name, "246810")
	test.Tap(h.u.shell.nav[screen])
}

func (h *harness) signIn(name, pin string) {
	h.t.Helper()
	s := h.u.signIn
	for i, usr := range s.users {
		if usr.Name == name {
			test.Tap(s.buttons[i])
		}
	}
	test.Type(s.pin, pin)
	test.Tap(s.submit)
}

func TestFirstRunCreatesDepotAndSupervisor(t *testing.T) {
	h := newHarness(t)
	h.u.Start()
	fr := h.u.firstRun
	if fr == nil || !h.sees("Welcome to Tusk") {
		t.Fatal("first run not shown on an empty store")
	}
	// Bad input is marked at each field and nothing is saved.
	test.Type(fr.code, "x")
	test.Type(fr.country, "Tanzania")
	test.Type(fr.pin, "123")
	test.Tap(fr.submit)
	for _, f := range []string{"code", "name", "country", "user", "pin"} {
		if !fr.fields[f].Err.Visible() || fr.fields[f].Err.Text == "" {
			t.Errorf("field %s shows no error", f)
		}
	}
	if _, err := h.st.Depot(bg); err == nil {
		t.Fatal("depot saved despite errors")
	}
	fr.code.SetText("tz-dar1")
	fr.name.SetText("Dar es Salaam Kariakoo")
	fr.country.SetText("tz")
	fr.userName.SetText("Amina Juma")
	fr.pin.SetText("246810")
	test.Type(fr.pin2, "246811")
	test.Tap(fr.submit)
	if !fr.fields["pin2"].Err.Visible() {
		t.Fatal("PIN mismatch not shown")
	}
	fr.pin2.SetText("246810")
	test.Tap(fr.submit)
	d, err := h.st.Depot(bg)
	if err != nil || d.Code != "TZ-DAR1" || d.Country != "TZ" {
		t.Fatalf("depot %+v %v", d, err)
	}
	if h.u.User() == nil || h.u.User().Role != store.Supervisor {
		t.Fatal("first supervisor not signed in")
	}
	if keys, err := h.st.Keys(bg); err != nil || len(keys) != 1 {
		t.Errorf("the depot key is not made at first run: %d keys, %v", len(keys), err)
	}
	if !h.sees("Amina Juma") || h.u.CurrentScreen() != "inspect" {
		t.Errorf("shell not shown after first run (screen %q)", h.u.CurrentScreen())
	}
}

func TestFirstRunInChosenLanguage(t *testing.T) {
	h := newHarness(t)
	h.u.Start()
	h.u.firstRun.language.SetSelected("中文")
	if !h.sees("欢迎使用 Tusk") {
		t.Errorf("first run not in Chinese: %v", texts(h.w.Content())[:5])
	}
}

func TestSignInSuccessAndFailure(t *testing.T) {
	h := newHarness(t)
	h.withDepot("en")
	h.u.Start()
	if h.u.signIn == nil || !h.sees("Sign in") {
		t.Fatal("sign-in not shown")
	}
	h.signIn("Neema Mushi", "999999")
	if h.u.User() != nil {
		t.Fatal("wrong PIN signed in")
	}
	if got := h.u.signIn.message.Text; got != "Wrong PIN." {
		t.Errorf("message %q", got)
	}
	if h.u.signIn.pin.Text != "" {
		t.Error("PIN left in the field after a failure")
	}
	h.signIn("Neema Mushi", "246810")
	if h.u.User() == nil || h.u.User().Name != "Neema Mushi" {
		t.Fatal("right PIN did not sign in")
	}
	// Neema's own language is Kiswahili.
	if !h.sees("Mipangilio") {
		t.Error("shell not in the user's language")
	}
	entries, _ := h.st.RecentAudit(bg, 2)
	if len(entries) < 2 || entries[0].Action != "signin.ok" || entries[1].Action != "signin.fail" {
		t.Errorf("audit: %+v", entries)
	}
}

func TestSignInLocksAfterFiveWrongPINs(t *testing.T) {
	h := newHarness(t)
	h.withDepot("en")
	h.u.Start()
	for i := 0; i < 5; i++ {
		h.signIn("Neema Mushi", "999999")
	}
	if !strings.Contains(h.u.signIn.message.Text, "Try again after") {
		t.Errorf("no wait message: %q", h.u.signIn.message.Text)
	}
	h.signIn("Neema Mushi", "246810")
	if h.u.User() != nil {
		t.Error("signed in during the wait")
	}
}

func TestNavigationByRole(t *testing.T) {
	want := map[store.Role][]string{
		store.Supervisor: {"inspect", "cards", "cases", "dashboard", "training", "verify", "settings"},
		store.Inspector:  {"inspect", "cards", "cases", "training", "verify", "settings"},
		store.Trainer:    {"cards", "training", "settings"},
	}
	for role, screens := range want {
		t.Run(string(role), func(t *testing.T) {
			h := newHarness(t)
			users := h.withDepot("en")
			h.u.Start()
			h.signIn(users[role].Name, "246810")
			var got []string
			for _, id := range h.u.shell.order {
				got = append(got, string(id))
			}
			if strings.Join(got, ",") != strings.Join(screens, ",") {
				t.Errorf("nav %v, want %v", got, screens)
			}
			// A screen outside the role cannot be opened, even directly.
			h.u.navigate(navCases)
			if role == store.Trainer && h.u.CurrentScreen() == "cases" {
				t.Error("trainer opened Cases")
			}
			// Every allowed screen opens when tapped.
			for _, id := range h.u.shell.order {
				test.Tap(h.u.shell.nav[id])
				if h.u.CurrentScreen() != string(id) {
					t.Errorf("tap %s opened %s", id, h.u.CurrentScreen())
				}
			}
			test.Tap(h.u.shell.nav[navSettings])
			if h.u.settings.Has(settings.Users) != (role == store.Supervisor) {
				t.Errorf("users panel shown=%t for %s", h.u.settings.Has(settings.Users), role)
			}
		})
	}
}

func TestLanguageSwitchShowsChinese(t *testing.T) {
	h := newHarness(t)
	h.startAs("Amina Juma", navSettings)
	if !h.sees("Settings") {
		t.Fatal("not in English first")
	}
	h.u.settings.Language().SetSelected("中文")
	for _, want := range []string{"设置", "验视", "识别卡", "案件", "切换用户", "我的设置"} {
		if !h.sees(want) {
			t.Errorf("Chinese label %q not shown", want)
		}
	}
	if h.sees("Settings") || h.u.CurrentScreen() != "settings" {
		t.Error("English left after the switch, or the screen changed")
	}
	u, _ := h.st.User(bg, h.u.User().ID)
	if u.Language != "zh" {
		t.Errorf("language saved as %q", u.Language)
	}
	// The choice follows the user to the next sign-in.
	test.Tap(h.u.shell.switchBt)
	h.signIn("Amina Juma", "246810")
	if !h.sees("设置") {
		t.Error("Chinese not restored at the next sign-in")
	}
}

func TestLockAndSwitchUser(t *testing.T) {
	h := newHarness(t)
	h.withDepot("en")
	h.u.Start()
	h.signIn("Amina Juma", "246810")
	h.u.Lock()
	if h.u.User() != nil || !h.u.signIn.locked || h.u.signIn.selected == nil || h.u.signIn.selected.Name != "Amina Juma" {
		t.Fatal("lock screen does not hold the same user")
	}
	if !h.sees("Screen locked") || h.sees("Users") {
		t.Error("lock screen shows the wrong things")
	}
	test.Type(h.u.signIn.pin, "246810")
	test.Tap(h.u.signIn.submit)
	if h.u.User() == nil {
		t.Fatal("could not unlock")
	}
	test.Tap(h.u.shell.switchBt)
	h.signIn("Nguyen Thi Lan", "246810")
	if h.u.User().Role != store.Trainer {
		t.Error("switch user failed")
	}
}

func TestIdleTimerFires(t *testing.T) {
	fired := make(chan struct{}, 1)
	it := newIdleTimer(func() { fired <- struct{}{} })
	it.start(20 * time.Millisecond)
	defer it.stop()
	select {
	case <-fired:
	case <-time.After(2 * time.Second):
		t.Fatal("idle timer never fired")
	}
}

func mustUser(t *testing.T, h *harness, name string) *store.User {
	t.Helper()
	users, _ := h.st.Users(bg, true)
	for _, u := range users {
		if u.Name == name {
			return u
		}
	}
	t.Fatalf("no user %s", name)
	return nil
}

func userLang(code string) store.UserUpdate { return store.UserUpdate{Language: &code} }
