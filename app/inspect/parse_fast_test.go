package inspect

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// slowTree is the tree the token-by-token reader builds.
func slowTree(data []byte) (*node, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, perr := readNode(dec, "$", 0)
	return n, perr == nil
}

// FuzzFastTree: for every document json.Valid accepts, the one-pass reader
// builds the same tree as the token reader, or gives up only where the
// token reader fails (too deep).
func FuzzFastTree(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.json"))
	for _, n := range names[:min(len(names), 8)] {
		b, _ := os.ReadFile(n)
		f.Add(b)
	}
	for _, s := range []string{`{}`, `[]`, `""`, `{"a":"\u00e9\n\"","a":[1,-2.5e3,true,false,null,{}]}`,
		` { "k" : [ 1 , 2 ] } `, strings.Repeat("[", 40) + strings.Repeat("]", 40), `"\ud83d\ude00"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		fast, fok := fastTree(data)
		slow, sok := slowTree(data)
		if fok && !sok {
			t.Fatalf("fast reader accepted what the token reader refuses: %q", data)
		}
		if fok && !reflect.DeepEqual(fast, slow) {
			t.Fatalf("trees differ for %q", data)
		}
		if !fok && sok {
			t.Fatalf("fast reader gave up on %q", data)
		}
	})
}

func TestFastTreeMatchesGolden(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.json"))
	for _, n := range names {
		b, _ := os.ReadFile(n)
		fast, fok := fastTree(b)
		slow, sok := slowTree(b)
		if !fok || !sok || !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s: fast and token readers differ", n)
		}
	}
}
