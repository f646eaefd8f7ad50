package referral

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"
)

// RecordFormat names the case record format.
const RecordFormat = "tusk-case-1"

// CaseRecord is the full, factual record of a referred case: what `tusk
// export --case` gives the police, and what the slip prints. Unlike the QR
// claims it holds personal data. Its SHA-256 over CanonicalJSON is signed
// into the QR, so the record must be frozen when the slip is issued: the
// store keeps the canonical bytes and exports those, never a re-rendering
// of a case that has changed since.
//
// Text fields hold what the slip shows, already in the slip's language
// (card names, rule reasons, checklist items), so the police read the same
// words in both.
type CaseRecord struct {
	Format     string    `json:"format"` // RecordFormat
	CaseNo     string    `json:"case_no"`
	SlipNo     string    `json:"slip_no"`
	Stage      Stage     `json:"stage"`
	IssuedAt   time.Time `json:"issued_at"` // UTC, whole seconds
	Language   string    `json:"language"`  // language of the text fields: en, zh, vi, sw, fr
	Addressee  Addressee `json:"addressee"`
	Depot      Depot     `json:"depot"`
	Parcel     Parcel    `json:"parcel"`
	Sender     Person    `json:"sender"`
	Receiver   Person    `json:"receiver"`
	Agent      *Person   `json:"agent,omitempty"` // who handed the parcel in, if not the sender
	Findings   Findings  `json:"findings"`
	Evidence   Evidence  `json:"evidence"`
	Custody    []Custody `json:"custody"`
	Inspector  Officer   `json:"inspector"`
	Supervisor Officer   `json:"supervisor"`
	Receiving  Officer   `json:"receiving_officer"` // police officer, often left blank to fill by hand
}

// Addressee is the police unit or agency the slip is for.
type Addressee struct {
	Name string `json:"name"`
	Kind string `json:"kind"` // e.g. "Forest police", "Customs"
}

// Depot is the issuing depot.
type Depot struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Address string `json:"address"`
	Contact string `json:"contact"`
}

// Parcel is what the waybill says and what the inspector saw.
type Parcel struct {
	Waybill          string `json:"waybill"`
	Direction        string `json:"direction"` // e.g. "Outbound"
	DeclaredContents string `json:"declared_contents"`
	ObservedContents string `json:"observed_contents"`
	DeclaredQty      int    `json:"declared_qty"` // 0: not stated
	ObservedQty      int    `json:"observed_qty"` // 0: not counted
	DeclaredGrams    int    `json:"declared_grams"`
	MeasuredGrams    int    `json:"measured_grams"`
	Origin           string `json:"origin"`
	Destination      string `json:"destination"`
}

// Person is a sender, receiver or agent as identified at the counter.
type Person struct {
	Name     string `json:"name"`
	IDType   string `json:"id_type"`
	IDNumber string `json:"id_number"`
	Phone    string `json:"phone"`
	Address  string `json:"address"`
}

// Findings is why the parcel was held.
type Findings struct {
	Products  []FoundProduct `json:"products"`
	Reasons   []Reason       `json:"reasons"`   // risk rules that fired
	Checklist []string       `json:"checklist"` // checklist items answered yes
	Notes     string         `json:"notes"`
}

// FoundProduct is a suspected product, matched to an identification card.
type FoundProduct struct {
	CardID  string `json:"card_id"`
	Name    string `json:"name"`    // card title
	Species string `json:"species"` // scientific name, or "" if unknown
	Count   int    `json:"count"`
	Grams   int    `json:"grams"`
}

// Reason is one risk rule that fired.
type Reason struct {
	RuleID string `json:"rule_id"`
	Text   string `json:"text"`
	Points int    `json:"points"`
}

// Evidence is what was secured.
type Evidence struct {
	Photos  []Photo  `json:"photos"`
	Seals   []string `json:"seals"`
	Storage string   `json:"storage"` // where the parcel is kept
}

// Photo is one evidence photo. Data is not part of the record (the police
// get the files alongside it); SHA256 binds them.
type Photo struct {
	Name   string `json:"name"`   // file name
	SHA256 string `json:"sha256"` // lower-case hex of the file's SHA-256
	Data   []byte `json:"-"`      // the image file (JPEG or PNG), for the slip
}

// Custody is one hand-over of the parcel.
type Custody struct {
	From string    `json:"from"`
	To   string    `json:"to"`
	At   time.Time `json:"at"`
	Note string    `json:"note"`
}

// Officer is a person who signs the slip.
type Officer struct {
	ID    string `json:"id"` // opaque staff ID; this is what the QR carries
	Name  string `json:"name"`
	Badge string `json:"badge"` // staff or badge number
	Unit  string `json:"unit"`
}

// PhotoSHA256 returns the lower-case hex SHA-256 of a photo file, the form
// Photo.SHA256 holds.
func PhotoSHA256(data []byte) string {
	sum := sha256.Sum256(data)
	return fmt.Sprintf("%x", sum)
}

// normalized returns a copy with times in UTC and whole seconds, so the
// hash does not depend on the caller's time zone or clock resolution.
func (r CaseRecord) normalized() CaseRecord {
	if r.Format == "" {
		r.Format = RecordFormat
	}
	r.IssuedAt = normTime(r.IssuedAt)
	r.Custody = append([]Custody(nil), r.Custody...)
	for i := range r.Custody {
		r.Custody[i].At = normTime(r.Custody[i].At)
	}
	return r
}

func normTime(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// CanonicalJSON is the byte form that RecordHash hashes. The canonical form
// is: UTF-8 JSON without insignificant whitespace; object members sorted by
// key, comparing the keys' UTF-8 bytes; no duplicate keys; strings escape
// only '"', '\\' and control characters below U+0020 (as \b \f \n \r \t or
// \u00XX with lower-case hex), everything else is written as itself
// (including '<', '>', '&' and U+2028/U+2029); numbers are integers written
// in plain decimal; times in RFC 3339 UTC with whole seconds
// ("2026-11-23T06:05:00Z"); empty lists as []. It is close to RFC 8785
// (JCS), which sorts keys by UTF-16 units instead; for the ASCII keys used
// here the two orders agree.
func CanonicalJSON(rec CaseRecord) []byte {
	rec = rec.normalized()
	// Empty lists are [] rather than null, so a record round-trips through
	// other JSON tools without changing meaning.
	if rec.Findings.Products == nil {
		rec.Findings.Products = []FoundProduct{}
	}
	if rec.Findings.Reasons == nil {
		rec.Findings.Reasons = []Reason{}
	}
	if rec.Findings.Checklist == nil {
		rec.Findings.Checklist = []string{}
	}
	if rec.Evidence.Photos == nil {
		rec.Evidence.Photos = []Photo{}
	}
	if rec.Evidence.Seals == nil {
		rec.Evidence.Seals = []string{}
	}
	if rec.Custody == nil {
		rec.Custody = []Custody{}
	}
	raw, err := json.Marshal(rec)
	if err != nil {
		panic("referral: encoding a case record: " + err.Error()) // no field type can fail
	}
	out, err := canonicalize(raw)
	if err != nil {
		panic("referral: canonicalising our own JSON: " + err.Error())
	}
	return out
}

// Claims derives the QR claims from the record: numbers, depot, stage,
// time, products, seals, staff IDs, the record hash and the photo hashes.
func (r CaseRecord) Claims() (Claims, error) {
	sum := RecordHash(r)
	c := Claims{
		SlipNo:     r.SlipNo,
		CaseNo:     r.CaseNo,
		Depot:      r.Depot.Code,
		Stage:      r.Stage,
		IssuedAt:   normTime(r.IssuedAt),
		Seals:      append([]string(nil), r.Evidence.Seals...),
		RecordHash: sum[:RecordHashLen],
		Inspector:  r.Inspector.ID,
		Supervisor: r.Supervisor.ID,
	}
	for _, p := range r.Findings.Products {
		if p.Count < 0 || p.Grams < 0 || int64(p.Count) > 0xFFFFFFFF || int64(p.Grams) > 0xFFFFFFFF {
			return Claims{}, ErrClaims.With("product count or weight out of range")
		}
		c.Products = append(c.Products, Product{CardID: p.CardID, Count: uint32(p.Count), Grams: uint32(p.Grams)})
	}
	for _, ph := range r.Evidence.Photos {
		h, err := hex.DecodeString(ph.SHA256)
		if err != nil || len(h) != sha256.Size {
			return Claims{}, ErrClaims.With("photo " + ph.Name + " has no valid SHA-256")
		}
		c.Photos = append(c.Photos, h[:PhotoHashLen])
	}
	return c, c.validate()
}

// RecordHash is SHA-256 over CanonicalJSON(rec).
func RecordHash(rec CaseRecord) [32]byte { return sha256.Sum256(CanonicalJSON(rec)) }

// VerifyRecord checks that recordJSON (a case record file, in any JSON
// formatting) is the record the slip's claims were signed over. It
// re-canonicalises the file and compares hashes, so a pretty-printed copy
// passes and any change of content fails. Duplicate keys are rejected:
// different JSON readers resolve them differently, which would let one file
// show two contents.
func VerifyRecord(c Claims, recordJSON []byte) error {
	canon, err := canonicalize(recordJSON)
	if err != nil {
		return ErrRecord.With(err.Error())
	}
	var probe struct {
		Format string `json:"format"`
		CaseNo string `json:"case_no"`
		SlipNo string `json:"slip_no"`
	}
	if err := json.Unmarshal(canon, &probe); err != nil || probe.Format != RecordFormat {
		return ErrRecord.With("not a " + RecordFormat + " record")
	}
	if len(c.RecordHash) == 0 {
		return ErrRecordMismatch.With("the slip carries no record hash")
	}
	sum := sha256.Sum256(canon)
	if len(c.RecordHash) > len(sum) || !bytes.Equal(sum[:len(c.RecordHash)], c.RecordHash) {
		return ErrRecordMismatch
	}
	if probe.CaseNo != c.CaseNo || probe.SlipNo != c.SlipNo {
		return ErrRecordMismatch.With("case or slip number differs")
	}
	var rec CaseRecord
	if err := json.Unmarshal(canon, &rec); err != nil {
		return ErrRecord.With(err.Error())
	}
	return CheckClaims(c, rec)
}

// CheckClaims checks that c says what rec says: the same numbers, depot,
// stage, issue time and staff IDs, and for products, seals and photos the
// first items of the record's lists, with the omitted counts making up the
// rest (SignFit leaves items out from the end). The record hash is not
// compared here: VerifyRecord and RenderSlip check it first. A mismatch is
// ErrRecordMismatch with a detail that names the field.
func CheckClaims(c Claims, rec CaseRecord) error {
	full, err := rec.Claims()
	if err != nil {
		return ErrRecordMismatch.With("the record cannot be signed: " + err.Error())
	}
	differs := func(what string) error { return ErrRecordMismatch.With(what + " differs") }
	switch {
	case c.CaseNo != full.CaseNo || c.SlipNo != full.SlipNo:
		return differs("case or slip number")
	case c.Depot != full.Depot:
		return differs("depot")
	case c.Stage != full.Stage:
		return differs("stage")
	case !c.IssuedAt.Equal(full.IssuedAt):
		return differs("issue time")
	case c.Inspector != full.Inspector || c.Supervisor != full.Supervisor:
		return differs("inspector or supervisor")
	}
	if err := checkList("products", c.Products, c.ProductsOmitted, full.Products, func(a, b Product) bool { return a == b }); err != nil {
		return err
	}
	if err := checkList("seals", c.Seals, c.SealsOmitted, full.Seals, func(a, b string) bool { return a == b }); err != nil {
		return err
	}
	return checkList("photos", c.Photos, c.PhotosOmitted, full.Photos, bytes.Equal)
}

// checkList checks that listed is the start of all and that listed plus
// omitted is all of it.
func checkList[T any](what string, listed []T, omitted int, all []T, eq func(a, b T) bool) error {
	if len(listed)+omitted != len(all) {
		return ErrRecordMismatch.With(fmt.Sprintf("the code counts %d %s (%d listed, %d more), the record has %d",
			len(listed)+omitted, what, len(listed), omitted, len(all)))
	}
	for i := range listed {
		if !eq(listed[i], all[i]) {
			return ErrRecordMismatch.With(fmt.Sprintf("%s %d differs", what, i+1))
		}
	}
	return nil
}

// canonicalize re-writes any JSON text in the canonical form described at
// CanonicalJSON.
func canonicalize(data []byte) ([]byte, error) {
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("not UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out bytes.Buffer
	if err := canonValue(dec, &out, 0); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the JSON value")
	}
	return out.Bytes(), nil
}

const maxJSONDepth = 32

func canonValue(dec *json.Decoder, out *bytes.Buffer, depth int) error {
	if depth > maxJSONDepth {
		return fmt.Errorf("nested too deep")
	}
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '[':
			out.WriteByte('[')
			for i := 0; dec.More(); i++ {
				if i > 0 {
					out.WriteByte(',')
				}
				if err := canonValue(dec, out, depth+1); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil {
				return err
			}
			out.WriteByte(']')
		case '{':
			type member struct {
				key string
				val []byte
			}
			var ms []member
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return err
				}
				k := kt.(string)
				if seen[k] {
					return fmt.Errorf("duplicate key %q", k)
				}
				seen[k] = true
				var vb bytes.Buffer
				if err := canonValue(dec, &vb, depth+1); err != nil {
					return err
				}
				ms = append(ms, member{k, vb.Bytes()})
			}
			if _, err := dec.Token(); err != nil {
				return err
			}
			sort.Slice(ms, func(i, j int) bool { return ms[i].key < ms[j].key })
			out.WriteByte('{')
			for i, m := range ms {
				if i > 0 {
					out.WriteByte(',')
				}
				canonString(out, m.key)
				out.WriteByte(':')
				out.Write(m.val)
			}
			out.WriteByte('}')
		default:
			return fmt.Errorf("unexpected %v", t)
		}
	case string:
		canonString(out, t)
	case json.Number:
		n, err := strconv.ParseInt(string(t), 10, 64)
		if err != nil {
			return fmt.Errorf("number %s is not an integer", t)
		}
		out.WriteString(strconv.FormatInt(n, 10))
	case bool:
		out.WriteString(strconv.FormatBool(t))
	case nil:
		out.WriteString("null")
	}
	return nil
}

func canonString(out *bytes.Buffer, s string) {
	const hexd = "0123456789abcdef"
	out.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			out.WriteByte('\\')
			out.WriteByte(c)
		case c == '\b':
			out.WriteString(`\b`)
		case c == '\f':
			out.WriteString(`\f`)
		case c == '\n':
			out.WriteString(`\n`)
		case c == '\r':
			out.WriteString(`\r`)
		case c == '\t':
			out.WriteString(`\t`)
		case c < 0x20:
			out.WriteString(`\u00`)
			out.WriteByte(hexd[c>>4])
			out.WriteByte(hexd[c&0xF])
		default:
			out.WriteByte(c)
		}
	}
	out.WriteByte('"')
}
