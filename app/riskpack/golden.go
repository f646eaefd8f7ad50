package riskpack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"tusk/app/inspect"
)

// GoldenFormat is the format tag of a golden set's expected.json.
const GoldenFormat = "tusk.golden/1"

// GoldenFile is a golden set's expected.json: parcels in tusk.parcel/1
// (one file each, beside it) with what the SOP expects of each. It is
// written from the SOP and the seed documents, not from the scores of any
// pack, so a changed pack can be checked against it.
type GoldenFile struct {
	Format  string       `json:"format"`
	Parcels []GoldenCase `json:"parcels"`
}

// GoldenCase is one parcel and what the SOP expects.
type GoldenCase struct {
	File string `json:"file"` // the parcel's file, beside expected.json
	// Action is the action the SOP expects: clear, hold, refuse or
	// refuse_postal.
	Action string `json:"action"`
	// Fire lists the rules that must fire and count (weight above 0, or a
	// postal rule); NotFire the rules that must not count.
	Fire    []string `json:"fire,omitempty"`
	NotFire []string `json:"not_fire,omitempty"`
	// Why says, in a sentence, why the SOP expects that action, and Source
	// where it says so (a seed file and line, a pack source ID).
	Why    string `json:"why"`
	Source string `json:"source"`
}

// Change kinds of a GoldenResult.
const (
	ChangeAction     = "action"      // the action differs from the expected one
	ChangeMissing    = "missing"     // a rule that must fire did not count
	ChangeUnexpected = "unexpected"  // a rule that must not fire counted
	ChangeParse      = "parse_error" // the parcel did not parse
)

// GoldenChange is one way a parcel's result differs from what the SOP
// expects.
type GoldenChange struct {
	Kind string `json:"kind"`
	Want string `json:"want,omitempty"` // the expected action, or the rule
	Got  string `json:"got,omitempty"`  // the action given, or the parse error
}

// GoldenResult is one parcel's assessment against its expectation.
type GoldenResult struct {
	Case    GoldenCase         `json:"case"`
	Got     inspect.Assessment `json:"got"`
	Changes []GoldenChange     `json:"changes,omitempty"`
}

// LoadGolden reads expected.json at the root of fsys and checks it: every
// case names a file and a known action.
func LoadGolden(fsys fs.FS) (*GoldenFile, error) {
	b, err := fs.ReadFile(fsys, "expected.json")
	if err != nil {
		return nil, err
	}
	var g GoldenFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("expected.json: %w", err)
	}
	if g.Format != GoldenFormat {
		return nil, fmt.Errorf("expected.json: format %q, want %q", g.Format, GoldenFormat)
	}
	seen := map[string]bool{}
	var errs []error
	for i, c := range g.Parcels {
		switch {
		case c.File == "" || path.Base(c.File) != c.File:
			errs = append(errs, fmt.Errorf("expected.json: parcels[%d]: file %q must be a file name beside expected.json", i, c.File))
		case seen[c.File]:
			errs = append(errs, fmt.Errorf("expected.json: parcels[%d]: %s listed twice", i, c.File))
		case !slices.Contains([]string{inspect.ActionClear, inspect.ActionHold, inspect.ActionRefuse, inspect.ActionRefusePostal}, c.Action):
			errs = append(errs, fmt.Errorf("expected.json: parcels[%d] (%s): unknown action %q", i, c.File, c.Action))
		case strings.TrimSpace(c.Why) == "" || strings.TrimSpace(c.Source) == "":
			errs = append(errs, fmt.Errorf("expected.json: parcels[%d] (%s): say why and where the SOP says so", i, c.File))
		}
		seen[c.File] = true
	}
	return &g, errors.Join(errs...)
}

// RunGolden scores every parcel of g, read from fsys, and lists how each
// result differs from what the SOP expects. Each parcel is scored at its
// own updated_at (or created_at) time, with no repeat counts.
func (r *Risk) RunGolden(fsys fs.FS, g *GoldenFile) []GoldenResult {
	out := make([]GoldenResult, 0, len(g.Parcels))
	for _, c := range g.Parcels {
		res := GoldenResult{Case: c}
		b, err := fs.ReadFile(fsys, c.File)
		var in *inspect.Inspection
		if err == nil {
			in, err = inspect.ParseParcelJSON(bytes.NewReader(b))
		}
		if err != nil {
			res.Changes = append(res.Changes, GoldenChange{Kind: ChangeParse, Got: err.Error()})
			out = append(out, res)
			continue
		}
		res.Got = r.Assess(in, nil, in.UpdatedAt)
		res.Changes = compareGolden(c, res.Got, r)
		out = append(out, res)
	}
	return out
}

func compareGolden(c GoldenCase, a inspect.Assessment, r *Risk) []GoldenChange {
	var ch []GoldenChange
	if a.Action != c.Action {
		ch = append(ch, GoldenChange{Kind: ChangeAction, Want: c.Action, Got: a.Action})
	}
	counted := map[string]bool{}
	for _, rs := range a.Reasons {
		if rs.Weight > 0 || r.isPostal(rs.RuleID) || (rs.SameAs == "" && rs.Floor != "") {
			counted[rs.RuleID] = true
		}
	}
	for _, id := range c.Fire {
		if !counted[id] {
			ch = append(ch, GoldenChange{Kind: ChangeMissing, Want: id})
		}
	}
	for _, id := range c.NotFire {
		if counted[id] {
			ch = append(ch, GoldenChange{Kind: ChangeUnexpected, Want: id})
		}
	}
	return ch
}

func (r *Risk) isPostal(id string) bool {
	for _, rl := range r.Rules {
		if rl.ID == id {
			return rl.Kind == inspect.KindPostal
		}
	}
	return false
}
