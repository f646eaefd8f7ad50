package counter

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/app/sop"
	"tusk/app/ui/widgets"
	"tusk/app/watch"
	"tusk/i18n"
)

// identPanel picks the suspected products from the cards, inline.
type identPanel struct {
	box      *fyne.Container
	search   *entry
	hits     *fyne.Container
	rows     *fyne.Container
	findings []inspect.Finding
	add      map[string]*widget.Button // card ID to its "add" button, for tests
}

var confidences = []string{inspect.ConfidenceLow, inspect.ConfidenceMedium, inspect.ConfidenceHigh}

func (s *Screen) newIdentPanel() *identPanel {
	p := &identPanel{search: s.entry("cards.search_hint"), hits: container.NewVBox(), rows: container.NewVBox(),
		findings: append([]inspect.Finding(nil), s.in.Findings...), add: map[string]*widget.Button{}}
	p.search.OnChanged = func(q string) { s.touch(); s.identSearch(q) }
	p.box = container.NewVBox(p.search, p.hits, p.rows)
	s.ident = p
	s.fillIdent()
	return p
}

// fillIdent shows the open parcel's suspected products.
func (s *Screen) fillIdent() {
	p := s.ident
	p.findings = append([]inspect.Finding(nil), s.in.Findings...)
	wasLoading := s.loading
	s.loading = true
	setText(p.search, "")
	s.loading = wasLoading
	p.hits.RemoveAll()
	s.identRows()
}

func (s *Screen) identSearch(q string) {
	p := s.ident
	p.hits.RemoveAll()
	p.add = map[string]*widget.Button{}
	pack := s.pack()
	if pack == nil || strings.TrimSpace(q) == "" {
		return
	}
	lang := i18n.CurrentLang()
	for _, h := range pack.Search(q, lang, sopFilter(5)) {
		c := pack.CardByID[h.Card]
		if c == nil {
			continue
		}
		id := c.ID
		b := &widget.Button{Text: c.Title.In(lang), Icon: theme.ContentAddIcon(), Alignment: widget.ButtonAlignLeading,
			OnTapped: s.act(func() {
				p.findings = append(p.findings, inspect.Finding{Card: id, Confidence: inspect.ConfidenceMedium})
				p.search.SetText("")
				s.identRows()
				s.changed()
			})}
		p.add[id] = b
		p.hits.Add(b)
	}
}

// identRows shows each suspected product with its confidence, count and
// weight, which is what a seizure report adds up.
func (s *Screen) identRows() {
	p := s.ident
	p.rows.RemoveAll()
	pack := s.pack()
	lang := i18n.CurrentLang()
	names := make([]string, len(confidences))
	for i, c := range confidences {
		names[i] = i18n.T("inspect.confidence." + c)
	}
	for i := range p.findings {
		i := i
		f := &p.findings[i]
		title := f.Card
		if pack != nil && pack.CardByID[f.Card] != nil {
			title = pack.CardByID[f.Card].Title.In(lang)
		}
		conf := widgets.NewSelect(names, nil)
		conf.SetSelectedIndex(max(0, indexOf(confidences, f.Confidence)))
		conf.OnChanged = func(string) { f.Confidence = confidences[max(0, conf.SelectedIndex())]; s.changed() }
		count := s.entry("inspect.ident.count")
		count.SetText(num(float64(f.Count)))
		count.OnChanged = func(t string) { f.Count = int(parseNum(t)); s.changed() }
		weight := s.entry("inspect.ident.weight")
		weight.SetText(num(f.WeightKg))
		weight.OnChanged = func(t string) { f.WeightKg = parseNum(t); s.changed() }
		remove := &widget.Button{Icon: theme.DeleteIcon(), OnTapped: s.act(func() {
			p.findings = append(p.findings[:i], p.findings[i+1:]...)
			s.identRows()
			s.changed()
		})}
		p.rows.Add(container.NewBorder(nil, nil, nil, remove,
			container.NewVBox(widget.NewLabel(title), container.NewGridWithColumns(3, conf, count, weight))))
	}
}

// photoPanel attaches photos: a file, or the newest images an X-ray
// station or camera drops into the capture folder. Originals are stored
// unchanged by SHA-256; what the panel shows is a scaled view only.
type photoPanel struct {
	box     *fyne.Container
	attach  *widget.Button
	thumbs  *fyne.Container
	capture *fyne.Container
	photos  []inspect.Photo
	message *widget.Label
}

func (s *Screen) newPhotoPanel() *photoPanel {
	p := &photoPanel{thumbs: container.NewGridWrap(fyne.NewSize(150, 130)), capture: container.NewGridWrap(fyne.NewSize(150, 160)),
		photos: append([]inspect.Photo(nil), s.in.Photos...), message: &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}}
	s.photos = p
	p.attach = &widget.Button{Text: i18n.T("inspect.photo.attach"), Icon: theme.FolderOpenIcon(), OnTapped: s.act(func() {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			s.dialog = nil
			if err != nil || r == nil {
				return
			}
			defer r.Close()
			s.addPhoto(r, r.URI().Name())
		}, s.d.Win)
		d.SetFilter(storage.NewExtensionFileFilter([]string{".jpg", ".jpeg", ".png", ".JPG", ".JPEG", ".PNG"}))
		s.showDialog(d)
	})}
	dir := s.d.Store.CaptureDir(s.ctx())
	captureTitle := widgets.Wrapped(i18n.T("inspect.photo.no_capture"), widget.LowImportance)
	if dir != "" {
		captureTitle.SetText(i18n.T("inspect.photo.capture", "Dir", dir))
		s.watchCapture(dir)
	}
	p.box = container.NewVBox(container.NewHBox(p.attach), p.message, p.thumbs, captureTitle, p.capture)
	s.fillPhotos()
	return p
}

// fillPhotos shows the open parcel's photos.
func (s *Screen) fillPhotos() {
	p := s.photos
	p.photos = append([]inspect.Photo(nil), s.in.Photos...)
	p.message.SetText("")
	s.photoThumbs(p)
}

// addPhoto stores one original and attaches it to the inspection.
func (s *Screen) addPhoto(r io.Reader, name string) {
	p := s.photos
	p.message.SetText("")
	ph, err := s.d.Store.AddPhoto(s.ctx(), s.user, r, name)
	if err == nil {
		err = s.d.Store.AttachPhoto(s.ctx(), s.user, s.in.ID, ph.SHA256)
	}
	if err != nil {
		p.message.SetText(i18n.T(errorKey(err)))
		return
	}
	for _, have := range p.photos {
		if have.SHA256 == ph.SHA256 {
			return
		}
	}
	p.photos = append(p.photos, ph)
	s.photoThumbs(p)
	s.changed()
}

func (s *Screen) photoThumbs(p *photoPanel) {
	p.thumbs.RemoveAll()
	for _, ph := range p.photos {
		path, err := s.d.Store.PhotoPath(s.ctx(), s.user, ph.SHA256)
		if err != nil {
			continue
		}
		img := canvas.NewImageFromFile(path)
		img.FillMode = canvas.ImageFillContain
		img.ScaleMode = canvas.ImageScaleFastest
		img.SetMinSize(fyne.NewSize(140, 100))
		p.thumbs.Add(container.NewBorder(nil, &widget.Label{Text: ph.SHA256[:12], Importance: widget.LowImportance}, nil, nil, img))
	}
}

// captureFiles lists the images in the capture folder, newest first.
func captureFiles(dir string, limit int) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	type f struct {
		path string
		mod  time.Time
	}
	var files []f
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || (ext != ".jpg" && ext != ".jpeg" && ext != ".png") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if info, err := e.Info(); err == nil {
			files = append(files, f{filepath.Join(dir, e.Name()), info.ModTime()})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].mod.After(files[j].mod) })
	var out []string
	for i := 0; i < len(files) && i < limit; i++ {
		out = append(out, files[i].path)
	}
	return out
}

func (s *Screen) refreshCapture(dir string) {
	if s.photos == nil {
		return
	}
	p := s.photos
	p.capture.RemoveAll()
	for _, path := range captureFiles(dir, 8) {
		path := path
		img := canvas.NewImageFromFile(path)
		img.FillMode = canvas.ImageFillContain
		img.ScaleMode = canvas.ImageScaleFastest
		img.SetMinSize(fyne.NewSize(140, 100))
		add := &widget.Button{Text: i18n.T("inspect.photo.use"), Icon: theme.ContentAddIcon(), OnTapped: s.act(func() {
			f, err := os.Open(path)
			if err != nil {
				p.message.SetText(i18n.T("inspect.photo.err.read"))
				return
			}
			defer f.Close()
			s.addPhoto(f, filepath.Base(path))
		})}
		p.capture.Add(container.NewBorder(nil, add, nil, nil, img))
	}
}

// captureWatch is the one watch on the capture folder; new images show
// as thumbnails ready to attach. It runs while the screen is shown:
// Leave stops it.
type captureWatch struct {
	mu   sync.Mutex
	dir  string
	loop *watch.Loop
}

func (s *Screen) watchCapture(dir string) {
	cw := &s.capture
	cw.mu.Lock()
	defer cw.mu.Unlock()
	fyne.Do(func() { s.refreshCapture(dir) })
	if cw.dir == dir && cw.loop != nil {
		return
	}
	if cw.loop != nil {
		cw.loop.Stop()
		cw.loop = nil
	}
	// A camera writes a file in several steps: wait until it settles.
	l, err := watch.Start(context.Background(), watch.Config{
		Debounce: 300 * time.Millisecond,
		Settled: func(*watch.Loop, string) {
			fyne.Do(func() { s.refreshCapture(dir) })
		},
	}, dir)
	if err != nil {
		return
	}
	cw.loop, cw.dir = l, dir
}

// Leave stops what the screen runs in the background, the capture
// folder's watch, and waits for it; the shell calls it when the user
// goes to another screen, signs out, locks or quits. Build starts it
// again.
func (s *Screen) Leave() {
	cw := &s.capture
	cw.mu.Lock()
	defer cw.mu.Unlock()
	if cw.loop != nil {
		cw.loop.Stop()
		cw.loop, cw.dir = nil, ""
	}
}

func sopFilter(limit int) sop.Filter { return sop.Filter{Limit: limit} }
