package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// leftovers lists the temporary files left in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, Pattern))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestWrite(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name    string
		old     []byte // nil: no file before
		oldMode fs.FileMode
		fn      func(w io.Writer) error
		want    []byte // what the file holds afterwards (nil: no file)
		wantErr error
	}{
		{name: "new file", fn: write("hello"), want: []byte("hello")},
		{name: "empty new file", fn: write(""), want: []byte{}},
		{name: "replaces", old: []byte("old"), oldMode: 0o600, fn: write("new"), want: []byte("new")},
		{name: "replaces a world-readable file as private", old: []byte("old"), oldMode: 0o644, fn: write("new"), want: []byte("new")},
		{name: "replaces a read-only file", old: []byte("old"), oldMode: 0o444, fn: write("new"), want: []byte("new")},
		{name: "failure keeps the old file", old: []byte("old"), oldMode: 0o600,
			fn: func(w io.Writer) error { w.Write([]byte("half")); return boom }, want: []byte("old"), wantErr: boom},
		{name: "failure leaves no file", fn: func(w io.Writer) error { w.Write([]byte("half")); return boom }, wantErr: boom},
		{name: "large", fn: write(string(bytes.Repeat([]byte("0123456789"), 1<<17))), want: bytes.Repeat([]byte("0123456789"), 1<<17)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "f.json")
			if tt.old != nil {
				if err := os.WriteFile(path, tt.old, tt.oldMode); err != nil {
					t.Fatal(err)
				}
			}
			err := Write(path, tt.fn)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Write: %v, want %v", err, tt.wantErr)
			}
			got, rerr := os.ReadFile(path)
			switch {
			case tt.want == nil && !errors.Is(rerr, fs.ErrNotExist):
				t.Errorf("file there after a failed write: %q %v", got, rerr)
			case tt.want != nil && (rerr != nil || !bytes.Equal(got, tt.want)):
				t.Errorf("file holds %d bytes (%v), want %d", len(got), rerr, len(tt.want))
			}
			if tt.want != nil && tt.wantErr == nil && runtime.GOOS != "windows" {
				if st, err := os.Stat(path); err != nil || st.Mode().Perm() != Mode {
					t.Errorf("mode %v (%v), want %v", st.Mode().Perm(), err, Mode)
				}
			}
			if l := leftovers(t, dir); len(l) != 0 {
				t.Errorf("temporary files left: %v", l)
			}
		})
	}
}

func write(s string) func(w io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func TestWriteFileErrors(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFile(filepath.Join(dir, "no", "such", "folder", "f"), []byte("x")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: %v", err)
	}
	// A folder in the way: the rename fails and the temporary file goes.
	if err := os.Mkdir(filepath.Join(dir, "taken"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(filepath.Join(dir, "taken"), []byte("x")); err == nil {
		t.Error("rename over a folder succeeded")
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

func TestCommitNew(t *testing.T) {
	tests := []struct {
		name     string
		existing bool
		wantErr  error
	}{
		{name: "free name", existing: false},
		{name: "taken name is never replaced", existing: true, wantErr: fs.ErrExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "b.tuskbundle")
			if tt.existing {
				if err := os.WriteFile(path, []byte("theirs"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			f, err := Create(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Abort()
			io.WriteString(f, "ours")
			err = f.CommitNew(path)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("CommitNew: %v, want %v", err, tt.wantErr)
			}
			want := "ours"
			if tt.existing {
				want = "theirs"
				// The caller may try another name with the same file.
				if err := f.CommitNew(filepath.Join(dir, "b-2.tuskbundle")); err != nil {
					t.Fatalf("second name: %v", err)
				}
				if b, _ := os.ReadFile(filepath.Join(dir, "b-2.tuskbundle")); string(b) != "ours" {
					t.Errorf("second name holds %q", b)
				}
			}
			if b, _ := os.ReadFile(path); string(b) != want {
				t.Errorf("%s holds %q, want %q", path, b, want)
			}
			f.Abort() // after a commit: nothing to do
			if l := leftovers(t, dir); len(l) != 0 {
				t.Errorf("temporary files left: %v", l)
			}
		})
	}
}

func TestLinkNew(t *testing.T) {
	dir := t.TempDir()
	made := filepath.Join(dir, "made-by-sqlite")
	path := filepath.Join(dir, "tusk.db")
	if err := os.WriteFile(made, []byte("db"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := LinkNew(made, path); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "db" {
		t.Errorf("path holds %q", b)
	}
	if _, err := os.Stat(made); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the made file is still there: %v", err)
	}
	// Never over an existing file, and the made file stays for the caller.
	os.WriteFile(made, []byte("other"), 0o600)
	if err := LinkNew(made, path); !errors.Is(err, fs.ErrExist) {
		t.Errorf("LinkNew over a file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "db" {
		t.Errorf("path replaced: %q", b)
	}
	if _, err := os.Stat(made); err != nil {
		t.Errorf("the made file went: %v", err)
	}
}

// Rename leaves the folder sync to the caller, for a batch.
func TestRenameBatch(t *testing.T) {
	dir := t.TempDir()
	for i, want := range []string{"a", "b", "c"} {
		f, err := Create(dir)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, want)
		if err := f.Chmod(0o444); err != nil {
			t.Fatal(err)
		}
		if err := f.Rename(filepath.Join(dir, strconv.Itoa(i))); err != nil {
			t.Fatal(err)
		}
		f.Abort()
		if b, _ := os.ReadFile(filepath.Join(dir, strconv.Itoa(i))); string(b) != want {
			t.Errorf("file %d holds %q", i, b)
		}
	}
	if err := SyncDir(dir); err != nil {
		t.Error(err)
	}
	if err := SyncDir(filepath.Join(dir, "absent")); err == nil {
		t.Error("SyncDir of a missing folder succeeded")
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

func TestAbort(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "never")
	f.Abort()
	f.Abort()
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("temporary files left: %v", l)
	}
	if err := f.Commit(filepath.Join(dir, "x")); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "x")); err == nil {
		t.Error("Commit after Abort made a file")
	}
}

// The crash test: a child process replaces one file again and again with
// contents of different lengths, each naming its own length, and is
// killed (SIGKILL) at random moments. After every kill the file must be
// one whole version: never empty, never cut short, never a mix.
func TestCrashSafety(t *testing.T) {
	if os.Getenv("ATOMICFILE_CHILD") != "" {
		crashChild(os.Getenv("ATOMICFILE_CHILD"))
		return
	}
	if testing.Short() {
		t.Skip("kills a child process again and again")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "record.json")
	if err := WriteFile(path, version(0)); err != nil {
		t.Fatal(err)
	}
	kills := 25
	for round := 0; round < kills; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashSafety$", "-test.count=1")
		cmd.Env = append(os.Environ(), "ATOMICFILE_CHILD="+path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(30+rand.IntN(120)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if err := checkVersion(b); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
	}
}

// version n is a file of 1 000 to 300 000 bytes that says its own length.
func version(n int) []byte {
	size := 1000 + (n*7919)%299000
	head := fmt.Sprintf("%d\n", size)
	b := bytes.Repeat([]byte{byte('a' + n%26)}, size-len(head))
	return append([]byte(head), b...)
}

func checkVersion(b []byte) error {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return fmt.Errorf("a torn file of %d bytes", len(b))
	}
	size, err := strconv.Atoi(string(b[:i]))
	if err != nil || size != len(b) {
		return fmt.Errorf("a torn file: says %q, holds %d bytes", b[:i], len(b))
	}
	if len(b) > i+1 && bytes.Count(b[i+1:], b[i+1:i+2]) != len(b)-i-1 {
		return errors.New("a mix of two versions")
	}
	return nil
}

func crashChild(path string) {
	for n := 1; ; n++ {
		if err := WriteFile(path, version(n)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
