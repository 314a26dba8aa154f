package notices

import (
	"strings"
	"time"
	"unicode"

	"haoban"
)

// What staff are told besides their deadlines: a task opened in their
// department's pool, and a colleague's comment that mentions them.

// OpenedTasks are the tasks the events of one projection opened and left
// open: a task approved at once (秒批) never reaches the pool.
func OpenedTasks(events []haoban.NewEvent, tasks []haoban.TaskRow) []haoban.TaskRow {
	var out []haoban.TaskRow
	for _, e := range events {
		if e.Type != haoban.EventTaskOpened {
			continue
		}
		id, _ := e.Detail["task"].(string)
		for _, t := range tasks {
			if t.ID == id && t.Status == haoban.TaskOpen {
				out = append(out, t)
			}
		}
	}
	return out
}

// Mentions are the people a comment names, each once, in the order named:
// "@" then a display name, the name before its note in brackets (@周敏 for
// 周敏（督办）) or a user ID. Where names overlap (@王伟 and
// @王伟民) the longest one named wins; an ID ends where ID characters do.
func Mentions(body string, people []haoban.User) []haoban.User {
	var out []haoban.User
	seen := map[string]bool{}
	for i := strings.IndexByte(body, '@'); i >= 0; {
		rest := body[i+1:]
		best, size := -1, 0
		for j, u := range people {
			short, _, _ := strings.Cut(u.Name, "（")
			for _, name := range []string{u.Name, short, u.ID} {
				if name != "" && len(name) > size && strings.HasPrefix(rest, name) && (name != u.ID || endsID(rest[len(name):])) {
					best, size = j, len(name)
				}
			}
		}
		if best >= 0 && !seen[people[best].ID] {
			seen[people[best].ID] = true
			out = append(out, people[best])
		}
		next := strings.IndexByte(rest, '@')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return out
}

// endsID says whether an ID ends before s: s does not go on with a letter,
// digit, '-', '_' or '.' followed by more of them.
func endsID(s string) bool {
	s = strings.TrimRight(s[:min(len(s), 1)], ".")
	if s == "" {
		return true
	}
	r := rune(s[0])
	return !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_'))
}

// StaffData is what a staff notice about a task says.
func StaffData(c haoban.Case, item, department string, at time.Time, link string) Data {
	return Data{CaseID: c.ID, Bundle: c.BundleName, Item: item, Department: department,
		Submitted: Date(c.SubmittedAt), Date: Date(at), Link: link}
}
