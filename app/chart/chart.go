// Package chart draws the dashboard's charts into images: stacked bars per
// week with a legend, a list of horizontal bars, and lines. The same image
// shows in the window, saves as PNG and goes into the monthly PDF. Text is
// drawn with the bundled font, so Chinese and Vietnamese labels render.
// Colour is never alone: the palette is Okabe-Ito (safe for the common
// colour blindnesses), each series also has its own hatching or marker,
// and values are written next to what they measure. No Fyne here.
package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"tusk/assets"
)

// Palette is Okabe and Ito's colour-blind-safe set, darkest contrasts first.
var Palette = []color.RGBA{
	{0x00, 0x72, 0xB2, 0xff}, // blue
	{0xE6, 0x9F, 0x00, 0xff}, // orange
	{0x00, 0x9E, 0x73, 0xff}, // bluish green
	{0xCC, 0x79, 0xA7, 0xff}, // reddish purple
	{0x56, 0xB4, 0xE9, 0xff}, // sky blue
	{0xD5, 0x5E, 0x00, 0xff}, // vermilion
	{0xF0, 0xE4, 0x42, 0xff}, // yellow
	{0x99, 0x99, 0x99, 0xff}, // grey, for "other"
}

var (
	ink     = color.RGBA{0x22, 0x22, 0x22, 0xff}
	muted   = color.RGBA{0x66, 0x66, 0x66, 0xff}
	gridCol = color.RGBA{0xdd, 0xdd, 0xdd, 0xff}
	white   = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

// Colour is series i's colour; the palette repeats with other hatching.
func Colour(i int) color.RGBA { return Palette[i%len(Palette)] }

// Size is the default chart size in pixels: sharp in a PDF column and
// readable scaled down in the window.
var Size = image.Pt(1200, 520)

// Renderer draws charts with one parsed font. It is safe for concurrent
// use: each drawing makes its own faces.
type Renderer struct{ font *opentype.Font }

// New parses a TrueType font.
func New(ttf []byte) (*Renderer, error) {
	f, err := opentype.Parse(ttf)
	if err != nil {
		return nil, err
	}
	return &Renderer{font: f}, nil
}

var (
	defaultOnce sync.Once
	defaultR    *Renderer
	defaultErr  error
)

// Default is a renderer with the bundled font, parsed once.
func Default() (*Renderer, error) {
	defaultOnce.Do(func() { defaultR, defaultErr = New(assets.Font()) })
	return defaultR, defaultErr
}

// PNG encodes an image.
func PNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// canvas is one drawing in progress.
type canvas struct {
	img   *image.RGBA
	scale float64 // 1 at 400 px high
	faces map[float64]font.Face
	r     *Renderer
	// texts is every text drawn, with its box, for the tests: what a
	// reader sees in full, and that no two labels overlap.
	texts []drawnText
}

// drawnText is one text as drawn and the box its glyphs fill.
type drawnText struct {
	s   string
	box image.Rectangle
}

func (r *Renderer) newCanvas(size image.Point) *canvas {
	if size.X < 200 || size.Y < 120 {
		size = image.Pt(max(size.X, 200), max(size.Y, 120))
	}
	img := image.NewRGBA(image.Rect(0, 0, size.X, size.Y))
	draw.Draw(img, img.Bounds(), image.NewUniform(white), image.Point{}, draw.Src)
	return &canvas{img: img, scale: float64(size.Y) / 400, faces: map[float64]font.Face{}, r: r}
}

func (c *canvas) close() {
	for _, f := range c.faces {
		f.Close()
	}
}

// face is the font at pt points of a 400 px high chart.
func (c *canvas) face(pt float64) font.Face {
	px := math.Round(pt * c.scale)
	if f, ok := c.faces[px]; ok {
		return f
	}
	f, err := opentype.NewFace(c.r.font, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err) // only a broken font fails here, and New parsed it
	}
	c.faces[px] = f
	return f
}

func (c *canvas) px(v float64) int { return int(math.Round(v * c.scale)) }

// text draws s with its left end at x and its baseline at y; it returns
// the width drawn.
func (c *canvas) text(s string, pt float64, x, y int, col color.Color) int {
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: c.face(pt), Dot: fixed.P(x, y)}
	d.DrawString(s)
	c.texts = append(c.texts, drawnText{s, c.textBox(s, pt, x, y)})
	return d.Dot.X.Round() - x
}

// textBox is the box s fills when drawn from (x, y) on its baseline.
func (c *canvas) textBox(s string, pt float64, x, y int) image.Rectangle {
	m := c.face(pt).Metrics()
	return image.Rect(x, y-m.Ascent.Ceil(), x+c.width(s, pt), y+m.Descent.Ceil())
}

func (c *canvas) width(s string, pt float64) int { return font.MeasureString(c.face(pt), s).Ceil() }

// lineHeight is the ascent, the height a line of text needs above its baseline.
func (c *canvas) ascent(pt float64) int { return c.face(pt).Metrics().Ascent.Ceil() }

// fit shortens s with an ellipsis until it is no wider than w.
func (c *canvas) fit(s string, pt float64, w int) string {
	if c.width(s, pt) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 {
		r = r[:len(r)-1]
		if t := string(r) + "…"; c.width(t, pt) <= w {
			return t
		}
	}
	return ""
}

// textRight draws s ending at x.
func (c *canvas) textRight(s string, pt float64, x, y int, col color.Color) {
	c.text(s, pt, x-c.width(s, pt), y, col)
}

func (c *canvas) textCentre(s string, pt float64, x, y int, col color.Color) {
	c.text(s, pt, x-c.width(s, pt)/2, y, col)
}

func (c *canvas) rect(r image.Rectangle, col color.Color) {
	draw.Draw(c.img, r, image.NewUniform(col), image.Point{}, draw.Src)
}

// hatched fills r in series i's colour and overlays the series' pattern,
// so neighbouring segments differ without colour too.
func (c *canvas) hatched(r image.Rectangle, i int) {
	c.rect(r, Colour(i))
	pattern := i % 6
	step := max(c.px(7), 4)
	light := color.RGBA{0xff, 0xff, 0xff, 0xff}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			on := false
			switch pattern {
			case 1: // diagonal
				on = (x+y)%step == 0
			case 2: // dots
				on = x%step == 0 && y%step == 0
			case 3: // horizontal
				on = y%step == 0
			case 4: // cross-hatch
				on = (x+y)%step == 0 || (x-y+step*1000)%step == 0
			case 5: // vertical
				on = x%step == 0
			}
			if on {
				c.img.SetRGBA(x, y, light)
			}
		}
	}
	// A thin white edge keeps stacked segments apart.
	c.rect(image.Rect(r.Min.X, r.Min.Y, r.Max.X, min(r.Min.Y+1, r.Max.Y)), white)
}

// title draws the chart title and returns the y below it.
func (c *canvas) title(s string) int {
	y := c.px(12) + c.ascent(17)
	c.text(c.fit(s, 17, c.img.Bounds().Dx()-c.px(24)), 17, c.px(12), y, ink)
	return y + c.px(12)
}

// empty draws the title and a message where the chart would be.
func (c *canvas) empty(title, msg string) *image.RGBA {
	c.title(title)
	b := c.img.Bounds()
	c.textCentre(c.fit(msg, 14, b.Dx()-c.px(24)), 14, b.Dx()/2, b.Dy()/2, muted)
	return c.img
}

// niceMax rounds v up to 1, 2, 2.5 or 5 times a power of ten, and gives
// the tick step; with ints, steps are whole numbers (counts).
func niceMax(v float64, ints bool) (top, step float64) {
	if v <= 0 {
		return 1, 1
	}
	if v <= 4 && v == math.Trunc(v) {
		return math.Max(v, 1), 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v/4)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		step = m * p
		if ints && step != math.Trunc(step) {
			continue
		}
		if v/step <= 5 {
			break
		}
	}
	return math.Ceil(v/step) * step, step
}

// niceStep is a tick step that divides top into four (else five) equal
// parts of 1, 2, 2.5 or 5 times a power of ten: 0.25 for a top of 1.
func niceStep(top float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(top)))
	for _, m := range []float64{0.25, 0.2, 0.5, 0.1, 1} {
		step := m * p
		if n := top / step; n <= 5 && math.Abs(n-math.Round(n)) < 1e-9 {
			return step
		}
	}
	return top / 4
}

// Number formats a value with at most one decimal.
func Number(v float64) string {
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// yAxis draws the value grid in plot and returns the y of a value.
func (c *canvas) yAxis(plot image.Rectangle, top, step float64, format func(float64) string) func(float64) int {
	y := func(v float64) int { return plot.Max.Y - int(math.Round(v/top*float64(plot.Dy()))) }
	for v := 0.0; v <= top+step/2; v += step {
		yy := y(v)
		c.rect(image.Rect(plot.Min.X, yy, plot.Max.X, yy+1), gridCol)
		c.textRight(format(v), 11, plot.Min.X-c.px(6), yy+c.ascent(11)/2, muted)
	}
	c.rect(image.Rect(plot.Min.X, plot.Min.Y, plot.Min.X+1, plot.Max.Y+1), muted)
	return y
}

// xLabels writes category labels under slots, skipping some when they
// would overlap.
func (c *canvas) xLabels(plot image.Rectangle, cats []string, slot float64) {
	widest := 0
	for _, s := range cats {
		widest = max(widest, c.width(s, 11))
	}
	every := 1
	for float64(every)*slot < float64(widest+c.px(6)) && every < len(cats) {
		every++
	}
	for i, s := range cats {
		if i%every != 0 {
			continue
		}
		x := plot.Min.X + int((float64(i)+0.5)*slot)
		c.textCentre(s, 11, x, plot.Max.Y+c.px(6)+c.ascent(11), muted)
	}
}

// legendEntry draws one swatch and its label at (x, y) (top-left) and
// returns the height used.
type legendItem struct {
	label string
	index int
}

// legend draws swatches and labels in a column inside r. A label too
// long for the column wraps onto a second line, and a third when it must,
// rather than lose its end: "Worked tortoiseshell: combs, bangles, fra…"
// told the reader nothing of the rest.
func (c *canvas) legend(r image.Rectangle, items []legendItem, marker bool) {
	lineH := c.ascent(12) + c.px(4)
	gap := c.px(5)
	sw := c.px(16)
	textW := r.Dx() - sw - c.px(8)
	y := r.Min.Y
	for _, it := range items {
		lines := c.wrap(it.label, 12, textW, 3)
		h := max(sw+c.px(4), len(lines)*lineH+c.px(2))
		if y+h > r.Max.Y {
			break
		}
		box := image.Rect(r.Min.X, y+c.px(2), r.Min.X+sw, y+c.px(2)+sw)
		if marker {
			c.stroke([]image.Point{{box.Min.X, box.Min.Y + sw/2}, {box.Max.X, box.Min.Y + sw/2}}, c.px(2.5), Colour(it.index))
			c.marker(image.Pt(box.Min.X+sw/2, box.Min.Y+sw/2), it.index, c.px(5))
		} else {
			c.hatched(box, it.index)
		}
		base := y + c.px(2) + sw/2 + c.ascent(12)/2 - c.px(1)
		for i, l := range lines {
			c.text(l, 12, box.Max.X+c.px(8), base+i*lineH, ink)
		}
		y += h + gap
	}
}

// wrap breaks s into lines no wider than w, at spaces where it can and
// between any two characters of a word (or of Chinese) where it must; past
// the last of n lines it ends with an ellipsis.
func (c *canvas) wrap(s string, pt float64, w, n int) []string {
	var lines []string
	rest := []rune(s)
	for len(rest) > 0 {
		if len(lines) == n-1 {
			return append(lines, c.fit(string(rest), pt, w))
		}
		if c.width(string(rest), pt) <= w {
			return append(lines, string(rest))
		}
		// The longest head that fits, then back to its last space.
		fit := 1
		for fit < len(rest) && c.width(string(rest[:fit+1]), pt) <= w {
			fit++
		}
		cut := fit
		for i := fit; i > 0; i-- {
			if rest[i] == ' ' {
				cut = i
				break
			}
		}
		lines = append(lines, strings.TrimRight(string(rest[:cut]), " "))
		rest = []rune(strings.TrimLeft(string(rest[cut:]), " "))
	}
	return lines
}

// stroke draws a polyline of width w.
func (c *canvas) stroke(pts []image.Point, w int, col color.Color) {
	b := c.img.Bounds()
	z := vector.NewRasterizer(b.Dx(), b.Dy())
	hw := float64(w) / 2
	for i := 1; i < len(pts); i++ {
		p, q := pts[i-1], pts[i]
		dx, dy := float64(q.X-p.X), float64(q.Y-p.Y)
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*hw, dx/l*hw
		z.MoveTo(float32(float64(p.X)+nx), float32(float64(p.Y)+ny))
		z.LineTo(float32(float64(q.X)+nx), float32(float64(q.Y)+ny))
		z.LineTo(float32(float64(q.X)-nx), float32(float64(q.Y)-ny))
		z.LineTo(float32(float64(p.X)-nx), float32(float64(p.Y)-ny))
		z.ClosePath()
	}
	z.Draw(c.img, b, image.NewUniform(col), image.Point{})
}

// marker draws series i's point shape: circle, square, triangle,
// diamond, in turn, outlined in white.
func (c *canvas) marker(p image.Point, i, r int) {
	b := c.img.Bounds()
	shape := func(r float64) *vector.Rasterizer {
		z := vector.NewRasterizer(b.Dx(), b.Dy())
		x, y := float64(p.X), float64(p.Y)
		var pts [][2]float64
		switch i % 4 {
		case 0:
			for a := 0; a < 16; a++ {
				t := float64(a) / 16 * 2 * math.Pi
				pts = append(pts, [2]float64{x + r*math.Cos(t), y + r*math.Sin(t)})
			}
		case 1:
			pts = [][2]float64{{x - r, y - r}, {x + r, y - r}, {x + r, y + r}, {x - r, y + r}}
		case 2:
			pts = [][2]float64{{x, y - 1.2*r}, {x + 1.2*r, y + r}, {x - 1.2*r, y + r}}
		case 3:
			pts = [][2]float64{{x, y - 1.3*r}, {x + 1.3*r, y}, {x, y + 1.3*r}, {x - 1.3*r, y}}
		}
		z.MoveTo(float32(pts[0][0]), float32(pts[0][1]))
		for _, q := range pts[1:] {
			z.LineTo(float32(q[0]), float32(q[1]))
		}
		z.ClosePath()
		return z
	}
	shape(float64(r)+float64(c.px(1.5))).Draw(c.img, b, image.NewUniform(white), image.Point{})
	shape(float64(r)).Draw(c.img, b, image.NewUniform(Colour(i)), image.Point{})
}

// onColour is black or white, whichever reads better on bg.
func onColour(bg color.RGBA) color.RGBA {
	if 0.299*float64(bg.R)+0.587*float64(bg.G)+0.114*float64(bg.B) > 140 {
		return ink
	}
	return white
}
