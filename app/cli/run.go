// Package cli is tusk's command line: the subcommands, each testable
// without the window, and the parsing of --home and --user. Package main
// hands it the functions that open windows, so that main stays the only
// importer of fyne.io/fyne/v2/app.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"tusk/app/store"
)

// AppID is fixed forever: it names the preferences and storage folder.
const AppID = "org.tusk.depot"

// Version is set at release time with -ldflags "-X tusk/app/cli.Version=…".
var Version = "0.1.0-dev"

// Windows opens tusk's windows; main supplies them.
type Windows struct {
	// App opens the app's window on the home folder (tusk with no command).
	App func(home string, stderr io.Writer) error
	// Bare opens a bare Fyne window (tusk bench-window): the start-up
	// baseline that docs/BENCHMARKS.md compares Tusk against.
	Bare func() error
}

// Run is the command line without the exit: it returns the exit code.
func Run(args []string, stdout, stderr io.Writer, win Windows) int {
	home, rest, err := splitHome(args)
	var user string
	if err == nil {
		user, rest, err = splitUser(rest) // --user NAME: signin.go
	}
	if err != nil {
		fmt.Fprintln(stderr, "tusk: "+err.Error())
		return exitUsage
	}
	if len(rest) == 0 || rest[0] == "bench-window" {
		open := func() error { return win.App(home, stderr) }
		if len(rest) > 0 {
			open = win.Bare
		}
		if win.App == nil || win.Bare == nil {
			fmt.Fprintln(stderr, "tusk: no window in this build")
			return exitFailure
		}
		if err := open(); err != nil {
			fmt.Fprintln(stderr, "tusk: "+err.Error())
			return exitFailure
		}
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

// run is Run without windows, for the tests.
func run(args []string, stdout, stderr io.Writer) int {
	return Run(args, stdout, stderr, Windows{})
}

// OpenStore opens the home's database for the window, as the commands do,
// creating the home when create is set.
func OpenStore(home string, create bool) (*store.Store, error) { return openStore(home, create) }

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

// defaultHome is the Fyne app storage folder for AppID on desktops:
// <user config dir>/fyne/<AppID>. The commands compute it without opening
// a window.
func defaultHome() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "fyne", AppID)
}
