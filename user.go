package haoban

// Roles. A reviewer acts for one department; the others are not tied to one.
const (
	RoleApplicant  = "applicant"
	RoleReviewer   = "reviewer"
	RoleSupervisor = "supervisor"
	RoleAdmin      = "admin"
	// RoleCatalogueAdmin publishes the catalogue; RoleCatalogueEditor
	// edits their department's items in a draft.
	RoleCatalogueAdmin  = "catalogue_admin"
	RoleCatalogueEditor = "catalogue_editor"
	// RoleClerk (窗口受理人员) sits at a service centre's counter and enters
	// applications for the people in front of it (issue 19).
	RoleClerk = "clerk"
)

// AnyDepartment is the department of roles that are not tied to one.
const AnyDepartment = "*"

// User is a person who signs in: an applicant, a reviewer of a department,
// a supervisor or an admin.
type User struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Roles      []string `json:"roles"`
	Department string   `json:"department"`
	IDNumber   string   `json:"id_number,omitempty"`
	// Window is the counter a clerk sits at (综合受理窗口 3 号).
	Window string `json:"window,omitempty"`
	// Disabled users cannot sign in, and their tokens no longer work.
	Disabled bool `json:"disabled,omitempty"`
}

// HasRole reports whether the user holds role.
func (u User) HasRole(role string) bool {
	for _, r := range u.Roles {
		if r == role {
			return true
		}
	}
	return false
}
