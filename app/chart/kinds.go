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
	// Max, when set, is the most a value can be (1 for a rate): the axis
	// stops there instead of rounding up past it (a hit rate to 125%).
	Max   float64
	Empty string
}

// StackedBars draws c at size.
func (r *Renderer) StackedBars(c Stacked, size image.Point) *image.RGBA {
	return r.stackedBars(c, size).img
}

func (r *Renderer) stackedBars(c Stacked, size image.Point) *canvas {
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
		cv.empty(c.Title, c.Empty)
		return cv
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
	return cv
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
func (r *Renderer) BarList(c Bars, size image.Point) *image.RGBA { return r.barList(c, size).img }

func (r *Renderer) barList(c Bars, size image.Point) *canvas {
	cv := r.newCanvas(size)
	defer cv.close()
	cv.scale = float64(cv.img.Bounds().Dx()) / barsWidth
	peak := 0.0
	for _, b := range c.Bars {
		peak = math.Max(peak, b.Value)
	}
	if peak == 0 {
		cv.empty(c.Title, c.Empty)
		return cv
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
	return cv
}

func barText(b Bar) string {
	if b.Text != "" {
		return b.Text
	}
	return Number(b.Value)
}

// LineChart draws c at size, with a legend on the right when it has more
// than one series.
func (r *Renderer) LineChart(c Lines, size image.Point) *image.RGBA { return r.lineChart(c, size).img }

func (r *Renderer) lineChart(c Lines, size image.Point) *canvas {
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
		cv.empty(c.Title, c.Empty)
		return cv
	}
	top := cv.title(c.Title)
	b := cv.img.Bounds()
	legendW := 0
	if len(c.Series) > 1 {
		legendW = b.Dx() * 24 / 100
	}
	// Room on the left for the widest axis label.
	topV, step := niceMax(peak*1.1, false)
	if c.Max > 0 && topV > c.Max && peak <= c.Max {
		topV, step = c.Max, niceStep(c.Max)
	}
	axisW := cv.width(format(topV), 11) + cv.px(12)
	// Room above the plot for the value of a point at its top.
	plot := image.Rect(max(axisW, cv.px(44)), top+cv.ascent(10)+cv.px(14), b.Dx()-legendW-cv.px(16), b.Dy()-cv.px(30))
	y := cv.yAxis(plot, topV, step, format)
	slot := float64(plot.Dx()) / float64(len(c.Categories))
	xOf := func(i int) int { return plot.Min.X + int((float64(i)+0.5)*slot) }
	// Lines first, then every marker, then the values: a value goes above
	// its point, else below, else beside it, wherever it covers no other
	// value, marker or line, and is left out when there is no such place.
	// The value is still on the axis; a label over another was unreadable.
	var taken []image.Rectangle
	type point struct {
		p      image.Point
		v      float64
		series int
	}
	var points []point
	mr := cv.px(4.5)
	for si, s := range c.Series {
		var run []image.Point
		flush := func() {
			if len(run) > 1 {
				cv.stroke(run, cv.px(2.5), Colour(si))
				taken = append(taken, segmentBoxes(run, cv.px(2))...)
			}
			run = run[:0]
		}
		for i, v := range s.Values {
			if i >= len(c.Categories) || math.IsNaN(v) {
				flush()
				continue
			}
			run = append(run, image.Pt(xOf(i), y(v)))
			points = append(points, point{image.Pt(xOf(i), y(v)), v, si})
		}
		flush()
	}
	for _, pt := range points {
		cv.marker(pt.p, pt.series, mr)
		r := mr + cv.px(2)
		taken = append(taken, image.Rect(pt.p.X-r, pt.p.Y-r, pt.p.X+r, pt.p.Y+r))
	}
	area := image.Rect(plot.Min.X+1, top, plot.Max.X+cv.px(8), plot.Max.Y)
	// nearest says whether box is nearer its own point than any other: a
	// value beside another line's point read as that point's.
	nearest := func(box image.Rectangle, own point) bool {
		c := box.Min.Add(box.Max).Div(2)
		d := func(p image.Point) int { return (p.X-c.X)*(p.X-c.X) + (p.Y-c.Y)*(p.Y-c.Y) }
		for _, o := range points {
			if o != own && d(o.p) <= d(own.p) {
				return false
			}
		}
		return true
	}
	for _, pt := range points {
		label := format(pt.v)
		w, asc := cv.width(label, 10), cv.ascent(10)
		desc := cv.face(10).Metrics().Descent.Ceil()
		gap := mr + cv.px(4)
		places := []image.Point{
			{pt.p.X - w/2, pt.p.Y - gap - desc}, // above
			{pt.p.X - w/2, pt.p.Y + gap + asc},  // below
			// Beside a line that runs through the point, the corner
			// away from it.
			{pt.p.X + gap, pt.p.Y - gap - desc},
			{pt.p.X - gap - w, pt.p.Y - gap - desc},
			{pt.p.X + gap, pt.p.Y + gap + asc},
			{pt.p.X - gap - w, pt.p.Y + gap + asc},
			{pt.p.X + gap, pt.p.Y + asc/2},     // right
			{pt.p.X - gap - w, pt.p.Y + asc/2}, // left
		}
		// The lower of two lines at a week has its values below it.
		for _, o := range points {
			if o.p.X == pt.p.X && o.series != pt.series && o.p.Y < pt.p.Y {
				places[0], places[1] = places[1], places[0]
				break
			}
		}
		for _, at := range places {
			box := cv.textBox(label, 10, at.X, at.Y).Inset(-cv.px(1))
			if !box.In(area) || overlaps(box, taken) || !nearest(box, pt) {
				continue
			}
			cv.text(label, 10, at.X, at.Y, ink)
			taken = append(taken, box)
			break
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
	return cv
}

// segmentBoxes covers a polyline with small boxes, every few pixels
// along it, so labels keep off the lines.
func segmentBoxes(pts []image.Point, r int) []image.Rectangle {
	var out []image.Rectangle
	for i := 1; i < len(pts); i++ {
		p, q := pts[i-1], pts[i]
		n := max(1, int(math.Hypot(float64(q.X-p.X), float64(q.Y-p.Y)))/max(r, 1))
		for k := 0; k <= n; k++ {
			x := p.X + (q.X-p.X)*k/n
			y := p.Y + (q.Y-p.Y)*k/n
			out = append(out, image.Rect(x-r, y-r, x+r, y+r))
		}
	}
	return out
}

func overlaps(r image.Rectangle, taken []image.Rectangle) bool {
	for _, t := range taken {
		if r.Overlaps(t) {
			return true
		}
	}
	return false
}
