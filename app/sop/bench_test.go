package sop_test

import (
	"slices"
	"testing"
	"time"

	"tusk/app/sop"
	"tusk/data"
)

// realQueries is a mix staff type at the counter: code words, names in
// each language, pinyin, unmarked Vietnamese, half-typed words, typos.
var realQueries = []string{
	"XY", "jelly", "象牙", "xiangya", "xi jiao", "犀角", "鹤顶红", "hornbill ivory",
	"Tiger skin", "虎骨", "hugu", "Da hổ", "da ho", "nga voi", "Ngozi ya simbamarara",
	"Peau de tigre", "pango", "shoe", "hawks", "elephnt", "pangolim", "tortoisehsell",
	"Panthera tigris", "Loxodonta africana", "Kakakuona", "穿山甲", "chuanshanjia",
	"doi moi", "玳瑁", "bekko", "e", "ivory", "horn", "live", "x", "牙",
}

func BenchmarkCardSearch(b *testing.B) {
	p, err := sop.Load(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	benchQueries(b, p, realQueries, sop.Filter{})
}

// BenchmarkCardSearch10k searches 10,000 synthetic cards (sop.SyntheticPack)
// with sop.SyntheticQueries; BenchmarkFTS5Search10k in ftsbench runs the
// same queries on the same cards in SQLite FTS5.
func BenchmarkCardSearch10k(b *testing.B) {
	p := sop.SyntheticPack(10000)
	qs := sop.SyntheticQueries(p, 1000)
	b.Run("all", func(b *testing.B) { benchQueries(b, p, qs, sop.Filter{}) })
	b.Run("top50", func(b *testing.B) { benchQueries(b, p, qs, sop.Filter{Limit: 50}) })
}

// benchQueries runs the queries round-robin and reports, besides ns/op,
// the median and 99th percentile of single-query latency.
func benchQueries(b *testing.B, p *sop.Pack, qs []string, f sop.Filter) {
	b.Helper()
	d := make([]time.Duration, 0, min(b.N, 1<<22))
	hits := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		hits += len(p.Search(qs[i%len(qs)], "en", f))
		if len(d) < cap(d) {
			d = append(d, time.Since(t0))
		}
	}
	b.StopTimer()
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(d[len(d)*99/100].Nanoseconds())/1e3, "p99-µs")
	b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
}

func BenchmarkLoadDefault(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := sop.Load(data.FS); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSyntheticPack10k(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sop.SyntheticPack(10000)
	}
}

func BenchmarkNarrow(b *testing.B) {
	p, err := sop.Load(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	answers := map[string]string{"state": "dead", "material": "ivory_like"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		cards := p.Narrow(answers, sop.Filter{})
		p.NextQuestion(cards, answers)
	}
}
