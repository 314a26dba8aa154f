package deploy

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type compose struct {
	Services map[string]service `yaml:"services"`
}

type service struct {
	Image       string         `yaml:"image"`
	Build       any            `yaml:"build"`
	Command     []string       `yaml:"command"`
	Environment map[string]any `yaml:"environment"`
	DependsOn   map[string]any `yaml:"depends_on"`
}

func load(t *testing.T) compose {
	t.Helper()
	raw, err := os.ReadFile("../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c compose
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatalf("docker-compose.yml does not parse: %v", err)
	}
	return c
}

func TestCompose(t *testing.T) {
	c := load(t)
	t.Run("ServicesPresent", func(t *testing.T) {
		for _, name := range []string{"postgres", "temporal", "temporal-ui", "migrate", "api", "worker"} {
			if _, ok := c.Services[name]; !ok {
				t.Errorf("service %s is missing", name)
			}
		}
	})
	t.Run("ImagesPinned", func(t *testing.T) {
		for name, s := range c.Services {
			if s.Build != nil {
				continue
			}
			if _, tag, ok := strings.Cut(s.Image, ":"); !ok || tag == "" || tag == "latest" {
				t.Errorf("service %s: image %q is not pinned to a version", name, s.Image)
			}
		}
	})
	t.Run("HaobanCommandsAndEnvironment", func(t *testing.T) {
		for _, name := range []string{"migrate", "api", "worker"} {
			s := c.Services[name]
			if !slices.Equal(s.Command, []string{name}) {
				t.Errorf("service %s runs %v, want [%s]", name, s.Command, name)
			}
			want := []string{"DATABASE_URL"}
			if name != "migrate" {
				want = append(want, "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE")
			}
			for _, v := range want {
				if s.Environment[v] == nil {
					t.Errorf("service %s lacks %s", name, v)
				}
			}
		}
		if c.Services["api"].Environment["HAOBAN_JWT_SECRET"] == nil {
			t.Error("api lacks HAOBAN_JWT_SECRET")
		}
	})
	t.Run("DependenciesExist", func(t *testing.T) {
		for name, s := range c.Services {
			for dep := range s.DependsOn {
				if _, ok := c.Services[dep]; !ok {
					t.Errorf("service %s depends on unknown service %s", name, dep)
				}
			}
		}
	})
}

// TestREADMENamesComposeServices: the README's compose section lists the
// services ("…的服务：`postgres`、…"); each listed one exists, each existing
// one is listed.
func TestREADMENamesComposeServices(t *testing.T) {
	c := load(t)
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := composeSection(string(raw))
	if section == "" {
		t.Fatal("README.md has no section about `docker compose up` (a heading containing \"compose\")")
	}
	_, list, ok := strings.Cut(section, "的服务：")
	if !ok {
		t.Fatal("README's compose section does not list the services after 「的服务：」")
	}
	list, _, _ = strings.Cut(list, "\n\n")
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile("`([a-z][a-z-]*)`").FindAllStringSubmatch(list, -1) {
		seen[m[1]] = true
		if _, ok := c.Services[m[1]]; !ok {
			t.Errorf("README names service %s, which docker-compose.yml lacks", m[1])
		}
	}
	for name := range c.Services {
		if !seen[name] {
			t.Errorf("README's compose section does not name service %s", name)
		}
	}
}

// composeSection returns the README section whose heading mentions compose.
func composeSection(readme string) string {
	var out []string
	in := false
	for _, line := range strings.Split(readme, "\n") {
		if strings.HasPrefix(line, "## ") {
			in = strings.Contains(strings.ToLower(line), "compose")
		}
		if in {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

func TestDockerfile(t *testing.T) {
	raw, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	for _, line := range strings.Split(text, "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "FROM" {
			if _, tag, ok := strings.Cut(f[1], ":"); !ok || tag == "latest" {
				t.Errorf("base image %s is not pinned", f[1])
			}
		}
	}
	if !strings.Contains(text, "./cmd/haoban") {
		t.Error("the Dockerfile does not build ./cmd/haoban")
	}
}
