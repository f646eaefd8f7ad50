// Package assets embeds Tusk's font, icons and card illustrations, so the
// binary carries everything it shows and the PDF slip uses the same font as
// the window.
package assets

import (
	"embed"
	"io/fs"
	"path"
)

//go:embed fonts/WenQuanYiMicroHei.ttf
var fontTTF []byte

//go:embed icons/*.svg icons/*.png
var icons embed.FS

//go:embed cards/*.svg
var cards embed.FS

// FontName names the bundled font for themes and PDF font registries.
const FontName = "WenQuanYiMicroHei.ttf"

// Font returns the bundled TrueType font (WenQuanYi Micro Hei, Apache-2.0).
// It covers Latin, Vietnamese and Simplified Chinese in one glyf face, which
// is what gofpdf needs.
func Font() []byte { return fontTTF }

// Icon returns an icon file by name, e.g. "tusk.svg".
func Icon(name string) ([]byte, error) { return fs.ReadFile(icons, path.Join("icons", name)) }

// CardIllustration returns a card's SVG, or the neutral placeholder when the
// pack names a file that is not bundled (a trainer's new card, say).
func CardIllustration(name string) (data []byte, found bool) {
	if b, err := fs.ReadFile(cards, path.Join("cards", path.Base(name))); err == nil {
		return b, true
	}
	b, _ := fs.ReadFile(cards, "cards/unknown.svg")
	return b, false
}

// CardFiles lists the bundled illustrations.
func CardFiles() []string {
	names, _ := fs.Glob(cards, "cards/*.svg")
	for i, n := range names {
		names[i] = path.Base(n)
	}
	return names
}
