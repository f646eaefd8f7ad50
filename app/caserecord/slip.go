package caserecord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"strings"
	"time"

	"tusk/app/inspect"
	"tusk/app/referral"
	"tusk/app/referral/slippdf"
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
	// Reissue asks for a correction: a new slip number that supersedes the
	// case's current slip, with Reason (the supervisor's words, required).
	// Without it a case's first slip is issued, and every later call
	// renders that same slip again (a copy, a print, another language).
	Reissue bool
	Reason  string
	// Out says how the slip leaves the depot (saved to a file, printed),
	// for the audit entry written with the slip or its copy.
	Out store.SlipOut
	// Deliver, when set, hands the slip's PDF out (writes the file, sends
	// it to the printer). A new slip is recorded first, so no number leaves
	// the depot unrecorded; a copy is audited only once Deliver succeeded.
	Deliver func(*Slip) error
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
	// Issued is true when this call issued the number (the first slip or
	// a re-issue); false for a rendering of the slip in force.
	Issued     bool
	Supersedes string // the number a re-issue replaced
}

// translator adapts i18n for the slip, whose T takes no arguments.
func translator(lang string) func(string) string {
	tr := i18n.New(lang)
	return func(key string) string { return tr.T(key) }
}

// MakeSlip gives the slip of a case's referral. One referral has one
// slip number: the first call builds the case record, signs its claims
// with the depot key, renders the PDF with the bundled font and records
// the slip, in that order, so a slip exists only once it is recorded.
// Later calls render that recorded slip again (its frozen record and the
// same signed payload), in the language asked for; only req.Reissue
// issues a new number, superseding the old one. The command line and the
// Cases screen both make slips here.
func MakeSlip(ctx context.Context, st *store.Store, actor *store.User, pack *sop.Pack, req SlipRequest) (*Slip, error) {
	depot, err := st.Depot(ctx)
	if err != nil {
		return nil, err
	}
	lang := req.Lang
	if lang == "" {
		lang = depot.Language
	}
	paper := req.Paper
	if paper == "" {
		paper = "A4"
	}
	T := translator(lang)
	opt := slippdf.SlipOptions{Paper: paper, Font: assets.Font(), T: T, Created: req.Created, Location: time.Local}
	if req.Second && lang != "en" {
		opt.T2 = translator("en")
	}
	cur, err := st.CurrentSlip(ctx, actor, req.Case)
	switch {
	case err == nil && !req.Reissue:
		return copySlip(ctx, st, actor, pack, req, cur, lang, opt)
	case err == nil:
	case errors.Is(err, store.ErrNoSlip) && !req.Reissue:
		cur = nil
	default:
		return nil, err
	}
	if req.Reissue && strings.TrimSpace(req.Reason) == "" {
		return nil, store.FieldError{Field: "reason", Code: store.ErrReissueReason.Code}
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
	rec, claims, err := Build(Input{
		Inspection: in, Case: cs, Custody: custody,
		Depot:   referral.Depot{Code: depot.Code, Name: depot.Name, Address: depot.Address, Contact: depot.Contact},
		Country: depot.Country, Pack: pack, Lang: lang, T: T,
		SlipNo: slipNo, IssuedAt: st.Now(), ReferralID: req.ReferralID,
		Inspector: inspector, Supervisor: req.Supervisor, PhotoData: photoData(ctx, st, actor, in.Photos),
	})
	if err != nil {
		return nil, err
	}
	payload, key, err := st.SignClaims(ctx, actor, claims)
	if err != nil {
		return nil, err
	}
	var pdf bytes.Buffer
	if err := slippdf.RenderSlip(&pdf, slippdf.SlipData{Record: rec, Payload: payload, Fingerprint: key.Fingerprint()}, opt); err != nil {
		return nil, err
	}
	out := &Slip{Number: slipNo, Case: cs.Number, PDF: pdf.Bytes(), Payload: payload, Key: key,
		QRVersion: slippdf.QRVersion(payload), Lang: lang, Issued: true}
	if cur != nil {
		out.Supersedes = cur.Number
		err = st.ReissueSlip(ctx, actor, cs.Number, cur.Number, slipNo, payload, referral.CanonicalJSON(rec), req.Reason, req.Out)
	} else {
		err = st.RecordSlip(ctx, actor, cs.Number, slipNo, payload, referral.CanonicalJSON(rec), req.Out)
	}
	if err != nil {
		return nil, err
	}
	if req.Deliver != nil {
		if err := req.Deliver(out); err != nil {
			return out, err
		}
	}
	return out, nil
}

// copySlip renders the slip in force again, in lang, from its frozen
// record and signed payload, hands it out and audits that.
func copySlip(ctx context.Context, st *store.Store, actor *store.User, pack *sop.Pack, req SlipRequest, cur *store.Slip, lang string, opt slippdf.SlipOptions) (*Slip, error) {
	// A copy keeps the addressee it was issued to (another one is a
	// re-issue); an addressee not in the directory is still an error.
	if req.ReferralID != "" && pack != nil {
		depot, err := st.Depot(ctx)
		if err != nil {
			return nil, err
		}
		if _, err := Addressee(pack, depot.Country, req.ReferralID, lang); err != nil {
			return nil, err
		}
	}
	var rec referral.CaseRecord
	if err := json.Unmarshal(cur.Record, &rec); err != nil {
		return nil, ErrIncomplete.With("slip " + cur.Number + ": " + err.Error())
	}
	var photos []inspect.Photo
	for _, ph := range rec.Evidence.Photos {
		photos = append(photos, inspect.Photo{SHA256: ph.SHA256})
	}
	data := photoData(ctx, st, actor, photos)
	for i := range rec.Evidence.Photos {
		rec.Evidence.Photos[i].Data = data[rec.Evidence.Photos[i].SHA256]
	}
	from := rec.Language
	if from == "" {
		from = lang
	}
	shown := Localize(rec, pack, lang, opt.T, translator(from))
	var pdf bytes.Buffer
	if err := slippdf.RenderSlip(&pdf, slippdf.SlipData{Record: rec, Shown: &shown, Payload: cur.Payload, Fingerprint: cur.KeyFingerprint}, opt); err != nil {
		return nil, err
	}
	ring, err := st.KeyRing(ctx)
	if err != nil {
		return nil, err
	}
	_, key, err := referral.Verify(cur.Payload, *ring)
	if err != nil {
		return nil, err
	}
	out := &Slip{Number: cur.Number, Case: cur.Case, PDF: pdf.Bytes(), Payload: cur.Payload, Key: key,
		QRVersion: slippdf.QRVersion(cur.Payload), Lang: lang, Supersedes: cur.Supersedes}
	if req.Deliver != nil {
		if err := req.Deliver(out); err != nil {
			return out, err
		}
	}
	if req.Out.Action != 0 {
		if err := st.SlipHandedOut(ctx, actor, cur.Case, cur.Number, req.Out); err != nil {
			return out, err
		}
	}
	return out, nil
}

// photoData reads the photo files the store keeps, by SHA-256; a file
// that cannot be read is left out (the slip marks it).
func photoData(ctx context.Context, st *store.Store, actor *store.User, photos []inspect.Photo) map[string][]byte {
	out := map[string][]byte{}
	for _, ph := range photos {
		if p, err := st.PhotoPath(ctx, actor, ph.SHA256); err == nil {
			if b, err := os.ReadFile(p); err == nil {
				out[ph.SHA256] = b
			}
		}
	}
	return out
}
