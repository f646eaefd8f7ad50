package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"runtime"
	"sync"

	"tusk/app/inspect"
	"tusk/app/riskpack"
	"tusk/i18n"
)

// streamResult is one line of `tusk assess --ndjson`: the result for the
// parcel on input line Line, or Error when that line is not a parcel.
// Reasons carry rule IDs, names in the language asked for and weights;
// the explanations are left out to keep a day's stream small.
type streamResult struct {
	Line     int             `json:"line"`
	ID       string          `json:"id,omitempty"`
	Waybill  string          `json:"waybill,omitempty"`
	Score    int             `json:"score"`
	Level    string          `json:"level,omitempty"`
	Action   string          `json:"action,omitempty"`
	Floor    string          `json:"floor,omitempty"`
	Reasons  []streamReason  `json:"reasons,omitempty"`
	Notes    []assessNote    `json:"notes,omitempty"`
	Problems []assessProblem `json:"problems,omitempty"`
	Error    string          `json:"error,omitempty"`
}

type streamReason struct {
	Rule   string `json:"rule"`
	Weight int    `json:"weight"`
	Name   string `json:"name"`
	Detail string `json:"detail,omitempty"`
	SameAs string `json:"same_as,omitempty"`
	Floor  string `json:"floor,omitempty"`
}

// streamBatch is how many lines are read before they are scored in
// parallel and written in order.
const streamBatch = 512

// errLineTooLong marks an input line over inspect.MaxParcelJSON.
var errLineTooLong = errors.New("line longer than 1 MiB")

// assessStream reads one parcel document a line from r and writes one
// result a line to w, in input order. Blank lines are skipped (and
// counted); a line that is not a parcel gets an error result and the
// stream goes on. workers 0 means one per CPU.
func assessStream(r io.Reader, w io.Writer, risk *riskpack.Risk, lang string, workers int) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	tr := i18n.New(lang)
	lr := newLineReader(r)
	bw := bufio.NewWriterSize(w, 64<<10)
	type job struct {
		line int
		text []byte
		err  error
		out  []byte
	}
	jobs := make([]job, 0, streamBatch)
	encs := make([]*encoderBuf, workers)
	for i := range encs {
		encs[i] = newEncoderBuf()
	}
	flush := func() error {
		if len(jobs) == 0 {
			return nil
		}
		var wg sync.WaitGroup
		n := min(workers, len(jobs))
		for k := range n {
			wg.Go(func() {
				e := encs[k]
				for i := k; i < len(jobs); i += n {
					j := &jobs[i]
					res := scoreLine(risk, tr, lang, j.line, j.text, j.err)
					j.out = e.encode(res)
				}
			})
		}
		wg.Wait()
		for i := range jobs {
			if _, err := bw.Write(jobs[i].out); err != nil {
				return err
			}
		}
		jobs = jobs[:0]
		return nil
	}
	for {
		line, text, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil && !errors.Is(err, errLineTooLong) {
			return err
		}
		jobs = append(jobs, job{line: line, text: text, err: err})
		if len(jobs) == streamBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// scoreLine scores one input line.
func scoreLine(risk *riskpack.Risk, tr *i18n.Translator, lang string, line int, text []byte, readErr error) streamResult {
	res := streamResult{Line: line}
	if readErr != nil {
		res.Error = readErr.Error()
		return res
	}
	in, err := inspect.ParseParcelJSON(bytes.NewReader(text))
	if err != nil {
		res.Error = parseFailure(err)
		return res
	}
	out := assessOne(risk, tr, lang, in)
	res.ID, res.Waybill = in.ID, in.Parcel.Waybill
	res.Score, res.Level, res.Action, res.Floor = out.Score, out.Level, out.Action, out.Floor
	res.Notes, res.Problems = out.Notes, out.Problems
	for _, r := range out.Reasons {
		res.Reasons = append(res.Reasons, streamReason{Rule: r.Rule, Weight: r.Weight, Name: r.Name, Detail: r.Detail, SameAs: r.SameAs, Floor: r.Floor})
	}
	return res
}

// encoderBuf encodes results with one reused encoder per worker.
type encoderBuf struct {
	buf bytes.Buffer
	enc *json.Encoder
}

func newEncoderBuf() *encoderBuf {
	e := &encoderBuf{}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}

func (e *encoderBuf) encode(v any) []byte {
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		e.buf.Reset()
		e.buf.WriteString(`{"error":"cannot encode the result"}` + "\n")
	}
	return bytes.Clone(e.buf.Bytes())
}

// lineReader splits input into lines of at most inspect.MaxParcelJSON
// bytes, without keeping a longer one in memory: such a line is skipped
// to its end and reported as errLineTooLong. It numbers lines from 1 and
// skips blank ones (spaces, tabs, a CR before the LF).
type lineReader struct {
	r    *bufio.Reader
	line int
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 256<<10)}
}

// next returns the next non-blank line's number and text (a fresh slice).
func (l *lineReader) next() (int, []byte, error) {
	for {
		var text []byte
		tooLong, sawAny := false, false
		for {
			frag, err := l.r.ReadSlice('\n')
			if len(frag) > 0 {
				sawAny = true
			}
			if !tooLong {
				if len(text)+len(frag) > inspect.MaxParcelJSON+1 {
					tooLong, text = true, nil
				} else {
					text = append(text, frag...)
				}
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err != nil && err != io.EOF {
				return l.line, nil, err
			}
			if err == io.EOF && !sawAny {
				return l.line, nil, io.EOF
			}
			break
		}
		l.line++
		if tooLong {
			return l.line, nil, errLineTooLong
		}
		if t := bytes.TrimSpace(text); len(t) > 0 {
			return l.line, t, nil
		}
	}
}
