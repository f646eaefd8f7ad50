// Command tusk is the Tusk desktop app and its command line. With no
// command it opens the window; the commands serve scripts, tests and
// police desks. This file is the only importer of fyne.io/fyne/v2/app.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	fyneapp "fyne.io/fyne/v2/app"

	"fyne.io/fyne/v2"

	"tusk/app/sop"
	"tusk/app/ui"
	"tusk/data"
	"tusk/i18n"
	"tusk/i18n/fynelang"
)

// appID is fixed forever: it names the preferences and storage folder.
const appID = "org.tusk.depot"

// version is set at release time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the exit, so tests can call it.
func run(args []string, stdout, stderr io.Writer) int {
	home, rest, err := splitHome(args)
	var user string
	if err == nil {
		user, rest, err = splitUser(rest) // --user NAME: signin.go
	}
	if err != nil {
		fmt.Fprintln(stderr, "tusk: "+err.Error())
		return exitUsage
	}
	if len(rest) == 0 {
		return runGUI(home, stderr)
	}
	if rest[0] == "bench-window" {
		// A bare Fyne window from the same binary and flags: the start-up
		// baseline that docs/BENCHMARKS.md compares Tusk against.
		a := fyneapp.NewWithID(appID)
		w := a.NewWindow("Tusk bare window")
		w.Resize(fyne.NewSize(1000, 700)) // the size Tusk's own window opens at
		w.ShowAndRun()
		return exitOK
	}
	if rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help" {
		printHelp(stdout)
		return exitOK
	}
	c, cargs, ok := findCommand(rest)
	if !ok {
		fmt.Fprintf(stderr, "tusk: unknown command %q (see: tusk help)\n", strings.Join(rest, " "))
		return exitUsage
	}
	env := &cliEnv{home: home, user: user, stdout: stdout, stderr: stderr}
	if err := c.run(env, cargs); err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "tusk: %s (usage: tusk %s %s)\n", err, c.name, c.usage)
		} else {
			fmt.Fprintln(stderr, "tusk: "+err.Error())
		}
		return exitCode(err)
	}
	return exitOK
}

// splitHome takes --home DIR (or --home=DIR) from anywhere in args, then
// falls back to TUSK_HOME, then to the Fyne app storage folder.
func splitHome(args []string) (string, []string, error) {
	home := ""
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--home" || a == "-home":
			if i+1 >= len(args) || args[i+1] == "" {
				return "", nil, usagef("--home needs a folder")
			}
			home = args[i+1]
			i++
		case strings.HasPrefix(a, "--home="):
			home = strings.TrimPrefix(a, "--home=")
			if home == "" {
				return "", nil, usagef("--home needs a folder")
			}
		default:
			rest = append(rest, a)
		}
	}
	if home == "" {
		home = os.Getenv("TUSK_HOME")
	}
	if home == "" {
		home = defaultHome()
	}
	abs, err := filepath.Abs(home)
	if err != nil {
		return "", nil, err
	}
	return abs, rest, nil
}

// defaultHome is the Fyne app storage folder for appID on desktops:
// <user config dir>/fyne/<appID>. The commands compute it without opening
// a window.
func defaultHome() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "fyne", appID)
}

func runGUI(home string, stderr io.Writer) int {
	a := fyneapp.NewWithID(appID)
	// Fyne's own dialogs and menus follow the user's language, not the OS's.
	fynelang.Install()
	fontsReady := ui.Prepare(a)
	st, err := openStore(home, true)
	if err != nil {
		fmt.Fprintln(stderr, "tusk: "+err.Error())
		return exitFailure
	}
	defer st.Close()
	w := a.NewWindow(i18n.T("app.name")) // ui.New sizes it to fit a 1024×768 screen
	u := ui.New(a, w, ui.Deps{Store: st, Home: home, Version: version})
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go autoBackups(ctx, st, home, stderr) // one a day into <home>/backups
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
	return exitOK
}
