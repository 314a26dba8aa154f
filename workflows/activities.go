package workflows

import "time"

// ActivityProject names the activity that writes the projection; the
// activities package registers a method of that name. Naming it keeps
// workflow code free of the store's imports.
const ActivityProject = "Project"

// ProjectInput is one state change of a case, written to PostgreSQL in one
// transaction: the case row, the changed tasks and the new timeline events.
// It is idempotent: events are keyed, task rows carry versions.
type ProjectInput struct {
	CaseID string
	At     time.Time
	Case   *CaseChange
	// FormPatch merges answered values into the case's form.
	FormPatch map[string]any
	Tasks     []TaskState
	Events    []EventInput
}

// CaseChange sets the case's status and outcome.
type CaseChange struct {
	Status  string
	Outcome string
}

// EventInput is one timeline event. Key is unique within the case, so a
// retried activity writes it once.
type EventInput struct {
	Key    string
	Type   string
	Actor  string
	Detail map[string]any
	Meta   RequestMeta
}
