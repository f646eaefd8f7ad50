// Package theme is Tusk's Fyne theme: the bundled font for every style (it
// covers Latin, Vietnamese and Chinese, so no glyph falls back to boxes on a
// bare PC), risk colours, and a large-type mode for reading at arm's length.
package theme

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"tusk/assets"
)

// Named colours for risk levels. Colour is never the only signal: the UI
// always puts a word and an icon next to it.
const (
	ColorRiskGrey  fyne.ThemeColorName = "tusk.risk.grey"
	ColorRiskGreen fyne.ThemeColorName = "tusk.risk.green"
	ColorRiskAmber fyne.ThemeColorName = "tusk.risk.amber"
	ColorRiskRed   fyne.ThemeColorName = "tusk.risk.red"
)

var font = fyne.NewStaticResource(assets.FontName, assets.Font())

// Theme wraps Fyne's default theme.
type Theme struct {
	fyne.Theme
	// Scale enlarges text and padding, for large-type mode.
	Scale float32
}

// New returns the theme at normal size.
func New() *Theme { return &Theme{Theme: theme.DefaultTheme(), Scale: 1} }

// Font returns the bundled font for every style but monospace; it has no
// bold face, so bold text keeps the same face and headings use size instead.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return t.Theme.Font(s)
	}
	return font
}

// Color adds the risk colours and a calmer primary.
func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case ColorRiskGrey:
		return color.NRGBA{0x75, 0x75, 0x75, 0xff}
	case ColorRiskGreen:
		return color.NRGBA{0x2e, 0x7d, 0x32, 0xff}
	case ColorRiskAmber:
		return color.NRGBA{0xc7, 0x7c, 0x02, 0xff}
	case ColorRiskRed:
		return color.NRGBA{0xc6, 0x28, 0x28, 0xff}
	case theme.ColorNamePrimary:
		return color.NRGBA{0x1f, 0x5f, 0x4a, 0xff}
	case theme.ColorNameSelection:
		// A selected row is tinted with the primary green, lightly enough
		// that its secondary line stays readable on it.
		if v == theme.VariantLight {
			return color.NRGBA{0x1f, 0x5f, 0x4a, 0x20}
		}
		return color.NRGBA{0x1f, 0x5f, 0x4a, 0x66}
	case theme.ColorNameDisabled:
		// Fyne draws secondary text (a Label of LowImportance: list
		// subtitles, hints, counts) in the disabled colour, which is
		// #39393a on #171718 in the dark theme: 1.6:1, unreadable at arm's
		// length. These greys keep 4.5:1 (WCAG AA) on the background and on
		// a selected row, and still read as quieter than the main text.
		if v == theme.VariantLight {
			return color.NRGBA{0x66, 0x66, 0x66, 0xff}
		}
		return color.NRGBA{0x96, 0x96, 0x99, 0xff}
	}
	return t.Theme.Color(n, v)
}

// Size scales text and padding in large-type mode.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	s := t.Theme.Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText, theme.SizeNameInlineIcon, theme.SizeNamePadding, theme.SizeNameInnerPadding:
		return s * t.Scale
	}
	return s
}
