package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"tusk/app/sop"
	"tusk/data"
)

func init() {
	register(command{name: "pack check", usage: "DIR",
		summary: "validate a content pack folder: each problem as file:line:column: message on stdout, exit 1 if any",
		run:     cmdPackCheck})
	register(command{name: "pack export", usage: "[DIR]",
		summary: "write the built-in content pack to DIR (default <home>/pack) to start editing; never overwrites a pack",
		run:     cmdPackExport})
	register(command{name: "cards search", usage: "QUERY... [--lang L] [--group G] [--form F] [--appendix A] [--limit N]",
		summary: "search the cards of the pack in use; print card-id<TAB>title, best first (nothing when none match)",
		run:     cmdCardsSearch})
}

// packDir is where a trainer's pack overrides the built-in one.
func packDir(home string) string { return filepath.Join(home, "pack") }

// cmdPackCheck validates DIR. Problems go to stdout, one per line, with
// the file path joined to DIR so editors can jump to them; the summary of
// a good pack goes to stdout too. Exit 1 when there are problems.
func cmdPackCheck(env *cliEnv, args []string) error {
	if len(args) != 1 || args[0] == "" {
		return usagef("pack check needs one DIR")
	}
	dir := args[0]
	st, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	p, err := sop.Load(os.DirFS(dir))
	if ps, ok := sop.AsProblems(err); ok {
		for _, pr := range ps {
			pr.File = filepath.Join(dir, filepath.FromSlash(pr.File))
			fmt.Fprintln(env.stdout, pr.String())
		}
		if len(ps) == 1 {
			return fmt.Errorf("1 problem in %s", dir)
		}
		return fmt.Errorf("%d problems in %s", len(ps), dir)
	}
	if err != nil {
		return err
	}
	c := p.Counts()
	fmt.Fprintf(env.stdout, "ok: %s: version %s, %d cards, %d species, %d code words, %d checklist items, %d rules\n",
		dir, p.Manifest.Version, c.Cards, c.Species, c.CodeWords, c.ChecklistItems, c.Rules)
	return nil
}

func cmdPackExport(env *cliEnv, args []string) error {
	if len(args) > 1 || (len(args) == 1 && args[0] == "") {
		return usagef("pack export takes at most one DIR")
	}
	dir := packDir(env.home)
	if len(args) == 1 {
		dir = args[0]
	}
	if err := sop.Export(data.FS, dir); err != nil {
		if errors.Is(err, sop.ErrOverrideExists) {
			return fmt.Errorf("%s already holds a pack (manifest.json); not overwriting it", dir)
		}
		return err
	}
	n := 0
	if err := fs.WalkDir(data.FS, ".", func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	}); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "exported the built-in pack (%d files) to %s\n", n, dir)
	if filepath.Clean(dir) != filepath.Clean(packDir(env.home)) {
		fmt.Fprintf(env.stdout, "the app uses a pack only from %s\n", packDir(env.home))
	}
	return nil
}

// cmdCardsSearch searches the effective pack: <home>/pack when it holds a
// pack, else the built-in one. An invalid override is reported on stderr
// and the built-in pack is searched, as the app does. No match prints
// nothing and exits 0, so scripts can tell "no card" from a failure.
func cmdCardsSearch(env *cliEnv, args []string) error {
	var (
		words []string
		lang  = "en"
		f     sop.Filter
		have  bool
	)
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, inline := strings.Cut(a, "=")
		switch name {
		case "--lang", "--group", "--form", "--appendix", "--limit":
		default:
			words = append(words, a)
			have = true
			continue
		}
		if !inline {
			if i+1 >= len(args) {
				return usagef("%s needs a value", name)
			}
			i++
			val = args[i]
		}
		switch name {
		case "--lang":
			lang = val
		case "--group":
			f.Group = val
		case "--form":
			f.Form = val
		case "--appendix":
			f.Appendix = val
		case "--limit":
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 {
				return usagef("--limit needs a whole number")
			}
			f.Limit = n
		}
	}
	if !have {
		return usagef("cards search needs a QUERY")
	}
	known := false
	for _, l := range sop.Languages {
		known = known || l == lang
	}
	if !known {
		return usagef("--lang must be one of %s", strings.Join(sop.Languages, ", "))
	}
	live, err := sop.NewLive(data.FS, packDir(env.home))
	if err != nil {
		return fmt.Errorf("the built-in pack is invalid:\n%w", err)
	}
	if err := live.LastError(); err != nil {
		fmt.Fprintf(env.stderr, "tusk: the pack in %s is invalid; searching the built-in pack. Problems:\n%s\n", packDir(env.home), err)
	}
	p := live.Current()
	for _, h := range p.Search(strings.Join(words, " "), lang, f) {
		fmt.Fprintf(env.stdout, "%s\t%s\n", h.Card, p.CardByID[h.Card].Title.In(lang))
	}
	return nil
}
