// Package prereview runs an application's review points (审查要点) against
// everything the system knows of it: the form, the materials uploaded or
// exempted by an e-licence, the applicant's registry data and licences.
// The API answers a draft's pre-review with it before submission, and the
// Case workflow's activity runs it again at submission.
package prereview

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"haoban"
	"haoban/prefill"
	"haoban/rules"
)

// Reviewer holds the store and the rule engine, whose compiled programs
// are kept across reviews.
type Reviewer struct {
	Store  Store
	Engine *rules.Engine
}

// New returns a reviewer whose working_days_between counts with the
// calendar in force in the store.
func New(store Store) (*Reviewer, error) {
	engine, err := rules.New(rules.Options{WorkingDays: func(from, to time.Time) (int, error) {
		cal, err := store.Calendar(context.Background())
		if err != nil {
			return 0, err
		}
		return cal.WorkingDaysBetween(from, to)
	}})
	if err != nil {
		return nil, err
	}
	return &Reviewer{Store: store, Engine: engine}, nil
}

// Application is what is reviewed: a bundle's form and materials by one
// applicant, for some of its items (all when Items is empty).
type Application struct {
	Bundle    haoban.Bundle
	Items     []string
	Form      map[string]any
	Materials []haoban.CaseMaterial
	Applicant haoban.User
	Today     time.Time
}

// Report is the pre-review's answer with the data it was made from.
type Report struct {
	rules.Report
	// Exempted are the materials a valid e-licence stands for (免于提交).
	Exempted []string `json:"exempted"`
	// Missing are the fields and materials the submission still lacks,
	// decided by Incomplete as submitting decides them.
	Missing []haoban.ErrorDetail `json:"missing"`
	// Concerns names, per review point, the form fields and materials its
	// expression reads, so that a page shows its result beside them.
	Concerns map[string][]string `json:"concerns"`
	// ReviewedAt is when the report was made.
	ReviewedAt time.Time `json:"reviewed_at"`
}

// Review evaluates every rule of the application's items in force today.
func (r *Reviewer) Review(ctx context.Context, app Application) (Report, error) {
	in, exempted, err := r.input(ctx, app)
	if err != nil {
		return Report{}, err
	}
	list, err := r.Store.ListRules(ctx, app.items())
	if err != nil {
		return Report{}, err
	}
	rep := Report{Report: r.Engine.Evaluate(list, in), Exempted: exempted, ReviewedAt: app.Today,
		Missing:  haoban.ErrorDetails(Incomplete(app.Bundle, app.Form, app.Materials, exempted)),
		Concerns: concerns(app.Bundle, list)}
	rep.Concerns[NameRule] = []string{"form.enterprise.name"}
	if rep.Missing == nil {
		rep.Missing = []haoban.ErrorDetail{}
	}
	names, err := r.nameChecks(ctx, app)
	if err != nil {
		return Report{}, err
	}
	for _, res := range names {
		if res.Outcome == rules.OutcomeFailed {
			rep.Blocking++
		}
		rep.Results = append(rep.Results, res)
	}
	rep.Passed = rep.Blocking == 0
	return rep, nil
}

// concerns finds the fields ("form.<key>") and materials ("materials.<code>")
// each rule's expression names.
func concerns(b haoban.Bundle, list []rules.Rule) map[string][]string {
	out := map[string][]string{}
	for _, r := range list {
		for _, f := range b.Fields() {
			if strings.Contains(r.Expression, `"`+f.Key+`"`) {
				out[r.Code] = append(out[r.Code], "form."+f.Key)
			}
		}
		for _, m := range b.Materials() {
			if strings.Contains(r.Expression, `"`+m.Code+`"`) || strings.Contains(r.Expression, `"`+m.Code+`.`) {
				out[r.Code] = append(out[r.Code], "materials."+m.Code)
			}
		}
	}
	return out
}

// Incomplete is the one judgement of what a submission lacks: every
// required field and every required material neither uploaded nor
// exempted. The pre-review shows it and submitting refuses with it.
func Incomplete(b haoban.Bundle, form map[string]any, materials []haoban.CaseMaterial, exempted []string) error {
	codes := slices.Clone(exempted)
	for _, m := range materials {
		codes = append(codes, m.Code)
	}
	return b.ValidateSubmission(form, codes)
}

func (app Application) items() []string {
	if len(app.Items) > 0 {
		return app.Items
	}
	codes := make([]string, len(app.Bundle.Items))
	for i, it := range app.Bundle.Items {
		codes[i] = it.Code
	}
	return codes
}

// input gathers the rule input: one read of the registries and licences.
func (r *Reviewer) input(ctx context.Context, app Application) (rules.Input, []string, error) {
	sources, err := prefill.Values(ctx, app.Applicant, prefill.Registry(r.Store, app.Today))
	if err != nil {
		return rules.Input{}, nil, err
	}
	held, err := r.Licences(ctx, app.Applicant)
	if err != nil {
		return rules.Input{}, nil, err
	}
	in := rules.Input{Form: app.Form, Today: app.Today, Sources: map[string]any{},
		Applicant: map[string]any{"id": app.Applicant.ID, "name": app.Applicant.Name, "id_number": app.Applicant.IDNumber},
		Materials: map[string]rules.Material{}}
	for k, v := range sources {
		in.Sources[k] = v.Value
	}
	if uscc, ok := sources["enterprise.uscc"]; ok {
		in.Applicant["uscc"] = uscc.Value
	}
	for _, l := range held {
		in.Licences = append(in.Licences, asRuleLicence(l))
	}
	uploaded, read := map[string]bool{}, map[string]map[string]string{}
	for _, m := range app.Materials {
		uploaded[m.Code] = true
		for k, v := range m.Fields {
			if read[m.Code] == nil {
				read[m.Code] = map[string]string{}
			}
			read[m.Code][k] = v
		}
	}
	registered := map[string]bool{}
	if needsRegistry(app.Bundle) {
		if registered, err = Registered(ctx, app.Applicant, prefill.Registry(r.Store, app.Today)); err != nil {
			return rules.Input{}, nil, err
		}
	}
	exempted := Exempted(app.Bundle, held, registered, app.Today)
	for _, m := range app.Bundle.Materials() {
		in.Materials[m.Code] = rules.Material{Code: m.Code, Present: uploaded[m.Code], Exempted: slices.Contains(exempted, m.Code),
			Fields: read[m.Code]}
	}
	return in, exempted, nil
}

// Licences are the licences the applicant holds in person or through an
// enterprise they represent.
func (r *Reviewer) Licences(ctx context.Context, u haoban.User) ([]haoban.Licence, error) {
	if u.IDNumber == "" {
		return nil, nil
	}
	holders := []string{u.IDNumber}
	list, err := r.Store.EnterprisesOf(ctx, u.IDNumber)
	if err != nil {
		return nil, fmt.Errorf("find enterprises: %w", err)
	}
	for _, e := range list {
		holders = append(holders, e.USCC)
	}
	return r.Store.LicencesOf(ctx, holders)
}

// Exempted lists the bundle's materials the applicant need not upload (免于
// 提交): those a licence valid on day stands for, and those whose registry
// holds a record about them (registered, see Registered).
func Exempted(b haoban.Bundle, held []haoban.Licence, registered map[string]bool, day time.Time) []string {
	var out []string
	for _, m := range b.Materials() {
		if m.Registry != "" && registered[m.Registry] {
			out = append(out, m.Code)
			continue
		}
		if m.Licence == "" {
			continue
		}
		for _, l := range held {
			if l.Type == m.Licence && l.ValidOn(day) {
				out = append(out, m.Code)
				break
			}
		}
	}
	return out
}

func asRuleLicence(l haoban.Licence) rules.Licence {
	out := rules.Licence{Type: l.Type, Number: l.Number, Holder: l.Holder, HolderName: l.HolderName, Status: string(l.Status),
		ValidFrom: l.ValidFrom, Fields: map[string]string{}}
	if l.ValidTo != nil {
		out.ValidTo = *l.ValidTo
	}
	for k, v := range l.Fields {
		out.Fields[k] = fmt.Sprint(v)
	}
	return out
}
