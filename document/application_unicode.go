package document

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
)

// gopdf's ToUnicode map writes a character beyond U+FFFF (𠮷 U+20BB7, a
// character of some people's names) as five or six hex digits, which
// readers cut to four: the glyph prints right, but the text a reader
// extracts, searches or copies is another character. astralEntry is such an
// entry of a bfrange; readers take UTF-16 there, a surrogate pair.
var astralEntry = regexp.MustCompile(`(<[0-9A-F]{4}><[0-9A-F]{4}>)<([0-9A-F]{5,6})>\n`)

// edit replaces n bytes at pos of the original with b.
type edit struct {
	pos, n int
	b      []byte
}

// fixAstral rewrites such entries as surrogate pairs and, since the map
// grows, its stream's /Length, the cross-reference offsets and startxref,
// so that the file stays one a strict reader opens without repair.
func fixAstral(pdf []byte) ([]byte, error) {
	found := astralEntry.FindAllSubmatchIndex(pdf, -1)
	if len(found) == 0 {
		return pdf, nil
	}
	var edits []edit
	grown := map[int]int{} // the /Length value's position → bytes added to its stream
	for _, m := range found {
		cp, err := strconv.ParseUint(string(pdf[m[4]:m[5]]), 16, 32)
		if err != nil || cp > 0x10FFFF {
			return nil, fmt.Errorf("document: bad ToUnicode entry %q", pdf[m[0]:m[1]])
		}
		cp -= 0x10000
		pair := fmt.Appendf(nil, "%s<%04X%04X>\n", pdf[m[2]:m[3]], 0xD800+(cp>>10), 0xDC00+(cp&0x3FF))
		edits = append(edits, edit{pos: m[0], n: m[1] - m[0], b: pair})
		at, err := lengthBefore(pdf, m[0])
		if err != nil {
			return nil, err
		}
		grown[at] += len(pair) - (m[1] - m[0])
	}
	for at, more := range grown {
		end := at + bytes.IndexByte(pdf[at:], '\n')
		n, err := strconv.Atoi(string(pdf[at:end]))
		if err != nil {
			return nil, fmt.Errorf("document: bad /Length before the ToUnicode map: %w", err)
		}
		edits = append(edits, edit{pos: at, n: end - at, b: strconv.AppendInt(nil, int64(n+more), 10)})
	}
	return relink(pdf, edits)
}

// lengthBefore is the position of the /Length value of the stream holding
// pos.
func lengthBefore(pdf []byte, pos int) (int, error) {
	start := bytes.LastIndex(pdf[:pos], []byte("stream\n"))
	at := bytes.LastIndex(pdf[:max(start, 0)], []byte("/Length "))
	if start < 0 || at < 0 {
		return 0, fmt.Errorf("document: no stream around the ToUnicode map")
	}
	return at + len("/Length "), nil
}

// relink applies the edits and moves every offset the file records by
// what was inserted before it: the xref table's entries, fixed width, and
// startxref.
func relink(pdf []byte, edits []edit) ([]byte, error) {
	xref := bytes.LastIndex(pdf, []byte("\nxref\n")) + 1
	start := bytes.LastIndex(pdf, []byte("\nstartxref\n")) + len("\nstartxref\n")
	if xref <= 0 || start < len("\nstartxref\n") {
		return nil, fmt.Errorf("document: no cross-reference table to relink")
	}
	moved := func(off int) int {
		for _, e := range edits {
			if e.pos < off {
				off += len(e.b) - e.n
			}
		}
		return off
	}
	// The table: "xref\n0 N\n" then N entries "oooooooooo ggggg n \n".
	head := bytes.IndexByte(pdf[xref+len("xref\n"):], '\n') + xref + len("xref\n") + 1
	var count int
	if _, err := fmt.Sscanf(string(pdf[xref+len("xref\n"):head]), "0 %d", &count); err != nil {
		return nil, fmt.Errorf("document: read xref: %w", err)
	}
	for i := range count {
		entry := head + 20*i
		if pdf[entry+17] != 'n' {
			continue
		}
		off, err := strconv.Atoi(string(pdf[entry : entry+10]))
		if err != nil {
			return nil, fmt.Errorf("document: read xref entry %d: %w", i, err)
		}
		edits = append(edits, edit{pos: entry, n: 10, b: fmt.Appendf(nil, "%010d", moved(off))})
	}
	end := start + bytes.IndexByte(pdf[start:], '\n')
	edits = append(edits, edit{pos: start, n: end - start, b: strconv.AppendInt(nil, int64(moved(xref)), 10)})
	return apply(pdf, edits), nil
}

// apply makes the edits, which do not overlap, in the order of position.
func apply(pdf []byte, edits []edit) []byte {
	out := make([]byte, 0, len(pdf)+64)
	last := 0
	for len(edits) > 0 {
		i := 0
		for j, e := range edits {
			if e.pos < edits[i].pos {
				i = j
			}
		}
		e := edits[i]
		edits = append(edits[:i], edits[i+1:]...)
		out = append(append(out, pdf[last:e.pos]...), e.b...)
		last = e.pos + e.n
	}
	return append(out, pdf[last:]...)
}
