package slippdf

// Fixtures of package referral's tests, as the slip drawing needs them.

import (
	"crypto/ed25519"
	"fmt"
	"testing"
	"time"

	"tusk/app/referral"
)

// testKey is deterministic so payloads (and so PDFs) are reproducible.
func testKey(seed byte) ed25519.PrivateKey {
	s := make([]byte, ed25519.SeedSize)
	for i := range s {
		s[i] = seed + byte(i)
	}
	return ed25519.NewKeyFromSeed(s)
}

var testIssued = time.Date(2026, 11, 23, 6, 5, 0, 0, time.UTC)

// fakePhoto stands in for an image file when only its hash matters.
func fakePhoto(i int) []byte { return []byte(fmt.Sprintf("photo-%d", i)) }

// maximalRecord is a realistic worst case for the QR: six suspected
// products (card IDs from the pack in data/cards), four seals numbered
// like courier tamper-evident bags, and eight photos.
func maximalRecord() referral.CaseRecord {
	rec := sampleRecord()
	rec.Findings.Products = []referral.FoundProduct{
		{CardID: "ivory-carving", Name: "Worked ivory", Species: "Loxodonta africana", Count: 12, Grams: 1850},
		{CardID: "pangolin-scales", Name: "Pangolin scales", Species: "Manis spp.", Count: 0, Grams: 4200},
		{CardID: "rhino-horn-powder", Name: "Rhino horn powder", Species: "Rhinocerotidae", Count: 3, Grams: 240},
		{CardID: "tiger-bone", Name: "Tiger bone", Species: "Panthera tigris", Count: 7, Grams: 960},
		{CardID: "helmeted-hornbill-casque", Name: "Helmeted hornbill casque", Species: "Rhinoplax vigil", Count: 2, Grams: 310},
		{CardID: "hawksbill-worked", Name: "Hawksbill shell", Species: "Eretmochelys imbricata", Count: 5, Grams: 1500},
	}
	rec.Evidence.Seals = []string{"SF-TB-00412871", "SF-TB-00412872", "SF-TB-00412873", "SF-TB-00412874"}
	rec.Evidence.Photos = nil
	for i := range 8 {
		rec.Evidence.Photos = append(rec.Evidence.Photos, referral.Photo{Name: fmt.Sprintf("IMG_%04d.jpg", 2301+i), SHA256: referral.PhotoSHA256(fakePhoto(i))})
	}
	return rec
}

// sixPhotoRecord is the sample case with six photos, a common case that
// no longer fits version 12 when every photo hash is listed.
func sixPhotoRecord() referral.CaseRecord {
	rec := sampleRecord()
	rec.Evidence.Photos = nil
	for i := range 6 {
		rec.Evidence.Photos = append(rec.Evidence.Photos, referral.Photo{Name: fmt.Sprintf("IMG_%04d.jpg", 2301+i), SHA256: referral.PhotoSHA256(fakePhoto(i))})
	}
	return rec
}

// sampleRecord is an ordinary case: one product, two seals, two photos.
func sampleRecord() referral.CaseRecord {
	return referral.CaseRecord{
		Format:    referral.RecordFormat,
		CaseNo:    "GZBY07-2026-000123",
		SlipNo:    "GZBY07-R-000045",
		Stage:     referral.StageReferred,
		IssuedAt:  testIssued,
		Language:  "en",
		Addressee: referral.Addressee{Name: "Baiyun District Forest Police Station", Kind: "Forest police"},
		Depot:     referral.Depot{Code: "GZBY07", Name: "Baiyun Sorting Centre 7", Address: "88 Example Road, Baiyun District, Guangzhou", Contact: "+86 20 0000 0000 (duty supervisor)"},
		Parcel: referral.Parcel{
			Waybill: "SF1234567890123", Direction: "Outbound",
			DeclaredContents: "Resin handicrafts", ObservedContents: "Carved pale objects with Schreger-like lines",
			DeclaredQty: 10, ObservedQty: 12, DeclaredGrams: 1200, MeasuredGrams: 1850,
			Origin: "Guangzhou, CN", Destination: "Hanoi, VN",
		},
		Sender:   referral.Person{Name: "Sender Example", IDType: "Resident ID card (CN)", IDNumber: "11010519491231002X", Phone: "+86 130 0000 0000", Address: "1 Sample Street, Guangzhou"},
		Receiver: referral.Person{Name: "Receiver Example", IDType: "Not checked", Phone: "+84 90 000 0000", Address: "2 Sample Lane, Hanoi"},
		Findings: referral.Findings{
			Products:  []referral.FoundProduct{{CardID: "ivory-carving", Name: "Worked ivory", Species: "Loxodonta africana", Count: 12, Grams: 1850}},
			Reasons:   []referral.Reason{{RuleID: "weight-mismatch", Text: "Measured weight is over 1.5 times the declared weight", Points: 20}, {RuleID: "vague-declaration", Text: "Declared as handicrafts without detail", Points: 10}},
			Checklist: []string{"X-ray shows dense, uniform objects", "Packaging wrapped in many layers of tape"},
			Notes:     "Sender paid cash and left quickly.",
		},
		Evidence: referral.Evidence{
			Photos:  []referral.Photo{{Name: "IMG_2301.jpg", SHA256: referral.PhotoSHA256(fakePhoto(0))}, {Name: "IMG_2302.jpg", SHA256: referral.PhotoSHA256(fakePhoto(1))}},
			Seals:   []string{"SF-TB-00412871", "SF-TB-00412872"},
			Storage: "Locked cage B, shelf 2",
		},
		Custody: []referral.Custody{
			{From: "Counter 3 (inspector)", To: "Evidence cage B", At: testIssued.Add(-2 * time.Hour), Note: "sealed"},
		},
		Inspector:  referral.Officer{ID: "u0007", Name: "Inspector Example", Badge: "SF-0007", Unit: "Counter 3"},
		Supervisor: referral.Officer{ID: "u0002", Name: "Supervisor Example", Badge: "SF-0002", Unit: "Security desk"},
	}
}

func mustClaims(t testing.TB, rec referral.CaseRecord) referral.Claims {
	t.Helper()
	c, err := rec.Claims()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustSign(t testing.TB, c referral.Claims, k ed25519.PrivateKey) string {
	t.Helper()
	p, err := referral.Sign(c, k)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustSignFit(t testing.TB, c referral.Claims, k ed25519.PrivateKey) string {
	t.Helper()
	p, err := referral.SignFit(c, k)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func testRing(t testing.TB, keys ...ed25519.PrivateKey) referral.KeyRing {
	t.Helper()
	var r referral.KeyRing
	for i, k := range keys {
		if err := r.Add(referral.KeyInfo{Depot: "GZBY07", Label: fmt.Sprintf("key%d", i), Kind: referral.KeyOwn, Public: k.Public().(ed25519.PublicKey)}); err != nil {
			t.Fatal(err)
		}
	}
	return r
}
