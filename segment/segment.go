// Package segment cuts Chinese text into words with gse's dictionary, for
// the knowledge base's index and queries and for 小申's intent features.
// The dictionary takes about two seconds to load: it loads once per
// process, on first use or when Warm is called at start.
package segment

import (
	"strings"
	"sync"
	"unicode"

	"github.com/go-ego/gse"
)

var (
	once sync.Once
	seg  gse.Segmenter
	err  error
)

// load reads gse's embedded simplified-Chinese dictionary.
func load() {
	once.Do(func() { err = seg.LoadDictEmbed("zh_s") })
}

// Warm loads the dictionary now, so that the first query does not wait.
func Warm() error {
	load()
	return err
}

// Words cuts text into lower-case words in search mode (a long word also
// yields the words inside it: 营业执照 gives 营业, 执照, 营业执照),
// dropping spaces and punctuation. A dictionary that fails to load leaves
// the text cut into single characters and latin runs, so search degrades
// instead of failing.
func Words(text string) []string {
	load()
	var cut []string
	if err == nil {
		cut = seg.CutSearch(text, true)
	} else {
		cut = runes(text)
	}
	words := make([]string, 0, len(cut))
	for _, w := range cut {
		w = strings.ToLower(strings.TrimSpace(w))
		if w == "" || !strings.ContainsFunc(w, isWordRune) {
			continue
		}
		words = append(words, w)
	}
	return words
}

// AddWord teaches the segmenter a word (a synonym, an item's short name),
// so that it is kept whole.
func AddWord(word string) {
	load()
	if err == nil && word != "" {
		_ = seg.AddToken(word, 1000) // a known word: frequent enough to win
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// runes cuts text into single Han characters and runs of other letters.
func runes(text string) []string {
	var out []string
	var run []rune
	flush := func() {
		if len(run) > 0 {
			out = append(out, string(run))
			run = run[:0]
		}
	}
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			flush()
			out = append(out, string(r))
		case isWordRune(r):
			run = append(run, r)
		default:
			flush()
		}
	}
	flush()
	return out
}
