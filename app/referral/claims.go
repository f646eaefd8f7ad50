package referral

import (
	"fmt"
	"time"
	"unicode/utf8"
)

// Stage is where the case stood when the slip was issued.
type Stage uint8

// Stages. The numbers travel in signed payloads: never renumber.
const (
	StageHeld       Stage = 1 // parcel held at the depot, awaiting collection
	StageReferred   Stage = 2 // supervisor referred the case to the police
	StageHandedOver Stage = 3 // parcel handed over to the police
)

var stageCodes = map[Stage]string{StageHeld: "held", StageReferred: "referred", StageHandedOver: "handed_over"}

// String returns the stage's code ("held", "referred", "handed_over"); the
// UI shows it through the key "slip.stage.<code>".
func (s Stage) String() string {
	if c, ok := stageCodes[s]; ok {
		return c
	}
	return fmt.Sprintf("stage(%d)", uint8(s))
}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { _, ok := stageCodes[s]; return ok }

// MarshalText writes the code, so records read "stage":"referred". It
// never fails, so CanonicalJSON cannot; an invalid stage shows as
// "stage(N)" and Sign refuses it.
func (s Stage) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a stage code.
func (s *Stage) UnmarshalText(b []byte) error {
	for k, c := range stageCodes {
		if c == string(b) {
			*s = k
			return nil
		}
	}
	return fmt.Errorf("referral: unknown stage %q", b)
}

// Claims is what the QR code asserts. It holds no personal data: no names,
// ID numbers, phone numbers or addresses. Those stay in the case record,
// which RecordHash binds to the claims.
type Claims struct {
	SlipNo     string    // the slip's number, printed on it
	CaseNo     string    // the depot's case number
	Depot      string    // depot code
	Stage      Stage     // case stage at issue
	IssuedAt   time.Time // issue time; travels as whole Unix seconds, comes back in UTC
	Products   []Product // suspected products
	Seals      []string  // seal numbers on the parcel or evidence bags
	RecordHash []byte    // SHA-256 of the canonical case record, first RecordHashLen bytes
	Photos     [][]byte  // SHA-256 of each photo file, first PhotoHashLen bytes each
	Inspector  string    // opaque staff ID of the inspector (not a name)
	Supervisor string    // opaque staff ID of the supervisor, may be empty

	// How many of the record's products, seals and photos the code leaves
	// out to stay small enough to scan (see SignFit). Products, Seals and
	// Photos are then the first items of the record's lists, and the rest
	// are only in the case record, which RecordHash binds in full.
	ProductsOmitted int
	SealsOmitted    int
	PhotosOmitted   int

	// The depot's audit head when the slip was signed: the number of its
	// newest audit entry and the first AuditHashLen bytes of that entry's
	// hash. The police then hold a witness of the depot's audit trail that
	// nobody at the depot can change (`tusk audit verify --witness`). Zero
	// and nil on slips signed before the head was added.
	AuditSeq  int64
	AuditHash []byte
}

// AuditHashLen is how many bytes of the audit head's hash a slip carries.
const AuditHashLen = 16

// ProductsTotal is how many products the case record has: those in the
// code and those left out of it. SealsTotal and PhotosTotal likewise.
func (c *Claims) ProductsTotal() int { return len(c.Products) + c.ProductsOmitted }

// SealsTotal is how many seals the case record has.
func (c *Claims) SealsTotal() int { return len(c.Seals) + c.SealsOmitted }

// PhotosTotal is how many photos the case record has.
func (c *Claims) PhotosTotal() int { return len(c.Photos) + c.PhotosOmitted }

// Omitted reports whether the code leaves anything out of its lists.
func (c *Claims) Omitted() bool {
	return c.ProductsOmitted > 0 || c.SealsOmitted > 0 || c.PhotosOmitted > 0
}

// Product is one suspected product: which identification card it matched,
// how many items and how heavy.
type Product struct {
	CardID string // SOP pack card ID
	Count  uint32 // number of items, 0 if not counted
	Grams  uint32 // weight in grams, 0 if not weighed
}

// Hash lengths carried in the payload. Both are truncated SHA-256: 16 bytes
// (128 bits) still make a second preimage out of reach, and they halve the
// hash bytes, which dominate the QR size. Each photo hash is printed in full
// in the case record; the record hash covers those full hashes too.
const (
	RecordHashLen = 16
	PhotoHashLen  = 16
)

// Limits on the claims; Sign refuses claims beyond them. They count the
// items of the record, listed in the code or omitted from it; SignFit
// keeps the code itself within MaxQRVersion.
const (
	maxText     = 40 // bytes in any one string claim
	maxProducts = 16
	maxSeals    = 16
	maxPhotos   = 16
)

// Claim map keys. Small integers keep the encoding compact (one byte each).
// Never renumber; add new keys only with a new version. (Keys 12 to 14
// joined version 1 before any slip was issued.)
const (
	keySlipNo     = 1
	keyCaseNo     = 2
	keyDepot      = 3
	keyStage      = 4
	keyIssuedAt   = 5
	keyProducts   = 6
	keySeals      = 7
	keyRecordHash = 8
	keyPhotos     = 9
	keyInspector  = 10
	keySupervisor = 11
	// How many products, seals and photos the code leaves out. Present
	// only when positive, so a code that lists everything encodes as
	// before these keys existed.
	keyProductsOmitted = 12
	keySealsOmitted    = 13
	keyPhotosOmitted   = 14
	// The audit head at signing: [seq, hash prefix]. Present only when
	// set, so slips without it encode as before. (Tusk before this key
	// reads a slip that has it as malformed: update police desks first.)
	keyAuditHead = 15
)

// validate checks the claims before signing; the error names the field.
func (c *Claims) validate() error {
	text := func(name, s string, required bool) error {
		switch {
		case required && s == "":
			return ErrClaims.With(name + " is empty")
		case len(s) > maxText:
			return ErrClaims.With(fmt.Sprintf("%s is longer than %d bytes", name, maxText))
		case !utf8.ValidString(s):
			return ErrClaims.With(name + " is not valid UTF-8")
		}
		return nil
	}
	for _, f := range []struct {
		name, s  string
		required bool
	}{
		{"slip number", c.SlipNo, true},
		{"case number", c.CaseNo, true},
		{"depot code", c.Depot, true},
		{"inspector ID", c.Inspector, true},
		{"supervisor ID", c.Supervisor, false},
	} {
		if err := text(f.name, f.s, f.required); err != nil {
			return err
		}
	}
	if !c.Stage.Valid() {
		return ErrClaims.With("unknown stage")
	}
	if c.IssuedAt.IsZero() || c.IssuedAt.Unix() < 0 {
		return ErrClaims.With("issue time missing")
	}
	if len(c.RecordHash) != RecordHashLen {
		return ErrClaims.With(fmt.Sprintf("record hash must be %d bytes", RecordHashLen))
	}
	if c.ProductsOmitted < 0 || c.SealsOmitted < 0 || c.PhotosOmitted < 0 {
		return ErrClaims.With("negative count of omitted items")
	}
	if c.ProductsTotal() > maxProducts || c.SealsTotal() > maxSeals || c.PhotosTotal() > maxPhotos {
		return ErrClaims.With(fmt.Sprintf("at most %d products, %d seals and %d photos", maxProducts, maxSeals, maxPhotos))
	}
	for _, p := range c.Products {
		if err := text("product card ID", p.CardID, true); err != nil {
			return err
		}
	}
	for _, s := range c.Seals {
		if err := text("seal number", s, true); err != nil {
			return err
		}
	}
	for _, h := range c.Photos {
		if len(h) != PhotoHashLen {
			return ErrClaims.With(fmt.Sprintf("photo hash must be %d bytes", PhotoHashLen))
		}
	}
	if c.AuditSeq < 0 || (c.AuditSeq > 0) != (len(c.AuditHash) == AuditHashLen) || (c.AuditSeq == 0 && c.AuditHash != nil) {
		return ErrClaims.With(fmt.Sprintf("audit head needs a positive entry number and a %d-byte hash", AuditHashLen))
	}
	return nil
}

// encode writes the claims map. Empty optional fields are left out.
func (c *Claims) encode(e *cborEnc) {
	n := 7 // slip, case, depot, stage, issued, record hash, inspector
	for _, present := range []bool{len(c.Products) > 0, len(c.Seals) > 0, len(c.Photos) > 0, c.Supervisor != "",
		c.ProductsOmitted > 0, c.SealsOmitted > 0, c.PhotosOmitted > 0, c.AuditSeq > 0} {
		if present {
			n++
		}
	}
	e.mapHead(n)
	e.uint(keySlipNo)
	e.text(c.SlipNo)
	e.uint(keyCaseNo)
	e.text(c.CaseNo)
	e.uint(keyDepot)
	e.text(c.Depot)
	e.uint(keyStage)
	e.uint(uint64(c.Stage))
	e.uint(keyIssuedAt)
	e.uint(uint64(c.IssuedAt.Unix()))
	if len(c.Products) > 0 {
		e.uint(keyProducts)
		e.array(len(c.Products))
		for _, p := range c.Products {
			e.array(3)
			e.text(p.CardID)
			e.uint(uint64(p.Count))
			e.uint(uint64(p.Grams))
		}
	}
	if len(c.Seals) > 0 {
		e.uint(keySeals)
		e.array(len(c.Seals))
		for _, s := range c.Seals {
			e.text(s)
		}
	}
	e.uint(keyRecordHash)
	e.bytes(c.RecordHash)
	if len(c.Photos) > 0 {
		e.uint(keyPhotos)
		e.array(len(c.Photos))
		for _, h := range c.Photos {
			e.bytes(h)
		}
	}
	e.uint(keyInspector)
	e.text(c.Inspector)
	if c.Supervisor != "" {
		e.uint(keySupervisor)
		e.text(c.Supervisor)
	}
	for _, o := range []struct {
		key uint64
		n   int
	}{{keyProductsOmitted, c.ProductsOmitted}, {keySealsOmitted, c.SealsOmitted}, {keyPhotosOmitted, c.PhotosOmitted}} {
		if o.n > 0 {
			e.uint(o.key)
			e.uint(uint64(o.n))
		}
	}
	if c.AuditSeq > 0 {
		e.uint(keyAuditHead)
		e.array(2)
		e.uint(uint64(c.AuditSeq))
		e.bytes(c.AuditHash)
	}
}

// decodeClaims turns a decoded map back into Claims. It is strict: unknown
// keys, wrong types and out-of-range values are errors, because a version-1
// signer never writes them.
func decodeClaims(v cborValue) (Claims, error) {
	var c Claims
	bad := func(what string) (Claims, error) { return Claims{}, ErrMalformed.With(what) }
	if v.major != cborMap {
		return bad("claims are not a map")
	}
	textOf := func(x cborValue) (string, bool) {
		return string(x.b), x.major == cborText && len(x.b) > 0 && len(x.b) <= maxText
	}
	// An omitted count is a positive integer: a signer leaves out the key
	// rather than write 0, so 0 would be a second encoding of the same claims.
	omitted := func(x cborValue, limit int) (int, bool) {
		return int(x.u), x.major == cborUint && x.u >= 1 && x.u <= uint64(limit)
	}
	seen := map[uint64]bool{}
	for i := 0; i < len(v.items); i += 2 {
		k, x := v.items[i].u, v.items[i+1]
		seen[k] = true
		var ok bool
		switch k {
		case keySlipNo:
			c.SlipNo, ok = textOf(x)
		case keyCaseNo:
			c.CaseNo, ok = textOf(x)
		case keyDepot:
			c.Depot, ok = textOf(x)
		case keyInspector:
			c.Inspector, ok = textOf(x)
		case keySupervisor:
			c.Supervisor, ok = textOf(x)
		case keyStage:
			c.Stage = Stage(x.u)
			ok = x.major == cborUint && x.u <= 255 && c.Stage.Valid()
		case keyIssuedAt:
			ok = x.major == cborUint && x.u < 1<<40
			c.IssuedAt = time.Unix(int64(x.u), 0).UTC()
		case keyRecordHash:
			ok = x.major == cborBytes && len(x.b) == RecordHashLen
			c.RecordHash = append([]byte(nil), x.b...)
		case keyProducts:
			ok = x.major == cborArray && len(x.items) > 0 && len(x.items) <= maxProducts
			for _, p := range x.items {
				if !ok || p.major != cborArray || len(p.items) != 3 {
					ok = false
					break
				}
				id, idOK := textOf(p.items[0])
				cnt, gr := p.items[1], p.items[2]
				if !idOK || cnt.major != cborUint || gr.major != cborUint || cnt.u > 0xFFFFFFFF || gr.u > 0xFFFFFFFF {
					ok = false
					break
				}
				c.Products = append(c.Products, Product{CardID: id, Count: uint32(cnt.u), Grams: uint32(gr.u)})
			}
		case keySeals:
			ok = x.major == cborArray && len(x.items) > 0 && len(x.items) <= maxSeals
			for _, s := range x.items {
				t, tOK := textOf(s)
				if !ok || !tOK {
					ok = false
					break
				}
				c.Seals = append(c.Seals, t)
			}
		case keyPhotos:
			ok = x.major == cborArray && len(x.items) > 0 && len(x.items) <= maxPhotos
			for _, h := range x.items {
				if !ok || h.major != cborBytes || len(h.b) != PhotoHashLen {
					ok = false
					break
				}
				c.Photos = append(c.Photos, append([]byte(nil), h.b...))
			}
		case keyProductsOmitted:
			c.ProductsOmitted, ok = omitted(x, maxProducts)
		case keySealsOmitted:
			c.SealsOmitted, ok = omitted(x, maxSeals)
		case keyPhotosOmitted:
			c.PhotosOmitted, ok = omitted(x, maxPhotos)
		case keyAuditHead:
			ok = x.major == cborArray && len(x.items) == 2 && x.items[0].major == cborUint && x.items[0].u >= 1 &&
				x.items[0].u < 1<<53 && x.items[1].major == cborBytes && len(x.items[1].b) == AuditHashLen
			if ok {
				c.AuditSeq = int64(x.items[0].u)
				c.AuditHash = append([]byte(nil), x.items[1].b...)
			}
		default:
			return bad(fmt.Sprintf("unknown claim %d", k))
		}
		if !ok {
			return bad(fmt.Sprintf("claim %d has the wrong type or size", k))
		}
	}
	for _, k := range []uint64{keySlipNo, keyCaseNo, keyDepot, keyStage, keyIssuedAt, keyRecordHash, keyInspector} {
		if !seen[k] {
			return bad(fmt.Sprintf("claim %d is missing", k))
		}
	}
	if c.ProductsTotal() > maxProducts || c.SealsTotal() > maxSeals || c.PhotosTotal() > maxPhotos {
		return bad("too many products, seals or photos")
	}
	return c, nil
}
