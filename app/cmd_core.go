package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"tusk/app/store"
)

func init() {
	register(command{name: "version", summary: "print the version", run: cmdVersion})
	register(command{name: "demo", usage: "[--station CODE]", summary: "set up a demo depot with users and sample data in the home folder; --station gives a second station its own code", run: cmdDemo})
	register(command{name: "audit verify", usage: "[--witness FILE]…", summary: "check the audit trail's hash chain against its witnesses (head log, slips, bundles); exit 1 naming the first bad entry or the witness that disagrees", run: cmdAuditVerify})
	register(command{name: "backup", usage: "FILE", summary: "write a consistent copy of the database to FILE and check it", run: cmdBackup})
}

func cmdVersion(env *cliEnv, args []string) error {
	if len(args) != 0 {
		return usagef("version takes no arguments")
	}
	fmt.Fprintf(env.stdout, "tusk %s (%s, %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
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
	st, err := openStore(env.home, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(context.Background(), nil, args[0]); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "backup written and checked: %s\n", args[0])
	return nil
}
