package assets

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"unicode"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/sfnt"

	"tusk/data"
	"tusk/i18n"
)

// TestFontCoversEveryText checks that every character in every translation
// and in the content pack has a glyph, so nothing shows as a box in the
// window or on a slip.
func TestFontCoversEveryText(t *testing.T) {
	f, err := sfnt.Parse(Font())
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	missing := map[rune]string{}
	check := func(name string, fsys fs.FS, glob string) {
		names, _ := fs.Glob(fsys, glob)
		if len(names) == 0 {
			t.Fatalf("no files for %s", glob)
		}
		for _, n := range names {
			b, _ := fs.ReadFile(fsys, n)
			for _, r := range string(b) {
				if r < 0x20 || unicode.IsSpace(r) || r == '\uFEFF' {
					continue
				}
				if gi, err := f.GlyphIndex(&buf, r); err != nil || gi == 0 {
					missing[r] = name + "/" + n
				}
			}
		}
	}
	check("i18n", i18n.FS, "translations/*.json")
	check("data", data.FS, "*.json")
	check("data", data.FS, "cards/*.json")
	for r, where := range missing {
		t.Errorf("no glyph for %q (U+%04X), used in %s", r, r, where)
	}
	for _, sample := range []string{"Kiểm tra bưu kiện đường", "犀角象牙穿山甲", "Référence, dossier, œuvre", "Kifurushi kimezuiliwa"} {
		for _, r := range sample {
			if gi, _ := f.GlyphIndex(&buf, r); gi == 0 && !unicode.IsSpace(r) {
				t.Errorf("sample %q: no glyph for %q", sample, r)
			}
		}
	}
}

// TestFontLoadsInPDF guards against gofpdf's silent font failure: a bad
// font only shows later as "undefined font".
func TestFontLoadsInPDF(t *testing.T) {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("tusk", "", Font())
	pdf.AddPage()
	pdf.SetFont("tusk", "", 12)
	pdf.Cell(0, 10, "Tusk 象牙 Kiểm tra Référence")
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "%PDF") {
		t.Error("no PDF written")
	}
}

func TestCardIllustrationFallsBack(t *testing.T) {
	if _, found := CardIllustration("no-such-card.svg"); found {
		t.Error("unknown illustration reported as found")
	}
	b, _ := CardIllustration("no-such-card.svg")
	if !bytes.Contains(b, []byte("<svg")) {
		t.Error("placeholder is not an SVG")
	}
	if len(CardFiles()) < 30 {
		t.Errorf("only %d illustrations bundled", len(CardFiles()))
	}
}
