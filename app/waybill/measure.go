package waybill

import (
	"math/rand/v2"
	"regexp"

	"tusk/app/inspect"
)

// Breadth is how much a format lets through: the share of random codes a
// scanner could read (letters and digits) that it accepts, at the length
// where it accepts most.
type Breadth struct {
	Rate   float64 // 0 … 1
	Length int     // the length of the random codes it was worst at
	Broad  bool    // Rate ≥ BroadRate: almost anything of that length passes
}

// BroadRate is the share of random codes above which a format is too broad
// to flag anything: a real courier format accepts a vanishing share (a
// twelve-digit number accepts (10/36)^12, about one in five million).
const BroadRate = 0.01

// samples is how many random codes are tried per length.
const samples = 400

const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// Measure tries p against random letter-and-digit codes of each length in
// lengths (6 to 30 when none are given, as a generic format's are) and
// reports the worst. It is deterministic: the same format measures the
// same. A format that does not compile is an error.
func Measure(p inspect.WaybillPattern, lengths ...int) (Breadth, error) {
	re, err := regexp.Compile(`^(?:` + p.Regex + `)$`)
	if err != nil {
		return Breadth{}, err
	}
	if len(lengths) == 0 {
		for n := 6; n <= 30; n++ {
			lengths = append(lengths, n)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var worst Breadth
	buf := make([]byte, 0, 64)
	for _, n := range lengths {
		if n < 1 || n > 64 {
			continue
		}
		hits := 0
		for i := 0; i < samples; i++ {
			buf = buf[:0]
			for j := 0; j < n; j++ {
				buf = append(buf, alnum[rng.IntN(len(alnum))])
			}
			s := string(buf)
			if re.MatchString(s) && (p.Check != inspect.CheckUPUS10 || inspect.ValidS10(s)) {
				hits++
			}
		}
		if r := float64(hits) / samples; r > worst.Rate || worst.Length == 0 {
			worst = Breadth{Rate: r, Length: n}
		}
	}
	worst.Broad = worst.Rate >= BroadRate
	return worst, nil
}

// Typical are the lengths of the examples, each once: where Measure
// should look.
func Typical(examples []string) []int {
	seen := map[int]bool{}
	var out []int
	for _, e := range examples {
		n := len([]rune(e))
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// Result is one number tried against a format.
type Result struct {
	Number  string // cleaned
	OK      bool
	Problem string // inspect's problem code when not OK
}

// Try cleans each number and checks it against p alone, check digit
// included.
func Try(p inspect.WaybillPattern, numbers []string) ([]Result, error) {
	w, errs := inspect.CompilePatterns([]inspect.WaybillPattern{p})
	if len(errs) > 0 {
		return nil, errs[0]
	}
	out := make([]Result, 0, len(numbers))
	for _, n := range numbers {
		c := inspect.CleanWaybill(n)
		_, problem := w.Check(c)
		out = append(out, Result{Number: c, OK: problem == "", Problem: problem})
	}
	return out, nil
}

// NarrowFirst orders formats so that broad ones come after the narrow
// ones, each group in its own order: the counter takes the first format a
// number fits, and a catch-all ahead of a courier's format would take
// every number of that courier.
func NarrowFirst(ps []inspect.WaybillPattern) []inspect.WaybillPattern {
	var narrow, broad []inspect.WaybillPattern
	for _, p := range ps {
		b, err := Measure(p, Typical(p.Examples)...)
		if err == nil && b.Broad {
			broad = append(broad, p)
		} else {
			narrow = append(narrow, p)
		}
	}
	return append(narrow, broad...)
}
