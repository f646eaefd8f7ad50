package chart

import (
	"image"
	"math"
)

// Series is one named row of values, one per category. NaN is a missing
// value (a gap in a line).
type Series struct {
	Label  string
	Values []float64
}

// Stacked is a stacked bar chart: one bar per category (a week), one
// segment per series, with a legend on the right.
type Stacked struct {
	Title      string
	Categories []string
	Series     []Series
	Empty      string // shown when every value is zero
}

// Bar is one line of a bar list.
type Bar struct {
	Label string
	Value float64
	Text  string // the value as written next to the bar; Number(Value) if empty
}

// Bars is a list of horizontal bars, largest meaning longest.
type Bars struct {
	Title string
	Bars  []Bar
	Empty string
}

// Lines is a line chart over categories, one line per series.
type Lines struct {
	Title      string
	Categories []string
	Series     []Series
	Format     func(float64) string // values on the axis and at the points; Number if nil
	Empty      string
}

// StackedBars draws c at size.
func (r *Renderer) StackedBars(c Stacked, size image.Point) *image.RGBA {
	cv := r.newCanvas(size)
	defer cv.close()
	totals := make([]float64, len(c.Categories))
	peak := 0.0
	for i := range c.Categories {
		for _, s := range c.Series {
			if i < len(s.Values) && s.Values[i] > 0 {
				totals[i] += s.Values[i]
			}
		}
		peak = math.Max(peak, totals[i])
	}
	if peak == 0 || len(c.Categories) == 0 {
		return cv.empty(c.Title, c.Empty)
	}
	top := cv.title(c.Title)
	b := cv.img.Bounds()
	legendW := b.Dx() * 30 / 100
	plot := image.Rect(cv.px(44), top+cv.ascent(11), b.Dx()-legendW-cv.px(16), b.Dy()-cv.px(30))
	topV, step := niceMax(math.Ceil(peak*1.08), true)
	y := cv.yAxis(plot, topV, step, Number)
	slot := float64(plot.Dx()) / float64(len(c.Categories))
	barW := int(slot * 0.7)
	for i := range c.Categories {
		x0 := plot.Min.X + int(float64(i)*slot+(slot-float64(barW))/2)
		acc := 0.0
		for si, s := range c.Series {
			if i >= len(s.Values) || s.Values[i] <= 0 {
				continue
			}
			y1, y0 := y(acc), y(acc+s.Values[i])
			acc += s.Values[i]
			seg := image.Rect(x0, y0, x0+barW, y1)
			cv.hatched(seg, si)
			// The segment's value, on a white tag so hatching never hides it.
			label := Number(s.Values[i])
			tw, th := cv.width(label, 10), cv.ascent(10)
			if seg.Dy() >= th+cv.px(4) && barW >= tw+cv.px(4) {
				cx, cy := (seg.Min.X+seg.Max.X)/2, (seg.Min.Y+seg.Max.Y)/2
				cv.rect(image.Rect(cx-tw/2-cv.px(2), cy-th/2-cv.px(2), cx+tw/2+cv.px(2), cy+th/2+cv.px(2)), white)
				cv.textCentre(label, 10, cx, cy+th/2, ink)
			}
		}
		cv.textCentre(Number(totals[i]), 11, x0+barW/2, y(totals[i])-cv.px(4), ink)
	}
	cv.xLabels(plot, c.Categories, slot)
	items := make([]legendItem, len(c.Series))
	for i, s := range c.Series {
		items[i] = legendItem{s.Label, i}
	}
	cv.legend(image.Rect(b.Dx()-legendW, top+cv.px(4), b.Dx()-cv.px(8), b.Dy()-cv.px(8)), items, false)
	return cv.img
}

// BarsSize is the size that fits n bars at a width, with the text as
// large as in a Size chart of that width.
func BarsSize(width, n int) image.Point {
	s := float64(width) / barsWidth
	return image.Pt(width, int(math.Ceil(s*float64(50+max(n, 2)*26))))
}

// barsWidth is the width at which a bar list's text has its nominal size.
const barsWidth = 923

// BarList draws c at size: labels on the left, bars, values at their end.
// Its text scales with the width; BarsSize gives a height that fits.
func (r *Renderer) BarList(c Bars, size image.Point) *image.RGBA {
	cv := r.newCanvas(size)
	defer cv.close()
	cv.scale = float64(cv.img.Bounds().Dx()) / barsWidth
	peak := 0.0
	for _, b := range c.Bars {
		peak = math.Max(peak, b.Value)
	}
	if peak == 0 {
		return cv.empty(c.Title, c.Empty)
	}
	top := cv.title(c.Title)
	b := cv.img.Bounds()
	rowH := cv.ascent(12) + cv.px(12)
	n := min(len(c.Bars), (b.Dy()-top-cv.px(8))/rowH)
	labelW := b.Dx() * 32 / 100
	valueW := 0
	for _, bar := range c.Bars[:n] {
		valueW = max(valueW, cv.width(barText(bar), 12))
	}
	x0 := cv.px(12) + labelW + cv.px(8)
	maxW := b.Dx() - x0 - valueW - cv.px(20)
	for i, bar := range c.Bars[:n] {
		yTop := top + i*rowH
		base := yTop + rowH/2 + cv.ascent(12)/2 - cv.px(1)
		cv.textRight(cv.fit(bar.Label, 12, labelW), 12, cv.px(12)+labelW, base, ink)
		w := int(math.Round(bar.Value / peak * float64(maxW)))
		if bar.Value > 0 {
			w = max(w, cv.px(2))
		}
		cv.hatched(image.Rect(x0, yTop+cv.px(3), x0+w, yTop+rowH-cv.px(3)), 0)
		cv.text(barText(bar), 12, x0+w+cv.px(8), base, ink)
	}
	return cv.img
}

func barText(b Bar) string {
	if b.Text != "" {
		return b.Text
	}
	return Number(b.Value)
}

// LineChart draws c at size, with a legend on the right when it has more
// than one series.
func (r *Renderer) LineChart(c Lines, size image.Point) *image.RGBA {
	cv := r.newCanvas(size)
	defer cv.close()
	format := c.Format
	if format == nil {
		format = Number
	}
	peak, found := 0.0, false
	for _, s := range c.Series {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				peak, found = math.Max(peak, v), true
			}
		}
	}
	if !found || len(c.Categories) == 0 {
		return cv.empty(c.Title, c.Empty)
	}
	top := cv.title(c.Title)
	b := cv.img.Bounds()
	legendW := 0
	if len(c.Series) > 1 {
		legendW = b.Dx() * 24 / 100
	}
	// Room on the left for the widest axis label.
	topV, step := niceMax(peak*1.1, false)
	axisW := cv.width(format(topV), 11) + cv.px(12)
	plot := image.Rect(max(axisW, cv.px(44)), top+cv.ascent(11), b.Dx()-legendW-cv.px(16), b.Dy()-cv.px(30))
	y := cv.yAxis(plot, topV, step, format)
	slot := float64(plot.Dx()) / float64(len(c.Categories))
	xOf := func(i int) int { return plot.Min.X + int((float64(i)+0.5)*slot) }
	for si, s := range c.Series {
		var run []image.Point
		flush := func() {
			if len(run) > 1 {
				cv.stroke(run, cv.px(2.5), Colour(si))
			}
			run = run[:0]
		}
		for i, v := range s.Values {
			if i >= len(c.Categories) || math.IsNaN(v) {
				flush()
				continue
			}
			run = append(run, image.Pt(xOf(i), y(v)))
		}
		flush()
		for i, v := range s.Values {
			if i >= len(c.Categories) || math.IsNaN(v) {
				continue
			}
			p := image.Pt(xOf(i), y(v))
			cv.marker(p, si, cv.px(4.5))
			if len(c.Series) == 1 || slot > float64(cv.px(40)) {
				label := format(v)
				if cv.width(label, 10) < int(slot)-cv.px(2) {
					cv.textCentre(label, 10, p.X, p.Y-cv.px(9), ink)
				}
			}
		}
	}
	cv.xLabels(plot, c.Categories, slot)
	if legendW > 0 {
		items := make([]legendItem, len(c.Series))
		for i, s := range c.Series {
			items[i] = legendItem{s.Label, i}
		}
		cv.legend(image.Rect(b.Dx()-legendW, top+cv.px(4), b.Dx()-cv.px(8), b.Dy()-cv.px(8)), items, true)
	}
	return cv.img
}
