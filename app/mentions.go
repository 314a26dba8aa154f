package app

import (
	"context"
	"strings"

	"haoban"
	"haoban/notices"
)

// mentioned are the IDs of the people a comment on the task names who
// may read the task: staff of its department and the supervisors, never
// the applicant, a disabled account or the author.
func (s *Tasks) mentioned(ctx context.Context, r Request, task haoban.Task, body string) ([]string, error) {
	if !strings.Contains(body, "@") {
		return nil, nil
	}
	users, err := s.Store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, u := range notices.Mentions(body, users) {
		if u.ID != r.User.ID && !u.Disabled && can(s.Authz, u, task.Department, "task", "read") {
			out = append(out, u.ID)
		}
	}
	return out, nil
}
