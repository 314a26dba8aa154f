package demo

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"path"

	"haoban"
)

// bundleFiles are the bundles of the national first batch of key 一件事
// beyond the three written in Go: one file per bundle, in the format
// `haoban catalogue export` writes, so that an operator reviews and edits
// them as data and `haoban catalogue import` loads them unchanged.
//
//go:embed bundles/*.json
var bundleFiles embed.FS

// National returns the bundles of bundles/*.json, in file-name order. The
// files are part of the binary, so one that does not decode is a defect
// of the build, not of the input: it panics, and the demo tests catch it.
func National() []haoban.Bundle {
	entries, err := bundleFiles.ReadDir("bundles")
	if err != nil {
		panic(fmt.Sprintf("demo bundles: %v", err))
	}
	out := make([]haoban.Bundle, 0, len(entries))
	for _, e := range entries {
		b, err := decodeBundle(path.Join("bundles", e.Name()))
		if err != nil {
			panic(fmt.Sprintf("demo bundle %s: %v", e.Name(), err))
		}
		out = append(out, b)
	}
	return out
}

// decodeBundle reads one file as `haoban catalogue import` does: a key the
// Bundle type does not know is an error, not a silent loss.
func decodeBundle(name string) (haoban.Bundle, error) {
	raw, err := bundleFiles.ReadFile(name)
	if err != nil {
		return haoban.Bundle{}, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var b haoban.Bundle
	err = dec.Decode(&b)
	return b, err
}
