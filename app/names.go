package app

import (
	"cmp"
	"context"
	"slices"

	"haoban"
)

// NameStore names departments and users.
type NameStore interface {
	DepartmentNames(ctx context.Context) (map[string]string, error)
	ListUsers(ctx context.Context) ([]haoban.User, error)
}

// Names turn the codes of departments and the IDs of users into what
// people read: pages show names, never codes.
type Names struct {
	departments map[string]string
	users       map[string]string
}

// systemActor is the actor of what the workflow does by itself.
const systemActor = "system"

// ReadNames reads every department's and user's name.
func ReadNames(ctx context.Context, st NameStore) (Names, error) {
	depts, err := st.DepartmentNames(ctx)
	if err != nil {
		return Names{}, err
	}
	users, err := st.ListUsers(ctx)
	if err != nil {
		return Names{}, err
	}
	n := Names{departments: depts, users: map[string]string{systemActor: "系统自动"}}
	for _, u := range users {
		n.users[u.ID] = u.Name
	}
	return n, nil
}

// Department is a department's name; an unknown code reads as "—".
func (n Names) Department(code string) string {
	if name, ok := n.departments[code]; ok {
		return name
	}
	return "—"
}

// User is a user's name, 系统自动 for the workflow itself, "—" for nobody.
func (n Names) User(id string) string {
	if name, ok := n.users[id]; ok {
		return name
	}
	return "—"
}

// DepartmentList is every department, code and name, by name.
func (n Names) DepartmentList() []Person {
	out := []Person{}
	for code, name := range n.departments {
		out = append(out, Person{ID: code, Name: name})
	}
	slices.SortFunc(out, func(a, b Person) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// Departments are every department, for a filter to pick from.
func (s *Supervision) Departments(ctx context.Context) ([]Person, error) {
	names, err := ReadNames(ctx, s.Tasks.Store)
	return names.DepartmentList(), err
}
