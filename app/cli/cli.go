package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"tusk/app/sop"
	"tusk/data"
)

// A command is one `tusk` subcommand. Files in package cli register their
// commands in init, so each capability keeps its CLI next to its wiring.
type command struct {
	name    string // words after "tusk", e.g. "pack check"
	usage   string // argument synopsis, e.g. "DIR"
	summary string // one line for `tusk help`
	run     func(env *cliEnv, args []string) error
}

var commands = map[string]command{}

func register(c command) {
	if _, dup := commands[c.name]; dup {
		panic("tusk: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

// cliEnv is what a command gets: the home folder and the output streams.
type cliEnv struct {
	home   string
	user   string // --user NAME, for commands that need a person (signin.go)
	stdout io.Writer
	stderr io.Writer
}

// usageError marks bad usage: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// Exit codes, as documented in the README.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// exitCode maps a command's error to the process exit code.
func exitCode(err error) int {
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		return exitUsage
	default:
		return exitFailure
	}
}

// findCommand matches the longest registered name at the start of args.
func findCommand(args []string) (command, []string, bool) {
	for n := min(len(args), 3); n > 0; n-- {
		if c, ok := commands[strings.Join(args[:n], " ")]; ok {
			return c, args[n:], true
		}
	}
	return command{}, args, false
}

func printHelp(w io.Writer) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: tusk [--home DIR] [--user NAME] [COMMAND [ARGS]]")
	fmt.Fprintln(w, "With no command, tusk opens its window.")
	fmt.Fprintln(w)
	for _, n := range names {
		c := commands[n]
		fmt.Fprintf(w, "  %-34s %s\n", strings.TrimSpace(n+" "+c.usage), c.summary)
	}
}

// refuseOverwrite stops a command from replacing an existing file unless
// --force was given.
func refuseOverwrite(path string, force bool) error {
	if _, err := os.Stat(path); err == nil && !force {
		return fmt.Errorf("%s exists; use --force to replace it", path)
	}
	return nil
}

// cliPack loads the pack the app uses: the home's override, else the
// built-in one. A broken override is named with the command that lists
// its problems.
func cliPack(home string) (*sop.Pack, error) {
	pack, err := sop.LoadWithOverride(data.FS, packDir(home))
	if err != nil {
		return nil, fmt.Errorf("the content pack in %s is invalid (tusk pack check %s):\n%w", packDir(home), packDir(home), err)
	}
	return pack, nil
}
