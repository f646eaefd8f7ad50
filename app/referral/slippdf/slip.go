// Package slippdf draws the referral slip as a PDF (gofpdf) with its QR
// code (go-qrcode). It is drawing only: the record, the claims and their
// signature are package referral's, which the store uses without linking
// either library.
package slippdf

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/jung-kurt/gofpdf"

	"tusk/app/referral"
)

// SlipData is what a referral slip shows: the frozen case record (its
// photos carrying their image bytes in Photo.Data) and the signed payload
// for the QR code.
type SlipData struct {
	Record  referral.CaseRecord
	Payload string // the TUSK1 text from Sign over Record.Claims()
	// Fingerprint of the signing key, printed under the QR. Empty: taken
	// from the payload's key ID (they are the same thing).
	Fingerprint string
	// Shown, when set, is the record as this copy shows it: the same slip
	// in another language (caserecord.Localize). It must say what the
	// signed Record says in the QR code's terms (CheckClaims), so a copy
	// never shows other numbers, products, seals or photos than it signs.
	Shown *referral.CaseRecord
}

// SlipOptions control how a slip is drawn.
type SlipOptions struct {
	Paper string // "A4" (default) or "Letter"
	// Font is a single-face TrueType (glyf) .ttf covering every script in
	// the slip, e.g. assets' WenQuanYiMicroHei.ttf (Latin, Vietnamese,
	// Chinese). gofpdf cannot read .ttc or CFF .otf files.
	Font []byte
	// T translates the slip's labels ("slip.*" keys) into the slip's
	// language. A missing key may come back as "" or as the key itself.
	T func(key string) string
	// T2 optionally gives a second language (English) for headings,
	// shown as "主要 / Primary". Nil: headings in one language.
	T2 func(key string) string
	// Created is the PDF's creation date. Zero: the record's issue time,
	// so the same slip always renders to the same bytes.
	Created time.Time
	// Location is the time zone for times on the slip; nil means UTC.
	Location *time.Location
}

// Layout in millimetres and points. The slip is a form: thin rules, grey
// bands for headings, no colour, nothing that means something by colour.
const (
	marginX     = 14.0
	marginTop   = 10.0
	marginBot   = 13.0 // room for the footer
	qrSide      = 48.0 // 45-50 mm: a version-12 code (MaxQRVersion) has 0.66 mm modules
	gap         = 3.0
	sizeTitle   = 15.0
	sizeHead    = 10.0
	sizeBody    = 8.2
	sizeSmall   = 7.0
	sizeTiny    = 6.2
	lineBody    = 3.6
	lineSmall   = 3.1
	maxCellLine = 40 // lines of one table cell; more is cut with "…"
	thumbsPage1 = 4
	blankRows   = 4 // custody rows left blank for the police
)

const fontFamily = "tusk"

// pagesAlias stands for the page count until gofpdf fills it in at the
// end. It is an unlikely string so that case text never collides with it.
const pagesAlias = "{tusk:nb}"

// RenderSlip draws the referral slip as a PDF. The output is deterministic:
// the same data and options give the same bytes. It checks that the
// payload parses, that its record hash and numbers match the record and
// that the products, seals and photos it lists and counts are the record's
// (CheckClaims), so a slip never carries a QR code for some other case.
func RenderSlip(w io.Writer, s SlipData, opt SlipOptions) error {
	if opt.T == nil {
		return referral.ErrSlip.With("no translation function")
	}
	if err := checkTTF(opt.Font); err != nil {
		return err
	}
	rec, fp, err := referral.CheckSlipPayload(s.Record, s.Shown, s.Payload, s.Fingerprint)
	if err != nil {
		return err
	}
	paper := "A4"
	switch strings.ToUpper(opt.Paper) {
	case "", "A4":
	case "LETTER":
		paper = "Letter"
	default:
		return referral.ErrSlip.With("unknown paper " + opt.Paper)
	}
	loc := opt.Location
	if loc == nil {
		loc = time.UTC
	}
	created := opt.Created
	if created.IsZero() {
		created = rec.IssuedAt
	}
	qr, err := QRPNG(strings.TrimRight(s.Payload, "\r\n\t"), 400)
	if err != nil {
		return err
	}
	qrCfg, _, err := image.DecodeConfig(bytes.NewReader(qr))
	if err != nil {
		return referral.ErrQR.With(err.Error())
	}
	// Photos decode in the background while gofpdf parses the font (it
	// does so on every render, 20-30 ms for the CJK font).
	thumbsDone := make(chan []thumb, 1)
	go func() { thumbsDone <- makeThumbs(rec.Evidence.Photos, qrCfg.Width) }()

	pdf := gofpdf.New("P", "mm", paper, "")
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetCatalogSort(true)
	pdf.SetCompression(true)
	pdf.SetMargins(marginX, marginTop, marginX)
	pdf.SetAutoPageBreak(false, 0) // breaks are placed by hand, between rows
	pdf.AddUTF8FontFromBytes(fontFamily, "", opt.Font)
	pdf.SetFont(fontFamily, "", sizeBody)
	pdf.AliasNbPages(pagesAlias)

	r := &slipPDF{pdf: pdf, opt: opt, loc: loc, rec: rec, fp: fp, widths: map[rune]int{}}
	pw, ph := pdf.GetPageSize()
	r.left, r.right, r.bottom = marginX, pw-marginX, ph-marginBot
	r.width = r.right - r.left
	r.pageH = ph
	pdf.SetTitle(r.t("slip.title")+" "+rec.SlipNo, true)
	pdf.SetSubject(rec.CaseNo, true)
	pdf.SetCreator("Tusk", false)
	pdf.SetHeaderFunc(r.pageHeader)
	pdf.SetFooterFunc(r.pageFooter)

	pdf.RegisterImageOptionsReader("qr", gofpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(qr))
	r.thumbs = <-thumbsDone

	pdf.AddPage()
	r.titleBlock()
	r.parcel()
	r.evidence()
	r.findings()
	r.persons()
	r.custody()
	r.signatures()
	r.annex()
	if err := pdf.Error(); err != nil {
		return referral.ErrSlip.With(err.Error())
	}
	if err := pdf.Output(w); err != nil {
		return referral.ErrSlip.With(err.Error())
	}
	return nil
}

// checkTTF catches fonts gofpdf would fail on later with a vague
// "undefined font" (its parser only prints parse errors).
func checkTTF(b []byte) error {
	if len(b) < 12 {
		return referral.ErrSlip.With("no font")
	}
	switch tag := binary.BigEndian.Uint32(b); tag {
	case 0x00010000, 0x74727565: // TrueType outlines ("true" on old Macs)
		return nil
	case 0x4F54544F: // "OTTO"
		return referral.ErrSlip.With("the font is a CFF OpenType (.otf); gofpdf needs a TrueType .ttf")
	case 0x74746366: // "ttcf"
		return referral.ErrSlip.With("the font is a collection (.ttc); gofpdf needs a single-face .ttf")
	default:
		return referral.ErrSlip.With(fmt.Sprintf("not a TrueType font (tag %08x)", tag))
	}
}

type slipPDF struct {
	pdf    *gofpdf.Fpdf
	opt    SlipOptions
	loc    *time.Location
	rec    referral.CaseRecord
	fp     string
	thumbs []thumb
	widths map[rune]int // glyph widths in 1/1000 em, cached

	left, right, bottom, width, pageH float64
}

// t returns the primary label for key, falling back to the second
// language and then to the key itself, so a missing translation shows up
// as something findable rather than an empty box.
func (r *slipPDF) t(key string) string {
	if s := r.opt.T(key); s != "" && s != key {
		return s
	}
	if r.opt.T2 != nil {
		if s := r.opt.T2(key); s != "" && s != key {
			return s
		}
	}
	return key
}

// bi is a heading in both languages, "主要 / Primary", when a second one is
// set and differs.
func (r *slipPDF) bi(key string) string {
	a := r.t(key)
	if r.opt.T2 == nil {
		return a
	}
	if b := r.opt.T2(key); b != "" && b != key && b != a {
		return a + " / " + b
	}
	return a
}

// ---- text measuring and wrapping ----

// clean makes text safe for the font and the layout: CR LF to LF, tabs and
// other control characters to spaces, and characters outside the Basic
// Multilingual Plane (which gofpdf's width table cannot index) to U+FFFD.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(c rune) rune {
		switch {
		case c == '\n':
			return c
		case c > 0xFFFF:
			return '\uFFFD'
		case unicode.IsControl(c):
			return ' '
		}
		return c
	}, s)
}

func (r *slipPDF) setSize(pt float64) { r.pdf.SetFontSize(pt) }

// textWidth measures s at the current font size.
func (r *slipPDF) textWidth(s string) float64 {
	_, unit := r.pdf.GetFontSize()
	total := 0
	for _, c := range s {
		w, ok := r.widths[c]
		if !ok {
			w = r.pdf.GetStringSymbolWidth(string(c))
			r.widths[c] = w
		}
		total += w
	}
	return float64(total) * unit / 1000
}

// breakable reports whether a line may break before c without a space:
// CJK ideographs, kana, Hangul and full-width forms are written without
// spaces between words.
func breakable(c rune) bool {
	return c >= 0x2E80 && c <= 0x9FFF || c >= 0xAC00 && c <= 0xD7AF || c >= 0xF900 && c <= 0xFAFF || c >= 0xFF00 && c <= 0xFFEF
}

// wrap splits s into lines no wider than w at the current font size:
// at spaces, around CJK characters, and inside a word only when the word
// alone is too wide.
func (r *slipPDF) wrap(s string, w float64) []string {
	var lines []string
	for _, para := range strings.Split(clean(s), "\n") {
		runes := []rune(para)
		for len(runes) > 0 {
			width, cut, lastBreak := 0.0, len(runes), -1
			for i, c := range runes {
				if i > 0 && (c == ' ' || breakable(c) || breakable(runes[i-1])) {
					lastBreak = i
				}
				width += r.textWidth(string(c))
				if width > w && i > 0 {
					cut = i
					if lastBreak > 0 {
						cut = lastBreak
					}
					break
				}
			}
			lines = append(lines, strings.TrimRight(string(runes[:cut]), " "))
			runes = runes[cut:]
			for len(runes) > 0 && runes[0] == ' ' {
				runes = runes[1:]
			}
		}
		if len(para) == 0 {
			lines = append(lines, "")
		}
	}
	for len(lines) > 1 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// capLines keeps at most n lines, marking the cut.
func capLines(lines []string, n int) []string {
	if len(lines) <= n {
		return lines
	}
	out := append([]string(nil), lines[:n]...)
	out[n-1] += " …"
	return out
}

// ---- drawing primitives ----

func (r *slipPDF) grey(level int) { r.pdf.SetTextColor(level, level, level) }

// lines draws wrapped lines from (x, y) and returns the height used.
func (r *slipPDF) lines(x, y float64, ls []string, lh float64) float64 {
	for i, l := range ls {
		r.pdf.SetXY(x, y+float64(i)*lh)
		r.pdf.CellFormat(0, lh, l, "", 0, "L", false, 0, "")
	}
	return float64(len(ls)) * lh
}

// bold fakes a bold weight (the font has one face) by stroking the glyph
// outlines as well as filling them.
func (r *slipPDF) bold(on bool) {
	if on {
		r.pdf.SetLineWidth(0.18)
		r.pdf.SetTextRenderingMode(2)
	} else {
		r.pdf.SetTextRenderingMode(0)
		r.pdf.SetLineWidth(0.2)
	}
}

func (r *slipPDF) rule(y float64, level int, width float64) {
	r.pdf.SetDrawColor(level, level, level)
	r.pdf.SetLineWidth(width)
	r.pdf.Line(r.left, y, r.right, y)
	r.pdf.SetDrawColor(0, 0, 0)
	r.pdf.SetLineWidth(0.2)
}

// ensure starts a new page unless h millimetres still fit on this one.
// It reports whether it broke the page.
func (r *slipPDF) ensure(h float64) bool {
	if r.pdf.GetY()+h <= r.bottom {
		return false
	}
	r.pdf.AddPage()
	return true
}

// heading draws a section band. It keeps the band with at least keep mm of
// what follows, so a heading never ends a page alone.
func (r *slipPDF) heading(key string, keep float64) {
	const h = headBandH
	r.pdf.SetY(r.pdf.GetY() + headGap)
	r.ensure(h + keep)
	y := r.pdf.GetY()
	r.pdf.SetFillColor(228, 228, 228)
	r.pdf.Rect(r.left, y, r.width, h, "F")
	r.setSize(sizeHead)
	r.bold(true)
	r.pdf.SetXY(r.left+1.5, y)
	r.pdf.CellFormat(r.width-3, h, r.fit(r.bi(key), r.width-3), "", 0, "LM", false, 0, "")
	r.bold(false)
	r.pdf.SetY(y + h + headAfter)
	r.setSize(sizeBody)
}

// A section heading: the gap above, the grey band, the gap below.
const (
	headGap   = 1.2
	headBandH = 4.8
	headAfter = 1.0
)

// fit shortens s with "…" until it fits w.
func (r *slipPDF) fit(s string, w float64) string {
	s = strings.ReplaceAll(clean(s), "\n", " ")
	if r.textWidth(s) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 && r.textWidth(string(rs)+"…") > w {
		rs = rs[:len(rs)-1]
	}
	return string(rs) + "…"
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// both is "declared / seen", or "" when neither is known, so the row is
// left out rather than showing "— / —".
func both(a, b int, f func(int) string) string {
	if a <= 0 && b <= 0 {
		return ""
	}
	return f(a) + " / " + f(b)
}

func grams(g int) string {
	if g <= 0 {
		return "—"
	}
	return strconv.Itoa(g) + " g"
}

func count(n int) string {
	if n <= 0 {
		return "—"
	}
	return strconv.Itoa(n)
}

// when formats t in the slip's zone with its UTC offset:
// "2026-11-23 14:05 (UTC+08:00)".
func (r *slipPDF) when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	lt := t.In(r.loc)
	return lt.Format("2006-01-02 15:04") + " (UTC" + lt.Format("-07:00") + ")"
}

// ---- page furniture ----

// pageHeader repeats the slip's identity on every page after the first
// (the first has the full title block).
func (r *slipPDF) pageHeader() {
	if r.pdf.PageNo() == 1 {
		r.pdf.SetY(marginTop)
		return
	}
	r.setSize(sizeSmall)
	r.grey(0)
	left := r.t("slip.title") + " · " + r.rec.Depot.Name + " (" + r.rec.Depot.Code + ")"
	right := r.t("slip.case_no") + " " + r.rec.CaseNo + " · " + r.t("slip.slip_no") + " " + r.rec.SlipNo
	rw := r.textWidth(right)
	r.pdf.SetXY(r.left, marginTop-2)
	r.pdf.CellFormat(r.width-rw-4, 4, r.fit(left, r.width-rw-4), "", 0, "L", false, 0, "")
	r.pdf.SetXY(r.right-rw, marginTop-2)
	r.pdf.CellFormat(rw, 4, right, "", 0, "R", false, 0, "")
	r.rule(marginTop+2.5, 0, 0.3)
	r.pdf.SetY(marginTop + 5)
	r.setSize(sizeBody)
}

func (r *slipPDF) pageFooter() {
	y := r.pageH - marginBot + 6
	r.rule(y-1.5, 120, 0.1)
	r.setSize(sizeTiny)
	r.grey(60)
	page := strings.NewReplacer("{page}", strconv.Itoa(r.pdf.PageNo()), "{pages}", pagesAlias).Replace(r.t("slip.footer.page"))
	pw := r.textWidth(page) + 2
	r.pdf.SetXY(r.left, y)
	r.pdf.CellFormat(r.width-pw-4, 3.5, r.fit(r.t("slip.confidential"), r.width-pw-4), "", 0, "L", false, 0, "")
	r.pdf.SetXY(r.right-pw, y)
	r.pdf.CellFormat(pw, 3.5, page, "", 0, "R", false, 0, "")
	r.grey(0)
	r.setSize(sizeBody)
}

// ---- sections ----

// titleBlock is the top of page 1: title, numbers, addressee and depot on
// the left; the QR code with the case number and key fingerprint on the
// right.
func (r *slipPDF) titleBlock() {
	pdf := r.pdf
	top := pdf.GetY()
	textW := r.width - qrSide - 5
	x := r.left

	r.setSize(sizeTitle)
	r.bold(true)
	y := top
	for _, l := range r.wrap(r.bi("slip.title"), textW) {
		pdf.SetXY(x, y)
		pdf.CellFormat(textW, 7, l, "", 0, "L", false, 0, "")
		y += 7
	}
	r.bold(false)
	y += 1

	type field struct{ label, value string }
	rows := []field{
		{r.t("slip.case_no"), r.rec.CaseNo},
		{r.t("slip.slip_no"), r.rec.SlipNo},
		{r.t("slip.issued"), r.when(r.rec.IssuedAt)},
		{r.t("slip.stage"), r.t("slip.stage." + r.rec.Stage.String())},
		{r.t("slip.to"), joinNonEmpty(", ", r.rec.Addressee.Name, r.rec.Addressee.Kind)},
		{r.t("slip.from"), joinNonEmpty(", ", r.rec.Depot.Name+" ("+r.rec.Depot.Code+")", r.rec.Depot.Address, r.rec.Depot.Contact)},
	}
	r.setSize(sizeSmall)
	labelW := 0.0
	for _, f := range rows {
		labelW = max(labelW, r.textWidth(f.label)+2)
	}
	labelW = min(labelW, 32)
	for i, f := range rows {
		size, lh := sizeBody, lineBody
		if i < 2 {
			size, lh = sizeHead, 4.6 // the numbers people quote on the phone
		}
		r.setSize(sizeSmall)
		r.grey(70)
		lab := r.wrap(f.label, labelW-1)
		r.lines(x, y+0.4, lab, lineSmall)
		r.grey(0)
		r.setSize(size)
		if i < 2 {
			r.bold(true)
		}
		val := capLines(r.wrap(dash(f.value), textW-labelW), 6)
		h := r.lines(x+labelW, y, val, lh)
		r.bold(false)
		y += max(h, float64(len(lab))*lineSmall) + 0.8
	}
	r.setSize(sizeSmall)
	r.grey(60)
	note := r.wrap(r.t("slip.qr.note"), textW)
	y += 0.5 + r.lines(x, y+0.5, note, lineSmall)
	r.grey(0)

	// QR on the right, its case number and key fingerprint under it.
	qx := r.right - qrSide
	pdf.ImageOptions("qr", qx, top, qrSide, qrSide, false, gofpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	qy := top + qrSide + 0.5
	r.setSize(sizeSmall)
	for _, l := range []string{r.rec.CaseNo, r.t("slip.qr.key") + " " + r.fp} {
		pdf.SetXY(qx, qy)
		pdf.CellFormat(qrSide, 3.4, r.fit(l, qrSide), "", 0, "C", false, 0, "")
		qy += 3.4
	}
	pdf.SetY(max(y, qy) + 1)
	r.rule(pdf.GetY(), 0, 0.4)
	pdf.SetY(pdf.GetY() + 1)
	r.setSize(sizeBody)
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// pairs draws label/value rows, two pairs side by side, with a hairline
// under each row; a row is never split across pages. Pairs with no value
// are left out, and the remaining ones close up.
func (r *slipPDF) pairs(rows [][2][2]string) {
	half := (r.width - 4) / 2
	const labelW = 34.0
	var filled [][2]string
	for _, row := range rows {
		for _, pr := range row {
			if pr[0] != "" && strings.TrimSpace(pr[1]) != "" {
				filled = append(filled, pr)
			}
		}
	}
	rows = rows[:0]
	for i := 0; i < len(filled); i += 2 {
		row := [2][2]string{filled[i]}
		if i+1 < len(filled) {
			row[1] = filled[i+1]
		}
		rows = append(rows, row)
	}
	for _, row := range rows {
		var labs, vals [2][]string
		h := 0.0
		for c := 0; c < 2; c++ {
			if row[c][0] == "" {
				continue
			}
			r.setSize(sizeSmall)
			labs[c] = r.wrap(row[c][0], labelW-1.5)
			r.setSize(sizeBody)
			vals[c] = capLines(r.wrap(dash(row[c][1]), half-labelW), maxCellLine)
			h = max(h, float64(len(labs[c]))*lineSmall, float64(len(vals[c]))*lineBody)
		}
		h += 1.2
		r.ensure(h)
		y := r.pdf.GetY()
		for c := 0; c < 2; c++ {
			x := r.left + float64(c)*(half+4)
			r.setSize(sizeSmall)
			r.grey(70)
			r.lines(x, y+0.6, labs[c], lineSmall)
			r.grey(0)
			r.setSize(sizeBody)
			r.lines(x+labelW, y+0.3, vals[c], lineBody)
		}
		r.pdf.SetY(y + h)
		r.rule(y+h-0.3, 170, 0.1)
	}
}

func (r *slipPDF) parcel() {
	p := r.rec.Parcel
	r.heading("slip.section.parcel", 12)
	r.pairs([][2][2]string{
		{{r.t("slip.parcel.waybill"), p.Waybill}, {r.t("slip.parcel.direction"), p.Direction}},
		{{r.t("slip.parcel.declared_contents"), p.DeclaredContents}, {r.t("slip.parcel.observed_contents"), p.ObservedContents}},
		{{r.t("slip.parcel.quantity"), both(p.DeclaredQty, p.ObservedQty, count)}, {r.t("slip.parcel.weight"), both(p.DeclaredGrams, p.MeasuredGrams, grams)}},
		{{r.t("slip.parcel.origin"), p.Origin}, {r.t("slip.parcel.destination"), p.Destination}},
	})
}

// column of a table: a label key and a share of the width.
type column struct {
	key   string
	share float64
}

// tableLayout is a table measured before drawing, so a short table can
// be kept on one page together with its heading.
type tableLayout struct {
	widths []float64
	head   [][]string
	headH  float64
	cells  [][][]string
	rowH   []float64
}

const (
	cellPad  = 1.2 // left padding of a cell
	cellVPad = 0.8 // top and bottom padding
	blankH   = 8.0 // height of a blank row for handwriting
	keepMax  = 90.0
)

// layoutTable measures rows plus blank rows for handwriting.
func (r *slipPDF) layoutTable(cols []column, rows [][]string, blank int) *tableLayout {
	tl := &tableLayout{widths: make([]float64, len(cols))}
	total := 0.0
	for _, c := range cols {
		total += c.share
	}
	for i, c := range cols {
		tl.widths[i] = r.width * c.share / total
	}
	r.setSize(sizeSmall)
	for i, c := range cols {
		tl.head = append(tl.head, r.wrap(r.t(c.key), tl.widths[i]-2*cellPad))
		tl.headH = max(tl.headH, float64(len(tl.head[i]))*lineSmall+2*cellVPad)
	}
	r.setSize(sizeBody)
	for range blank {
		rows = append(rows, nil)
	}
	for _, row := range rows {
		var cells [][]string
		h := 0.0
		if row == nil {
			h = blankH
		}
		for i := range cols {
			v := ""
			if i < len(row) {
				v = row[i]
			}
			cells = append(cells, capLines(r.wrap(v, tl.widths[i]-2*cellPad), maxCellLine))
			h = max(h, float64(len(cells[i]))*lineBody+2*cellVPad)
		}
		tl.cells = append(tl.cells, cells)
		tl.rowH = append(tl.rowH, h)
	}
	return tl
}

// height is the whole table's height, capped at keepMax: beyond that the
// table is allowed to flow over pages anyway.
func (tl *tableLayout) height() float64 {
	h := tl.headH + 1
	for _, rh := range tl.rowH {
		h += rh
	}
	return min(h, keepMax)
}

// table draws a measured table under a grey header row. A table up to
// keepMax high stays on one page; a longer one breaks between rows, never
// inside one, and repeats the header row on the new page.
func (r *slipPDF) table(tl *tableLayout) {
	header := func() {
		r.setSize(sizeSmall)
		y := r.pdf.GetY()
		r.pdf.SetFillColor(238, 238, 238)
		r.pdf.SetLineWidth(0.15)
		x := r.left
		for i, w := range tl.widths {
			r.pdf.Rect(x, y, w, tl.headH, "FD")
			r.lines(x+cellPad, y+cellVPad, tl.head[i], lineSmall)
			x += w
		}
		r.pdf.SetY(y + tl.headH)
		r.setSize(sizeBody)
	}
	r.ensure(tl.height())
	header()
	for j, cells := range tl.cells {
		h := tl.rowH[j]
		if r.ensure(h) {
			header()
		}
		y := r.pdf.GetY()
		x := r.left
		r.pdf.SetLineWidth(0.15)
		for i, w := range tl.widths {
			r.pdf.Rect(x, y, w, h, "D")
			r.lines(x+cellPad, y+cellVPad, cells[i], lineBody)
			x += w
		}
		r.pdf.SetY(y + h)
	}
	r.pdf.SetLineWidth(0.2)
	r.pdf.SetY(r.pdf.GetY() + 1)
}

// bullets draws a labelled bullet list; each item wraps under itself.
func (r *slipPDF) bullets(labelKey string, items []string) {
	r.subhead(labelKey)
	if len(items) == 0 {
		r.para("—")
		return
	}
	const indent = 4.0
	r.setSize(sizeBody)
	for _, it := range items {
		ls := r.wrap(it, r.width-indent)
		for i, l := range ls {
			r.ensure(lineBody)
			y := r.pdf.GetY()
			if i == 0 {
				r.pdf.SetXY(r.left+0.8, y)
				r.pdf.CellFormat(indent, lineBody, "•", "", 0, "L", false, 0, "")
			}
			r.pdf.SetXY(r.left+indent, y)
			r.pdf.CellFormat(r.width-indent, lineBody, l, "", 0, "L", false, 0, "")
			r.pdf.SetY(y + lineBody)
		}
	}
	r.pdf.SetY(r.pdf.GetY() + 1)
}

// bulletColumns draws a labelled bullet list in two columns, filled down
// the left column first, for lists of short items such as the reasons;
// one or two items stay in one column.
func (r *slipPDF) bulletColumns(labelKey string, items []string) {
	if len(items) <= 2 {
		r.bullets(labelKey, items)
		return
	}
	r.subhead(labelKey)
	const indent = 4.0
	colW := (r.width - gap) / 2
	half := (len(items) + 1) / 2
	r.setSize(sizeBody)
	wrapped := make([][]string, len(items))
	for i, it := range items {
		wrapped[i] = r.wrap(it, colW-indent)
	}
	for row := 0; row < half; row++ {
		h := 0.0
		for c := 0; c < 2; c++ {
			if i := c*half + row; i < len(items) {
				h = max(h, float64(len(wrapped[i]))*lineBody)
			}
		}
		r.ensure(h)
		y := r.pdf.GetY()
		for c := 0; c < 2; c++ {
			i := c*half + row
			if i >= len(items) {
				continue
			}
			x := r.left + float64(c)*(colW+gap)
			r.pdf.SetXY(x+0.8, y)
			r.pdf.CellFormat(indent, lineBody, "•", "", 0, "L", false, 0, "")
			r.lines(x+indent, y, wrapped[i], lineBody)
		}
		r.pdf.SetY(y + h)
	}
	r.pdf.SetY(r.pdf.GetY() + 1)
}

// subhead is a small label over a block, kept with its first lines.
func (r *slipPDF) subhead(key string) {
	r.ensure(lineSmall + 2*lineBody + 1)
	r.setSize(sizeSmall)
	r.grey(70)
	y := r.pdf.GetY() + 0.6
	r.lines(r.left, y, r.wrap(r.t(key), r.width), lineSmall)
	r.pdf.SetY(r.pdf.GetY() + lineSmall + 0.6)
	r.grey(0)
	r.setSize(sizeBody)
}

// para draws wrapped text line by line, so a long note flows over pages.
func (r *slipPDF) para(text string) {
	r.setSize(sizeBody)
	for _, l := range r.wrap(text, r.width) {
		r.ensure(lineBody)
		y := r.pdf.GetY()
		r.pdf.SetXY(r.left, y)
		r.pdf.CellFormat(r.width, lineBody, l, "", 0, "L", false, 0, "")
		r.pdf.SetY(y + lineBody)
	}
	r.pdf.SetY(r.pdf.GetY() + 1)
}

func (r *slipPDF) findings() {
	f := r.rec.Findings
	r.heading("slip.section.findings", 20)
	var rows [][]string
	for _, p := range f.Products {
		rows = append(rows, []string{dash(p.Name), dash(p.Species), count(p.Count), grams(p.Grams)})
	}
	if len(rows) == 0 {
		rows = [][]string{{"—", "", "", ""}}
	}
	r.table(r.layoutTable([]column{{"slip.product.name", 34}, {"slip.product.species", 34}, {"slip.product.count", 12}, {"slip.product.weight", 20}}, rows, 0))
	var reasons []string
	for _, rs := range f.Reasons {
		s := dash(rs.Text)
		if rs.Points != 0 {
			s += fmt.Sprintf(" (%+d)", rs.Points)
		}
		reasons = append(reasons, s)
	}
	r.bulletColumns("slip.findings.reasons", reasons)
	r.bullets("slip.findings.checklist", f.Checklist)
	r.subhead("slip.findings.notes")
	r.para(dash(f.Notes))
}

// evidence draws up to four thumbnails on page 1, then seals and storage.
// Further photos go to the annex.
func (r *slipPDF) evidence() {
	e := r.rec.Evidence
	const boxH, capH = 22.0, 2*lineSmall + 0.5
	n := min(len(e.Photos), thumbsPage1)
	keep := 10.0
	if n > 0 {
		keep = boxH + capH + 2
	}
	r.heading("slip.section.evidence", keep)
	w := (r.width - float64(thumbsPage1-1)*gap) / thumbsPage1
	if n > 0 && n <= 2 {
		// One or two photos: the seals and the storage place stand
		// beside them instead of under them.
		r.ensure(boxH + capH)
		y := r.pdf.GetY()
		for i := 0; i < n; i++ {
			r.photo(i, r.left+float64(i)*(w+gap), y, w, boxH, 16)
		}
		x := r.left + float64(n)*(w+gap) + gap
		ty := y
		for _, f := range []struct{ key, val string }{
			{"slip.evidence.photos", ""},
			{"slip.evidence.seals", strings.Join(e.Seals, ", ")},
			{"slip.evidence.storage", e.Storage},
		} {
			if f.val == "" && f.key != "slip.evidence.photos" {
				continue // left out, not "—"
			}
			r.setSize(sizeSmall)
			r.grey(70)
			ty += r.lines(x, ty, r.wrap(r.t(f.key), r.right-x), lineSmall)
			r.grey(0)
			r.setSize(sizeBody)
			if f.val != "" {
				ty += r.lines(x, ty, capLines(r.wrap(f.val, r.right-x), 4), lineBody)
			}
			ty += 1
		}
		r.pdf.SetY(max(y+boxH+capH+1, ty))
		return
	}
	if n > 0 {
		r.subhead("slip.evidence.photos")
		r.ensure(boxH + capH)
		y := r.pdf.GetY()
		for i := 0; i < n; i++ {
			r.photo(i, r.left+float64(i)*(w+gap), y, w, boxH, 16)
		}
		r.pdf.SetY(y + boxH + capH + 1)
		if len(e.Photos) > thumbsPage1 {
			r.setSize(sizeSmall)
			r.pdf.SetX(r.left)
			r.pdf.CellFormat(r.width, lineSmall, r.fit(r.t("slip.evidence.annex"), r.width), "", 1, "L", false, 0, "")
			r.setSize(sizeBody)
		}
	}
	r.pairs([][2][2]string{
		{{r.t("slip.evidence.seals"), strings.Join(e.Seals, ", ")}, {r.t("slip.evidence.storage"), e.Storage}},
	})
}

// photo draws photo i fitted into a w×h box at (x, y), or a placeholder
// box when the file could not be read, and a caption with the file name
// and the first hexLen digits of its SHA-256 below.
func (r *slipPDF) photo(i int, x, y, w, h float64, hexLen int) {
	ph, th := r.rec.Evidence.Photos[i], r.thumbs[i]
	r.pdf.SetDrawColor(150, 150, 150)
	r.pdf.SetLineWidth(0.15)
	r.pdf.Rect(x, y, w, h, "D")
	r.pdf.SetDrawColor(0, 0, 0)
	if th.ok {
		name := fmt.Sprintf("photo-%d", i)
		r.pdf.RegisterImageOptionsReader(name, gofpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(th.jpeg))
		iw, ih := w-1, (w-1)*float64(th.h)/float64(th.w)
		if ih > h-1 {
			iw, ih = (h-1)*float64(th.w)/float64(th.h), h-1
		}
		r.pdf.ImageOptions(name, x+(w-iw)/2, y+(h-ih)/2, iw, ih, false, gofpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	} else {
		// Placeholder: a hatched box says "no picture" without colour.
		r.pdf.SetDrawColor(200, 200, 200)
		for d := 4.0; d < w+h; d += 4 {
			x0, y0 := x+max(0, d-h), y+min(d, h)
			x1, y1 := x+min(d, w), y+max(0, d-w)
			r.pdf.Line(x0, y0, x1, y1)
		}
		r.pdf.SetDrawColor(0, 0, 0)
		r.setSize(sizeSmall)
		msg := r.wrap(r.t("slip.evidence.unreadable"), w-4)
		r.pdf.SetFillColor(255, 255, 255)
		mh := float64(len(msg)) * lineSmall
		r.pdf.Rect(x+1.5, y+h/2-mh/2-0.5, w-3, mh+1, "F")
		r.lines(x+2, y+h/2-mh/2, msg, lineSmall)
	}
	r.setSize(sizeTiny)
	hash := ph.SHA256
	if len(hash) > hexLen {
		hash = hash[:hexLen] + "…"
	}
	caption := []string{r.fit(fmt.Sprintf("%d. %s", i+1, ph.Name), w), r.fit("SHA-256 "+dash(hash), w)}
	if th.mismatch {
		caption[1] = r.fit("SHA-256 "+dash(hash)+" ≠ "+r.t("slip.evidence.hash_mismatch"), w)
	}
	r.lines(x, y+h+0.3, caption, lineSmall-0.3)
	r.setSize(sizeBody)
}

func (r *slipPDF) persons() {
	row := func(roleKey string, p referral.Person) []string {
		id := joinNonEmpty("\n", p.IDType, p.IDNumber)
		return []string{r.t(roleKey), dash(p.Name), dash(id), dash(p.Phone), dash(p.Address)}
	}
	rows := [][]string{row("slip.person.sender", r.rec.Sender), row("slip.person.receiver", r.rec.Receiver)}
	if r.rec.Agent != nil {
		rows = append(rows, row("slip.person.agent", *r.rec.Agent))
	}
	tl := r.layoutTable([]column{{"slip.person.role", 13}, {"slip.person.name", 20}, {"slip.person.id", 24}, {"slip.person.phone", 16}, {"slip.person.address", 27}}, rows, 0)
	r.heading("slip.section.persons", tl.height())
	r.table(tl)
}

func (r *slipPDF) custody() {
	var rows [][]string
	for _, c := range r.rec.Custody {
		to := c.To
		if c.Note != "" {
			to += "\n(" + c.Note + ")"
		}
		rows = append(rows, []string{c.From, to, r.when(c.At), ""})
	}
	cols := []column{{"slip.custody.from", 26}, {"slip.custody.to", 26}, {"slip.custody.time", 22}, {"slip.custody.signature", 26}}
	// The chain of custody and the signatures close the slip together:
	// the signatures never start a page alone. Rows left blank for the
	// police fill what room is left, at least one and at most blankRows.
	const headH = headGap + headBandH + headAfter
	tail := func(blank int) float64 {
		return headH + r.layoutTable(cols, rows, blank).height() + 1 + headH + signBoxH + 1
	}
	if tail(1) > r.bottom-r.pdf.GetY() {
		r.pdf.AddPage()
	}
	blank := 1
	for blank < blankRows && tail(blank+1) <= r.bottom-r.pdf.GetY() {
		blank++
	}
	tl := r.layoutTable(cols, rows, blank)
	r.heading("slip.section.custody", tl.height())
	r.table(tl)
}

// signatures draws three boxes side by side: inspector, supervisor and
// the receiving police officer, each with name, badge number, unit and
// lines to sign and date by hand.
// signBoxH is the height of a signature box.
const signBoxH = 1 + lineSmall + 0.5 + 4*signRowH + 1

const signRowH = 5.0

func (r *slipPDF) signatures() {
	const boxH = signBoxH
	r.heading("slip.section.signatures", boxH+1)
	w := (r.width - 2*gap) / 3
	y := r.pdf.GetY()
	for i, s := range []struct {
		key string
		o   referral.Officer
	}{
		{"slip.sign.inspector", r.rec.Inspector},
		{"slip.sign.supervisor", r.rec.Supervisor},
		{"slip.sign.receiving", r.rec.Receiving},
	} {
		x := r.left + float64(i)*(w+gap)
		r.pdf.SetLineWidth(0.15)
		r.pdf.Rect(x, y, w, boxH, "D")
		r.setSize(sizeSmall)
		r.bold(true)
		r.lines(x+1.5, y+1, []string{r.fit(r.bi(s.key), w-3)}, lineSmall)
		r.bold(false)
		ly := y + 1 + lineSmall + 0.5
		for _, f := range []struct{ key, val string }{
			{"slip.sign.name", s.o.Name},
			{"slip.sign.badge", s.o.Badge},
			{"slip.sign.unit", s.o.Unit},
			{"slip.sign.signature_date", ""},
		} {
			r.setSize(sizeTiny)
			r.grey(70)
			lab := r.fit(r.t(f.key), w*0.38)
			r.pdf.SetXY(x+1.5, ly)
			r.pdf.CellFormat(w*0.38, signRowH-0.6, lab, "", 0, "LB", false, 0, "")
			r.grey(0)
			r.setSize(sizeSmall)
			vx := x + 1.5 + w*0.38
			r.pdf.SetXY(vx, ly)
			r.pdf.CellFormat(w-w*0.38-3, signRowH-0.6, r.fit(f.val, w-w*0.38-3), "", 0, "LB", false, 0, "")
			r.pdf.SetDrawColor(160, 160, 160)
			r.pdf.SetLineWidth(0.1)
			r.pdf.Line(vx, ly+signRowH-0.6, x+w-1.5, ly+signRowH-0.6)
			r.pdf.SetDrawColor(0, 0, 0)
			ly += signRowH
		}
	}
	r.pdf.SetLineWidth(0.2)
	r.pdf.SetY(y + boxH + 1)
	r.setSize(sizeBody)
}

// annex puts photos beyond the first four on their own pages, two across,
// each with its full SHA-256.
func (r *slipPDF) annex() {
	photos := r.rec.Evidence.Photos
	if len(photos) <= thumbsPage1 {
		return
	}
	r.pdf.AddPage()
	const boxH, capH = 62.0, 2*lineSmall + 1
	r.heading("slip.annex.title", boxH+capH)
	w := (r.width - gap) / 2
	for i := thumbsPage1; i < len(photos); i += 2 {
		r.ensure(boxH + capH + 2)
		y := r.pdf.GetY()
		for j := 0; j < 2 && i+j < len(photos); j++ {
			r.photo(i+j, r.left+float64(j)*(w+gap), y, w, boxH, 64)
		}
		r.pdf.SetY(y + boxH + capH + 3)
	}
}
