// Command tusk is the Tusk desktop app and its command line. With no
// command it opens the window; the commands (package cli) serve scripts,
// tests and police desks. This file is the only importer of
// fyne.io/fyne/v2/app: it opens the store, loads the pack after the first
// frame and hands both to the UI.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	fyneapp "fyne.io/fyne/v2/app"

	"fyne.io/fyne/v2"

	"tusk/app/cli"
	"tusk/app/sop"
	"tusk/app/ui"
	"tusk/data"
	"tusk/i18n"
	"tusk/i18n/fynelang"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr, cli.Windows{App: runGUI, Bare: bareWindow}))
}

// bareWindow is a bare Fyne window from the same binary and flags: the
// start-up baseline that docs/BENCHMARKS.md compares Tusk against.
func bareWindow() error {
	a := fyneapp.NewWithID(cli.AppID)
	w := a.NewWindow("Tusk bare window")
	w.Resize(fyne.NewSize(1000, 700)) // the size Tusk's own window opens at
	w.ShowAndRun()
	return nil
}

func runGUI(home string, stderr io.Writer) error {
	a := fyneapp.NewWithID(cli.AppID)
	// Fyne's own dialogs and menus follow the user's language, not the OS's.
	fynelang.Install()
	fontsReady := ui.Prepare(a)
	st, err := cli.OpenStore(home, true)
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			fmt.Fprintln(stderr, "tusk: closing the database: "+err.Error())
		}
	}()
	w := a.NewWindow(i18n.T("app.name")) // ui.New sizes it to fit a 1024×768 screen
	u := ui.New(a, w, ui.Deps{Store: st, Home: home, Version: cli.Version})
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go cli.AutoBackups(ctx, st, home, stderr) // one a day into <home>/backups
	// The pack loads once the first frame is up, so it never delays it; the
	// Cards screen shows it as soon as it is there.
	loadPack := func() {
		live, err := sop.NewLive(data.FS, filepath.Join(home, "pack"))
		if err != nil {
			fmt.Fprintln(stderr, "tusk: the built-in content pack is invalid: "+err.Error())
			return
		}
		// A trainer's edit in <home>/pack shows in every open window at once.
		live.OnChange(func(*sop.Pack, error) { fyne.Do(u.PackChanged) })
		fyne.Do(func() { u.SetPack(live) })
		// Loading leaves megabytes of parse garbage; give it back now
		// rather than at the next GC, since the app then idles at the counter.
		debug.FreeOSMemory()
		if err := live.Watch(ctx); err != nil {
			fmt.Fprintln(stderr, "tusk: not watching the pack folder: "+err.Error())
		}
	}
	a.Lifecycle().SetOnStarted(func() { go loadPack() })
	fontsReady()
	u.Start()
	// Bundles to the outbox every minute, and the inbox watched (Settings).
	u.StartExchange(ctx)
	w.ShowAndRun()
	u.Close() // the screens' folder watches end with the window
	return nil
}
