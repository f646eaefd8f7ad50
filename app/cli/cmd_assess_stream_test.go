package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tusk/app/inspect"
	"tusk/app/riskpack"
	"tusk/app/sop"
	"tusk/data"
	"tusk/i18n"
)

// goldenLines is every golden parcel compacted to one line.
func goldenLines(t testing.TB) [][]byte {
	t.Helper()
	dir := filepath.Join("..", "inspect", "testdata", "golden")
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, n := range names {
		if filepath.Base(n) == "expected.json" {
			continue
		}
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		var c bytes.Buffer
		if err := json.Compact(&c, b); err != nil {
			t.Fatal(err)
		}
		out = append(out, c.Bytes())
	}
	if len(out) < 60 {
		t.Fatalf("%d golden parcels", len(out))
	}
	return out
}

func decodeStream(t *testing.T, out string) []streamResult {
	t.Helper()
	var res []streamResult
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r streamResult
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("output line %q: %v", sc.Text(), err)
		}
		res = append(res, r)
	}
	return res
}

// One parcel a line in, one result a line out, in order, the same as
// scoring each parcel alone; bad lines get an error and the stream goes on.
func TestAssessNDJSON(t *testing.T) {
	lines := goldenLines(t)
	var in bytes.Buffer
	for i, l := range lines {
		in.Write(l)
		in.WriteString("\n")
		if i == 3 {
			in.WriteString("\n   \r\n{not json\n[]\n")
		}
	}
	assessStdin = &in
	t.Cleanup(func() { assessStdin = os.Stdin })
	home := t.TempDir()
	code, out, errs := runCmd(t, home, "assess", "--ndjson", "-", "--lang", "fr")
	if code != 0 || errs != "" {
		t.Fatalf("%d %q", code, errs)
	}
	res := decodeStream(t, out)
	if len(res) != len(lines)+2 {
		t.Fatalf("%d results for %d parcels and 2 bad lines", len(res), len(lines))
	}
	if r := res[4]; r.Line != 7 || !strings.HasPrefix(r.Error, "not valid JSON") || r.Action != "" {
		t.Errorf("bad line: %+v", r)
	}
	if r := res[5]; r.Line != 8 || !strings.HasPrefix(r.Error, "wrong type") {
		t.Errorf("array line: %+v", r)
	}
	// Each result is what tusk assess --json says of that parcel alone.
	p, _ := sop.Load(data.FS)
	risk, tr := riskpack.New(p), i18n.New("fr")
	k := 0
	for i, r := range res {
		if i == 4 || i == 5 {
			continue
		}
		in, err := inspect.ParseParcelJSON(bytes.NewReader(lines[k]))
		k++
		if err != nil {
			t.Fatal(err)
		}
		a := assessOne(risk, tr, "fr", in)
		if r.Error != "" || r.Score != a.Score || r.Action != a.Action || r.Level != a.Level || r.Floor != a.Floor ||
			len(r.Reasons) != len(a.Reasons) || len(r.Problems) != len(a.Problems) || r.Waybill != in.Parcel.Waybill {
			t.Errorf("line %d: stream %+v, alone %+v", r.Line, r, a)
		}
		for j := range r.Reasons {
			if r.Reasons[j].Rule != a.Reasons[j].Rule || r.Reasons[j].Name != a.Reasons[j].Name {
				t.Errorf("line %d reason %d: %+v vs %+v", r.Line, j, r.Reasons[j], a.Reasons[j])
			}
		}
	}
	// And the same as the one-parcel command says.
	f := filepath.Join(t.TempDir(), "one.json")
	os.WriteFile(f, lines[0], 0o644)
	_, one, _ := runCmd(t, home, "assess", "--json", "--lang", "fr", f)
	if a := decodeAssess(t, one); a.Score != res[0].Score || a.Action != res[0].Action {
		t.Errorf("tusk assess --json %+v, stream %+v", a, res[0])
	}
}

func TestAssessNDJSONLongLine(t *testing.T) {
	long := append(bytes.Repeat([]byte(" "), 1<<20+5), []byte(`{"parcel":{"waybill":"X"}}`)...)
	in := bytes.Join([][]byte{[]byte(`{"parcel":{"waybill":"A"}}`), long, []byte(`{"parcel":{"waybill":"B"}}`)}, []byte("\n"))
	var out bytes.Buffer
	p, _ := sop.Load(data.FS)
	if err := assessStream(bytes.NewReader(in), &out, riskpack.New(p), "en", 2); err != nil {
		t.Fatal(err)
	}
	res := decodeStream(t, out.String())
	if len(res) != 3 || res[0].Waybill != "A" || res[1].Line != 2 || res[1].Error != errLineTooLong.Error() || res[2].Waybill != "B" || res[2].Line != 3 {
		t.Errorf("%+v", res)
	}
}

func TestAssessUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--ndjson", "--json", "-"}, "--ndjson already writes JSON"},
		{[]string{"--golden", "d", "x.json"}, "--golden DIR takes no FILE"},
		{[]string{"--golden"}, "--golden needs a value"},
		{[]string{"--ndjson"}, "assess needs a FILE"},
	} {
		code, _, errs := runCmd(t, t.TempDir(), "assess", tc.args...)
		if code != 2 || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: %d %q", tc.args, code, errs)
		}
	}
}

// tusk assess --golden runs a trainer's pack against the golden set and
// says what changed: here a pack where a strong code word no longer holds.
func TestAssessGolden(t *testing.T) {
	home := t.TempDir()
	golden := filepath.Join("..", "inspect", "testdata", "golden")
	code, out, errs := runCmd(t, home, "assess", "--golden", golden)
	if code != 0 || !strings.HasSuffix(out, "parcels: "+strings.TrimSpace(strings.Fields(out)[0])+" as the SOP expects, 0 changed\n") {
		t.Fatalf("default pack: %d %q %q", code, out, errs)
	}
	pack := filepath.Join(home, "mypack")
	if code, _, errs := runCmd(t, home, "pack export", pack); code != 0 {
		t.Fatal(errs)
	}
	rules := filepath.Join(pack, "rules.json")
	b, _ := os.ReadFile(rules)
	changed := bytes.Replace(b, []byte(`"action": "hold",
      "group": "codeword"`), []byte(`"group": "codeword"`), 1)
	if bytes.Equal(b, changed) {
		t.Fatal("no hold floor on declared-codeword to remove")
	}
	os.WriteFile(rules, changed, 0o644)
	code, out, _ = runCmd(t, home, "assess", "--golden", golden, "--pack", pack)
	if code != 1 || !strings.Contains(out, "h01-ivory-bangle.json: suggests clear; the SOP expects hold for a check\n") ||
		!strings.Contains(out, "now: score 35, rules declared-codeword +35") || !strings.Contains(out, " changed\n") {
		t.Errorf("changed pack: %d\n%s", code, out)
	}
}

// FuzzNDJSONReader: any input gives one result line per non-blank input
// line, in order, each valid JSON; the reader never panics.
func FuzzNDJSONReader(f *testing.F) {
	lines := goldenLines(f)
	f.Add(bytes.Join(lines[:3], []byte("\n")))
	f.Add([]byte("\n\n{\"parcel\":{\"waybill\":\"A\"}}\r\n  \n{x"))
	f.Add([]byte(`{"parcel":{"waybill":"A","contents":[{"name":"象牙 jelly"}]}}` + "\n" + `{"parcel":1}`))
	f.Add([]byte{0xff, '\n', '{', '}'})
	p, err := sop.Load(data.FS)
	if err != nil {
		f.Fatal(err)
	}
	risk := riskpack.New(p)
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		if err := assessStream(bytes.NewReader(in), &out, risk, "vi", 2); err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, l := range bytes.Split(in, []byte("\n")) {
			if len(bytes.TrimSpace(l)) > 0 {
				want++
			}
		}
		got := bytes.Split(bytes.TrimSuffix(out.Bytes(), []byte("\n")), []byte("\n"))
		if out.Len() == 0 {
			got = nil
		}
		if len(got) != want {
			t.Fatalf("%d results for %d lines", len(got), want)
		}
		last := 0
		for _, g := range got {
			var r streamResult
			if err := json.Unmarshal(g, &r); err != nil {
				t.Fatalf("result %q: %v", g, err)
			}
			if r.Line <= last || (r.Error == "" && r.Level == "") {
				t.Fatalf("result %+v after line %d", r, last)
			}
			last = r.Line
		}
	})
}

// streamInput is n parcels, one a line, cycling through the golden set.
func streamInput(b *testing.B, n int) []byte {
	lines := goldenLines(b)
	var buf bytes.Buffer
	for i := range n {
		buf.Write(lines[i%len(lines)])
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// BenchmarkAssessStream scores the golden parcels as one ndjson stream
// (parcels/s), with one worker and with one per CPU; "process-per-parcel"
// is the baseline of running one tusk assess process per parcel.
func BenchmarkAssessStream(b *testing.B) {
	p, err := sop.Load(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	risk := riskpack.New(p)
	const n = 10000
	in := streamInput(b, n)
	for _, workers := range []int{1, 0} {
		name := "workers=1"
		if workers == 0 {
			name = "workers=cpus"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			start, cpu := time.Now(), cpuTime()
			for b.Loop() {
				if err := assessStream(bytes.NewReader(in), &bytes.Buffer{}, risk, "en", workers); err != nil {
					b.Fatal(err)
				}
			}
			reportRates(b, n*b.N, time.Since(start), cpuTime()-cpu)
		})
	}
	b.Run("process-per-parcel", func(b *testing.B) {
		bin := os.Getenv("TUSK_BIN")
		if bin == "" {
			b.Skip("set TUSK_BIN to a built tusk binary to measure one process per parcel")
		}
		dir := b.TempDir()
		lines := goldenLines(b)
		files := make([]string, len(lines))
		for i, l := range lines {
			files[i] = filepath.Join(dir, fmt.Sprintf("%d.json", i))
			os.WriteFile(files[i], l, 0o644)
		}
		home := b.TempDir()
		i := 0
		start := time.Now()
		for b.Loop() {
			cmd := exec.Command(bin, "--home", home, "assess", files[i%len(files)])
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("%v: %s", err, out)
			}
			i++
		}
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "parcels/s")
	})
}

// BenchmarkAssess is one parcel through tusk assess --json's path: parse,
// score, explain, validate and encode, with the pack already loaded.
func BenchmarkAssess(b *testing.B) {
	p, err := sop.Load(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	risk := riskpack.New(p)
	line := goldenLines(b)[40]
	tr := i18n.New("en")
	start, cpu := time.Now(), cpuTime()
	for b.Loop() {
		r := scoreLine(risk, tr, "en", 1, line, nil)
		if r.Error != "" {
			b.Fatal(r.Error)
		}
	}
	reportRates(b, b.N, time.Since(start), cpuTime()-cpu)
}

// reportRates reports parcels per second of wall time and per second of
// CPU time (user + system, all threads).
func reportRates(b *testing.B, parcels int, wall, cpu time.Duration) {
	b.ReportMetric(float64(parcels)/wall.Seconds(), "parcels/s")
	if cpu > 0 {
		b.ReportMetric(float64(parcels)/cpu.Seconds(), "parcels/cpu-s")
	}
}
