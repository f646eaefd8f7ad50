package cli

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"tusk/app/exchange"
	"tusk/app/referral"
	"tusk/app/store"
)

func init() {
	register(command{name: "audit witnesses", usage: "STATION",
		summary: "print the audit heads a station signed into the bundles imported here, for its tusk audit verify --witness", run: cmdAuditWitnesses})
}

// maxWitnessFile bounds a witness file: a list of heads or slip codes.
const maxWitnessFile = 16 << 20

// readWitnesses reads one --witness file: a bundle this station sent
// (.tuskbundle), or text with one witness a line: a slip's QR text
// (TUSK1:…) or "SEQ HASH [SOURCE]" as `tusk audit witnesses` prints.
// Signed witnesses must verify with this depot's own keys.
func readWitnesses(path string, ring *referral.KeyRing) ([]store.Witness, error) {
	data, err := readCapped(path, max(maxWitnessFile, exchange.MaxBundleSize))
	if err != nil {
		return nil, err
	}
	name := filepath.Base(path)
	if strings.HasSuffix(path, exchange.Ext) {
		h, err := ownBundleHead(data, ring)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return []store.Witness{{Source: "bundle " + name, AuditHead: h}}, nil
	}
	if len(data) > maxWitnessFile {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, maxWitnessFile)
	}
	var out []store.Witness
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 64<<10)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if strings.HasPrefix(strings.ToUpper(text), referral.Prefix) {
			c, k, err := referral.Verify(text, *ring)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: not a valid slip code: %w", name, line, err)
			}
			if k.Kind == referral.KeyForeign {
				return nil, fmt.Errorf("%s:%d: slip %s is another depot's", name, line, c.SlipNo)
			}
			if c.AuditSeq == 0 {
				continue // a slip from before slips carried the head
			}
			out = append(out, store.Witness{Source: fmt.Sprintf("slip %s (%s:%d)", c.SlipNo, name, line),
				AuditHead: store.AuditHead{Seq: c.AuditSeq, Hash: hex.EncodeToString(c.AuditHash)}})
			continue
		}
		f := strings.Fields(text)
		seq, err := strconv.ParseInt(safeArg(f, 0), 10, 64)
		if len(f) < 2 || err != nil || seq < 1 || len(f[1]) < 32 || len(f[1]) > 64 {
			return nil, fmt.Errorf("%s:%d: not a witness line (SEQ HASH [SOURCE], or a slip code)", name, line)
		}
		if _, err := hex.DecodeString(f[1]); err != nil {
			return nil, fmt.Errorf("%s:%d: the hash is not hex", name, line)
		}
		src := fmt.Sprintf("%s:%d", name, line)
		if len(f) > 2 {
			src = printable(strings.Join(f[2:], " "), 80) + " (" + src + ")"
		}
		out = append(out, store.Witness{Source: src, AuditHead: store.AuditHead{Seq: seq, Hash: strings.ToLower(f[1])}})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

func safeArg(f []string, i int) string {
	if i < len(f) {
		return f[i]
	}
	return ""
}

// ownBundleHead checks that a bundle was signed by one of this depot's
// own keys and returns the audit head signed into it.
func ownBundleHead(data []byte, ring *referral.KeyRing) (store.AuditHead, error) {
	env, err := exchange.DecodeEnvelope(data)
	if err != nil {
		return store.AuditHead{}, errors.New(exchange.Reason(err))
	}
	sig, err := base64.StdEncoding.DecodeString(env.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return store.AuditHead{}, errors.New("the signature is not 64 bytes of base64")
	}
	signed := false
	for _, k := range ring.Keys() {
		if k.Kind != referral.KeyForeign && k.Fingerprint() == env.Key && ed25519.Verify(k.Public, store.BundleMessage(env.Body), sig) {
			signed = true
		}
	}
	if !signed {
		return store.AuditHead{}, errors.New("not signed by one of this depot's keys")
	}
	var body struct {
		AuditHead *exchange.Head `json:"audit_head"`
	}
	if err := json.Unmarshal(env.Body, &body); err != nil || body.AuditHead == nil {
		return store.AuditHead{}, errors.New("it carries no audit head (made before bundles carried one)")
	}
	return store.AuditHead{Seq: body.AuditHead.Seq, Hash: body.AuditHead.Hash}, nil
}

func cmdAuditWitnesses(env *cliEnv, args []string) error {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		return usagef("audit witnesses needs one STATION code")
	}
	st, err := openStore(env.home, false)
	if err != nil {
		return err
	}
	defer st.Close()
	ws, err := st.StationWitnesses(context.Background(), args[0])
	if err != nil {
		return err
	}
	if len(ws) == 0 {
		fmt.Fprintf(env.stderr, "no audit heads kept for %s (they come with its bundles)\n", strings.ToUpper(args[0]))
		return nil
	}
	fmt.Fprintf(env.stdout, "# audit heads %s signed into its bundles; check them at the station with tusk audit verify --witness FILE\n", strings.ToUpper(args[0]))
	for _, w := range ws {
		fmt.Fprintf(env.stdout, "%d %s %s\n", w.Seq, w.Hash, printable(w.Source, 80))
	}
	return nil
}

// readCapped reads at most limit bytes of a regular file and refuses a
// longer one without reading it all; FIFOs and devices are refused.
func readCapped(path string, limit int) ([]byte, error) {
	// A FIFO would block the open itself: look first.
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if fi.Size() > int64(limit) {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return data, nil
}

// printable keeps text from a file safe for a terminal: control
// characters (escapes, newlines) become '?', and it is cut at n runes.
func printable(s string, n int) string {
	var b strings.Builder
	i := 0
	for _, r := range s {
		if i == n {
			b.WriteString("…")
			break
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xfffd {
			r = '?'
		}
		b.WriteRune(r)
		i++
	}
	return b.String()
}
