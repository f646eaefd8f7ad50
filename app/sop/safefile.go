package sop

import (
	"io/fs"
	"path"
	"strings"

	"tusk/i18n"
)

// A pack folder holds plain files. A symbolic link that leaves it would
// let a pack read any file on the PC (and `tusk pack check` print it as
// problems), and opening a pipe or a device blocks or reads without end,
// so both are refused before any file is opened. Links inside the pack
// are followed.

// unsafeFile is a pack file refused before it was opened; msg is
// translated and shown as the file's problem.
type unsafeFile struct{ msg string }

func (e *unsafeFile) Error() string { return e.msg }

func unsafe(msg string) error { return &unsafeFile{msg} }

// maxLinkHops bounds a chain of links (and a loop of them).
const maxLinkHops = 40

// plainFile checks that name, with every link on its way resolved inside
// the pack, is a regular file. File systems that cannot tell links (the
// built-in pack) have nothing to check.
func plainFile(fsys fs.FS, name string) error {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return nil
	}
	rest := strings.Split(name, "/")
	cur := "."
	for hops := 0; len(rest) > 0; {
		next := path.Join(cur, rest[0])
		info, err := rl.Lstat(next)
		if err != nil {
			return nil // missing or unreadable: Open says so
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			cur, rest = next, rest[1:]
			continue
		}
		if hops++; hops > maxLinkHops {
			return unsafe(i18n.T("packsafe.link_loop"))
		}
		target, err := rl.ReadLink(next)
		if err != nil {
			return err
		}
		joined := path.Join(cur, target)
		if path.IsAbs(target) || !fs.ValidPath(joined) {
			return unsafe(i18n.T("packsafe.link_out", "Target", target))
		}
		// Resolve the link's target from the pack's root again.
		cur, rest = ".", append(strings.Split(joined, "/"), rest[1:]...)
	}
	info, err := rl.Lstat(cur)
	if err != nil {
		return nil
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		return unsafe(i18n.T("packsafe.not_regular", "Kind", fileKind(info.Mode())))
	}
	return nil
}

// fileKind names what a non-regular file is, for the message.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return i18n.T("packsafe.kind_pipe")
	case m&fs.ModeSocket != 0:
		return i18n.T("packsafe.kind_socket")
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		return i18n.T("packsafe.kind_device")
	}
	return i18n.T("packsafe.kind_other")
}
