package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"tusk/app/atomicfile"
	"tusk/app/caserecord"
	"tusk/app/referral"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/i18n"
)

// The referral commands: case list, slips, verification, record export
// and the depot keys. They act as the store's command-line operator
// (store.CLIActor), audited as "command line": whoever runs them can read
// the database file anyway.

func init() {
	register(command{name: "cases list", usage: "[--status S]",
		summary: "list cases, newest first: number, status, risk, waybill, opened, suspected products", run: cmdCasesList})
	register(command{name: "slip", usage: "CASE -o FILE.pdf [--paper A4|Letter] [--lang L] [--second en|none] [--to REFERRAL] [--reissue REASON] [--force]",
		summary: "write the signed referral slip PDF of a case: issued once, then copies of it; --reissue corrects it under a new number (docs/referral.md)", run: cmdSlip})
	register(command{name: "verify", usage: "PAYLOAD|- [--record FILE]",
		summary: "check a referral slip's QR text against the known depot keys; exit 1 if not valid", run: cmdVerify})
	register(command{name: "export", usage: "--case CASE FILE | --csv FILE [--personal] | --json FILE [--personal] | --cites FILE | --bundle DIR  [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--force]",
		summary: "write a case record for the police, the cases as CSV, JSON or a non-nominal CITES table, or this station's new cases as a signed bundle", run: cmdExport})
	register(command{name: "keys export", usage: "FILE [--force]", summary: "write this depot's public key file for police desks and other depots", run: cmdKeysExport})
	register(command{name: "keys import", usage: "FILE", summary: "trust another depot's public key file for verification", run: cmdKeysImport})
	register(command{name: "keys rotate", summary: "make a new signing key; old slips still verify", run: cmdKeysRotate})
	register(command{name: "keys list", summary: "list the depot keys known here, with fingerprints", run: cmdKeysList})
	register(command{name: "keys passphrase", usage: "[--remove]", summary: "seal the signing key with a passphrase (asked for, or read from stdin after the PIN); signing then asks for it", run: cmdKeysPassphrase})
}

// Size caps of the files the referral commands read: a case record is a
// few kilobytes of JSON, a key file a few hundred bytes.
const (
	maxRecordFile = 4 << 20
	maxKeyFile    = 64 << 10
	maxLabel      = 200
)

// referralStdin is what "tusk verify -" reads; tests replace it.
var referralStdin io.Reader = os.Stdin

// opts is a small option parser: --name VALUE, --name=VALUE, boolean
// flags, and positional arguments.
type opts struct {
	vals  map[string]string
	flags map[string]bool
	args  []string
}

func parseOpts(args []string, valued []string, booleans []string) (*opts, error) {
	o := &opts{vals: map[string]string{}, flags: map[string]bool{}}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			o.args = append(o.args, a)
			continue
		}
		name, val, inline := strings.Cut(a, "=")
		switch {
		case slices.Contains(booleans, name) && !inline:
			o.flags[name] = true
		case slices.Contains(valued, name):
			if !inline {
				if i+1 >= len(args) {
					return nil, usagef("%s needs a value", name)
				}
				i++
				val = args[i]
			}
			if _, dup := o.vals[name]; dup {
				return nil, usagef("%s given twice", name)
			}
			o.vals[name] = val
		default:
			return nil, usagef("unknown option %s", a)
		}
	}
	return o, nil
}

// cliStore opens the home's store and the command-line actor.
func cliStore(home string, create bool) (*store.Store, *store.User, error) {
	st, err := openStore(home, create)
	if err != nil {
		return nil, nil, err
	}
	actor, err := st.CLIActor(context.Background())
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, actor, nil
}

// cliDepotStore opens the home's store for a command that needs its depot
// set up; without one it says so and closes the store.
func cliDepotStore(ctx context.Context, env *cliEnv, need store.Capability, what string) (*store.Store, *store.User, error) {
	st, actor, err := cliStoreFor(env, false, need, what)
	if err != nil {
		return nil, nil, err
	}
	if _, err := st.Depot(ctx); err != nil {
		st.Close()
		return nil, nil, storeMessage(err)
	}
	return st, actor, nil
}

// storeMessage puts the store's coded errors into one English line.
func storeMessage(err error) error {
	var se *store.Error
	if !errors.As(err, &se) {
		return err
	}
	msg := map[string]string{
		store.ErrNoDepot.Code:    "no depot is set up in this home (set it up in the app first, or use tusk demo)",
		store.ErrNotFound.Code:   "no such case",
		store.ErrNoSlip.Code:     "no slip was made for this case yet (make one with tusk slip)",
		store.ErrKeyOwn.Code:     "that is this depot's own key, not another depot's",
		store.ErrForbidden.Code:  "not allowed",
		store.ErrSlipNumber.Code: "another slip was made at the same time; run the command again",
	}[se.Code]
	if msg == "" && i18n.HasKey(se.Code) {
		// Never a raw code: the English text of any other store error.
		msg = i18n.New("en").T(se.Code)
		if se.Detail != "" {
			msg += " (" + printable(se.Detail, 200) + ")"
		}
	}
	if msg == "" {
		return err
	}
	return errors.New(msg)
}

func cmdCasesList(env *cliEnv, args []string) error {
	o, err := parseOpts(args, []string{"--status"}, nil)
	if err != nil {
		return err
	}
	if len(o.args) != 0 {
		return usagef("cases list takes no arguments")
	}
	status := o.vals["--status"]
	if _, given := o.vals["--status"]; given && !slices.Contains(caseStatuses(), status) {
		return usagef("--status must be one of %s", strings.Join(caseStatuses(), ", "))
	}
	st, actor, err := cliStore(env.home, false)
	if err != nil {
		return err
	}
	defer st.Close()
	cases, err := st.Cases(context.Background(), actor, status)
	if err != nil {
		return storeMessage(err)
	}
	if len(cases) == 0 {
		fmt.Fprintln(env.stderr, "no cases")
	}
	for _, c := range cases {
		cards := strings.Join(c.Cards, ",")
		if cards == "" {
			cards = "-"
		}
		fmt.Fprintf(env.stdout, "%s  %-12s %-5s %-16s %s  %s\n", c.Number, c.Status, c.Risk, c.Waybill,
			c.OpenedAt.In(time.Local).Format("2006-01-02 15:04"), cards)
	}
	return nil
}

func caseStatuses() []string {
	return []string{"open", "under_review", "referred", "handed_over", "closed"}
}

// sourceDate is SOURCE_DATE_EPOCH as a time (reproducible builds'
// convention), or zero when unset.
func sourceDate() (time.Time, error) {
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH must be whole seconds since 1970, not %q", v)
	}
	return time.Unix(n, 0).UTC(), nil
}

func cmdSlip(env *cliEnv, args []string) error {
	o, err := parseOpts(args, []string{"-o", "--out", "--paper", "--lang", "--second", "--to", "--reissue"}, []string{"--force"})
	if err != nil {
		return err
	}
	if len(o.args) != 1 || o.args[0] == "" {
		return usagef("slip needs one CASE")
	}
	caseNo := strings.ToUpper(strings.TrimSpace(o.args[0]))
	out := o.vals["-o"]
	if out == "" {
		out = o.vals["--out"]
	}
	if out == "" {
		return usagef("slip needs -o FILE.pdf")
	}
	paper := o.vals["--paper"]
	switch strings.ToLower(paper) {
	case "", "a4":
		paper = "A4"
	case "letter":
		paper = "Letter"
	default:
		return usagef("--paper must be A4 or Letter")
	}
	second := o.vals["--second"]
	if second != "" && second != "en" && second != "none" {
		return usagef("--second must be en or none")
	}
	lang := o.vals["--lang"]
	if lang != "" && !slices.Contains(sop.Languages, lang) {
		return usagef("--lang must be one of %s", strings.Join(sop.Languages, ", "))
	}
	created, err := sourceDate()
	if err != nil {
		return err
	}
	if err := refuseOverwrite(out, o.flags["--force"]); err != nil {
		return err
	}

	ctx := context.Background()
	st, actor, err := cliDepotStore(ctx, env, store.CapDecide, "sign referral slips")
	if err != nil {
		return err
	}
	defer st.Close()
	if err := unlockKey(env, st); err != nil {
		return err
	}
	if _, err := st.CaseByNumber(ctx, actor, caseNo); err != nil {
		return fmt.Errorf("case %s: %w", caseNo, storeMessage(err))
	}
	pack, err := cliPack(env.home)
	if err != nil {
		return err
	}
	reason, reissue := o.vals["--reissue"]
	if reissue && strings.TrimSpace(reason) == "" {
		return usagef("--reissue needs the reason for the correction")
	}
	slip, err := caserecord.MakeSlip(ctx, st, actor, pack, caserecord.SlipRequest{Case: caseNo, Lang: lang, Second: second != "none",
		Paper: paper, ReferralID: o.vals["--to"], Created: created, Reissue: reissue, Reason: reason,
		Out:     store.SlipOut{Action: store.SlipSaved, Where: out},
		Deliver: func(sl *caserecord.Slip) error { return atomicfile.WriteFile(out, sl.PDF) },
		// The supervisor who signed in; the slip is signed by hand too.
		Supervisor: referral.Officer{ID: strconv.FormatInt(actor.ID, 10), Name: actor.Name}})
	if err != nil && slip != nil && slip.Issued {
		return fmt.Errorf("slip %s was recorded but not written: %w (tusk export --case %s gives its record)", slip.Number, err, slip.Case)
	}
	if err != nil {
		var ce *caserecord.Error
		if errors.As(err, &ce) {
			return fmt.Errorf("case %s: %s", caseNo, recordMessage(err))
		}
		return storeMessage(err)
	}
	what := "slip " + slip.Number + " (a copy: one referral, one slip number)"
	switch {
	case slip.Supersedes != "" && slip.Issued:
		what = "slip " + slip.Number + " (re-issued, replaces " + slip.Supersedes + ")"
	case slip.Issued:
		what = "slip " + slip.Number
	}
	fmt.Fprintf(env.stdout, "%s for case %s written to %s (%s, %s, QR version %d, key %s)\n",
		what, slip.Case, out, paper, slip.Lang, slip.QRVersion, slip.Key.Fingerprint())
	return nil
}

// recordMessage says in English why a record could not be made.
func recordMessage(err error) string {
	var ce *caserecord.Error
	if errors.As(err, &ce) {
		switch ce.Code {
		case caserecord.ErrAddressee.Code:
			return "no such addressee in the referral directory (" + ce.Detail + ")"
		case caserecord.ErrClosed.Code:
			return "the case is closed"
		case caserecord.ErrNotHeld.Code:
			return "the parcel was not held or refused"
		}
	}
	return err.Error()
}

// readPayload takes the argument, or one line from stdin for "-" (a 2D
// scanner in keyboard mode types the text and then Enter).
func readPayload(arg string) (string, error) {
	if arg != "-" {
		return arg, nil
	}
	line, err := bufio.NewReader(io.LimitReader(referralStdin, referral.MaxPayloadLen+16)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return line, nil
}

func cmdVerify(env *cliEnv, args []string) error {
	o, err := parseOpts(args, []string{"--record"}, nil)
	if err != nil {
		return err
	}
	if len(o.args) != 1 || o.args[0] == "" {
		return usagef("verify needs one PAYLOAD (or - to read it from stdin)")
	}
	payload, err := readPayload(o.args[0])
	if err != nil {
		return err
	}
	var record []byte
	if f := o.vals["--record"]; f != "" {
		if record, err = readCapped(f, maxRecordFile); err != nil {
			return err
		}
	}
	// A fresh home has no keys: every slip is then from an unknown key.
	var c referral.Claims
	var key referral.KeyInfo
	superseded := ""
	if _, serr := os.Stat(filepath.Join(env.home, store.FileName)); serr == nil {
		st, oerr := openStore(env.home, false)
		if oerr != nil {
			return oerr
		}
		// The store also checks this depot's own slips against its register.
		c, key, err = st.VerifySlip(context.Background(), payload)
		if err == nil {
			superseded, err = st.SlipSupersededBy(context.Background(), c.SlipNo)
		}
		st.Close()
		var re *referral.Error
		if err != nil && !errors.As(err, &re) {
			return err
		}
	} else {
		c, key, err = referral.Verify(payload, referral.KeyRing{})
	}
	if err != nil {
		msg := err.Error()
		var re *referral.Error
		if errors.As(err, &re) {
			msg = re.Msg
		}
		if errors.Is(err, referral.ErrUnknownKey) {
			if fp, ok := referral.PayloadKeyFingerprint(payload); ok {
				msg += " (key " + fp + ")"
			}
		}
		return errors.New("not valid: " + msg)
	}
	if record != nil {
		if err := referral.VerifyRecord(c, record); err != nil {
			var re *referral.Error
			msg := err.Error()
			if errors.As(err, &re) {
				msg = re.Msg
			}
			return fmt.Errorf("not valid: %s: %s", o.vals["--record"], msg)
		}
	}
	printClaims(env.stdout, c, key)
	if superseded != "" {
		fmt.Fprintf(env.stdout, "%-10s replaced by slip %s: this slip is authentic but no longer in force; ask for %s\n", "superseded", superseded, superseded)
	}
	if record != nil {
		// VerifyRecord checked the record's full lists against what the
		// code lists and counts, so the record proves the items left out.
		full := ""
		if c.Omitted() {
			full = fmt.Sprintf("; it holds all %d products, %d seals and %d photos", c.ProductsTotal(), c.SealsTotal(), c.PhotosTotal())
		}
		fmt.Fprintf(env.stdout, "%-10s %s is the record this slip was made from%s\n", "record", o.vals["--record"], full)
	}
	return nil
}

// listed says how many items the code lists out of the record's total:
// "8 (5 in the code, 3 more in the case record)", or just "2" when the
// code lists them all.
func listed(inCode, omitted int) string {
	if omitted == 0 {
		return strconv.Itoa(inCode)
	}
	return fmt.Sprintf("%d (%d in the code, %d more in the case record)", inCode+omitted, inCode, omitted)
}

func printClaims(w io.Writer, c referral.Claims, key referral.KeyInfo) {
	row := func(k, v string) { fmt.Fprintf(w, "%-10s %s\n", k, v) }
	fmt.Fprintln(w, "valid referral slip")
	row("case", c.CaseNo)
	row("slip", c.SlipNo)
	row("depot", c.Depot)
	row("stage", c.Stage.String())
	row("issued", c.IssuedAt.In(time.Local).Format("2006-01-02 15:04:05 -07:00")+" ("+c.IssuedAt.UTC().Format(time.RFC3339)+")")
	switch {
	case c.ProductsOmitted > 0:
		row("products", listed(len(c.Products), c.ProductsOmitted))
	case len(c.Products) == 0:
		row("products", "none")
	}
	for i, p := range c.Products {
		var parts []string
		if p.Count > 0 {
			parts = append(parts, fmt.Sprintf("%d items", p.Count))
		}
		if p.Grams > 0 {
			parts = append(parts, fmt.Sprintf("%d g", p.Grams))
		}
		if len(parts) == 0 {
			parts = append(parts, "not counted or weighed")
		}
		k := ""
		if i == 0 && c.ProductsOmitted == 0 {
			k = "products"
		}
		row(k, p.CardID+": "+strings.Join(parts, ", "))
	}
	seals := strings.Join(c.Seals, ", ")
	switch {
	case c.SealsOmitted > 0 && seals != "":
		seals = listed(len(c.Seals), c.SealsOmitted) + ": " + seals
	case c.SealsOmitted > 0:
		seals = listed(len(c.Seals), c.SealsOmitted)
	case seals == "":
		seals = "none"
	}
	row("seals", seals)
	row("photos", listed(len(c.Photos), c.PhotosOmitted))
	row("record", fmt.Sprintf("sha256 %x… (check the record file with --record)", c.RecordHash))
	row("key", fmt.Sprintf("%s, %s key of %s: %s", key.Fingerprint(), key.Kind, key.Depot, key.Label))
}

// exportNeed is who may run an export: personal data and signed
// bundles need a signed-in person.
func exportNeed(kind string, personal bool) store.Capability {
	switch {
	case kind == "--bundle":
		return store.CapDecide
	case personal:
		return store.CapDecide // exports are the supervisors' (README)
	}
	return ""
}

// cmdExport dispatches on what is exported: one case record (here), the
// case table (cmd_export.go) or a station bundle (cmd_exchange.go).
func cmdExport(env *cliEnv, args []string) error {
	o, err := parseOpts(args, []string{"--case", "--csv", "--json", "--cites", "--bundle", "--from", "--to"}, []string{"--force", "--personal"})
	if err != nil {
		return err
	}
	var kinds []string
	for _, k := range []string{"--case", "--csv", "--json", "--cites", "--bundle"} {
		if _, ok := o.vals[k]; ok {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) != 1 {
		return usagef("export needs exactly one of --case, --csv, --json, --cites, --bundle")
	}
	switch kinds[0] {
	case "--csv", "--json", "--cites":
		return cmdExportTable(env, kinds[0], o)
	case "--bundle":
		return cmdExportBundle(env, o)
	}
	if o.flags["--personal"] {
		return usagef("--personal goes with --csv or --json")
	}
	if o.vals["--from"] != "" || o.vals["--to"] != "" {
		return usagef("--from and --to go with --csv, --json or --cites")
	}
	return exportCase(env, o)
}

// exportCase writes the frozen case record of a case's latest slip.
func exportCase(env *cliEnv, o *opts) error {
	caseNo := strings.ToUpper(strings.TrimSpace(o.vals["--case"]))
	if caseNo == "" {
		return usagef("export needs --case CASE")
	}
	if len(o.args) != 1 || o.args[0] == "" {
		return usagef("export needs one FILE")
	}
	out := o.args[0]
	if err := refuseOverwrite(out, o.flags["--force"]); err != nil {
		return err
	}
	st, actor, err := cliStoreFor(env, false, store.CapDecide, "export case records (they hold personal data)")
	if err != nil {
		return err
	}
	defer st.Close()
	sl, err := st.ExportCaseRecord(context.Background(), actor, caseNo)
	if err != nil {
		return fmt.Errorf("case %s: %w", caseNo, storeMessage(err))
	}
	if err := atomicfile.WriteFile(out, sl.Record); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "case record of %s (slip %s) written to %s; it holds personal data: hand it only to the police\n", caseNo, sl.Number, out)
	return nil
}

func cmdKeysExport(env *cliEnv, args []string) error {
	o, err := parseOpts(args, nil, []string{"--force"})
	if err != nil {
		return err
	}
	if len(o.args) != 1 || o.args[0] == "" {
		return usagef("keys export needs one FILE")
	}
	out := o.args[0]
	if err := refuseOverwrite(out, o.flags["--force"]); err != nil {
		return err
	}
	st, err := openStore(env.home, false)
	if err != nil {
		return err
	}
	defer st.Close()
	k, err := st.OwnKey(context.Background())
	if err != nil {
		return storeMessage(err)
	}
	b, err := referral.ExportPublicKey(k)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(out, b); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "public key %s of %s written to %s\n", k.Fingerprint(), k.Depot, out)
	return nil
}

func cmdKeysImport(env *cliEnv, args []string) error {
	if len(args) != 1 || args[0] == "" || strings.HasPrefix(args[0], "--") {
		return usagef("keys import needs one FILE")
	}
	b, err := readCapped(args[0], maxKeyFile)
	if err != nil {
		return err
	}
	k, err := referral.ImportPublicKey(b)
	if err != nil {
		var re *referral.Error
		if errors.As(err, &re) {
			return fmt.Errorf("%s: %s", args[0], re.Msg)
		}
		return fmt.Errorf("%s: %w", args[0], err)
	}
	// A police desk may have no depot: the store is made to hold the keys,
	// and with no users there is nobody to sign in.
	st, actor, err := cliStoreFor(env, true, store.CapManageDepot, "change the trusted keys")
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.ImportKey(context.Background(), actor, k); err != nil {
		return fmt.Errorf("%s: %w", args[0], storeMessage(err))
	}
	fmt.Fprintf(env.stdout, "imported key %s of %s (%s); its slips now verify here\n", k.Fingerprint(), printable(k.Depot, 40), printable(k.Label, 80))
	return nil
}

func cmdKeysRotate(env *cliEnv, args []string) error {
	if len(args) != 0 {
		return usagef("keys rotate takes no arguments")
	}
	st, actor, err := cliStoreFor(env, false, store.CapManageDepot, "rotate the depot key")
	if err != nil {
		return err
	}
	defer st.Close()
	if err := unlockKey(env, st); err != nil {
		return err
	}
	old, cur, err := st.RotateKey(context.Background(), actor)
	if err != nil {
		return storeMessage(err)
	}
	if old.Public != nil {
		fmt.Fprintf(env.stdout, "old key: %s (kept to verify earlier slips)\n", old.Fingerprint())
	} else {
		fmt.Fprintln(env.stdout, "old key: none")
	}
	fmt.Fprintf(env.stdout, "new key: %s (export it with tusk keys export FILE)\n", cur.Fingerprint())
	return nil
}

func cmdKeysList(env *cliEnv, args []string) error {
	if len(args) != 0 {
		return usagef("keys list takes no arguments")
	}
	if _, err := os.Stat(filepath.Join(env.home, store.FileName)); err != nil {
		fmt.Fprintln(env.stderr, "no keys")
		return nil
	}
	st, err := openStore(env.home, false)
	if err != nil {
		return err
	}
	defer st.Close()
	keys, err := st.Keys(context.Background())
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		fmt.Fprintln(env.stderr, "no keys (the depot's key is made with its first slip or tusk keys export)")
	}
	for _, k := range keys {
		fmt.Fprintf(env.stdout, "%s  %-7s %-10s %s  %s\n", k.Fingerprint(), k.Kind, k.Depot, k.Created.In(time.Local).Format("2006-01-02"), k.Label)
	}
	return nil
}

// cmdKeysPassphrase sets, changes or (--remove) removes the passphrase
// that seals the signing key. Lines on stdin after the PIN: the current
// passphrase when one is set, then the new one twice.
func cmdKeysPassphrase(env *cliEnv, args []string) error {
	o, err := parseOpts(args, nil, []string{"--remove"})
	if err != nil {
		return err
	}
	if len(o.args) != 0 {
		return usagef("keys passphrase takes no arguments")
	}
	ctx := context.Background()
	st, actor, err := cliDepotStore(ctx, env, store.CapManageDepot, "change the signing key's passphrase")
	if err != nil {
		return err
	}
	defer st.Close()
	cur := ""
	if st.KeySealed(ctx) {
		if cur, err = readPassphrase(env, "current passphrase"); err != nil {
			return err
		}
	}
	next := ""
	if !o.flags["--remove"] {
		if next, err = readPassphrase(env, "new passphrase"); err != nil {
			return err
		}
		again, err := readPassphrase(env, "new passphrase again")
		if err != nil {
			return err
		}
		if again != next {
			return errors.New("the two new passphrases differ; nothing changed")
		}
	}
	switch err := st.SetKeyPassphrase(ctx, actor, cur, next); {
	case errors.Is(err, store.ErrKeyPassphrase):
		return errors.New("wrong current passphrase; nothing changed")
	case errors.Is(err, store.ErrPassphraseLen):
		return fmt.Errorf("a passphrase needs at least %d characters", store.MinPassphrase)
	case err != nil:
		return storeMessage(err)
	}
	if next == "" {
		fmt.Fprintln(env.stdout, "the signing key is stored without a passphrase")
	} else {
		fmt.Fprintln(env.stdout, "the signing key is sealed with the passphrase; slips, bundles and key rotation now ask for it")
	}
	return nil
}
