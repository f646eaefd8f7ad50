package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"tusk/app/exchange"
	"tusk/app/store"
)

func init() {
	register(command{name: "import", usage: "FILE | --inbox DIR",
		summary: "import a station's signed bundle of cases (its key first: tusk keys import); --inbox takes every bundle of an inbox into the home's archive, as the app does", run: cmdImport})
}

// cmdExportBundle writes this station's new cases as signed bundles into
// DIR; with nothing new it writes nothing. --force is accepted and means
// nothing here: bundle names never replace a file.
func cmdExportBundle(env *cliEnv, o *opts) error {
	dir := o.vals["--bundle"]
	if dir == "" || len(o.args) != 0 {
		return usagef("export --bundle needs one DIR and no other argument")
	}
	if o.flags["--personal"] {
		return usagef("--personal goes with --csv or --json (a bundle always holds personal data)")
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	// A fresh home is made: it has no cases of its own to send yet.
	st, actor, err := cliStoreFor(env, true, exportNeed("--bundle", false), "sign and send bundles")
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Depot(context.Background()); errors.Is(err, store.ErrNoDepot) {
		fmt.Fprintln(env.stdout, "no depot is set up in this home, so it has no cases of its own to send; nothing written")
		return nil
	}
	if err := unlockKey(env, st); err != nil {
		return err
	}
	sent, err := exchange.Export(context.Background(), st, actor, dir)
	for _, f := range sent.Files {
		fmt.Fprintf(env.stdout, "wrote %s\n", f)
	}
	if err != nil {
		return bundleMessage(err)
	}
	if sent.Cases == 0 {
		fmt.Fprintln(env.stdout, "no new cases since the last bundle; nothing written")
		return nil
	}
	fmt.Fprintf(env.stdout, "%d case(s) in %d bundle(s); they hold personal data: share them only through a folder the depots alone can read\n",
		sent.Cases, len(sent.Files))
	return nil
}

// cmdImport verifies and merges one bundle file, leaving the file where
// it is. It works on a fresh home: the store is made, and the station's
// key must be imported first with tusk keys import.
func cmdImport(env *cliEnv, args []string) error {
	if len(args) == 2 && args[0] == "--inbox" && args[1] != "" {
		return cmdImportInbox(env, args[1])
	}
	if len(args) != 1 || args[0] == "" || strings.HasPrefix(args[0], "--") {
		return usagef("import needs one FILE")
	}
	path := args[0]
	if fi, err := os.Stat(path); err != nil || fi.IsDir() {
		return fmt.Errorf("%s: no such file", path)
	}
	st, actor, err := cliStoreFor(env, true, store.CapDecide, "import bundles")
	if err != nil {
		return err
	}
	defer st.Close()
	r := exchange.ImportFile(context.Background(), st, actor, path)
	if r.Err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), bundleMessage(r.Err))
	}
	if r.Duplicate {
		fmt.Fprintf(env.stdout, "%s from %s: already imported (the same bytes, SHA-256 %s); nothing changed\n", r.File, r.Station, r.Hash[:12])
		return nil
	}
	fmt.Fprintf(env.stdout, "%s from %s: %d added, %d updated, %d unchanged\n",
		r.File, r.Station, r.Counts.Added, r.Counts.Updated, r.Counts.Unchanged)
	// The acknowledgement goes back when a return folder is set.
	if _, err := exchange.WriteAcks(context.Background(), st, actor); err != nil {
		return storeMessage(err)
	}
	return nil
}

// bundleMessage gives a bundle's problem as one English line.
func bundleMessage(err error) error {
	var se *store.Error
	if errors.As(err, &se) && strings.HasPrefix(se.Code, "exchange.") {
		return errors.New(exchange.Reason(err))
	}
	return storeMessage(err)
}
