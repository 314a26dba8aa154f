package ocr

import (
	"strings"

	"haoban"
)

// codeLen is the length of both an ID number and a credit code.
const codeLen = 18

// findCode returns the code that follows label, or, when OCR garbled the
// label itself, the first 18-character run on any line that passes the
// check after fixes; "" when none does. Both documents print only one such
// code, so the fallback cannot pick a different number.
func findCode(lines []string, label string, fix func(string) string) string {
	for _, line := range lines {
		if _, v, ok := strings.Cut(line, label); ok {
			if runs := codeRuns(v); len(runs) > 0 {
				if code := fix(runs[0]); code != "" {
					return code
				}
			}
		}
	}
	for _, line := range lines {
		for _, run := range codeRuns(line) {
			if code := fix(run); code != "" {
				return code
			}
		}
	}
	return ""
}

// codeRuns splits s into runs of the characters a code may be read as:
// letters, digits, and the marks OCR mistakes for 1 and X.
func codeRuns(s string) []string {
	var runs []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			runs = append(runs, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == '×': // chi_sim reads the check character X as a times sign
			b.WriteByte('x')
		case r < 0x80 && (r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '|'):
			b.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return runs
}

// digitFor maps what OCR reads in place of a digit back to the digit. It is
// applied only where the code's structure requires a digit, because there
// a letter cannot be right.
var digitFor = map[byte]byte{
	'O': '0', 'o': '0', 'D': '0', 'Q': '0',
	'I': '1', 'i': '1', 'l': '1', 'L': '1', '|': '1',
	'Z': '2', 'z': '2',
	'S': '5', 's': '5',
	'G': '6', 'b': '6',
	'T': '7',
	'B': '8',
	'g': '9', 'q': '9',
}

// usccFor maps letters that a credit code never contains (GB 32100 leaves
// out I, O, S, V, Z) to the digits they are misread from.
var usccFor = map[byte]byte{'O': '0', 'I': '1', '|': '1', 'Z': '2', 'S': '5'}

// fixIDNumber returns s, or s with the digit positions and check character
// repaired, if it is a valid GB 11643 ID number; otherwise "".
func fixIDNumber(s string) string {
	if len(s) != codeLen {
		return ""
	}
	if haoban.ValidIDNumber(s) {
		return s
	}
	b := []byte(s)
	for i := range b {
		if i == codeLen-1 && (b[i] == 'x' || b[i] == 'X') {
			b[i] = 'X'
		} else if d, ok := digitFor[b[i]]; ok {
			b[i] = d
		}
	}
	if haoban.ValidIDNumber(string(b)) {
		return string(b)
	}
	return ""
}

// fixUSCC returns s, or s repaired, if it is a valid GB 32100 unified
// social credit code; otherwise "". Characters 2–8 (category and division
// code) must be digits; elsewhere only letters outside the code's alphabet
// are replaced, since a B or a G there may be right.
func fixUSCC(s string) string {
	if len(s) != codeLen {
		return ""
	}
	if haoban.ValidUSCC(s) {
		return s
	}
	b := []byte(strings.ToUpper(s))
	for i := range b {
		fixes := usccFor
		if i >= 1 && i <= 7 {
			fixes = digitFor
		}
		if d, ok := fixes[b[i]]; ok {
			b[i] = d
		}
	}
	if haoban.ValidUSCC(string(b)) {
		return string(b)
	}
	return ""
}
