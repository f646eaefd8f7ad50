package main

import (
	"context"
	"fmt"
	"runtime"
)

func init() {
	register(command{name: "version", summary: "print the version", run: cmdVersion})
	register(command{name: "demo", usage: "[--station CODE]", summary: "set up a demo depot with users and sample data in the home folder; --station gives a second station its own code", run: cmdDemo})
	register(command{name: "audit verify", summary: "check the audit trail's hash chain; exit 1 naming the first bad entry", run: cmdAuditVerify})
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
	if len(args) != 0 {
		return usagef("audit verify takes no arguments")
	}
	st, err := openStore(env.home, false)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.VerifyAudit(context.Background())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "audit trail OK: %d entries\n", n)
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
