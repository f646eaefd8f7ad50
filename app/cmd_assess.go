package main

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
)

func init() {
	register(command{name: "assess", usage: "FILE.json|- [--json] [--lang L]",
		summary: "score a parcel document (tusk.parcel/1, docs/assess-format.md): score, level, suggested action, reasons",
		run:     cmdAssess})
}

// assessStdin is what "-" reads; tests replace it.
var assessStdin io.Reader = os.Stdin

// assessOutput is the --json output.
type assessOutput struct {
	Score    int               `json:"score"`
	Level    string            `json:"level"`
	Action   string            `json:"action"`
	Reasons  []riskpack.Reason `json:"reasons"`
	Problems []assessProblem   `json:"problems,omitempty"`
}

// assessProblem is a problem of meaning found by Validate: the parcel was
// still scored.
type assessProblem struct {
	Field string `json:"field"`
	Code  string `json:"code"`
}

// cmdAssess scores one parcel document with the pack in use (<home>/pack
// when it holds one, else the built-in pack). It needs no database, so it
// works on a fresh home; repeat senders are therefore not counted. A
// document that does not parse is exit 1 with its first problem's JSON
// path; a scored parcel is exit 0 whatever its level.
func cmdAssess(env *cliEnv, args []string) error {
	var (
		file    string
		asJSON  bool
		lang    = "en"
		haveArg bool
	)
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, inline := strings.Cut(a, "=")
		switch {
		case a == "--json":
			asJSON = true
		case name == "--lang":
			if !inline {
				if i+1 >= len(args) {
					return usagef("--lang needs a value")
				}
				i++
				val = args[i]
			}
			lang = val
		case strings.HasPrefix(a, "-") && a != "-":
			return usagef("unknown option %s", a)
		default:
			if haveArg {
				return usagef("assess takes one FILE")
			}
			file, haveArg = a, true
		}
	}
	if !haveArg || file == "" {
		return usagef("assess needs a FILE (or - for stdin)")
	}
	if !slices.Contains(sop.Languages, lang) {
		return usagef("--lang must be one of %s", strings.Join(sop.Languages, ", "))
	}

	in, err := readParcel(file)
	if err != nil {
		return err
	}
	pack, err := cliPack(env.home)
	if err != nil {
		return err
	}
	risk := riskpack.New(pack)
	a := risk.Assess(in, nil, in.UpdatedAt)
	out := assessOutput{Score: a.Score, Level: a.Level, Action: a.Action, Reasons: risk.Explain(a, lang)}
	for _, p := range in.Validate() {
		out.Problems = append(out.Problems, assessProblem{Field: p.Field, Code: p.Code})
	}
	if asJSON {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	printAssessment(env.stdout, in.Parcel.Waybill, out)
	return nil
}

// readParcel parses FILE or stdin. Parse problems come back as one line:
// "FILE: json.path: what (detail)", and a count of the others.
func readParcel(file string) (*inspect.Inspection, error) {
	name, r := file, assessStdin
	if file == "-" {
		name = "stdin"
	} else {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	in, err := inspect.ParseParcelJSON(r)
	var pes inspect.ParseErrors
	switch {
	case errors.As(err, &pes) && len(pes) > 0:
		msg := name + ": " + parseProblem(pes[0])
		if len(pes) > 1 {
			msg += fmt.Sprintf(" (and %d more)", len(pes)-1)
		}
		return nil, errors.New(msg)
	case err != nil:
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return in, nil
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

var actionWords = map[string]string{
	inspect.ActionClear:  "clear",
	inspect.ActionHold:   "hold for a check",
	inspect.ActionRefuse: "refuse and refer",
	"":                   "none yet (nothing checked)",
}

func printAssessment(w io.Writer, waybill string, out assessOutput) {
	if waybill == "" {
		waybill = "parcel"
	}
	fmt.Fprintf(w, "%s: score %d/100, level %s, suggested action: %s\n", waybill, out.Score, out.Level, actionWords[out.Action])
	if len(out.Reasons) == 0 {
		fmt.Fprintln(w, "reasons: none")
	} else {
		fmt.Fprintln(w, "reasons:")
	}
	for _, r := range out.Reasons {
		fmt.Fprintf(w, "  %+4d  %s [%s]", r.Weight, r.Name, r.Rule)
		if r.Detail != "" {
			fmt.Fprintf(w, ": %s", r.Detail)
		}
		fmt.Fprintln(w)
		if r.Explain != "" {
			fmt.Fprintf(w, "        %s\n", r.Explain)
		}
	}
	if len(out.Problems) > 0 {
		fmt.Fprintln(w, "problems (scored anyway):")
		for _, p := range out.Problems {
			fmt.Fprintf(w, "  %s: %s\n", p.Field, p.Code)
		}
	}
}
