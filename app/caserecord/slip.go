package caserecord

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"time"

	"tusk/app/referral"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/assets"
	"tusk/i18n"
)

// SlipRequest says which slip to make.
type SlipRequest struct {
	Case       string // case number
	Lang       string // "": the depot's language
	Second     bool   // English headings under the slip's language
	Paper      string // "A4" or "Letter"
	ReferralID string // addressee from the referral directory; "": the first
	Created    time.Time
	Supervisor referral.Officer // who refers; the command line leaves it for a hand signature
}

// Slip is a slip made and recorded in its case.
type Slip struct {
	Number    string
	Case      string
	PDF       []byte
	Payload   string
	Key       referral.KeyInfo
	QRVersion int
	Lang      string
}

// translator adapts i18n for the slip, whose T takes no arguments.
func translator(lang string) func(string) string {
	tr := i18n.New(lang)
	return func(key string) string { return tr.T(key) }
}

// MakeSlip builds the case record, signs its claims with the depot key,
// renders the PDF with the bundled font and records the slip in the case,
// in that order, so a slip exists only once it is recorded. The command
// line and the Cases screen both make slips here.
func MakeSlip(ctx context.Context, st *store.Store, actor *store.User, pack *sop.Pack, req SlipRequest) (*Slip, error) {
	depot, err := st.Depot(ctx)
	if err != nil {
		return nil, err
	}
	lang := req.Lang
	if lang == "" {
		lang = depot.Language
	}
	cs, err := st.CaseByNumber(ctx, actor, req.Case)
	if err != nil {
		return nil, err
	}
	in, err := st.Inspection(ctx, actor, cs.InspectionID)
	if err != nil {
		return nil, err
	}
	custody, err := st.Custody(ctx, actor, cs.Number)
	if err != nil {
		return nil, err
	}
	photos := map[string][]byte{}
	for _, ph := range in.Photos {
		if p, err := st.PhotoPath(ctx, actor, ph.SHA256); err == nil {
			if b, err := os.ReadFile(p); err == nil {
				photos[ph.SHA256] = b
			}
		}
	}
	inspector := referral.Officer{ID: in.Inspector}
	if id, err := strconv.ParseInt(in.Inspector, 10, 64); err == nil {
		if u, err := st.User(ctx, id); err == nil {
			inspector.Name = u.Name
		}
	}
	slipNo, err := st.NextSlipNumber(ctx)
	if err != nil {
		return nil, err
	}
	T := translator(lang)
	rec, claims, err := Build(Input{
		Inspection: in, Case: cs, Custody: custody,
		Depot:   referral.Depot{Code: depot.Code, Name: depot.Name, Address: depot.Address, Contact: depot.Contact},
		Country: depot.Country, Pack: pack, Lang: lang, T: T,
		SlipNo: slipNo, IssuedAt: st.Now(), ReferralID: req.ReferralID,
		Inspector: inspector, Supervisor: req.Supervisor, PhotoData: photos,
	})
	if err != nil {
		return nil, err
	}
	payload, key, err := st.SignClaims(ctx, actor, claims)
	if err != nil {
		return nil, err
	}
	paper := req.Paper
	if paper == "" {
		paper = "A4"
	}
	opt := referral.SlipOptions{Paper: paper, Font: assets.Font(), T: T, Created: req.Created, Location: time.Local}
	if req.Second && lang != "en" {
		opt.T2 = translator("en")
	}
	var pdf bytes.Buffer
	if err := referral.RenderSlip(&pdf, referral.SlipData{Record: rec, Payload: payload, Fingerprint: key.Fingerprint()}, opt); err != nil {
		return nil, err
	}
	if err := st.RecordSlip(ctx, actor, cs.Number, slipNo, payload, referral.CanonicalJSON(rec)); err != nil {
		return nil, err
	}
	return &Slip{Number: slipNo, Case: cs.Number, PDF: pdf.Bytes(), Payload: payload, Key: key,
		QRVersion: referral.QRVersion(payload), Lang: lang}, nil
}
