package referral

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCanonicalJSON(t *testing.T) {
	rec := sampleRecord()
	canon := CanonicalJSON(rec)
	if !json.Valid(canon) {
		t.Fatalf("not JSON: %s", canon)
	}
	if bytes.ContainsAny(canon, "\n\t") || bytes.Contains(canon, []byte(`": `)) || bytes.Contains(canon, []byte(`, "`)) {
		t.Errorf("insignificant whitespace in %s", canon)
	}
	// Keys sorted at every level: "addressee" first, "supervisor" late.
	if !bytes.HasPrefix(canon, []byte(`{"addressee":{"kind":`)) {
		t.Errorf("keys not sorted: %.60s", canon)
	}
	// Same instant in another zone, with sub-second noise: same bytes.
	shifted := rec
	shifted.IssuedAt = rec.IssuedAt.In(time.FixedZone("CST", 8*3600)).Add(400 * time.Millisecond)
	if !bytes.Equal(CanonicalJSON(shifted), canon) {
		t.Error("time zone or sub-seconds change the canonical form")
	}
	if !bytes.Contains(canon, []byte(`"issued_at":"2026-11-23T06:05:00Z"`)) {
		t.Errorf("issued_at not in UTC seconds: %s", canon)
	}
	// Canonicalising the canonical form changes nothing.
	again, err := canonicalize(canon)
	if err != nil || !bytes.Equal(again, canon) {
		t.Errorf("not a fixed point: %v", err)
	}
	// Photo bytes are not part of the record.
	withData := rec
	withData.Evidence.Photos = append([]Photo(nil), rec.Evidence.Photos...)
	withData.Evidence.Photos[0].Data = []byte("jpeg bytes")
	if RecordHash(withData) != RecordHash(rec) {
		t.Error("photo data changed the record hash")
	}
	// Any content change changes the hash.
	changed := rec
	changed.Sender.IDNumber = "110105194912310021"
	if RecordHash(changed) == RecordHash(rec) {
		t.Error("changing the sender's ID number kept the hash")
	}
}

func TestCanonicalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"b":1,"a":[true,false,null]}`, `{"a":[true,false,null],"b":1}`},
		{" { \"z\" : { \"y\":2 , \"x\" : 1 } } \n", `{"z":{"x":1,"y":2}}`},
		{`"<a&b>"`, `"<a&b>"`},
		{`"\u003c\u00e9\u6c34"`, `"<é水"`},
		{`"tab\there\u0001\/"`, `"tab\there\u0001/"`},
		{`"\u2028"`, "\"\u2028\""},
		{`-0`, `0`},
		{`[]`, `[]`},
		{`{}`, `{}`},
	} {
		got, err := canonicalize([]byte(tc.in))
		if err != nil || string(got) != tc.want {
			t.Errorf("canonicalize(%s) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{`{"a":1,"a":2}`, `1.5`, `1e3`, `{"a":1} x`, `{`, "\"\xff\"", strings.Repeat("[", 40) + strings.Repeat("]", 40)} {
		if got, err := canonicalize([]byte(bad)); err == nil {
			t.Errorf("canonicalize(%q) = %s, want an error", bad, got)
		}
	}
}

func TestVerifyRecord(t *testing.T) {
	rec := sampleRecord()
	c := mustClaims(t, rec)
	canon := CanonicalJSON(rec)
	pretty, _ := json.MarshalIndent(rec, "", "    ")

	changed := rec
	changed.Findings.Notes += " "
	otherCase := sampleRecord()
	otherCase.CaseNo = "X"

	for _, tc := range []struct {
		name string
		file []byte
		want error
	}{
		{"canonical file", canon, nil},
		{"pretty-printed copy", pretty, nil},
		{"edited notes", CanonicalJSON(changed), ErrRecordMismatch},
		{"other case", CanonicalJSON(otherCase), ErrRecordMismatch},
		{"duplicate key", append([]byte(`{"case_no":"X",`), canon[1:]...), ErrRecord},
		{"not a record", []byte(`{"format":"something"}`), ErrRecord},
		{"not JSON", []byte("PK\x03\x04"), ErrRecord},
	} {
		err := VerifyRecord(c, tc.file)
		if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: err %v, want %v", tc.name, err, tc.want)
		}
	}
	if err := VerifyRecord(Claims{CaseNo: rec.CaseNo, SlipNo: rec.SlipNo}, canon); !errors.Is(err, ErrRecordMismatch) {
		t.Errorf("claims without a record hash: %v", err)
	}
}

// TestVerifyRecordOmitted: a code that lists the first items of the
// record and counts the rest passes against its record; one whose lists
// or counts disagree with the record fails, even with the right hash.
func TestVerifyRecordOmitted(t *testing.T) {
	key := testKey(1)
	ring := testRing(t, key)
	rec := maximalRecord()
	canon := CanonicalJSON(rec)
	fitted, _, err := Verify(mustSignFit(t, mustClaims(t, rec), key), ring)
	if err != nil {
		t.Fatal(err)
	}
	if !fitted.Omitted() {
		t.Fatal("the maximal record should not fit whole")
	}
	if err := VerifyRecord(fitted, canon); err != nil {
		t.Fatalf("fitted claims: %v", err)
	}
	// Another record with other totals: six photos where the code counts eight.
	fewer := rec
	fewer.Evidence.Photos = rec.Evidence.Photos[:6]
	for _, tc := range []struct {
		name   string
		mutate func(c *Claims)
		rec    CaseRecord
	}{
		{"one photo more", func(c *Claims) { c.PhotosOmitted++ }, rec},
		{"one seal fewer", func(c *Claims) { c.SealsOmitted-- }, rec},
		{"products counted twice", func(c *Claims) { c.ProductsOmitted = len(rec.Findings.Products) }, rec},
		{"omitted count hides an item", func(c *Claims) { c.Products = c.Products[:3] }, rec},
		{"listed product changed", func(c *Claims) {
			c.Products = append([]Product(nil), c.Products...)
			c.Products[1].Grams++
		}, rec},
		{"listed photo not the record's first", func(c *Claims) {
			c.Photos = [][]byte{sha16(fakePhoto(1))}
			c.PhotosOmitted--
		}, rec},
		{"record with other totals", func(c *Claims) {
			sum := RecordHash(fewer)
			c.RecordHash = sum[:RecordHashLen]
		}, fewer},
		{"other depot", func(c *Claims) { c.Depot = "ELSEWHERE" }, rec},
	} {
		c := fitted
		tc.mutate(&c)
		// Sign and verify, so the claims are ones a key holder could issue.
		p, err := Sign(c, key)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got, _, err := Verify(p, ring)
		if tc.name == "other depot" {
			// The key speaks for GZBY07 only: the code fails before the record.
			if !errors.Is(err, ErrWrongDepot) {
				t.Errorf("%s: %v, want %s", tc.name, err, ErrWrongDepot.Code)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if err := VerifyRecord(got, CanonicalJSON(tc.rec)); !errors.Is(err, ErrRecordMismatch) {
			t.Errorf("%s: VerifyRecord: %v, want %s", tc.name, err, ErrRecordMismatch.Code)
		}
		if err := CheckClaims(got, tc.rec); !errors.Is(err, ErrRecordMismatch) {
			t.Errorf("%s: CheckClaims: %v", tc.name, err)
		}
	}
}

func TestRecordClaims(t *testing.T) {
	rec := maximalRecord()
	c := mustClaims(t, rec)
	sum := RecordHash(rec)
	if !bytes.Equal(c.RecordHash, sum[:RecordHashLen]) || len(c.Photos) != 8 || len(c.Products) != 6 || len(c.Seals) != 4 {
		t.Errorf("claims %+v", c)
	}
	if c.Inspector != "u0007" || c.Supervisor != "u0002" || c.Depot != "GZBY07" {
		t.Errorf("IDs: %+v", c)
	}
	bad := rec
	bad.Evidence.Photos = []Photo{{Name: "x.jpg", SHA256: "not hex"}}
	if _, err := bad.Claims(); !errors.Is(err, ErrClaims) {
		t.Errorf("bad photo hash: %v", err)
	}
	neg := sampleRecord()
	neg.Findings.Products[0].Grams = -1
	if _, err := neg.Claims(); !errors.Is(err, ErrClaims) {
		t.Errorf("negative grams: %v", err)
	}
}

// FuzzCanonicalize: never panics; the output is valid JSON and a fixed point.
func FuzzCanonicalize(f *testing.F) {
	f.Add(CanonicalJSON(sampleRecord()))
	f.Add([]byte(`{"b":[1,{"d":null,"c":"\u00e9"}],"a":-3}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := canonicalize(in)
		if err != nil {
			return
		}
		if !json.Valid(out) {
			t.Fatalf("%q canonicalises to invalid JSON %q", in, out)
		}
		again, err := canonicalize(out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("not a fixed point: %q -> %q (%v)", out, again, err)
		}
	})
}
