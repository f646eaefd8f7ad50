package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tusk/app/inspect"
)

// fakeJPEG is JPEG magic followed by bytes a real camera would not write:
// the store must keep them exactly, not decode or re-encode.
func fakeJPEG(seed byte, n int) []byte {
	b := []byte{0xFF, 0xD8, 0xFF, 0xE1}
	for i := range n {
		b = append(b, seed+byte(i*7))
	}
	return b
}

func fileSHA(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func TestAddPhotoKeepsOriginalsOnce(t *testing.T) {
	d := newDepot(t)
	s := d.s
	jpg := fakeJPEG(3, 5000)
	p, err := s.AddPhoto(ctx, d.insp, bytes.NewReader(jpg), `C:\DCIM\IMG_0001.JPG`)
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(jpg)
	if p.SHA256 != hex.EncodeToString(want[:]) || p.Size != int64(len(jpg)) || p.FileName != "IMG_0001.JPG" || !p.TakenAt.Equal(d.clk.t) {
		t.Errorf("photo %+v", p)
	}
	path, err := s.PhotoPath(ctx, d.insp, p.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if rel, _ := filepath.Rel(filepath.Dir(s.Path()), path); rel != filepath.Join("photos", p.SHA256[:2], p.SHA256+".jpg") {
		t.Errorf("stored at %s", rel)
	}
	if got := fileSHA(t, path); got != p.SHA256 {
		t.Errorf("stored file hashes to %s, want %s", got, p.SHA256)
	}
	// The same bytes again, under another name: one file, the first record.
	d.tick(60e9)
	again, err := s.AddPhoto(ctx, d.insp, bytes.NewReader(jpg), "copy.jpg")
	if err != nil || again != p {
		t.Errorf("re-add: %+v %v", again, err)
	}
	var files []string
	filepath.WalkDir(filepath.Join(filepath.Dir(s.Path()), "photos"), func(path string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			files = append(files, path)
		}
		return nil
	})
	if len(files) != 1 {
		t.Errorf("files after dedupe: %v", files)
	}
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
	pp, err := s.AddPhoto(ctx, d.insp, bytes.NewReader(png), "label.png")
	if err != nil {
		t.Fatal(err)
	}
	if path, _ := s.PhotoPath(ctx, d.insp, pp.SHA256); !strings.HasSuffix(path, ".png") || fileSHA(t, path) != pp.SHA256 {
		t.Errorf("png stored at %s", path)
	}
	if err := s.CheckPhoto(ctx, p.SHA256); err != nil {
		t.Errorf("check photo: %v", err)
	}
	if got := auditActions(t, s, "photo:"+p.SHA256); len(got) != 1 || got[0] != "photo.add" {
		t.Errorf("photo audit %v", got)
	}

	// A changed file is caught.
	os.Chmod(path, 0o600)
	os.WriteFile(path, append(jpg, 0), 0o600)
	if err := s.CheckPhoto(ctx, p.SHA256); !errors.Is(err, ErrPhotoChanged) {
		t.Errorf("check changed photo: %v", err)
	}
	// Adding the original again repairs it.
	if _, err := s.AddPhoto(ctx, d.insp, bytes.NewReader(jpg), "again.jpg"); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckPhoto(ctx, p.SHA256); err != nil {
		t.Errorf("after repair: %v", err)
	}
	verifyAudit(t, s)
}

func TestAddPhotoRefuses(t *testing.T) {
	d := newDepot(t)
	s := d.s
	big := io.MultiReader(bytes.NewReader(fakeJPEG(1, 10)), io.LimitReader(zeros{}, MaxPhotoSize))
	for _, tc := range []struct {
		name  string
		actor *User
		r     io.Reader
		want  error
	}{
		{"empty", d.insp, bytes.NewReader(nil), ErrPhotoEmpty},
		{"gif", d.insp, strings.NewReader("GIF89a........"), ErrPhotoType},
		{"webp", d.insp, strings.NewReader("RIFF\x00\x00\x00\x00WEBPVP8 "), ErrPhotoType},
		{"text", d.insp, strings.NewReader("hello"), ErrPhotoType},
		{"too large", d.insp, big, ErrPhotoTooLarge},
		{"trainer", d.tr, bytes.NewReader(fakeJPEG(1, 10)), ErrForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.AddPhoto(ctx, tc.actor, tc.r, "x"); !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
	// Nothing was left behind, not even temp files.
	left, _ := os.ReadDir(filepath.Join(filepath.Dir(s.Path()), "photos"))
	if len(left) != 0 {
		t.Errorf("left in photos/: %v", left)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestAttachPhotos(t *testing.T) {
	d := newDepot(t)
	s := d.s
	in, _ := s.StartInspection(ctx, d.insp, "RR123456785CN", "")
	fill(in, "19900101-12345-67890-12", "+255 712 345 678")
	s.SaveDraft(ctx, d.insp, in)
	p1, _ := s.AddPhoto(ctx, d.insp, bytes.NewReader(fakeJPEG(1, 50)), "a.jpg")
	p2, _ := s.AddPhoto(ctx, d.insp, bytes.NewReader(fakeJPEG(2, 50)), "b.jpg")
	p3, _ := s.AddPhoto(ctx, d.insp, bytes.NewReader(fakeJPEG(3, 50)), "c.jpg")
	for _, p := range []inspect.Photo{p2, p1, p2, p3} {
		if err := s.AttachPhoto(ctx, d.insp, in.ID, p.SHA256); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AttachPhoto(ctx, d.insp2, in.ID, p1.SHA256); !errors.Is(err, ErrForbidden) {
		t.Errorf("other inspector attached: %v", err)
	}
	if err := s.AttachPhoto(ctx, d.insp, in.ID, strings.Repeat("0", 64)); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown photo attached: %v", err)
	}
	if err := s.DetachPhoto(ctx, d.insp, in.ID, p3.SHA256); err != nil {
		t.Fatal(err)
	}
	// An autosave from a screen that never heard of the photos keeps them.
	in.Photos = nil
	if err := s.SaveDraft(ctx, d.insp, in); err != nil {
		t.Fatal(err)
	}
	back, _ := s.Inspection(ctx, d.insp, in.ID)
	if len(back.Photos) != 2 || back.Photos[0] != p2 || back.Photos[1] != p1 {
		t.Errorf("photos %+v", back.Photos)
	}
	if _, err := s.Decide(ctx, d.insp, in.ID, holdDecision, *in.Assessment); err != nil {
		t.Fatal(err)
	}
	// Held: more evidence from a supervisor, none from the inspector.
	if err := s.AttachPhoto(ctx, d.insp, in.ID, p3.SHA256); !errors.Is(err, ErrForbidden) {
		t.Errorf("inspector attached to a held parcel: %v", err)
	}
	if err := s.AttachPhoto(ctx, d.sup, in.ID, p3.SHA256); err != nil {
		t.Errorf("supervisor attaches evidence: %v", err)
	}
	if err := s.DetachPhoto(ctx, d.sup, in.ID, p3.SHA256); !errors.Is(err, ErrDecided) {
		t.Errorf("detached from a held parcel: %v", err)
	}
	if back, _ := s.Inspection(ctx, d.sup, in.ID); len(back.Photos) != 3 || back.Photos[2] != p3 {
		t.Errorf("photos after hold %+v", back.Photos)
	}
	if _, err := s.PhotoPath(ctx, d.tr, p1.SHA256); !errors.Is(err, ErrForbidden) {
		t.Errorf("trainer opened a photo: %v", err)
	}
	if got := auditActions(t, s, "inspection:"+in.ID); strings.Join(got, " ") !=
		"inspection.start photo.attach photo.attach photo.attach photo.detach inspection.hold photo.attach" {
		t.Errorf("audit %v", got)
	}
	verifyAudit(t, s)
}
