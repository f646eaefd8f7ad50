package exchange

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"tusk/app/atomicfile"
	"tusk/app/referral"
	"tusk/app/store"
)

// Acknowledgements travel back through a return folder (the store's
// delivery.returns setting at both ends): the supervisor writes
// <returns>/<STATION>/<STATION>.tuskack for each station, the station
// reads <returns>/<CODE>.tuskack or <returns>/<CODE>/<CODE>.tuskack, so
// one return folder for all stations and one per station both work.

// AckExt is the acknowledgement files' extension.
const AckExt = ".tuskack"

// AckFormat names the acknowledgement's version. tusk-ack/1 was unsigned
// and is refused now.
const AckFormat = "tusk-ack/2"

// Ack is what the supervisor acknowledges to one station: it holds every
// change of the station's sequence up to Seq.
type Ack struct {
	Station    string    `json:"station"`
	Supervisor string    `json:"supervisor"`
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
}

// ackEnvelope is an acknowledgement file: the body signed with the
// supervisor's depot key, as bundles are (store.AckContext keeps the two
// kinds of signature apart).
//
//	{"format":"tusk-ack/2","key":"AB12 …","body":{"station":…,"supervisor":…,"seq":…,"at":…},"signature":"<base64>"}
type ackEnvelope struct {
	Format    string          `json:"format"`
	Key       string          `json:"key"`
	Body      json.RawMessage `json:"body"`
	Signature string          `json:"signature"`
}

// EncodeAck signs a and returns the file's bytes.
func EncodeAck(ctx context.Context, st *store.Store, actor *store.User, a Ack) ([]byte, error) {
	body, err := json.Marshal(a)
	if err != nil {
		return nil, err
	}
	sig, key, err := st.SignAck(ctx, actor, body)
	if err != nil {
		return nil, err
	}
	return json.Marshal(ackEnvelope{Format: AckFormat, Key: key.Fingerprint(), Body: body,
		Signature: base64.StdEncoding.EncodeToString(sig)})
}

// OpenAck verifies an acknowledgement file meant for station against the
// keys this station knows: the signing key must be another depot's key
// imported here (`tusk keys import` of the supervisor's key file, at the
// station's set-up), belong to the depot the acknowledgement names as
// its supervisor, and not be retired before it was made. Unsigned (the
// old tusk-ack/1), forged or altered files are refused.
func OpenAck(data []byte, ring *referral.KeyRing, station string) (Ack, error) {
	var a Ack
	var env ackEnvelope
	if len(data) > 64<<10 || json.Unmarshal(data, &env) != nil {
		return a, errors.New("not an acknowledgement")
	}
	if env.Format != AckFormat || env.Key == "" || len(env.Body) == 0 {
		return a, fmt.Errorf("format %q, unsigned", env.Format)
	}
	var key referral.KeyInfo
	found := false
	if ring != nil {
		for _, k := range ring.Keys() {
			if k.Fingerprint() == env.Key && k.Kind == referral.KeyForeign {
				key, found = k, true
				break
			}
		}
	}
	if !found {
		return a, fmt.Errorf("signed with key %s, not a supervisor key known here", env.Key)
	}
	sig, err := base64.StdEncoding.DecodeString(env.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize || !ed25519.Verify(key.Public, store.AckMessage(env.Body), sig) {
		return a, errors.New("the signature does not match")
	}
	if err := json.Unmarshal(env.Body, &a); err != nil {
		return a, fmt.Errorf("body: %v", err)
	}
	switch {
	case !strings.EqualFold(a.Supervisor, key.Depot):
		return a, fmt.Errorf("signed by %s's key, names %q as its supervisor", key.Depot, a.Supervisor)
	case !strings.EqualFold(a.Station, station):
		return a, fmt.Errorf("meant for %q", a.Station)
	case a.Seq < 1:
		return a, fmt.Errorf("change %d", a.Seq)
	case !key.Retired.IsZero() && !a.At.Before(key.Retired):
		return a, fmt.Errorf("signed with key %s retired on %s", env.Key, key.Retired.Format(time.RFC3339))
	}
	return a, nil
}

// startFrom reads the station's acknowledgement, prunes the outbox, and
// says where the next bundle starts in the change sequence: after what
// was sent when nothing is unacknowledged or no return folder is set;
// after what was acknowledged when something new is to go or the resend
// time has passed (so a lost or damaged bundle is healed).
func startFrom(ctx context.Context, st *store.Store, actor *store.User, outbox string) (int64, error) {
	if err := TakeAck(ctx, st, actor); err != nil {
		return 0, err
	}
	if _, err := PruneOutbox(ctx, st, actor, outbox); err != nil {
		return 0, err
	}
	o, err := st.Outbound(ctx)
	if err != nil {
		return 0, err
	}
	if !o.Returns || o.AckedSeq >= o.SentSeq {
		return o.SentSeq, nil
	}
	if o.ChangeSeq > o.SentSeq || st.ResendDue(ctx, o) {
		return o.AckedSeq, nil
	}
	return o.SentSeq, nil
}

// TakeAck reads this station's acknowledgement from the return folder,
// if any, verifies its signature (OpenAck) and records it (audited as
// bundle.acknowledged when it moves). One that fails verification, or
// that the store refuses (another supervisor than the first, more than
// was sent), moves nothing and prunes nothing; it is audited as
// bundle.ack_refused once per distinct file.
func TakeAck(ctx context.Context, st *store.Store, actor *store.User) error {
	dir, err := st.Setting(ctx, store.SettingReturns)
	if err != nil || dir == "" {
		return err
	}
	d, err := st.Depot(ctx)
	if err != nil {
		return err
	}
	ring, err := st.KeyRing(ctx)
	if err != nil {
		return err
	}
	for _, p := range []string{filepath.Join(dir, d.Code+AckExt), filepath.Join(dir, d.Code, d.Code+AckExt)} {
		data, err := readAck(p)
		if err != nil {
			continue
		}
		a, err := OpenAck(data, ring, d.Code)
		if err == nil {
			_, err = st.Acknowledged(ctx, actor, a.Supervisor, a.Seq)
			if err != nil && !errors.Is(err, store.ErrAckRefused) {
				return err
			}
		}
		if err != nil {
			rel, _ := filepath.Rel(dir, p)
			if _, err := st.RejectAck(ctx, actor, hashOf(data), filepath.ToSlash(rel), err.Error()); err != nil {
				return err
			}
		}
	}
	return nil
}

// readAck reads a small regular file: an acknowledgement is a few
// hundred bytes, and a FIFO or a huge file in its place is not read.
func readAck(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > 64<<10 {
		return []byte("not a regular file of an acknowledgement's size"), nil
	}
	return os.ReadFile(path)
}

// PruneOutbox deletes the outbox bundles the supervisor acknowledged, and
// any older than the delivery.outbox_days setting: they hold personal data.
func PruneOutbox(ctx context.Context, st *store.Store, actor *store.User, outbox string) (int, error) {
	files, err := st.OutboxToPrune(ctx)
	if err != nil || len(files) == 0 {
		return 0, err
	}
	var gone []string
	for _, f := range files {
		if f != filepath.Base(f) {
			continue
		}
		if err := os.Remove(filepath.Join(outbox, f)); err == nil || errors.Is(err, fs.ErrNotExist) {
			gone = append(gone, f)
		}
	}
	return len(gone), st.MarkPruned(ctx, actor, gone)
}

// WriteAcks writes an acknowledgement for each station whose cases moved
// on since the last one, signed with this depot's key (the station
// verifies it against the key file it imported), into the supervisor's
// return folder (the delivery.returns setting); audited as
// bundle.acknowledge. With no return
// folder set it does nothing.
func WriteAcks(ctx context.Context, st *store.Store, actor *store.User) (int, error) {
	dir, err := st.Setting(ctx, store.SettingReturns)
	if err != nil || dir == "" {
		return 0, err
	}
	due, err := st.AckDue(ctx)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	me := ""
	if d, err := st.Depot(ctx); err == nil {
		me = d.Code
	}
	// The files first, then one transaction records them all: a crash
	// between only writes the same acknowledgements again.
	written := map[string]int64{}
	var werr error
	for station, seq := range due {
		if !stationFolder(station) || strings.ContainsAny(station, `/\`) {
			continue
		}
		data, err := EncodeAck(ctx, st, actor, Ack{Station: station, Supervisor: me, Seq: seq, At: st.Now().UTC()})
		if err == nil {
			sub := filepath.Join(dir, station)
			if err = os.MkdirAll(sub, 0o700); err == nil {
				err = replaceFile(sub, station+AckExt, data)
			}
		}
		if err != nil {
			werr = err
			break
		}
		written[station] = seq
	}
	if err := st.MarkAckWritten(ctx, actor, written); err != nil {
		return 0, err
	}
	return len(written), werr
}

// replaceFile writes dir/name through a synced dotted temporary file
// (.tusk-*.tmp, which the docs tell the sync engine to ignore) renamed
// over it.
func replaceFile(dir, name string, data []byte) error {
	return atomicfile.WriteFile(filepath.Join(dir, name), append(data, '\n'))
}
