package chart

import (
	"fmt"
	"image"
	"math"
	"strings"
	"testing"
)

// A legend label too long for its column wraps and is drawn in full;
// before, "Worked tortoiseshell: combs, bangles, frames" lost its end to
// an ellipsis.
func TestLegendLabelsAreNotCut(t *testing.T) {
	r := renderer(t)
	labels := []string{"Pangolin scales (16)", "Worked tortoiseshell: combs, bangles, frames and inlay (3)",
		"玳瑁制品：梳子、手镯、眼镜框和镶嵌物（3）", "Sản phẩm đồi mồi: lược, vòng tay, gọng kính (3)", "Other (11)"}
	c := Stacked{Title: "Cases per week by product", Categories: weeks}
	for i, l := range labels {
		c.Series = append(c.Series, Series{Label: l, Values: []float64{float64(i + 1), 1, 2, 1}})
	}
	for _, size := range []image.Point{Size, image.Pt(900, 400)} {
		cv := r.stackedBars(c, size)
		var all []string
		for _, d := range cv.texts {
			if strings.Contains(d.s, "…") {
				t.Errorf("%v: %q drawn cut", size, d.s)
			}
			all = append(all, d.s)
		}
		drawn := strings.ReplaceAll(strings.Join(all, ""), " ", "")
		for _, l := range labels {
			if !strings.Contains(drawn, strings.ReplaceAll(l, " ", "")) {
				t.Errorf("%v: legend %q not drawn in full", size, l)
			}
		}
	}
}

// A rate's axis stops at 100% with even ticks; it went to 125% when a
// week's rate was 100%.
func TestRateAxisStopsAtHundredPercent(t *testing.T) {
	r := renderer(t)
	pct := func(v float64) string { return Number(math.Round(v*1000)/10) + "%" }
	for _, peak := range []float64{1, 0.95, 0.6} {
		cv := r.lineChart(Lines{Title: "Hit rate", Categories: weeks, Series: []Series{{Label: "rate", Values: []float64{0.5, peak, 0.4, 0}}},
			Format: pct, Max: 1}, Size)
		var ticks []string
		values := 0
		for _, d := range cv.texts {
			if d.box.Max.X < cv.px(60) { // the axis, left of the plot
				ticks = append(ticks, d.s)
			} else if strings.HasSuffix(d.s, "%") {
				values++
			}
		}
		if values != 4 {
			t.Errorf("peak %v: %d of 4 values written at their points", peak, values)
		}
		want := "0% 25% 50% 75% 100%"
		if peak == 0.6 {
			want = "0% 20% 40% 60% 80%" // no need to reach 100%
		}
		if got := strings.Join(ticks, " "); got != want {
			t.Errorf("peak %v: axis %q, want %q", peak, got, want)
		}
	}
}

func TestNiceStep(t *testing.T) {
	for top, want := range map[float64]float64{1: 0.25, 100: 25, 0.5: 0.1, 200: 50, 80: 20} {
		if got := niceStep(top); math.Abs(got-want) > 1e-9 {
			t.Errorf("niceStep(%v) = %v, want %v", top, got, want)
		}
	}
}

// No value at a point covers another value, or another point: close
// values of two lines (the demo's 25.8 and 24.3 hours) drew over each
// other. A value with no free place is left out.
func TestPointLabelsDoNotOverlap(t *testing.T) {
	r := renderer(t)
	cats := []string{"W38", "W39", "W40", "W41", "W42", "W43", "W44", "W45", "W46", "W47", "W48", "W49"}
	nan := math.NaN()
	c := Lines{Title: "Hold to handover per week, hours", Categories: cats, Series: []Series{
		{Label: "Median", Values: []float64{nan, 7.9, 24.3, 32.4, 17.4, 23.4, 71.1, 12.1, 20.9, 39.9, 24.3, nan}},
		{Label: "90th percentile", Values: []float64{nan, 16.8, 25.8, 66, 85.6, 71.8, 118.7, 26.6, 59.5, 143.6, 33.4, nan}},
	}}
	for _, size := range []image.Point{Size, image.Pt(600, 300)} {
		cv := r.lineChart(c, size)
		var labels []drawnText
		for _, d := range cv.texts {
			if _, err := parseNumber(d.s); err == nil && d.box.Min.X > cv.px(60) && d.box.Max.Y < cv.img.Bounds().Dy()-cv.px(26) {
				labels = append(labels, d)
			}
		}
		if len(labels) < 12 {
			t.Errorf("%v: only %d of 20 values written", size, len(labels))
		}
		for i, a := range labels {
			for _, b := range labels[i+1:] {
				if a.box.Overlaps(b.box) {
					t.Errorf("%v: %q at %v overlaps %q at %v", size, a.s, a.box, b.s, b.box)
				}
			}
		}
	}
}

func parseNumber(s string) (float64, error) {
	var v float64
	_, err := fmtSscan(s, &v)
	return v, err
}

var fmtSscan = func(s string, v *float64) (int, error) { return fmt.Sscan(s, v) }
