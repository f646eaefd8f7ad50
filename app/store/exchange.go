package store

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"tusk/app/inspect"
	"tusk/app/referral"
)

// Station exchange
//
// A station sends its own cases (station = '') to the supervisor as signed
// bundles (package exchange holds the file format and the folders). The
// store's part: CasesForBundle reads what changed since the last bundle,
// SignBundle signs the body with the depot key (the private half never
// leaves the store), MarkBundleExported advances the watermark once the
// file is safely written, and ImportBundle merges a verified bundle in one
// transaction.
//
// An imported case keeps the station's numbers under "<STATION>/": its
// case C-2026-0001 becomes DEMO-GZ2/C-2026-0001, so it never collides with
// a local one. cases.source_updated holds the station's change time of the
// copy merged last: an older or equal copy changes nothing. The station
// owns the inspection, risk, custody and photos; the supervisor's own
// decisions (case_events) own the review state, so a newer copy never
// overwrites status, pending or outcome once the supervisor has decided.

// Exchange settings and their defaults.
const (
	// SettingOutbox is the folder this station writes its bundles to.
	SettingOutbox = "exchange.outbox"
	// SettingInbox is the folder the supervisor's app imports from.
	SettingInbox = "exchange.inbox"
	// settingLastExport is the change time of the newest case sent so far.
	settingLastExport = "exchange.last_export"
)

func init() {
	settingDefaults[SettingOutbox] = ""
	settingDefaults[SettingInbox] = ""
}

// BundleContext separates bundle signatures from every other signature
// the depot key makes (referral slips): it prefixes the signed bytes.
const BundleContext = "tusk-bundle/1 signature\x00"

// BundleMessage is what a bundle's signature covers: BundleContext and
// the exact bytes of the body.
func BundleMessage(body []byte) []byte {
	m := make([]byte, 0, len(BundleContext)+len(body))
	return append(append(m, BundleContext...), body...)
}

// Bundle errors the store raises itself; codes are i18n keys. Package
// exchange has the rest (format, signature, keys).
var (
	ErrBundleFormat    = &Error{Code: "exchange.err.format"}     // malformed content
	ErrBundlePhotoHash = &Error{Code: "exchange.err.photo_hash"} // photo bytes do not match their SHA-256
	ErrBundleOwn       = &Error{Code: "exchange.err.own"}        // a bundle of this depot itself
)

// BundleCase is one case as it travels in a bundle. Times are UTC.
type BundleCase struct {
	Number string `json:"number"` // the station's own number, C-2026-0001
	// Seq is the station's change sequence of this copy (0 in bundles
	// from before it was added): a higher one is newer, whatever the clocks say.
	Seq       int64  `json:"seq,omitempty"`
	Status    string `json:"status"`
	Pending   string `json:"pending,omitempty"`
	Outcome   string `json:"outcome,omitempty"`
	PoliceRef string `json:"police_ref,omitempty"`
	RiskLevel string `json:"risk_level"`
	RiskScore int    `json:"risk_score"`
	Sensitive bool   `json:"sensitive,omitempty"`

	OpenedAt   time.Time `json:"opened_at"`
	UpdatedAt  time.Time `json:"updated_at"` // the newest change of case, inspection or photos
	HeldAt     time.Time `json:"held_at,omitzero"`
	DueAt      time.Time `json:"due_at,omitzero"`
	ReferredAt time.Time `json:"referred_at,omitzero"`
	HandedAt   time.Time `json:"handed_at,omitzero"`
	ClosedAt   time.Time `json:"closed_at,omitzero"`
	DecidedAt  time.Time `json:"decided_at,omitzero"`

	// Inspection is the whole record, personal data included: the
	// supervisor decides on it. Its ID is the station's inspection number.
	Inspection inspect.Inspection `json:"inspection"`
	Inspector  string             `json:"inspector"` // the inspector's name at the station
	Custody    []BundleCustody    `json:"custody,omitempty"`
	Photos     []BundlePhoto      `json:"photos,omitempty"`
}

// BundleCustody is one custody event.
type BundleCustody struct {
	Seq   int       `json:"seq"`
	From  string    `json:"from"`
	To    string    `json:"to"`
	At    time.Time `json:"at"`
	Seals []string  `json:"seals,omitempty"`
	Note  string    `json:"note,omitempty"`
}

// BundlePhoto is a photo's original bytes (base64 in JSON).
type BundlePhoto struct {
	SHA256 string `json:"sha256"`
	Name   string `json:"name,omitempty"`
	MIME   string `json:"mime"`
	Data   []byte `json:"data"`
}

// BundleBatch is what CasesForBundle hands out for one bundle.
type BundleBatch struct {
	Station     string // this depot's code
	StationName string
	Cases       []BundleCase
	Through     string // the newest change time in Cases, for MarkBundleExported
	// FromSeq and ThroughSeq: the batch holds every own case whose last
	// change is in (FromSeq, ThroughSeq] of the change sequence.
	FromSeq, ThroughSeq int64
}

// MaxBundleCases is the most cases one bundle carries; more go into the
// next one.
const MaxBundleCases = 2000

// CasesForBundle reads this depot's own cases changed since the last
// bundle, oldest change first, with their photos, until the photos reach
// maxBytes (at least one case; 0 means no limit) or MaxBundleCases. An empty batch means
// nothing is new. Needs CapDecide: the cases carry personal data.
func (s *Store) CasesForBundle(ctx context.Context, actor *User, maxBytes int64) (*BundleBatch, error) {
	after, err := s.sentSeq(ctx)
	if err != nil {
		return nil, err
	}
	return s.CasesAfter(ctx, actor, after, maxBytes)
}

// CasesAfter reads this depot's own cases whose last change comes after
// the change sequence number after, oldest change first, as
// CasesForBundle does.
func (s *Store) CasesAfter(ctx context.Context, actor *User, after int64, maxBytes int64) (*BundleBatch, error) {
	if !actor.Can(CapDecide) {
		return nil, ErrForbidden
	}
	d, err := s.Depot(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT * FROM (SELECT c.id, c.number, c.status, c.pending, c.outcome, c.police_ref,
		c.risk_level, c.risk_score, c.sensitive, c.opened_at, c.held_at, c.due_at, c.referred_at, c.handed_at, c.closed_at,
		i.id, i.number, i.status, i.decided_at, i.data, COALESCE(u.name, ''),
		max(c.updated_at, i.updated_at, COALESCE((SELECT MAX(p.added_at) FROM inspection_photos p WHERE p.inspection_id = i.id), '')) AS changed,
		cc.seq
		FROM cases c JOIN inspections i ON i.id = c.inspection_id LEFT JOIN users u ON u.id = c.inspector_id
		JOIN case_changes cc ON cc.case_id = c.id
		WHERE c.station = '' AND cc.seq > ?) ORDER BY seq LIMIT ?`, after, MaxBundleCases)
	if err != nil {
		return nil, err
	}
	type ref struct{ caseID, inspID int64 }
	b := &BundleBatch{Station: d.Code, StationName: d.Name, FromSeq: after}
	var refs []ref
	for rows.Next() {
		var c BundleCase
		var r ref
		var opened, held, due, referred, handed, closed, inspNo, inspStatus, decided, changed string
		var data []byte
		if err := rows.Scan(&r.caseID, &c.Number, &c.Status, &c.Pending, &c.Outcome, &c.PoliceRef, &c.RiskLevel, &c.RiskScore,
			&c.Sensitive, &opened, &held, &due, &referred, &handed, &closed, &r.inspID, &inspNo, &inspStatus, &decided, &data,
			&c.Inspector, &changed, &c.Seq); err != nil {
			rows.Close()
			return nil, err
		}
		if err := json.Unmarshal(data, &c.Inspection); err != nil {
			rows.Close()
			return nil, fmt.Errorf("inspection %s: %w", inspNo, err)
		}
		c.Inspection.ID, c.Inspection.Status, c.Inspection.Station = inspNo, inspStatus, d.Code
		c.OpenedAt, c.UpdatedAt = parseTime(opened), parseTime(changed)
		c.HeldAt, c.DueAt, c.ReferredAt = optTime(held), optTime(due), optTime(referred)
		c.HandedAt, c.ClosedAt, c.DecidedAt = optTime(handed), optTime(closed), optTime(decided)
		b.Cases = append(b.Cases, c)
		refs = append(refs, r)
		if changed > b.Through {
			b.Through = changed
		}
		b.ThroughSeq = c.Seq
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var size int64
	for i, r := range refs {
		c := &b.Cases[i]
		if c.Custody, err = s.bundleCustody(ctx, r.caseID); err != nil {
			return nil, err
		}
		if c.Photos, err = s.bundlePhotos(ctx, r.inspID); err != nil {
			return nil, err
		}
		for _, p := range c.Photos {
			size += int64(len(p.Data))
		}
		if maxBytes > 0 && size >= maxBytes && i+1 < len(refs) {
			b.Cases = b.Cases[:i+1]
			b.Through, b.ThroughSeq = "", c.Seq
			for _, k := range b.Cases {
				b.Through = max(b.Through, fmtTime(k.UpdatedAt))
			}
			break
		}
	}
	return b, nil
}

// optTime reads a stored time that may be empty.
func optTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	return parseTime(s)
}

// optFmt writes a time that may be zero.
func optFmt(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmtTime(t)
}

func (s *Store) bundleCustody(ctx context.Context, caseID int64) ([]BundleCustody, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, from_name, to_name, at, seals, note FROM custody WHERE case_id = ? ORDER BY seq`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BundleCustody
	for rows.Next() {
		var seq int
		e, err := scanCustody(rows, &seq)
		if err != nil {
			return nil, err
		}
		out = append(out, BundleCustody{Seq: seq, From: e.From, To: e.To, At: e.At, Seals: e.Seals, Note: e.Note})
	}
	return out, rows.Err()
}

func (s *Store) bundlePhotos(ctx context.Context, inspID int64) ([]BundlePhoto, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.sha256, p.name, p.mime, p.path FROM inspection_photos ip
		JOIN photos p ON p.sha256 = ip.sha256 WHERE ip.inspection_id = ? ORDER BY ip.seq`, inspID)
	if err != nil {
		return nil, err
	}
	type row struct {
		p   BundlePhoto
		rel string
	}
	var list []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.p.SHA256, &r.p.Name, &r.p.MIME, &r.rel); err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]BundlePhoto, 0, len(list))
	for _, r := range list {
		data, err := os.ReadFile(filepath.Join(s.home(), filepath.FromSlash(r.rel)))
		if err != nil {
			return nil, fmt.Errorf("photo %s: %w", r.p.SHA256, err)
		}
		r.p.Data = data
		out = append(out, r.p)
	}
	return out, nil
}

// SignBundle signs a bundle body with the depot's current key (made on
// first use) and returns the signature and the key's public details.
// Needs CapDecide. Not audited: MarkBundleExported audits the bundle.
func (s *Store) SignBundle(ctx context.Context, actor *User, body []byte) ([]byte, referral.KeyInfo, error) {
	if !actor.Can(CapDecide) {
		return nil, referral.KeyInfo{}, ErrForbidden
	}
	var sig []byte
	k, err := s.signWithOwnKey(ctx, func(priv ed25519.PrivateKey) error {
		sig = ed25519.Sign(priv, BundleMessage(body))
		return nil
	})
	return sig, k, err
}

// MarkBundleExported records that a bundle holding the cases changed up
// to through was written and synced as file: the next CasesForBundle
// starts after it. Needs CapDecide; audited as bundle.export.
func (s *Store) MarkBundleExported(ctx context.Context, actor *User, through, file string, cases int) error {
	if !actor.Can(CapDecide) {
		return ErrForbidden
	}
	return s.write(ctx, func(tx *Tx) error {
		if prev, _ := tx.setting(ctx, settingLastExport); through > prev {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)
				ON CONFLICT(key) DO UPDATE SET value = excluded.value`, settingLastExport, through); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor, "bundle.export", "bundle:"+file, fmt.Sprintf("cases=%d through=%s", cases, through))
	})
}

// LastBundleExport is the change time of the newest case sent so far,
// zero before the first bundle.
func (s *Store) LastBundleExport(ctx context.Context) time.Time {
	v, _ := s.Setting(ctx, settingLastExport)
	return optTime(v)
}

// BundleIn is a verified bundle for ImportBundle.
type BundleIn struct {
	File        string // base name, for the audit trail
	Station     string // depot code of the sending station
	StationName string
	Key         string // fingerprint of the key that signed it
	Cases       []BundleCase
	AuditHead   AuditHead // the station's signed audit head, kept as a witness
	// Delivery: the SHA-256 of the file's bytes, and the range of the
	// station's change sequence it covers (0, 0 in bundles from before).
	Hash                string
	FromSeq, ThroughSeq int64
}

// BundleCounts says what an import did with each case.
type BundleCounts struct {
	Added, Updated, Unchanged int
}

// Numbers a station may send: its own case and inspection numbers, with
// no "/" (which would fake another station's prefix).
var (
	bundleNumber  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)
	bundleStatus  = []string{inspect.StatusHeld, inspect.StatusRefused}
	bundleLevels  = []string{inspect.LevelGrey, inspect.LevelGreen, inspect.LevelAmber, inspect.LevelRed}
	bundleMaxText = 200 // names, seals and notes in custody rows

	bundleMaxNotes      = 64 << 10  // an inspection's free-text notes
	bundleMaxInspection = 512 << 10 // an inspection's whole JSON record
)

// CheckBundleCase reports what is malformed in a case from a bundle, or
// nil. ImportBundle calls it; package exchange calls it while decoding.
func CheckBundleCase(c *BundleCase) error {
	bad := func(f string, a ...any) error {
		return errf(ErrBundleFormat.Code, "case %q: "+f, append([]any{c.Number}, a...)...)
	}
	switch {
	case !bundleNumber.MatchString(c.Number):
		return bad("case number")
	case !bundleNumber.MatchString(c.Inspection.ID):
		return bad("inspection number")
	case !slices.Contains(inspect.CaseStatuses, c.Status):
		return bad("status %q", c.Status)
	case !slices.Contains(bundleStatus, c.Inspection.Status):
		return bad("inspection status %q", c.Inspection.Status)
	case c.RiskLevel != "" && !slices.Contains(bundleLevels, c.RiskLevel):
		return bad("risk level %q", c.RiskLevel)
	case c.RiskScore < 0 || c.RiskScore > 100:
		return bad("risk score %d", c.RiskScore)
	case c.UpdatedAt.IsZero() || c.OpenedAt.IsZero():
		return bad("times")
	case strings.TrimSpace(c.Inspector) == "" || len(c.Inspector) > bundleMaxText:
		return bad("inspector")
	}
	// The inspection record: a counter's form, far below these even with
	// long notes. A bundle of 50 MB of notes is refused before anything
	// is written.
	if len(c.Inspection.Notes) > bundleMaxNotes {
		return bad("notes of %d bytes, at most %d", len(c.Inspection.Notes), bundleMaxNotes)
	}
	if b, err := json.Marshal(c.Inspection); err != nil || len(b) > bundleMaxInspection {
		return bad("inspection record larger than %d bytes", bundleMaxInspection)
	}
	if len(c.Custody) > 1000 || len(c.Photos) > 200 {
		return bad("%d custody events and %d photos", len(c.Custody), len(c.Photos))
	}
	for _, e := range c.Custody {
		if e.Seq < 1 || len(e.From) > bundleMaxText || len(e.To) > bundleMaxText || len(e.Note) > 4*bundleMaxText || len(e.Seals) > 100 {
			return bad("custody %d", e.Seq)
		}
	}
	for _, p := range c.Photos {
		if _, _, ok := photoType(p.Data); !ok || len(p.Data) > MaxPhotoSize {
			return bad("photo %s", p.SHA256)
		}
		sum := sha256.Sum256(p.Data)
		if hex.EncodeToString(sum[:]) != p.SHA256 {
			return errf(ErrBundlePhotoHash.Code, "case %q photo %s", c.Number, p.SHA256)
		}
	}
	return nil
}

// ImportBundle merges a verified bundle in one transaction: new cases are
// added with the station's status; a newer copy of a known case updates
// what the station owns (inspection, risk, custody, photos, held time) and
// also its status only while the supervisor has not decided on it; an
// older or equal copy changes nothing. Needs CapDecide; audited as
// bundle.import, and case.import for each new case.
func (s *Store) ImportBundle(ctx context.Context, actor *User, b *BundleIn) (BundleCounts, error) {
	var n BundleCounts
	if !actor.Can(CapDecide) {
		return n, ErrForbidden
	}
	station := strings.ToUpper(strings.TrimSpace(b.Station))
	if !depotCode.MatchString(station) {
		return n, errf(ErrBundleFormat.Code, "station %q", b.Station)
	}
	if d, err := s.Depot(ctx); err == nil && d.Code == station {
		return n, ErrBundleOwn
	}
	seen := map[string]bool{}
	for i := range b.Cases {
		c := &b.Cases[i]
		if err := CheckBundleCase(c); err != nil {
			return n, err
		}
		// A repeated case or inspection number would merge twice, or fail
		// on a UNIQUE constraint: say so instead.
		for _, k := range []string{"case " + c.Number, "inspection " + c.Inspection.ID} {
			if seen[k] {
				return n, errf(ErrBundleFormat.Code, "%s appears twice", k)
			}
			seen[k] = true
		}
	}
	// The WAL's checkpoints run apart from the counter's writes while the
	// bundle merges (checkpointAside).
	defer s.checkpointAside(ctx)()
	// Photo files are content-addressed, so writing them before the
	// transaction is harmless if it rolls back.
	var photos []BundlePhoto
	for i := range b.Cases {
		photos = append(photos, b.Cases[i].Photos...)
	}
	if err := s.writePhotoFiles(ctx, photos); err != nil {
		return n, err
	}
	// The cases merge a few at a time, each few in its own transaction, so
	// the counter's autosave waits for one short transaction at most while
	// hundreds of stations' bundles come in. Merging is idempotent and the
	// bundle counts as received (witness, acknowledged sequence, audit)
	// only in the last one, so a bundle cut off half-way is completed by
	// its next delivery.
	users := map[string]int64{}
	ps := &stmtCache{db: s.db}
	defer ps.close()
	cases := b.Cases
	for len(cases) > importChunk {
		ps.prepareSeen(ctx)
		chunk := cases[:importChunk]
		var part BundleCounts
		if err := s.writeUnsynced(ctx, func(tx *Tx) error {
			part = BundleCounts{}
			if importCut != nil && importCut(n.Added+n.Updated+n.Unchanged) {
				return errImportCut
			}
			return tx.mergeCases(ctx, ps, actor, station, chunk, users, &part)
		}); err != nil {
			return BundleCounts{}, err
		}
		n.Added, n.Updated, n.Unchanged = n.Added+part.Added, n.Updated+part.Updated, n.Unchanged+part.Unchanged
		cases = cases[importChunk:]
	}
	before := n
	ps.prepareSeen(ctx)
	err := s.write(ctx, func(tx *Tx) error {
		n = before
		if err := tx.mergeCases(ctx, ps, actor, station, cases, users, &n); err != nil {
			return err
		}
		if err := tx.keepWitness(ctx, station, b.AuditHead, b.File); err != nil {
			return err
		}
		if err := tx.recordDelivery(ctx, station, b); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "bundle.import", "bundle:"+b.File,
			fmt.Sprintf("station=%s key=%s added=%d updated=%d unchanged=%d", station, b.Key, n.Added, n.Updated, n.Unchanged))
	})
	if err != nil {
		return BundleCounts{}, err
	}
	return n, nil
}

// writeUnsynced runs fn as write does, but commits without waiting for
// the disk (synchronous=NORMAL on the one connection, held meanwhile, so
// no other write commits that way). Only for the parts of an import
// before its last transaction: that one is synced, and the WAL being one
// file written in order, it makes the parts before it durable too. A
// power cut before it loses parts that the next delivery merges again,
// and never a photo a row points at: the files are synced before.
func (s *Store) writeUnsynced(ctx context.Context, fn func(tx *Tx) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = NORMAL`); err != nil {
		return err
	}
	defer func() {
		if _, err := conn.ExecContext(context.Background(), `PRAGMA synchronous = FULL`); err != nil {
			// Never hand the pool a connection that does not sync:
			// it opens a fresh one with the DSN's pragmas.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return s.writeOn(ctx, conn.BeginTx, false, fn)
}

// checkpointAside keeps the WAL's checkpoints out of the counter's way
// during an import: the one connection everybody writes on stops
// checkpointing when a commit passes the limit (which would make the
// counter's autosave copy the import's pages back into the database),
// and the returned func, called once the bundle is in, restores that and
// checkpoints on a connection of its own, which lets writers go on
// meanwhile (PASSIVE). If anything fails the next commit past the limit
// checkpoints as before.
func (s *Store) checkpointAside(ctx context.Context) func() {
	if _, err := s.db.ExecContext(ctx, `PRAGMA wal_autocheckpoint = 0`); err != nil {
		return func() {}
	}
	return func() {
		if db, err := sql.Open("sqlite", DSN(s.path)); err == nil {
			db.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
			db.Close()
		}
		s.db.ExecContext(context.Background(), `PRAGMA wal_autocheckpoint = 1000`)
	}
}

// importCut, in tests, cuts an import off (a crash) before the chunk
// that starts after done cases.
var (
	importCut    func(done int) bool
	errImportCut = errors.New("import cut off")
)

// stmtCache keeps the merge's statements parsed once per bundle instead
// of once per case: the first transaction notes the statements it runs,
// and they are prepared between transactions (the one connection is free
// then) for the following ones.
type stmtCache struct {
	db   *sql.DB
	seen []string
	st   map[string]*sql.Stmt
}

func (c *stmtCache) stmt(ctx context.Context, tx *Tx, q string) *sql.Stmt {
	if c == nil {
		return nil
	}
	if s, ok := c.st[q]; ok {
		return tx.StmtContext(ctx, s)
	}
	c.seen = append(c.seen, q)
	return nil
}

// prepareSeen prepares the statements noted so far; outside transactions.
func (c *stmtCache) prepareSeen(ctx context.Context) {
	if c.st == nil {
		c.st = map[string]*sql.Stmt{}
	}
	for _, q := range c.seen {
		if _, ok := c.st[q]; ok {
			continue
		}
		if s, err := c.db.PrepareContext(ctx, q); err == nil {
			c.st[q] = s
		}
	}
	c.seen = c.seen[:0]
}

func (c *stmtCache) close() {
	for _, s := range c.st {
		s.Close()
	}
}

func (c *stmtCache) exec(ctx context.Context, tx *Tx, q string, args ...any) (sql.Result, error) {
	if s := c.stmt(ctx, tx, q); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, q, args...)
}

func (c *stmtCache) queryRow(ctx context.Context, tx *Tx, q string, args ...any) *sql.Row {
	if s := c.stmt(ctx, tx, q); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, q, args...)
}

func (c *stmtCache) query(ctx context.Context, tx *Tx, q string, args ...any) (*sql.Rows, error) {
	if s := c.stmt(ctx, tx, q); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return tx.QueryContext(ctx, q, args...)
}

// importChunk is how many cases of a bundle merge in one transaction.
const importChunk = 4

func (tx *Tx) mergeCases(ctx context.Context, ps *stmtCache, actor *User, station string, cases []BundleCase, users map[string]int64, n *BundleCounts) error {
	for i := range cases {
		res, err := tx.mergeCase(ctx, ps, actor, station, &cases[i], users)
		if err != nil {
			return err
		}
		switch res {
		case mergeAdded:
			n.Added++
		case mergeUpdated:
			n.Updated++
		default:
			n.Unchanged++
		}
	}
	return nil
}

type mergeResult int

const (
	mergeUnchanged mergeResult = iota
	mergeAdded
	mergeUpdated
)

// writePhotoFiles puts photos' bytes under <home>/photos unless they are
// there already, before any row points at them. All are written first
// under temporary names, then made durable together (durableFiles: one
// flush of the file system where it can, instead of one fsync per
// photo), then renamed into place and the renames made durable the same
// way. So a power cut never leaves half a photo under a real name, and
// the transaction that records them commits only after they are on disk.
func (s *Store) writePhotoFiles(ctx context.Context, photos []BundlePhoto) error {
	type job struct {
		data       []byte
		tmp, final string
		damaged    bool // a file of another size is in the way
	}
	var jobs []*job
	seen := map[string]bool{}
	for _, p := range photos {
		if seen[p.SHA256] {
			continue
		}
		seen[p.SHA256] = true
		_, ext, _ := photoType(p.Data)
		final := filepath.Join(s.home(), "photos", p.SHA256[:2], p.SHA256+ext)
		st, err := os.Stat(final)
		if err == nil && st.Size() == int64(len(p.Data)) {
			continue // the same bytes are there: names are their hash
		}
		jobs = append(jobs, &job{data: p.Data, final: final, damaged: err == nil})
	}
	if len(jobs) == 0 {
		return nil
	}
	dirs := map[string]bool{}
	for _, j := range jobs {
		dirs[filepath.Dir(j.final)] = true
	}
	for d := range dirs {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return err
		}
	}
	stamp := time.Now().UnixNano()
	var tmps []string
	defer func() {
		for _, t := range tmps {
			os.Remove(t) // a no-op once renamed
		}
	}()
	for _, j := range jobs {
		if err := ctx.Err(); err != nil {
			return err
		}
		// Created read-only: the open file is still written, and no
		// chmod is needed after the rename. The name is this process's
		// and this moment's, so no other import can be writing it.
		j.tmp = filepath.Join(filepath.Dir(j.final), fmt.Sprintf(".incoming-%d-%d-%s", os.Getpid(), stamp, filepath.Base(j.final)))
		f, err := os.OpenFile(j.tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o444)
		if err != nil {
			return err
		}
		tmps = append(tmps, j.tmp)
		_, err = f.Write(j.data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	if err := durableFiles(filepath.Join(s.home(), "photos"), tmps); err != nil {
		return err
	}
	for _, j := range jobs {
		if j.damaged {
			os.Chmod(j.final, 0o600) // a read-only damaged file would block the rename on Windows
		}
		if err := os.Rename(j.tmp, j.final); err != nil {
			return err
		}
	}
	var list []string
	for d := range dirs {
		list = append(list, d)
	}
	return durableDirs(filepath.Join(s.home(), "photos"), list)
}

// stationUser finds or makes the users row of a station's inspector:
// inactive, no PIN, named "<STATION>/<name>" so it never clashes with a
// local user.
func (tx *Tx) stationUser(ctx context.Context, ps *stmtCache, station, name string, cache map[string]int64) (int64, error) {
	full := station + "/" + strings.TrimSpace(name)
	if id, ok := cache[full]; ok {
		return id, nil
	}
	var id int64
	err := ps.queryRow(ctx, tx, `SELECT id FROM users WHERE name = ? AND station = ?`, full, station).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		now := fmtTime(tx.now)
		err = ps.queryRow(ctx, tx, `INSERT INTO users(name, role, pin_hash, language, active, created_at, updated_at, station)
			VALUES (?, 'inspector', '', 'en', 0, ?, ?, ?) RETURNING id`, full, now, now, station).Scan(&id)
	}
	if err != nil {
		return 0, err
	}
	cache[full] = id
	return id, nil
}

// mergeCase adds or updates one case of a bundle.
func (tx *Tx) mergeCase(ctx context.Context, ps *stmtCache, actor *User, station string, c *BundleCase, users map[string]int64) (mergeResult, error) {
	number := station + "/" + c.Number
	inspNo := station + "/" + c.Inspection.ID
	srcUpdated := fmtTime(c.UpdatedAt)
	var caseID, inspID int64
	var have, opened string
	var haveSeq int64
	find := func() error {
		return ps.queryRow(ctx, tx, `SELECT id, inspection_id, source_updated, source_seq, opened_at FROM cases WHERE number = ? AND station = ?`,
			number, station).Scan(&caseID, &inspID, &have, &haveSeq, &opened)
	}
	err := find()
	if err == nil && opened != fmtTime(c.OpenedAt) {
		// Another case under a number held here: the station was restored
		// from an older backup and gave its numbers out again. The case is
		// kept apart under its number and the time it was opened, so
		// neither overwrites the other.
		suffix := "~" + c.OpenedAt.UTC().Format("20060102T150405")
		number, inspNo = number+suffix, inspNo+suffix
		err = find()
	}
	exists := err == nil
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return 0, err
	case c.Seq > 0 && haveSeq > 0:
		// Both copies carry the station's change sequence: it decides,
		// not the station's clock (a back-dated change is still newer).
		if c.Seq <= haveSeq {
			return mergeUnchanged, nil
		}
	case c.Seq > 0:
		// Merged by time before: a copy with a sequence is at least as new.
		if srcUpdated < have {
			srcUpdated = have
		}
	case srcUpdated <= have:
		return mergeUnchanged, nil
	}
	inspector, err := tx.stationUser(ctx, ps, station, c.Inspector, users)
	if err != nil {
		return 0, err
	}
	in := c.Inspection
	in.ID, in.Station, in.Photos = inspNo, station, nil
	in.Inspector = strconv.FormatInt(inspector, 10)
	data, err := json.Marshal(&in)
	if err != nil {
		return 0, err
	}
	score, level := riskCols(in.Assessment)
	if c.RiskLevel != "" {
		level = c.RiskLevel
	}
	score = c.RiskScore
	q := QueueColumns(&in)
	now := fmtTime(tx.now)
	if !exists {
		if err := ps.queryRow(ctx, tx, `INSERT INTO inspections(number, waybill, courier, stage, status, inspector_id, created_at,
			updated_at, decided_at, risk_score, risk_level, data, station) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			inspNo, inspect.CleanWaybill(in.Parcel.Waybill), in.Parcel.Courier, stageOf(&in), in.Status, inspector,
			fmtTime(in.CreatedAt), fmtTime(in.UpdatedAt), optFmt(c.DecidedAt), score, level, data, station).Scan(&inspID); err != nil {
			return 0, err
		}
		if err := ps.queryRow(ctx, tx, `INSERT INTO cases(number, inspection_id, status, risk_level, sensitive, opened_at, updated_at,
			outcome, police_ref, station, inspector_id, risk_score, held_at, due_at, products, origin, destination, search, pending,
			referred_at, handed_at, closed_at, source_updated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			number, inspID, c.Status, level, c.Sensitive, fmtTime(c.OpenedAt), now, c.Outcome, c.PoliceRef, station, inspector, score,
			optFmt(c.HeldAt), optFmt(c.DueAt), q.Products, q.Origin, q.Destination, q.Search, c.Pending,
			optFmt(c.ReferredAt), optFmt(c.HandedAt), optFmt(c.ClosedAt), srcUpdated).Scan(&caseID); err != nil {
			return 0, err
		}
	} else {
		if _, err := ps.exec(ctx, tx, `UPDATE inspections SET waybill = ?, courier = ?, stage = ?, status = ?, inspector_id = ?,
			updated_at = ?, decided_at = ?, risk_score = ?, risk_level = ?, data = ? WHERE id = ?`,
			inspect.CleanWaybill(in.Parcel.Waybill), in.Parcel.Courier, stageOf(&in), in.Status, inspector,
			fmtTime(in.UpdatedAt), optFmt(c.DecidedAt), score, level, data, inspID); err != nil {
			return 0, err
		}
		if _, err := ps.exec(ctx, tx, `UPDATE cases SET risk_level = ?, risk_score = ?, inspector_id = ?, held_at = ?, due_at = ?,
			products = ?, origin = ?, destination = ?, search = ?, source_updated = ?, updated_at = ? WHERE id = ?`,
			level, score, inspector, optFmt(c.HeldAt), optFmt(c.DueAt), q.Products, q.Origin, q.Destination, q.Search,
			srcUpdated, now, caseID); err != nil {
			return 0, err
		}
		// The review state is the supervisor's once they decided anything.
		if _, err := ps.exec(ctx, tx, `UPDATE cases SET status = ?, pending = ?, outcome = ?, police_ref = ?, sensitive = ?,
			referred_at = ?, handed_at = ?, closed_at = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM case_events WHERE case_id = ?)`,
			c.Status, c.Pending, c.Outcome, c.PoliceRef, c.Sensitive, optFmt(c.ReferredAt), optFmt(c.HandedAt), optFmt(c.ClosedAt),
			caseID, caseID); err != nil {
			return 0, err
		}
	}
	if c.Seq > 0 {
		if _, err := ps.exec(ctx, tx, `UPDATE cases SET source_seq = ? WHERE id = ?`, c.Seq, caseID); err != nil {
			return 0, err
		}
	}
	if err := tx.mergeCustody(ctx, ps, caseID, c.Custody); err != nil {
		return 0, err
	}
	if err := tx.mergePhotos(ctx, ps, actor, inspID, c.Photos); err != nil {
		return 0, err
	}
	// Parties of an imported hold count as repeat senders here too.
	if err := tx.savePartyKeys(ctx, inspID, &in); err != nil {
		return 0, err
	}
	if _, err := ps.exec(ctx, tx, `UPDATE party_keys SET flagged = 1 WHERE inspection_id = ? AND flagged = 0`, inspID); err != nil {
		return 0, err
	}
	if exists {
		return mergeUpdated, nil
	}
	return mergeAdded, tx.audit(ctx, actor, "case.import", caseSubject(number), "station="+station+" inspection="+inspNo)
}

func stageOf(in *inspect.Inspection) string {
	if in.Parcel.Stage == "" {
		return inspect.StageAcceptance
	}
	return in.Parcel.Stage
}

// mergeCustody appends the station's custody events not yet here, after
// whatever this depot recorded itself (custody is append-only).
func (tx *Tx) mergeCustody(ctx context.Context, ps *stmtCache, caseID int64, events []BundleCustody) error {
	type key struct{ from, to, at, seals string }
	have := map[key]bool{}
	rows, err := ps.query(ctx, tx, `SELECT from_name, to_name, at, seals FROM custody WHERE case_id = ?`, caseID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.from, &k.to, &k.at, &k.seals); err != nil {
			rows.Close()
			return err
		}
		have[k] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, e := range events {
		k := key{e.From, e.To, fmtTime(e.At), strings.Join(e.Seals, "\n")}
		if have[k] {
			continue
		}
		have[k] = true
		if _, err := ps.exec(ctx, tx, `INSERT INTO custody(case_id, seq, from_name, to_name, at, seals, note)
			SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ? FROM custody WHERE case_id = ?`,
			caseID, k.from, k.to, k.at, k.seals, e.Note, caseID); err != nil {
			return err
		}
	}
	return nil
}

// mergePhotos records the bundle's photos (their files are written
// already) and links them to the inspection.
func (tx *Tx) mergePhotos(ctx context.Context, ps *stmtCache, actor *User, inspID int64, photos []BundlePhoto) error {
	now := fmtTime(tx.now)
	for _, p := range photos {
		mime, ext, _ := photoType(p.Data)
		name := filepath.Base(strings.ReplaceAll(strings.TrimSpace(p.Name), `\`, "/"))
		if name == "." || name == "/" {
			name = ""
		}
		rel := path.Join("photos", p.SHA256[:2], p.SHA256+ext)
		if _, err := ps.exec(ctx, tx, `INSERT OR IGNORE INTO photos(sha256, name, size, mime, added_at, path) VALUES (?, ?, ?, ?, ?, ?)`,
			p.SHA256, name, len(p.Data), mime, now, rel); err != nil {
			return err
		}
		if _, err := ps.exec(ctx, tx, `INSERT OR IGNORE INTO inspection_photos(inspection_id, sha256, seq, added_by, added_at)
			VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM inspection_photos WHERE inspection_id = ?), ?, ?)`,
			inspID, p.SHA256, inspID, actor.ID, now); err != nil {
			return err
		}
	}
	return nil
}

// ExchangeActor is the actor the app's background exchange (the minute's
// export, the inbox watcher) runs as: a supervisor-level actor with ID 0,
// like CLIActor, audited as "station exchange". Whoever runs the app can
// read the database anyway; the name keeps the audit trail honest.
func ExchangeActor() *User {
	return &User{ID: 0, Name: "station exchange", Role: Supervisor, Language: "en", Active: true}
}
