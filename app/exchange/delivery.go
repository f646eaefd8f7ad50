package exchange

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"tusk/app/atomicfile"
	"tusk/app/store"
)

// Acknowledgements travel back through a return folder (the store's
// delivery.returns setting at both ends): the supervisor writes
// <returns>/<STATION>/<STATION>.tuskack for each station, the station
// reads <returns>/<CODE>.tuskack or <returns>/<CODE>/<CODE>.tuskack, so
// one return folder for all stations and one per station both work.

// AckExt is the acknowledgement files' extension.
const AckExt = ".tuskack"

// AckFormat names the acknowledgement's version.
const AckFormat = "tusk-ack/1"

// Ack is what the supervisor acknowledges to one station: it holds every
// change of the station's sequence up to Seq.
type Ack struct {
	Format     string    `json:"format"`
	Station    string    `json:"station"`
	Supervisor string    `json:"supervisor"`
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
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
// if any, and records it (audited as bundle.acknowledged when it moves).
func TakeAck(ctx context.Context, st *store.Store, actor *store.User) error {
	dir, err := st.Setting(ctx, store.SettingReturns)
	if err != nil || dir == "" {
		return err
	}
	d, err := st.Depot(ctx)
	if err != nil {
		return err
	}
	for _, p := range []string{filepath.Join(dir, d.Code+AckExt), filepath.Join(dir, d.Code, d.Code+AckExt)} {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		var a Ack
		if json.Unmarshal(data, &a) != nil || a.Format != AckFormat || !strings.EqualFold(a.Station, d.Code) || a.Seq < 1 {
			continue // a damaged acknowledgement: the next one will do
		}
		if _, err := st.Acknowledged(ctx, actor, a.Supervisor, a.Seq); err != nil && !errors.Is(err, store.ErrBundleFormat) {
			return err
		}
	}
	return nil
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
// on since the last one, into the supervisor's return folder (the
// delivery.returns setting); audited as bundle.acknowledge. With no return
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
	n := 0
	for station, seq := range due {
		if !stationFolder(station) || strings.ContainsAny(station, `/\`) {
			continue
		}
		data, _ := json.Marshal(Ack{Format: AckFormat, Station: station, Supervisor: me, Seq: seq, At: st.Now().UTC()})
		sub := filepath.Join(dir, station)
		if err := os.MkdirAll(sub, 0o700); err != nil {
			return n, err
		}
		if err := replaceFile(sub, station+AckExt, data); err != nil {
			return n, err
		}
		if err := st.MarkAckWritten(ctx, actor, station, seq); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// replaceFile writes dir/name through a synced dotted temporary file
// (.tusk-*.tmp, which the docs tell the sync engine to ignore) renamed
// over it.
func replaceFile(dir, name string, data []byte) error {
	return atomicfile.WriteFile(filepath.Join(dir, name), append(data, '\n'))
}
