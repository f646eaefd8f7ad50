package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"
)

func renderer(tb testing.TB) *Renderer {
	tb.Helper()
	r, err := Default()
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// count counts pixels of exactly col inside r.
func count(img *image.RGBA, r image.Rectangle, col color.RGBA) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.RGBAAt(x, y) == col {
				n++
			}
		}
	}
	return n
}

// dark counts text-like pixels (near black) inside r.
func dark(img *image.RGBA, r image.Rectangle) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c := img.RGBAAt(x, y); c.R < 0x80 && c.G < 0x80 && c.B < 0x80 {
				n++
			}
		}
	}
	return n
}

var weeks = []string{"W45", "W46", "W47", "W48"}

func TestCharts(t *testing.T) {
	r := renderer(t)
	size := image.Pt(900, 400)
	legend := image.Rect(size.X*70/100, 0, size.X, size.Y)
	for _, c := range []struct {
		name       string
		img        *image.RGBA
		colours    int // palette colours that must show
		legendArea bool
	}{
		{"stacked", r.StackedBars(Stacked{Title: "Cases per week by product", Categories: weeks, Series: []Series{
			{"Pangolin scales", []float64{3, 0, 2, 5}}, {"Ivory carvings", []float64{1, 4, 0, 2}}, {"Rhino horn", []float64{0, 1, 1, 0}}}}, size), 3, true},
		{"stacked chinese", r.StackedBars(Stacked{Title: "每周案件（按产品）", Categories: []string{"第45周", "第46周"}, Series: []Series{
			{"穿山甲鳞片", []float64{3, 1}}, {"象牙：雕刻品、珠子、手镯和首饰以及更长的名字", []float64{2, 2}}}}, size), 2, true},
		{"bars", r.BarList(Bars{Title: "Routes", Bars: []Bar{{"TZ → CN", 12, ""}, {"Cameroun → Việt Nam", 4, "4 (25%)"}, {"", 0, ""}}}, size), 1, false},
		{"lines", r.LineChart(Lines{Title: "Hit rate", Categories: weeks, Series: []Series{
			{"Hit rate", []float64{0.5, math.NaN(), 0.25, 1}}, {"Tỷ lệ", []float64{0.1, 0.2, 0.3, 0.4}}},
			Format: func(v float64) string { return Number(v*100) + "%" }}, size), 2, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.img.Bounds().Size() != size {
				t.Fatalf("size %v", c.img.Bounds().Size())
			}
			// The title is drawn across the top.
			if dark(c.img, image.Rect(0, 0, size.X/2, 40)) < 100 {
				t.Error("no title")
			}
			for i := range c.colours {
				if count(c.img, c.img.Bounds(), Colour(i)) < 50 {
					t.Errorf("series %d's colour is missing", i)
				}
				if c.legendArea && count(c.img, legend, Colour(i)) < 20 {
					t.Errorf("legend swatch %d missing", i)
				}
			}
			if c.legendArea && dark(c.img, legend) < 60 {
				t.Error("legend has no labels")
			}
			b, err := PNG(c.img)
			if err != nil {
				t.Fatal(err)
			}
			back, err := png.Decode(bytes.NewReader(b))
			if err != nil || back.Bounds() != c.img.Bounds() {
				t.Fatalf("PNG round trip: %v", err)
			}
		})
	}
}

func TestEmptyChartsSayWhy(t *testing.T) {
	r := renderer(t)
	size := image.Pt(600, 300)
	for name, img := range map[string]*image.RGBA{
		"stacked": r.StackedBars(Stacked{Title: "T", Categories: weeks, Series: []Series{{"a", []float64{0, 0, 0, 0}}}, Empty: "没有案件"}, size),
		"nothing": r.StackedBars(Stacked{Title: "T", Empty: "No cases"}, size),
		"bars":    r.BarList(Bars{Title: "T", Empty: "No cases"}, size),
		"lines":   r.LineChart(Lines{Title: "T", Categories: weeks, Series: []Series{{"a", []float64{math.NaN()}}}, Empty: "No cases"}, size),
	} {
		if dark(img, image.Rect(0, size.Y/3, size.X, size.Y*2/3)) == 0 {
			t.Errorf("%s: no message in the middle", name)
		}
		if count(img, img.Bounds(), Colour(0)) != 0 {
			t.Errorf("%s: draws bars with no data", name)
		}
	}
}

func TestTinySizeDoesNotPanic(t *testing.T) {
	r := renderer(t)
	r.StackedBars(Stacked{Title: "x", Categories: weeks, Series: []Series{{"a", []float64{1, 2, 3, 4}}}}, image.Pt(1, 1))
	r.BarList(Bars{Title: "x", Bars: []Bar{{"a", 1, ""}}}, image.Pt(0, 0))
	r.LineChart(Lines{Title: "x", Categories: weeks, Series: []Series{{"a", []float64{1}}}}, image.Pt(10, 10))
}

func TestNiceMax(t *testing.T) {
	for _, c := range []struct {
		in, top, step float64
		ints          bool
	}{
		{0, 1, 1, true}, {1, 1, 1, true}, {3, 3, 1, true}, {7, 8, 2, true}, {13, 15, 5, true}, {11, 15, 5, true},
		{0.55, 0.6, 0.2, false}, {97, 100, 20, false}, {1.08, 1.25, 0.25, false}, {11, 12.5, 2.5, false},
	} {
		top, step := niceMax(c.in, c.ints)
		if math.Abs(top-c.top) > 1e-9 || math.Abs(step-c.step) > 1e-9 {
			t.Errorf("niceMax(%v) = %v, %v; want %v, %v", c.in, top, step, c.top, c.step)
		}
	}
}

func BenchmarkStackedBars(b *testing.B) {
	r := renderer(b)
	var series []Series
	for i := range 8 {
		v := make([]float64, 12)
		for w := range v {
			v[w] = float64((i*7 + w*3) % 6)
		}
		series = append(series, Series{Label: "Series " + Number(float64(i)), Values: v})
	}
	cats := make([]string, 12)
	for i := range cats {
		cats[i] = "W" + Number(float64(i+40))
	}
	for b.Loop() {
		r.StackedBars(Stacked{Title: "Cases per week by product", Categories: cats, Series: series}, Size)
	}
}
