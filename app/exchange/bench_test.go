package exchange

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tusk/app/inspect"
	"tusk/app/referral"
	"tusk/app/store"
)

// fixedKey is a deterministic station key for fuzzing and benchmarks.
func fixedKey() (ed25519.PublicKey, ed25519.PrivateKey) {
	priv := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	return priv.Public().(ed25519.PublicKey), priv
}

func fixedRing(tb testing.TB, station string) *referral.KeyRing {
	pub, _ := fixedKey()
	ring := &referral.KeyRing{}
	if err := ring.Add(referral.KeyInfo{Depot: station, Label: station, Kind: referral.KeyForeign, Public: pub}); err != nil {
		tb.Fatal(err)
	}
	return ring
}

// synthCases makes n held parcels as a station sends them, each with one
// small photo of its own.
func synthCases(n, photoSize int) []store.BundleCase {
	rnd := rand.New(rand.NewPCG(1, 2))
	t0 := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	out := make([]store.BundleCase, n)
	for i := range out {
		at := t0.Add(time.Duration(i) * time.Minute)
		photo := append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, make([]byte, photoSize)...)
		for j := 4; j < len(photo); j++ {
			photo[j] = byte(rnd.UintN(256))
		}
		sum := sha256.Sum256(photo)
		in := inspect.Inspection{ID: fmt.Sprintf("I-20261120-%04d", i+1), CreatedAt: at, UpdatedAt: at, Status: inspect.StatusHeld,
			Parcel: inspect.Parcel{Waybill: fmt.Sprintf("EE%09dCN", i), Stage: inspect.StageAcceptance, Courier: "ems",
				Origin: inspect.Place{Country: "TZ", City: "Dar es Salaam"}, Destination: inspect.Place{Country: "CN", City: "Guangzhou"}},
			Parties: []inspect.Party{
				{Role: inspect.RoleSender, Name: fmt.Sprintf("Juma Hassan %d", i), Phone: fmt.Sprintf("+255754%06d", i),
					ID: &inspect.IDDocument{Type: inspect.DocPassport, Number: fmt.Sprintf("TZ%07d", i), Country: "TZ"}},
				{Role: inspect.RoleReceiver, Name: "王先生", Phone: "+86 138 1234 5678"}},
			Findings:   []inspect.Finding{{Card: "ivory-carved", Confidence: "high", Note: "<carving> & bone"}},
			Assessment: &inspect.Assessment{Score: 70, Level: inspect.LevelRed},
			Decision:   &inspect.Decision{Action: inspect.ActionHold, Reason: "x-ray", Seals: []string{"S-1"}, Storage: "cage 2", At: at},
		}
		out[i] = store.BundleCase{Number: fmt.Sprintf("C-2026-%04d", i+1), Status: inspect.CaseOpen, RiskLevel: inspect.LevelRed, RiskScore: 70,
			OpenedAt: at, UpdatedAt: at, HeldAt: at, DueAt: at.Add(24 * time.Hour), DecidedAt: at,
			Inspection: in, Inspector: "Li Wei",
			Custody: []store.BundleCustody{{Seq: 1, From: "Li Wei", To: "cage 2", At: at, Seals: []string{"S-1"}}},
			Photos:  []store.BundlePhoto{{SHA256: hex.EncodeToString(sum[:]), Name: "label.jpg", MIME: "image/jpeg", Data: photo}},
		}
	}
	return out
}

// signedBundle signs cases with fixedKey as station.
func signedBundle(tb testing.TB, station string, cases []store.BundleCase) []byte {
	pub, priv := fixedKey()
	body, err := json.Marshal(Body{Station: station, StationName: "Baiyun 2", Cases: cases})
	if err != nil {
		tb.Fatal(err)
	}
	data, err := Encode(station, referral.Fingerprint(pub), time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), body,
		ed25519.Sign(priv, store.BundleMessage(body)))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// freshSupervisor is a supervisor store that trusts fixedKey for station.
func freshSupervisor(tb testing.TB, station string) *home {
	h := newHome(tb, "DEMO-HQ", "Head office")
	pub, _ := fixedKey()
	if err := h.st.ImportKey(ctx, h.sup, referral.KeyInfo{Depot: station, Label: station, Public: pub}); err != nil {
		tb.Fatal(err)
	}
	return h
}

// BenchmarkImportBundle imports a bundle of 1,000 held parcels with one
// 2 KB photo each into a fresh store: read, verify, write the photos and
// merge in one transaction. The baselines, in the same run: decoding and
// verifying alone, and the same 1,000 cases written by plain SQL inserts
// (inspection and case rows) in one transaction.
func BenchmarkImportBundle(b *testing.B) {
	const n = 1000
	cases := synthCases(n, 2048)
	data := signedBundle(b, "DEMO-GZ2", cases)
	file := filepath.Join(b.TempDir(), "DEMO-GZ2-20261123T090000"+Ext)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.Logf("bundle: %d cases, %.1f MB", n, float64(len(data))/1e6)

	// cpu-ms/op: the process's CPU time for the measured part, which a
	// loaded machine stretches less than the wall-clock time.
	b.Run("import", func(b *testing.B) {
		var cpu time.Duration
		for b.Loop() {
			b.StopTimer()
			h := freshSupervisor(b, "DEMO-GZ2")
			b.StartTimer()
			c0 := cpuTime()
			r := ImportFile(ctx, h.st, h.sup, file)
			cpu += cpuTime() - c0
			if r.Err != nil || r.Counts.Added != n {
				b.Fatal(r)
			}
		}
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	})
	b.Run("reimport_unchanged", func(b *testing.B) {
		h := freshSupervisor(b, "DEMO-GZ2")
		if r := ImportFile(ctx, h.st, h.sup, file); r.Err != nil {
			b.Fatal(r.Err)
		}
		for b.Loop() {
			// Known by its hash: the same bytes change nothing.
			if r := ImportFile(ctx, h.st, h.sup, file); r.Err != nil || !r.Duplicate {
				b.Fatal(r)
			}
		}
	})
	b.Run("baseline_decode_verify", func(b *testing.B) {
		ring := fixedRing(b, "DEMO-GZ2")
		for b.Loop() {
			raw, err := os.ReadFile(file)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Open(raw, ring); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stations_200x50", benchImportStations)
	b.Run("baseline_sql_inserts", func(b *testing.B) {
		var cpu time.Duration
		for b.Loop() {
			b.StopTimer()
			h := freshSupervisor(b, "DEMO-GZ2")
			b.StartTimer()
			c0 := cpuTime()
			sqlInserts(b, h.st, cases)
			cpu += cpuTime() - c0
		}
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	})
}

// sqlInserts writes the cases as bare rows: what any import must at
// least do.
func sqlInserts(b *testing.B, st *store.Store, cases []store.BundleCase) {
	tx, err := st.DB().Begin()
	if err != nil {
		b.Fatal(err)
	}
	var uid int64
	if err := tx.QueryRow(`INSERT INTO users(name, role, pin_hash, language, active, created_at, updated_at, station)
		VALUES ('DEMO-GZ2/Li Wei', 'inspector', '', 'en', 0, '', '', 'DEMO-GZ2') RETURNING id`).Scan(&uid); err != nil {
		b.Fatal(err)
	}
	for _, c := range cases {
		data, _ := json.Marshal(&c.Inspection)
		var iid int64
		if err := tx.QueryRow(`INSERT INTO inspections(number, waybill, stage, status, inspector_id, created_at, updated_at, data, station)
			VALUES (?, ?, 'acceptance', 'held', ?, '', '', ?, 'DEMO-GZ2') RETURNING id`,
			"DEMO-GZ2/"+c.Inspection.ID, c.Inspection.Parcel.Waybill, uid, data).Scan(&iid); err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO cases(number, inspection_id, status, opened_at, updated_at, station) VALUES (?, ?, 'open', '', '', 'DEMO-GZ2')`,
			"DEMO-GZ2/"+c.Number, iid); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

func FuzzOpen(f *testing.F) {
	good := signedBundle(f, "DEMO-GZ2", synthCases(2, 16))
	f.Add(good)
	f.Add([]byte(`{"format":"tusk-bundle/1","station":"X","key":"k","body":{},"signature":""}`))
	f.Add([]byte(`{"format":"tusk-bundle/1","station":"DEMO-GZ2","key":"` + referral.Fingerprint(func() ed25519.PublicKey { p, _ := fixedKey(); return p }()) +
		`","body":{"station":"DEMO-GZ2","cases":[{}]},"signature":"AAAA"}`))
	f.Add([]byte("not json"))
	f.Add([]byte("{}"))
	ring := fixedRing(f, "DEMO-GZ2")
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Open(data, ring)
		if err != nil {
			if !Invalid(err) {
				t.Fatalf("error not marked invalid: %v", err)
			}
			return
		}
		// Whatever opens was signed by the key and names its station.
		sig, _ := base64.StdEncoding.DecodeString(b.Envelope.Signature)
		pub, _ := fixedKey()
		if !ed25519.Verify(pub, store.BundleMessage(b.Envelope.Body), sig) || !strings.EqualFold(b.Body.Station, "DEMO-GZ2") {
			t.Fatalf("opened a bundle that does not verify: %+v", b.Envelope)
		}
	})
}

func TestOpenRoundTripAndTamper(t *testing.T) {
	ring := fixedRing(t, "DEMO-GZ2")
	data := signedBundle(t, "DEMO-GZ2", synthCases(3, 32))
	b, err := Open(data, ring)
	if err != nil || len(b.Body.Cases) != 3 || b.Body.Cases[0].Inspection.Findings[0].Note != "<carving> & bone" {
		t.Fatalf("round trip: %v", err)
	}
	for name, tc := range map[string]struct {
		edit func(s string) string
		want error
	}{
		"body byte": {func(s string) string { return strings.Replace(s, "EE000000001CN", "EE000000001CM", 1) }, ErrSignature},
		"format":    {func(s string) string { return strings.Replace(s, Format, "tusk-bundle/9", 1) }, ErrFormat},
		"station": {func(s string) string {
			return strings.Replace(s, `"station":"DEMO-GZ2","key"`, `"station":"DEMO-DAR","key"`, 1)
		}, ErrWrongKey},
		"key":       {func(s string) string { return strings.Replace(s, `"key":"`, `"key":"0`, 1) }, ErrUnknownKey},
		"signature": {func(s string) string { return strings.Replace(s, `"signature":"`, `"signature":"AAAA`, 1) }, ErrSignature},
		"truncated": {func(s string) string { return s[:len(s)/2] }, ErrFormat},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Open([]byte(tc.edit(string(data))), ring); !errors.Is(err, tc.want) || !Invalid(err) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
	// A photo whose bytes do not match its hash, signed all the same.
	cs := synthCases(1, 16)
	cs[0].Photos[0].Data[5] ^= 1
	if _, err := Open(signedBundle(t, "DEMO-GZ2", cs), ring); !errors.Is(err, ErrPhotoHash) {
		t.Errorf("photo hash: %v", err)
	}
	if _, err := DecodeEnvelope(make([]byte, MaxBundleSize+1)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("too large: %v", err)
	}
}
