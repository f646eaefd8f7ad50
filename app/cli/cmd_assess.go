package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"tusk/app/inspect"
	"tusk/app/riskpack"
	"tusk/app/sop"
	"tusk/data"
	"tusk/i18n"
)

func init() {
	register(command{name: "assess", usage: "FILE.json|- [--json] [--lang L] | --ndjson FILE|- [--lang L] | --golden DIR [--pack DIR] [--lang L]",
		summary: "score a parcel document (tusk.parcel/1, docs/assess-format.md); --ndjson scores one parcel a line; --golden runs a golden set",
		run:     cmdAssess})
}

// assessStdin is what "-" reads; tests replace it.
var assessStdin io.Reader = os.Stdin

// assessOutput is the --json output.
type assessOutput struct {
	Score   int               `json:"score"`
	Level   string            `json:"level"`
	Action  string            `json:"action"`
	Floor   string            `json:"floor,omitempty"`
	Reasons []riskpack.Reason `json:"reasons"`
	Notes   []assessNote      `json:"notes,omitempty"`
	// Problems are problems of meaning found by Validate: the parcel was
	// still scored.
	Problems []assessProblem `json:"problems,omitempty"`
}

// assessProblem is one problem of meaning: the field, its code, and the
// sentence in the language asked for, naming the field.
type assessProblem struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// assessNote is something found that did not count, with its sentence.
type assessNote struct {
	Code    string `json:"code"`
	Detail  string `json:"detail,omitempty"`
	Message string `json:"message"`
}

// assessOpts are the options of one assess run.
type assessOpts struct {
	file, golden, pack string
	asJSON, ndjson     bool
	lang               string
}

func parseAssessArgs(args []string) (assessOpts, error) {
	o := assessOpts{lang: "en"}
	haveArg := false
	value := func(i *int, name, val string, inline bool) (string, error) {
		if inline {
			return val, nil
		}
		if *i+1 >= len(args) {
			return "", usagef("%s needs a value", name)
		}
		*i++
		return args[*i], nil
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, inline := strings.Cut(a, "=")
		var err error
		switch {
		case a == "--json":
			o.asJSON = true
		case a == "--ndjson":
			o.ndjson = true
		case name == "--lang":
			o.lang, err = value(&i, name, val, inline)
		case name == "--golden":
			o.golden, err = value(&i, name, val, inline)
		case name == "--pack":
			o.pack, err = value(&i, name, val, inline)
		case strings.HasPrefix(a, "-") && a != "-":
			return o, usagef("unknown option %s", a)
		default:
			if haveArg {
				return o, usagef("assess takes one FILE")
			}
			o.file, haveArg = a, true
		}
		if err != nil {
			return o, err
		}
	}
	switch {
	case o.golden != "" && (haveArg || o.ndjson || o.asJSON):
		return o, usagef("--golden DIR takes no FILE, --json or --ndjson")
	case o.golden == "" && (!haveArg || o.file == ""):
		return o, usagef("assess needs a FILE (or - for stdin)")
	case o.ndjson && o.asJSON:
		return o, usagef("--ndjson already writes JSON, one result a line")
	}
	if !slices.Contains(sop.Languages, o.lang) {
		return o, usagef("--lang must be one of %s", strings.Join(sop.Languages, ", "))
	}
	return o, nil
}

// cmdAssess scores parcel documents with the pack in use (--pack DIR, else
// <home>/pack when it holds one, else the built-in pack). It needs no
// database, so it works on a fresh home; repeat senders are therefore not
// counted. A document that does not parse is exit 1 with its first
// problem's JSON path; a scored parcel is exit 0 whatever its level. With
// --ndjson a bad line gives an error line and the stream goes on. With
// --golden, exit 1 when a parcel differs from what the SOP expects.
func cmdAssess(env *cliEnv, args []string) error {
	o, err := parseAssessArgs(args)
	if err != nil {
		return err
	}
	pack, err := assessPack(env.home, o.pack)
	if err != nil {
		return err
	}
	risk := riskpack.New(pack)
	tr := i18n.New(o.lang)
	switch {
	case o.golden != "":
		return runGolden(env.stdout, risk, tr, o.golden)
	case o.ndjson:
		in, closeIn, err := openInput(o.file)
		if err != nil {
			return err
		}
		defer closeIn()
		return assessStream(in, env.stdout, risk, o.lang, 0)
	}
	in, err := readParcel(o.file)
	if err != nil {
		return err
	}
	out := assessOne(risk, tr, o.lang, in)
	if o.asJSON {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	printAssessment(env.stdout, tr, in.Parcel.Waybill, out)
	return nil
}

// assessPack is the pack named by --pack, or the home's.
func assessPack(home, dir string) (*sop.Pack, error) {
	if dir == "" {
		return cliPack(home)
	}
	p, err := sop.LoadWithOverride(data.FS, dir)
	if err == nil && !sop.HasOverride(dir) {
		err = fmt.Errorf("%s holds no pack (no manifest.json)", dir)
	}
	if err != nil {
		return nil, fmt.Errorf("the content pack in %s is invalid (tusk pack check %s):\n%w", dir, dir, err)
	}
	return p, nil
}

// assessOne scores one parcel and puts it into words.
func assessOne(risk *riskpack.Risk, tr *i18n.Translator, lang string, in *inspect.Inspection) assessOutput {
	a := risk.Assess(in, nil, in.UpdatedAt)
	out := assessOutput{Score: a.Score, Level: a.Level, Action: a.Action, Floor: a.Floor, Reasons: risk.Explain(a, lang)}
	for _, n := range a.Notes {
		out.Notes = append(out.Notes, assessNote{Code: n.Code, Detail: n.Detail, Message: noteSentence(tr, n)})
	}
	for _, p := range in.Validate() {
		out.Problems = append(out.Problems, assessProblem{Field: p.Field, Code: p.Code, Message: problemSentence(tr, p.Field, p.Code)})
	}
	return out
}

func openInput(file string) (io.Reader, func(), error) {
	if file == "-" {
		return assessStdin, func() {}, nil
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

// readParcel parses FILE or stdin. Parse problems come back as one line:
// "FILE: json.path: what (detail)", and a count of the others.
func readParcel(file string) (*inspect.Inspection, error) {
	name := file
	if file == "-" {
		name = "stdin"
	}
	r, closeIn, err := openInput(file)
	if err != nil {
		return nil, err
	}
	defer closeIn()
	in, err := inspect.ParseParcelJSON(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", name, parseFailure(err))
	}
	return in, nil
}

// parseFailure says in one line why a document did not parse.
func parseFailure(err error) string {
	var pes inspect.ParseErrors
	if errors.As(err, &pes) && len(pes) > 0 {
		msg := parseProblem(pes[0])
		if len(pes) > 1 {
			msg += fmt.Sprintf(" (and %d more)", len(pes)-1)
		}
		return msg
	}
	return err.Error()
}

// parseMessages says in English what each parse error code means.
var parseMessages = map[string]string{
	inspect.ErrJSONTooLarge:     "larger than 1 MiB",
	inspect.ErrJSONUTF8:         "not valid UTF-8",
	inspect.ErrJSONSyntax:       "not valid JSON",
	inspect.ErrJSONTrailing:     "more text after the parcel object",
	inspect.ErrJSONDepth:        "nested too deeply",
	inspect.ErrJSONUnknownField: "unknown member",
	inspect.ErrJSONDuplicate:    "member given twice",
	inspect.ErrJSONType:         "wrong type",
	inspect.ErrJSONRange:        "out of range",
	inspect.ErrJSONRequired:     "required",
	inspect.ErrJSONEnum:         "not one of the allowed values",
	inspect.ErrJSONFormat:       "unknown format",
}

func parseProblem(e inspect.ParseError) string {
	msg, ok := parseMessages[e.Code]
	if !ok {
		msg = e.Code
	}
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	if p := strings.TrimPrefix(strings.TrimPrefix(e.Path, "$"), "."); p != "" {
		return p + ": " + msg
	}
	return msg
}

// actionWord is a suggested action in words.
func actionWord(tr *i18n.Translator, action string) string {
	if action == "" {
		action = "none"
	}
	return tr.T("advice.action." + action)
}

func printAssessment(w io.Writer, tr *i18n.Translator, waybill string, out assessOutput) {
	if waybill == "" {
		waybill = tr.T("advice.assess.parcel")
	}
	fmt.Fprintln(w, tr.T("advice.assess.head", "Waybill", waybill, "Score", out.Score,
		"Level", tr.T("advice.level."+out.Level), "Action", actionWord(tr, out.Action)))
	if len(out.Reasons) == 0 {
		fmt.Fprintln(w, tr.T("advice.assess.no_reasons"))
	} else {
		fmt.Fprintln(w, tr.T("advice.assess.reasons"))
	}
	for _, r := range out.Reasons {
		fmt.Fprintf(w, "  %+4d  %s [%s]", r.Weight, r.Name, r.Rule)
		if r.Detail != "" {
			fmt.Fprintf(w, ": %s", r.Detail)
		}
		if r.SameAs != "" {
			fmt.Fprintf(w, " (%s)", tr.T("advice.assess.same_as", "Rule", r.SameAs))
		}
		fmt.Fprintln(w)
		if r.Explain != "" {
			fmt.Fprintf(w, "        %s\n", r.Explain)
		}
		if r.Floor != "" {
			fmt.Fprintf(w, "        %s\n", tr.T("advice.assess.floor", "Action", actionWord(tr, r.Floor),
				"Rule", r.Rule, "Name", r.Name, "Score", out.Score))
		}
	}
	if len(out.Notes) > 0 {
		fmt.Fprintln(w, tr.T("advice.assess.notes"))
		for _, n := range out.Notes {
			fmt.Fprintf(w, "  %s\n", n.Message)
		}
	}
	if len(out.Problems) > 0 {
		fmt.Fprintln(w, tr.T("advice.assess.problems"))
		for _, p := range out.Problems {
			fmt.Fprintf(w, "  %s\n", p.Message)
		}
	}
}
