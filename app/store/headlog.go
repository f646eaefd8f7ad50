package store

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
)

// The head log
//
// The audit chain lives in the database, so whoever can edit the file can
// also recompute the chain and move its head. The head log is a witness
// outside the file: a small text file beside the database (tusk.db.heads)
// to which every write appends the audit heads it makes, one line each,
// and which Tusk never rewrites:
//
//	S <seq> <hash>   the log started here (a database older than the log)
//	P <seq> <hash>   an entry about to be committed
//	C <seq> <hash>   that entry and those before it are committed
//
// A P line is written before the commit and a C line after it, so a crash
// at any moment leaves the log consistent: an entry committed without its C
// line still has its P line, and a P line whose commit never happened is
// the last line, or is followed by another line for the same seq.
// VerifyAudit then says which line the chain disagrees with: an entry
// changed and re-hashed, entries cut off the end, an older backup put in
// place, or an entry appended by someone else all disagree with it.

// HeadLogSuffix is appended to the database's path to name its head log.
const HeadLogSuffix = ".heads"

// AuditHead is the newest audit entry's number and hash: what witnesses
// keep.
type AuditHead struct {
	Seq  int64
	Hash string // lower-case hex SHA-256, or a prefix of it
}

type headLog struct {
	mu   sync.Mutex
	path string
	f    *os.File
}

func newHeadLog(dbPath string) *headLog { return &headLog{path: dbPath + HeadLogSuffix} }

// append writes lines with one write call, so a crash never leaves half
// a line in the middle of the file.
func (l *headLog) append(kind byte, heads ...AuditHead) error {
	if l == nil || len(heads) == 0 {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return fmt.Errorf("audit head log: %w", err)
		}
		l.f = f
	}
	var b strings.Builder
	for _, h := range heads {
		fmt.Fprintf(&b, "%c %d %s\n", kind, h.Seq, h.Hash)
	}
	_, err := io.WriteString(l.f, b.String())
	return err
}

func (l *headLog) pending(heads []AuditHead) error { return l.append('P', heads...) }

func (l *headLog) committed(heads []AuditHead) error {
	if len(heads) == 0 {
		return nil
	}
	return l.append('C', heads[len(heads)-1])
}

func (l *headLog) close() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil {
		l.f.Close()
		l.f = nil
	}
}

// headLine is one parsed line of the log.
type headLine struct {
	line int
	kind byte
	AuditHead
}

// maxHeadLog bounds how much of a head log is read (about 4 million
// lines); a longer file is reported, not loaded.
const maxHeadLog = 256 << 20

func readHeadLog(path string) ([]headLine, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > maxHeadLog {
		return nil, fmt.Errorf("audit head log %s is larger than %d bytes", path, maxHeadLog)
	}
	var raw []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		raw = append(raw, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	var out []headLine
	for i, text := range raw {
		fields := strings.Fields(text)
		if len(fields) == 0 {
			continue
		}
		seq, err := strconv.ParseInt(safeField(fields, 1), 10, 64)
		if len(fields) != 3 || len(fields[0]) != 1 || !strings.Contains("SPC", fields[0]) || err != nil || seq < 0 || len(fields[2]) != 64 {
			if i == len(raw)-1 {
				break // a line torn by a power cut: harmless
			}
			return out, AuditProblem{0, fmt.Sprintf("the head log's line %d is not one Tusk writes: the log was edited", i+1)}
		}
		out = append(out, headLine{line: i + 1, kind: fields[0][0], AuditHead: AuditHead{Seq: seq, Hash: fields[2]}})
	}
	return out, nil
}

func safeField(f []string, i int) string {
	if i < len(f) {
		return f[i]
	}
	return ""
}
