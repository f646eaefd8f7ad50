//go:build !linux

package cli

import (
	"bufio"
	"os"
)

// Elsewhere the PIN is read as a line; a terminal echoes it.
func isTerminal(*os.File) bool { return false }

func readNoEcho(f *os.File) (string, error) { return bufio.NewReader(f).ReadString('\n') }
