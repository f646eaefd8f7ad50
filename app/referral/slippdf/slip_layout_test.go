package slippdf

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// pageTexts extracts the text of each page with pdftotext.
func pageTexts(t *testing.T, pdf []byte) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	in := filepath.Join(t.TempDir(), "slip.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	var pages []string
	for p := 1; p < 20; p++ {
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), in, "-").Output()
		if err != nil {
			break // past the last page
		}
		pages = append(pages, squash(string(out)))
	}
	return pages
}

// Issue 13: a normal case (one product, two reasons, two photos, one
// custody event) fits on one page, signatures included. (The layout
// before, with 44 mm signature boxes and 30 mm photo boxes, took two.)
func TestSlipNormalCaseFitsOnePage(t *testing.T) {
	rec := sampleRecord()
	for i := range rec.Evidence.Photos {
		rec.Evidence.Photos[i].Data = fakePhoto(i)
	}
	for _, tc := range []struct {
		name string
		opt  SlipOptions
	}{{"en", englishOptions(t)}, {"zh", SlipOptions{Font: loadFont(t), T: mapT(zhLabels), T2: mapT(enLabels), Location: cst}}} {
		pdf, _ := renderSlip(t, rec, tc.opt)
		pages := pageTexts(t, pdf)
		if len(pages) != 1 {
			t.Errorf("%s: a normal case takes %d pages", tc.name, len(pages))
		}
	}
}

// Issue 13: the signatures sat alone on page 2. However long the notes
// above them, the signatures share their page with the chain of custody.
// (Without the keep-together in custody(), notes of some lengths leave
// the signature block alone on the last page.)
func TestSlipSignaturesNeverAlone(t *testing.T) {
	alone := 0
	for lines := 0; lines <= 60; lines += 3 {
		rec := sampleRecord()
		rec.Findings.Notes = strings.TrimSpace(strings.Repeat("Checked again at the supervisor desk.\n", lines))
		pdf, _ := renderSlip(t, rec, englishOptions(t))
		for i, p := range pageTexts(t, pdf) {
			if strings.Contains(p, "Receiving officer") && !strings.Contains(p, "Chain of custody") {
				alone++
				t.Errorf("%d lines of notes: the signatures stand alone on page %d", lines, i+1)
			}
		}
	}
	if alone > 0 {
		t.Logf("%d of 21 layouts left the signatures alone", alone)
	}
}

// Issue 13: values nobody recorded are left out, not printed as "—",
// "0 g" or "— / —"; the rows that have them stay.
func TestSlipLeavesEmptyValuesOut(t *testing.T) {
	rec := sampleRecord()
	rec.Parcel.DeclaredQty, rec.Parcel.ObservedQty = 0, 0
	rec.Parcel.DeclaredGrams, rec.Parcel.MeasuredGrams = 0, 0
	rec.Parcel.Destination, rec.Parcel.Direction = "", ""
	rec.Evidence.Storage = ""
	rec.Agent = nil
	pdf, _ := renderSlip(t, rec, englishOptions(t))
	text := strings.Join(pageTexts(t, pdf), " ")
	for _, gone := range []string{"— / —", " 0 g", "0.00", "Destination", "Direction", "Storage", "Quantity", "Agent"} {
		if strings.Contains(text, gone) {
			t.Errorf("%q printed for an empty value", gone)
		}
	}
	for _, kept := range []string{rec.Parcel.Waybill, "Origin", rec.Parcel.Origin, rec.Evidence.Seals[0]} {
		if !strings.Contains(text, kept) {
			t.Errorf("%q lost", kept)
		}
	}
}
