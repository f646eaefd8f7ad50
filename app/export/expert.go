package export

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"tusk/app/caserecord"
	"tusk/app/inspect"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/i18n"
)

// ExpertSource is what the expert's package reads from the store.
type ExpertSource interface {
	CaseByNumber(ctx context.Context, actor *store.User, number string) (*inspect.Case, error)
	Inspection(ctx context.Context, actor *store.User, id string) (*inspect.Inspection, error)
	PhotoPath(ctx context.Context, actor *store.User, sha256 string) (string, error)
}

// ExpertPackage writes a zip for an identification expert: the photos
// and a findings.json with what was seen and matched, and no personal
// data (no parties, no notes). Needs store.CapDecide. It reads through
// the store s and writes nothing there.
func ExpertPackage(ctx context.Context, s ExpertSource, actor *store.User, number string, w io.Writer) error {
	if !actor.Can(store.CapDecide) {
		return store.ErrForbidden
	}
	c, err := s.CaseByNumber(ctx, actor, number)
	if err != nil {
		return err
	}
	in, err := s.Inspection(ctx, actor, c.InspectionID)
	if err != nil {
		return err
	}
	type photo struct {
		File   string `json:"file"`
		SHA256 string `json:"sha256"`
	}
	out := struct {
		Case     string                 `json:"case"`
		Stage    string                 `json:"stage"`
		Declared []inspect.DeclaredItem `json:"declared,omitempty"`
		Origin   string                 `json:"origin,omitempty"`
		Dest     string                 `json:"destination,omitempty"`
		WeightKg float64                `json:"measured_weight_kg,omitempty"`
		Findings []inspect.Finding      `json:"findings,omitempty"`
		Yes      []string               `json:"checklist_yes,omitempty"`
		Photos   []photo                `json:"photos,omitempty"`
	}{Case: c.Number, Stage: in.Parcel.Stage, Declared: in.Parcel.Contents, Origin: in.Parcel.Origin.Country,
		Dest: in.Parcel.Destination.Country, WeightKg: in.Parcel.MeasuredWeightKg, Findings: in.Findings}
	for _, a := range in.Answers {
		if a.Value == inspect.AnswerYes {
			out.Yes = append(out.Yes, a.Item)
		}
	}
	z := zip.NewWriter(w)
	for i, ph := range in.Photos {
		path, err := s.PhotoPath(ctx, actor, ph.SHA256)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("photo-%02d%s", i+1, strings.ToLower(filepath.Ext(path)))
		f, err := z.Create(name)
		if err != nil {
			return err
		}
		src, err := os.Open(path)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, src)
		src.Close()
		if err != nil {
			return err
		}
		out.Photos = append(out.Photos, photo{name, ph.SHA256})
	}
	f, err := z.Create("findings.json")
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	return z.Close()
}

// decisionReason is why the counter held or refused the parcel, in
// English like the rest of an export: the coded reason rendered from the
// pack, then the inspector's own words (caserecord.DecisionReason).
func decisionReason(d *inspect.Decision, p *sop.Pack) string {
	return caserecord.DecisionReason(i18n.New("en"), p, d)
}
