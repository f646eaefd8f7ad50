package theme

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// luminance is WCAG 2's relative luminance of an opaque colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// over paints c (maybe translucent) over an opaque background.
func over(c, bg color.Color) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	b := color.NRGBAModel.Convert(bg).(color.NRGBA)
	a := float64(n.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
	return color.NRGBA{mix(n.R, b.R), mix(n.G, b.G), mix(n.B, b.B), 0xff}
}

// Secondary text (LowImportance labels: a card row's subtitle, hints,
// counts) is readable on the background and on a selected list row, in
// both variants: at least 4.5:1. Fyne's own grey gave 1.6:1 in the dark
// theme, and less on a selected row.
func TestSecondaryTextContrast(t *testing.T) {
	test.NewTempApp(t)
	th := New()
	for _, v := range []fyne.ThemeVariant{theme.VariantDark, theme.VariantLight} {
		bg := th.Color(theme.ColorNameBackground, v)
		selected := over(th.Color(theme.ColorNameSelection, v), bg)
		for name, c := range map[string]color.Color{
			"secondary": th.Color(theme.ColorNameDisabled, v),
			"text":      th.Color(theme.ColorNameForeground, v),
		} {
			if got := contrast(c, bg); got < 4.5 {
				t.Errorf("variant %d: %s text on the background %.2f:1", v, name, got)
			}
			if got := contrast(c, selected); got < 4.5 {
				t.Errorf("variant %d: %s text on a selected row %.2f:1", v, name, got)
			}
		}
		// Secondary text still reads as secondary.
		if contrast(th.Color(theme.ColorNameDisabled, v), bg) >= contrast(th.Color(theme.ColorNameForeground, v), bg) {
			t.Errorf("variant %d: secondary text as strong as the main text", v)
		}
		// A selected row is visibly different from one that is not.
		if got := contrast(selected, bg); got < 1.15 {
			t.Errorf("variant %d: a selected row hardly shows (%.2f:1)", v, got)
		}
	}
}
