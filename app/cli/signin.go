package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"tusk/app/store"
)

// Command-line sign-in
//
// Commands that read personal data, sign, or change keys and users need a
// person: `--user NAME` (anywhere on the line) and that user's PIN, typed
// at the terminal without echo or read as one line from stdin. The sign-in
// has the window's PIN check, failure count and escalating lockout, is
// audited as cli.signin, and what the command then does is audited with
// the user's name. A role that may not do it is refused.

// pinInput is where PINs are read; tests replace it.
var pinInput io.Reader = os.Stdin

// splitUser takes --user NAME (or --user=NAME) from anywhere in args.
func splitUser(args []string) (string, []string, error) {
	user := ""
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--user":
			if i+1 >= len(args) || strings.TrimSpace(args[i+1]) == "" {
				return "", nil, usagef("--user needs a name")
			}
			user = args[i+1]
			i++
		case strings.HasPrefix(a, "--user="):
			user = strings.TrimPrefix(a, "--user=")
			if strings.TrimSpace(user) == "" {
				return "", nil, usagef("--user needs a name")
			}
		default:
			rest = append(rest, a)
		}
	}
	return user, rest, nil
}

// maxPINLine bounds what is read as a PIN.
const maxPINLine = 64

// readPIN reads one PIN: from a terminal with a prompt and no echo, else
// one line from pinInput.
func readPIN(env *cliEnv) (string, error) {
	if f, ok := pinInput.(*os.File); ok && isTerminal(f) {
		fmt.Fprintf(env.stderr, "PIN for %s: ", env.user)
		pin, err := readNoEcho(f)
		fmt.Fprintln(env.stderr)
		return strings.TrimSpace(pin), err
	}
	return readSecretLine()
}

// pinLines reads pinInput line by line, so a PIN and a passphrase can
// follow each other on stdin.
var (
	pinLines    *bufio.Reader
	pinLinesSrc io.Reader
)

func readSecretLine() (string, error) {
	if pinLinesSrc != pinInput {
		pinLines, pinLinesSrc = bufio.NewReaderSize(pinInput, 256), pinInput
	}
	var b strings.Builder
	for b.Len() <= maxPINLine*4 {
		c, err := pinLines.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return "", err
		}
		if c == '\n' {
			break
		}
		b.WriteByte(c)
	}
	return strings.TrimSpace(b.String()), nil
}

// readPassphrase reads the signing key's passphrase, as readPIN does.
func readPassphrase(env *cliEnv, prompt string) (string, error) {
	if f, ok := pinInput.(*os.File); ok && isTerminal(f) {
		fmt.Fprint(env.stderr, prompt+": ")
		p, err := readNoEcho(f)
		fmt.Fprintln(env.stderr)
		return strings.TrimSpace(p), err
	}
	return readSecretLine()
}

// unlockKey asks for the signing key's passphrase when the depot set one
// (it follows the PIN on stdin).
func unlockKey(env *cliEnv, st *store.Store) error {
	if !st.KeySealed(context.Background()) {
		return nil
	}
	p, err := readPassphrase(env, "passphrase of the signing key")
	if err != nil {
		return err
	}
	if err := st.UnlockKey(context.Background(), p); err != nil {
		if errors.Is(err, store.ErrKeyPassphrase) {
			return errors.New("wrong passphrase for the signing key")
		}
		return err
	}
	return nil
}

// signIn signs env.user in for a command that needs capability need.
func signIn(env *cliEnv, st *store.Store, need store.Capability, what string) (*store.User, error) {
	if env.user == "" {
		return nil, fmt.Errorf("%s needs a person: add --user NAME (the PIN is asked for, or read from stdin)", what)
	}
	pin, err := readPIN(env)
	if err != nil {
		return nil, err
	}
	u, err := st.SignInByName(context.Background(), env.user, pin)
	var locked *store.LockedError
	switch {
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrForbidden):
		return nil, fmt.Errorf("no active user %q at this depot", env.user)
	case errors.Is(err, store.ErrWrongPIN):
		return nil, errors.New("wrong PIN")
	case errors.As(err, &locked):
		return nil, fmt.Errorf("too many wrong PINs: %s may try again at %s", env.user, locked.Until.In(time.Local).Format("15:04:05"))
	case err != nil:
		return nil, err
	}
	if !u.Can(need) {
		return nil, fmt.Errorf("%s is %s %s, who may not %s", u.Name, article(string(u.Role)), u.Role, what)
	}
	return u, nil
}

func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// cliStoreFor opens the home's store for a command. need "" means no
// sign-in: the store's command-line operator acts. Otherwise env.user
// signs in, except on a home with no depot and no users (a police desk
// that only keeps keys), where there is nobody to sign in as.
func cliStoreFor(env *cliEnv, create bool, need store.Capability, what string) (*store.Store, *store.User, error) {
	st, actor, err := cliStore(env.home, create)
	if err != nil || need == "" {
		return st, actor, err
	}
	if users, uerr := st.Users(context.Background(), true); uerr == nil && len(users) == 0 {
		if _, derr := st.Depot(context.Background()); errors.Is(derr, store.ErrNoDepot) {
			return st, actor, nil
		}
	}
	u, err := signIn(env, st, need, what)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, u, nil
}
