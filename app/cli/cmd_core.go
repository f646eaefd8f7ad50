package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"tusk/app/store"
)

func init() {
	register(command{name: "version", summary: "print the version", run: cmdVersion})
	register(command{name: "demo", usage: "[--station CODE]", summary: "set up a demo depot with users and sample data in the home folder; --station gives a second station its own code", run: cmdDemo})
	register(command{name: "audit verify", usage: "[--witness FILE]…", summary: "check the audit trail's hash chain against its witnesses (head log, slips, bundles); exit 1 naming the first bad entry or the witness that disagrees", run: cmdAuditVerify})
	register(command{name: "backup", usage: "FILE", summary: "write a consistent copy of the database to FILE and check it", run: cmdBackup})
	register(command{name: "restore", usage: "FILE", summary: "put a backup in place of the database; the one there is kept beside it", run: cmdRestore})
}

// openStore opens the home's database, creating the home when create is
// set. A home looser than 0700/0600 is tightened first. An empty, damaged
// or foreign database is refused, never replaced, and the message names
// the latest good backup to restore.
func openStore(home string, create bool) (*store.Store, error) {
	path := filepath.Join(home, store.FileName)
	if _, err := os.Stat(home); err == nil {
		// Before anything reads the database: tighten the folder and files.
		// A walk error shows again, clearer, when the database opens.
		_, _ = store.SecureHome(home)
	}
	if !create {
		if _, err := os.Stat(path); err != nil {
			if errors.Is(err, fs.ErrPermission) {
				return nil, fmt.Errorf("cannot read the home %s: permission denied (run tusk as the user who owns it)", home)
			}
			return nil, fmt.Errorf("no Tusk database in %s (run tusk once, or tusk demo, to create one)", home)
		}
	}
	if err := os.MkdirAll(home, 0o700); err != nil {
		return nil, err
	}
	st, err := store.Open(context.Background(), path)
	if err != nil {
		if strings.Contains(err.Error(), "readonly database") || strings.Contains(err.Error(), "read-only") {
			return nil, fmt.Errorf("%s is read-only for this user: Tusk writes to it on every command (its audit trail records each one); run tusk as the user who owns it", path)
		}
		return nil, openMessage(home, err)
	}
	return st, nil
}

// openMessage says in English why a database was refused, and what to do.
func openMessage(home string, err error) error {
	var msg string
	switch {
	case errors.Is(err, store.ErrEmptyDB):
		msg = "the database is empty (0 bytes or no tables): it was damaged, and Tusk will not replace it with a new one"
	case errors.Is(err, store.ErrDamagedDB):
		msg = "the database is damaged and cannot be read"
	case errors.Is(err, store.ErrForeignDB):
		msg = "the file is an SQLite database, but not Tusk's"
	default:
		return err
	}
	msg = filepath.Join(home, store.FileName) + ": " + msg
	if b := store.LatestGoodBackup(context.Background(), store.BackupDir(home)); b != "" {
		msg += "; the latest good backup is " + b + " (tusk restore " + b + ")"
	} else {
		msg += "; no good backup was found in " + store.BackupDir(home) + " (tusk restore FILE puts one in place)"
	}
	return errors.New(msg)
}

func cmdRestore(env *cliEnv, args []string) error {
	if len(args) != 1 || args[0] == "" || strings.HasPrefix(args[0], "-") {
		return usagef("restore needs one FILE")
	}
	if err := os.MkdirAll(env.home, 0o700); err != nil {
		return err
	}
	// Replacing a database that still opens needs its supervisor; a
	// damaged or missing one has nobody left to ask.
	if st, err := openStore(env.home, false); err == nil {
		st.Close()
		st, _, err := cliStoreFor(env, false, store.CapManageDepot, "restore backups")
		if err != nil {
			return err
		}
		st.Close()
	}
	kept, err := store.Restore(context.Background(), filepath.Join(env.home, store.FileName), args[0])
	if err != nil {
		if errors.Is(err, store.ErrBackupFile) {
			return fmt.Errorf("%s is not a good Tusk backup: %v", args[0], err)
		}
		return err
	}
	if kept != "" {
		fmt.Fprintf(env.stdout, "the database that was there is kept as %s\n", kept)
	}
	fmt.Fprintf(env.stdout, "restored %s; the audit trail notes it and starts a new head log\n", args[0])
	return nil
}

func cmdVersion(env *cliEnv, args []string) error {
	if len(args) != 0 {
		return usagef("version takes no arguments")
	}
	fmt.Fprintf(env.stdout, "tusk %s (%s, %s/%s)\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}

func cmdAuditVerify(env *cliEnv, args []string) error {
	var files []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--witness" && i+1 < len(args):
			files = append(files, args[i+1])
			i++
		case strings.HasPrefix(a, "--witness="):
			files = append(files, strings.TrimPrefix(a, "--witness="))
		default:
			return usagef("audit verify takes only --witness FILE")
		}
	}
	st, err := openStore(env.home, false)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	var ws []store.Witness
	if len(files) > 0 {
		ring, err := st.KeyRing(ctx)
		if err != nil {
			return err
		}
		for _, f := range files {
			w, err := readWitnesses(f, ring)
			if err != nil {
				return err
			}
			ws = append(ws, w...)
		}
	}
	r, err := st.VerifyAuditWith(ctx, ws)
	if err != nil {
		return err
	}
	if r.Entries == 0 {
		// An empty trail proves nothing: say so, and fail if the home has
		// a depot (whose setup is always the first entry).
		if _, derr := st.Depot(ctx); derr == nil {
			return errors.New("the audit trail is empty, yet a depot is set up: the trail was wiped")
		}
		fmt.Fprintln(env.stdout, "audit trail empty: no depot is set up in this home yet")
		return nil
	}
	log := "no head log"
	if r.HeadLog {
		log = "head log agrees"
	}
	fmt.Fprintf(env.stdout, "audit trail OK: %d entries; %s; %d witness heads checked\n", r.Entries, log, r.Witnesses)
	return nil
}

func cmdBackup(env *cliEnv, args []string) error {
	if len(args) != 1 || args[0] == "" {
		return usagef("backup needs one FILE")
	}
	// A backup holds everything: personal data, PIN hashes, the key.
	st, actor, err := cliStoreFor(env, false, store.CapManageDepot, "make backups (they hold everything)")
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(context.Background(), actor, args[0]); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "backup written and checked: %s\n", args[0])
	return nil
}

// AutoBackups writes the daily backup into <home>/backups while the window
// is open: at start, then every hour it checks whether one is due.
func AutoBackups(ctx context.Context, st *store.Store, home string, stderr io.Writer) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if _, err := st.AutoBackup(ctx, store.BackupDir(home)); err != nil && ctx.Err() == nil {
			fmt.Fprintln(stderr, "tusk: daily backup failed: "+err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
