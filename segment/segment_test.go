package segment

import (
	"slices"
	"testing"
)

func TestWordsCutsChineseAndDropsPunctuation(t *testing.T) {
	got := Words("开饭店需要什么材料？公司章程要原件吗")
	for _, want := range []string{"饭店", "材料", "公司章程", "原件"} {
		if !slices.Contains(got, want) {
			t.Errorf("Words = %q, want it to hold %q", got, want)
		}
	}
	for _, w := range got {
		if w == "？" {
			t.Errorf("Words kept punctuation: %q", got)
		}
	}
}

func TestAddWordKeepsAWordWhole(t *testing.T) {
	AddWord("一件事")
	if got := Words("一件事办理"); !slices.Contains(got, "一件事") {
		t.Errorf("Words = %q, want 一件事 whole", got)
	}
}

func TestRunesWithoutDictionary(t *testing.T) {
	got := runes("开ABC店，1号")
	want := []string{"开", "ABC", "店", "1", "号"}
	if !slices.Equal(got, want) {
		t.Errorf("runes = %q, want %q", got, want)
	}
}
