package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// execDev hands `haoban dev` to the haoban-dev binary, so the command
// people know keeps working while this binary links no Temporal server.
// It looks beside this executable first, then on PATH.
func execDev(args []string) {
	path := ""
	if self, err := os.Executable(); err == nil {
		if p := filepath.Join(filepath.Dir(self), "haoban-dev"); isFile(p) {
			path = p
		}
	}
	if path == "" {
		path, _ = exec.LookPath("haoban-dev")
	}
	if path == "" {
		fmt.Fprintln(os.Stderr, "haoban: dev runs in its own binary, haoban-dev, which is not beside this one nor on PATH: run `make dev`, or `go run ./cmd/haoban-dev`")
		os.Exit(2)
	}
	err := syscall.Exec(path, append([]string{path}, args...), os.Environ())
	fmt.Fprintf(os.Stderr, "haoban: start %s: %v\n", path, err)
	os.Exit(1)
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
