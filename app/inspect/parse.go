package inspect

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxParcelJSON is the largest parcel document ParseParcelJSON reads.
const MaxParcelJSON = 1 << 20

// ParcelFormat is the value of the optional "format" member.
const ParcelFormat = "tusk.parcel/1"

// Error codes of ParseParcelJSON (i18n keys).
const (
	ErrJSONTooLarge     = "inspect.json.too_large"
	ErrJSONUTF8         = "inspect.json.utf8"
	ErrJSONSyntax       = "inspect.json.syntax"
	ErrJSONTrailing     = "inspect.json.trailing"
	ErrJSONDepth        = "inspect.json.depth"
	ErrJSONUnknownField = "inspect.json.unknown_field"
	ErrJSONDuplicate    = "inspect.json.duplicate_field"
	ErrJSONType         = "inspect.json.type"
	ErrJSONRange        = "inspect.json.range"
	ErrJSONRequired     = "inspect.json.required"
	ErrJSONEnum         = "inspect.json.enum"
	ErrJSONFormat       = "inspect.json.format"
)

// ParseError is one problem in a parcel document, at a JSON path such as
// "$.parcel.contents[0].quantity".
type ParseError struct {
	Path   string `json:"path"`
	Code   string `json:"code"`             // i18n key
	Detail string `json:"detail,omitempty"` // the offending field name, value or offset
}

func (e ParseError) Error() string {
	s := e.Path + ": " + strings.TrimPrefix(e.Code, "inspect.json.")
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// ParseErrors are all the problems found, in document order (at most 50).
type ParseErrors []ParseError

func (es ParseErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

const (
	maxErrors = 50
	maxDepth  = 32
	maxText   = 2000 // characters in a name, address, note …
	maxCode   = 64   // characters in an ID, code or number field
)

// ParseParcelJSON reads one parcel document (the format in the package
// doc) into a draft Inspection. It is forgiving about how values are
// written and strict about what is written: see the package doc. On error
// it returns ParseErrors, every problem with its JSON path.
func ParseParcelJSON(r io.Reader) (*Inspection, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxParcelJSON+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxParcelJSON {
		return nil, ParseErrors{{Path: "$", Code: ErrJSONTooLarge, Detail: strconv.Itoa(MaxParcelJSON) + " bytes"}}
	}
	if !utf8.Valid(data) {
		return nil, ParseErrors{{Path: "$", Code: ErrJSONUTF8}}
	}
	root, ok := (*node)(nil), false
	if json.Valid(data) {
		root, ok = fastTree(data)
	}
	if !ok {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var perr *ParseError
		root, perr = readNode(dec, "$", 0)
		if perr != nil {
			return nil, ParseErrors{*perr}
		}
		if _, err := dec.Token(); err != io.EOF {
			return nil, ParseErrors{{Path: "$", Code: ErrJSONTrailing, Detail: "offset " + strconv.FormatInt(dec.InputOffset(), 10)}}
		}
	}
	w := &walker{}
	in := &Inspection{Status: StatusDraft}
	w.inspection(root, in)
	if len(w.errs) > 0 {
		return nil, w.errs
	}
	return in, nil
}

// node is a JSON value that keeps object members in order, duplicates and
// all, so they can be reported.
type node struct {
	kind byte // o(bject) a(rray) s(tring) n(umber) b(ool) z (null)
	keys []string
	vals []*node
	str  string
	num  json.Number
	b    bool
}

func readNode(dec *json.Decoder, path string, depth int) (*node, *ParseError) {
	if depth > maxDepth {
		return nil, &ParseError{Path: path, Code: ErrJSONDepth}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, syntaxError(dec, path, err)
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &node{kind: 'o'}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, syntaxError(dec, path, err)
				}
				key, _ := kt.(string)
				v, perr := readNode(dec, path+"."+key, depth+1)
				if perr != nil {
					return nil, perr
				}
				n.keys, n.vals = append(n.keys, key), append(n.vals, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, syntaxError(dec, path, err)
			}
			return n, nil
		case '[':
			n := &node{kind: 'a'}
			for dec.More() {
				v, perr := readNode(dec, path+"["+strconv.Itoa(len(n.vals))+"]", depth+1)
				if perr != nil {
					return nil, perr
				}
				n.vals = append(n.vals, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, syntaxError(dec, path, err)
			}
			return n, nil
		}
		return nil, &ParseError{Path: path, Code: ErrJSONSyntax, Detail: "unexpected " + t.String()}
	case string:
		return &node{kind: 's', str: t}, nil
	case json.Number:
		return &node{kind: 'n', num: t}, nil
	case bool:
		return &node{kind: 'b', b: t}, nil
	case nil:
		return &node{kind: 'z'}, nil
	}
	return nil, &ParseError{Path: path, Code: ErrJSONSyntax}
}

func syntaxError(dec *json.Decoder, path string, err error) *ParseError {
	detail := "offset " + strconv.FormatInt(dec.InputOffset(), 10)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		detail = "offset " + strconv.FormatInt(se.Offset, 10) + ": " + se.Error()
	} else if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		detail = "unexpected end of input"
	}
	return &ParseError{Path: path, Code: ErrJSONSyntax, Detail: detail}
}

type walker struct{ errs ParseErrors }

// entry reports a null where an array item must be an object.
func (w *walker) entry(n *node, path string) bool {
	if n.kind == 'z' {
		w.fail(path, ErrJSONType, "want object, got null")
		return false
	}
	return true
}

func (w *walker) fail(path, code, detail string) {
	if len(w.errs) < maxErrors {
		w.errs = append(w.errs, ParseError{Path: path, Code: code, Detail: detail})
	}
}

func kindName(k byte) string {
	return map[byte]string{'o': "object", 'a': "array", 's': "string", 'n': "number", 'b': "boolean", 'z': "null"}[k]
}

// object walks an object's members; field handles a known key and returns
// false for an unknown one. A null object is absent. Returns false when n
// is not an object.
func (w *walker) object(n *node, path string, field func(key string, v *node, p string) bool) bool {
	if n == nil || n.kind == 'z' {
		return false
	}
	if n.kind != 'o' {
		w.fail(path, ErrJSONType, "want object, got "+kindName(n.kind))
		return false
	}
	seen := make(map[string]bool, len(n.keys))
	for i, k := range n.keys {
		p := path + "." + k
		if seen[k] {
			w.fail(p, ErrJSONDuplicate, k)
			continue
		}
		seen[k] = true
		if !field(k, n.vals[i], p) {
			w.fail(p, ErrJSONUnknownField, k)
		}
	}
	return true
}

// array walks an array's items; null is an empty array.
func (w *walker) array(n *node, path string, item func(v *node, p string)) {
	if n.kind == 'z' {
		return
	}
	if n.kind != 'a' {
		w.fail(path, ErrJSONType, "want array, got "+kindName(n.kind))
		return
	}
	for i, v := range n.vals {
		item(v, path+"["+strconv.Itoa(i)+"]")
	}
}

// str reads a string, trimmed; numbers are accepted as their text (a
// waybill or phone often comes as a number).
func (w *walker) str(n *node, path string, max int) string {
	var s string
	switch n.kind {
	case 'z':
		return ""
	case 's':
		s = strings.TrimSpace(n.str)
	case 'n':
		s = n.num.String()
	default:
		w.fail(path, ErrJSONType, "want string, got "+kindName(n.kind))
		return ""
	}
	if utf8.RuneCountInString(s) > max {
		w.fail(path, ErrJSONRange, "longer than "+strconv.Itoa(max)+" characters")
		return ""
	}
	return s
}

// enum reads a string that must be one of set, ignoring case, spaces,
// "-" and "_" ("X-Ray" is xray, "Not checked" is not_checked).
func (w *walker) enum(n *node, path string, set []string) string {
	s := w.str(n, path, maxCode)
	if s == "" {
		return ""
	}
	canon := func(v string) string {
		return strings.Map(func(r rune) rune {
			if r == '-' || r == '_' || r == ' ' {
				return -1
			}
			return r
		}, strings.ToLower(v))
	}
	c := canon(s)
	for _, v := range set {
		if canon(v) == c {
			return v
		}
	}
	w.fail(path, ErrJSONEnum, clip(s)+" not in "+strings.Join(set, "|"))
	return ""
}

// num reads a finite number in [0, max], written as a JSON number or a
// string ("1.5", or "1,5" with a decimal comma).
func (w *walker) num(n *node, path string, max float64) float64 {
	var text string
	switch n.kind {
	case 'z':
		return 0
	case 'n':
		text = n.num.String()
	case 's':
		text = strings.TrimSpace(n.str)
		if strings.Count(text, ",") == 1 && !strings.Contains(text, ".") {
			text = strings.Replace(text, ",", ".", 1)
		}
		if text == "" {
			return 0
		}
	default:
		w.fail(path, ErrJSONType, "want number, got "+kindName(n.kind))
		return 0
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		w.fail(path, ErrJSONType, "not a number: "+clip(text))
		return 0
	}
	if f < 0 || f > max {
		w.fail(path, ErrJSONRange, "want 0.."+strconv.FormatFloat(max, 'f', -1, 64))
		return 0
	}
	return f
}

// integer reads a whole number in [0, max].
func (w *walker) integer(n *node, path string, max int) int {
	before := len(w.errs)
	f := w.num(n, path, float64(max))
	if len(w.errs) > before {
		return 0
	}
	if f != math.Trunc(f) {
		w.fail(path, ErrJSONType, "want a whole number")
		return 0
	}
	return int(f)
}

// boolean reads true/false, or the strings "true", "false", "yes", "no",
// "1", "0".
func (w *walker) boolean(n *node, path string) bool {
	switch n.kind {
	case 'z':
		return false
	case 'b':
		return n.b
	case 's':
		switch strings.ToLower(strings.TrimSpace(n.str)) {
		case "true", "yes", "1":
			return true
		case "false", "no", "0", "":
			return false
		}
	}
	w.fail(path, ErrJSONType, "want boolean")
	return false
}

// country reads an ISO 3166-1 alpha-2 code, upper-casing it.
func (w *walker) country(n *node, path string) string {
	s := strings.ToUpper(w.str(n, path, maxCode))
	if s != "" && !upperLetters(s, 2) {
		w.fail(path, ErrJSONRange, "want a 2-letter country code, got "+clip(s))
		return ""
	}
	return s
}

func (w *walker) required(path, val string) {
	if val == "" {
		w.fail(path, ErrJSONRequired, "")
	}
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}

func (w *walker) inspection(n *node, in *Inspection) {
	if n.kind != 'o' {
		w.fail("$", ErrJSONType, "want object, got "+kindName(n.kind))
		return
	}
	var hasParcel bool
	w.object(n, "$", func(k string, v *node, p string) bool {
		switch k {
		case "format":
			if f := w.str(v, p, maxCode); f != "" && f != ParcelFormat {
				w.fail(p, ErrJSONFormat, "want "+ParcelFormat)
			}
		case "id":
			in.ID = w.str(v, p, maxCode)
		case "station":
			in.Station = w.str(v, p, maxCode)
		case "inspector":
			in.Inspector = w.str(v, p, maxCode)
		case "created_at":
			if s := w.str(v, p, maxCode); s != "" {
				t, err := time.Parse(time.RFC3339, s)
				if err != nil {
					w.fail(p, ErrJSONType, "want an RFC 3339 time")
				}
				in.CreatedAt = t.UTC()
				in.UpdatedAt = in.CreatedAt
			}
		case "parcel":
			hasParcel = w.parcel(v, p, &in.Parcel)
		case "parties":
			w.array(v, p, func(v *node, p string) {
				var pt Party
				if !w.entry(v, p) {
					return
				}
				w.party(v, p, &pt)
				in.Parties = append(in.Parties, pt)
			})
		case "answers":
			w.array(v, p, func(v *node, p string) {
				var a Answer
				if !w.entry(v, p) {
					return
				}
				w.answer(v, p, &a)
				in.Answers = append(in.Answers, a)
			})
		case "findings":
			w.array(v, p, func(v *node, p string) {
				var f Finding
				if !w.entry(v, p) {
					return
				}
				w.finding(v, p, &f)
				in.Findings = append(in.Findings, f)
			})
		case "contents_check":
			in.ContentsCheck = w.enum(v, p, []string{ContentsMatch, ContentsMismatch})
		case "live_signs":
			in.LiveSigns = w.boolean(v, p)
		case "external_check":
			in.External = w.enum(v, p, []string{ExternalVerified, ExternalFailed, ExternalNotAvailable, ExternalNotDone})
		case "notes":
			in.Notes = w.str(v, p, maxText)
		default:
			return false
		}
		return true
	})
	if !hasParcel {
		w.fail("$.parcel", ErrJSONRequired, "")
	}
}

func (w *walker) parcel(n *node, path string, pc *Parcel) bool {
	ok := w.object(n, path, func(k string, v *node, p string) bool {
		switch k {
		case "waybill":
			pc.Waybill = CleanWaybill(w.str(v, p, maxCode))
		case "courier":
			pc.Courier = w.str(v, p, maxCode)
		case "direction":
			pc.Direction = w.enum(v, p, []string{DirectionOutbound, DirectionInbound})
		case "stage":
			pc.Stage = w.enum(v, p, Stages)
		case "contents":
			w.array(v, p, func(v *node, p string) {
				var it DeclaredItem
				if !w.entry(v, p) {
					return
				}
				w.object(v, p, func(k string, v *node, p string) bool {
					switch k {
					case "name":
						it.Name = w.str(v, p, maxText)
					case "category":
						it.Category = w.str(v, p, maxCode)
					case "quantity":
						it.Quantity = w.integer(v, p, 1_000_000_000)
					case "value":
						it.Value = w.num(v, p, 1e12)
					case "currency":
						it.Currency = strings.ToUpper(w.str(v, p, maxCode))
						if it.Currency != "" && !upperLetters(it.Currency, 3) {
							w.fail(p, ErrJSONRange, "want a 3-letter currency code")
						}
					default:
						return false
					}
					return true
				})
				pc.Contents = append(pc.Contents, it)
			})
		case "declared_weight_kg":
			pc.DeclaredWeightKg = w.num(v, p, 100_000)
		case "measured_weight_kg":
			pc.MeasuredWeightKg = w.num(v, p, 100_000)
		case "dimensions_cm":
			w.object(v, p, func(k string, v *node, p string) bool {
				switch k {
				case "length":
					pc.Dimensions.Length = w.num(v, p, 100_000)
				case "width":
					pc.Dimensions.Width = w.num(v, p, 100_000)
				case "height":
					pc.Dimensions.Height = w.num(v, p, 100_000)
				default:
					return false
				}
				return true
			})
		case "origin":
			w.place(v, p, &pc.Origin)
		case "destination":
			w.place(v, p, &pc.Destination)
		case "transit":
			w.array(v, p, func(v *node, p string) {
				if c := w.country(v, p); c != "" {
					pc.Transit = append(pc.Transit, c)
				}
			})
		case "payment":
			pc.Payment = w.enum(v, p, Payments)
		default:
			return false
		}
		return true
	})
	if !ok {
		if n.kind == 'z' {
			return false
		}
		return true // a type error was reported
	}
	w.required(path+".waybill", pc.Waybill)
	if pc.Stage == "" {
		pc.Stage = StageAcceptance // a sorting system at the counter need not say so
	}
	return true
}

func (w *walker) place(n *node, path string, pl *Place) {
	w.object(n, path, func(k string, v *node, p string) bool {
		switch k {
		case "country":
			pl.Country = w.country(v, p)
		case "city":
			pl.City = w.str(v, p, maxText)
		default:
			return false
		}
		return true
	})
}

func (w *walker) party(n *node, path string, pt *Party) {
	if !w.object(n, path, func(k string, v *node, p string) bool {
		switch k {
		case "role":
			pt.Role = w.enum(v, p, Roles)
		case "name":
			pt.Name = w.str(v, p, maxText)
		case "phone":
			pt.Phone = w.str(v, p, maxCode)
		case "address":
			pt.Address = w.str(v, p, maxText)
		case "country":
			pt.Country = w.country(v, p)
		case "id":
			if v.kind != 'z' {
				pt.ID = &IDDocument{}
				w.idDoc(v, p, pt.ID)
			}
		case "third_party":
			pt.ThirdParty = w.boolean(v, p)
		case "refused_id":
			pt.RefusedID = w.boolean(v, p)
		case "phone_only":
			pt.PhoneOnly = w.boolean(v, p)
		case "vague_address":
			pt.VagueAddress = w.boolean(v, p)
		default:
			return false
		}
		return true
	}) {
		return
	}
	w.required(path+".role", pt.Role)
}

func (w *walker) idDoc(n *node, path string, d *IDDocument) {
	if !w.object(n, path, func(k string, v *node, p string) bool {
		switch k {
		case "type":
			d.Type = w.enum(v, p, DocTypes)
		case "number":
			d.Number = w.str(v, p, maxCode)
		case "mrz":
			// One string with a line break, or an array of the two lines.
			if v.kind == 'a' {
				var lines []string
				w.array(v, p, func(v *node, p string) { lines = append(lines, w.str(v, p, 100)) })
				d.MRZ = strings.Join(lines, "\n")
			} else {
				d.MRZ = w.str(v, p, 200)
			}
		case "country":
			d.Country = w.country(v, p)
		case "name":
			d.Name = w.str(v, p, maxText)
		case "birth_date":
			d.BirthDate = w.str(v, p, maxCode)
			if d.BirthDate != "" {
				if _, err := time.Parse(time.DateOnly, d.BirthDate); err != nil {
					w.fail(p, ErrJSONType, "want YYYY-MM-DD")
				}
			}
		case "expiry":
			d.Expiry = w.str(v, p, maxCode)
			if d.Expiry != "" {
				if _, err := time.Parse(time.DateOnly, d.Expiry); err != nil {
					w.fail(p, ErrJSONType, "want YYYY-MM-DD")
				}
			}
		case "sex":
			switch sx := strings.ToUpper(w.str(v, p, maxCode)); sx {
			case "", "M", "F", "X":
				d.Sex = sx
			case "MALE":
				d.Sex = "M"
			case "FEMALE":
				d.Sex = "F"
			default:
				w.fail(p, ErrJSONEnum, clip(sx)+" not in M|F|X")
			}
		default:
			return false
		}
		return true
	}) {
		return
	}
	w.required(path+".type", d.Type)
}

func (w *walker) answer(n *node, path string, a *Answer) {
	if !w.object(n, path, func(k string, v *node, p string) bool {
		switch k {
		case "item":
			a.Item = w.str(v, p, maxCode)
		case "value":
			if v.kind == 'b' { // true/false for yes/no
				a.Value = map[bool]string{true: AnswerYes, false: AnswerNo}[v.b]
			} else {
				a.Value = w.enum(v, p, []string{AnswerYes, AnswerNo, AnswerNotChecked})
			}
		case "note":
			a.Note = w.str(v, p, maxText)
		default:
			return false
		}
		return true
	}) {
		return
	}
	w.required(path+".item", a.Item)
	w.required(path+".value", a.Value)
}

func (w *walker) finding(n *node, path string, f *Finding) {
	if !w.object(n, path, func(k string, v *node, p string) bool {
		switch k {
		case "card":
			f.Card = w.str(v, p, maxCode)
		case "confidence":
			f.Confidence = w.enum(v, p, []string{ConfidenceLow, ConfidenceMedium, ConfidenceHigh})
		case "count":
			f.Count = w.integer(v, p, 1_000_000_000)
		case "weight_kg":
			f.WeightKg = w.num(v, p, 100_000)
		case "note":
			f.Note = w.str(v, p, maxText)
		default:
			return false
		}
		return true
	}) {
		return
	}
	w.required(path+".card", f.Card)
	w.required(path+".confidence", f.Confidence)
}
