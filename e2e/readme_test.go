package e2e_test

import (
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestREADMEWalkthrough runs the README's curl walk-through as it stands,
// pasted into bash against a running system, so that the docs cannot drift
// from the system: the case must complete, approved, with its licences.
func TestREADMEWalkthrough(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## 用 curl 走一遍开办餐饮店.*?```sh\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("the README has no curl walk-through")
	}
	for _, tool := range []string{"bash", "curl", "sed", "grep"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed to run the walk-through: install it (apt-get install %s)", tool, tool)
		}
	}
	s := startSystem(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// -e: a step that fails stops the walk-through, as a reader would stop.
	cmd := exec.CommandContext(ctx, "bash", "-e", "-o", "pipefail", "-c", string(m[1]))
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "B="+s.base)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the walk-through failed: %v\n%s", err, out)
	}
	last := strings.TrimSpace(string(out))
	last = last[strings.LastIndex(last, "\n")+1:]
	if !strings.Contains(last, `"status":"completed"`) || !strings.Contains(last, `"outcome":"approved"`) ||
		strings.Count(last, `"licence_issued"`) != 5 {
		t.Fatalf("the walk-through ended with: %.2000s", last)
	}
}
