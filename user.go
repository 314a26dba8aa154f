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
