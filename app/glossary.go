package app

import (
	"context"
	"log/slog"
	"sync"

	"haoban"
)

// GlossaryStore is where the names of codes are kept: the catalogue, the
// departments and the users.
type GlossaryStore interface {
	ListBundles(ctx context.Context) ([]haoban.Bundle, error)
	ListUsers(ctx context.Context) ([]haoban.User, error)
	FindDepartment(ctx context.Context, code string) (haoban.Department, error)
}

// Glossaries hand each page its glossary.
type Glossaries struct {
	Store GlossaryStore
}

// For returns a glossary for one page; it reads what it needs on first use.
func (g *Glossaries) For(ctx context.Context) *Glossary {
	return &Glossary{ctx: ctx, store: g.Store, depts: map[string]string{}}
}

// Glossary turns the codes of the catalogue, departments and users into
// the names people read: pages show names, never codes. A code it cannot
// name reads as "—".
type Glossary struct {
	ctx   context.Context
	store GlossaryStore

	catalogueOnce sync.Once
	bundles       map[string]string
	items         map[string]string
	fields        map[string]string
	materials     map[string]string
	licences      map[string]string

	usersOnce sync.Once
	users     map[string]string

	mu    sync.Mutex
	depts map[string]string
}

const unnamed = "—"

func (g *Glossary) catalogue() {
	g.catalogueOnce.Do(func() {
		g.bundles, g.items, g.fields, g.materials, g.licences = map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}
		bundles, err := g.store.ListBundles(g.ctx)
		if err != nil {
			slog.ErrorContext(g.ctx, "glossary: read the catalogue", "error", err)
		}
		for _, b := range bundles {
			g.bundles[b.Code] = b.Name
			for _, it := range b.Items {
				g.items[it.Code] = it.Name
				if it.Licence != "" && it.LicenceName != "" {
					g.licences[it.Licence] = it.LicenceName
				}
				for _, f := range it.Fields {
					g.fields[f.Key] = f.Label
				}
				for _, m := range it.Materials {
					g.materials[m.Code] = m.Name
				}
			}
		}
	})
}

func named(names map[string]string, code string) string {
	if n, ok := names[code]; ok && n != "" {
		return n
	}
	return unnamed
}

// Bundle is a bundle's (一件事) name.
func (g *Glossary) Bundle(code string) string { g.catalogue(); return named(g.bundles, code) }

// Item is an item's (事项) name.
func (g *Glossary) Item(code string) string { g.catalogue(); return named(g.items, code) }

// Field is a form field's label.
func (g *Glossary) Field(key string) string { g.catalogue(); return named(g.fields, key) }

// Material is a material's name.
func (g *Glossary) Material(code string) string { g.catalogue(); return named(g.materials, code) }

// Licence is a licence type's name.
func (g *Glossary) Licence(typ string) string { g.catalogue(); return named(g.licences, typ) }

// User is a user's name; what the workflow did by itself (no actor, or
// the "system" actor) reads 系统自动.
func (g *Glossary) User(id string) string {
	if id == "" || id == systemActor || id == "(system)" {
		return "系统自动"
	}
	g.usersOnce.Do(func() {
		g.users = map[string]string{}
		users, err := g.store.ListUsers(g.ctx)
		if err != nil {
			slog.ErrorContext(g.ctx, "glossary: read the users", "error", err)
		}
		for _, u := range users {
			g.users[u.ID] = u.Name
		}
	})
	return named(g.users, id)
}

// Department is a department's name.
func (g *Glossary) Department(code string) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	if n, ok := g.depts[code]; ok {
		return n
	}
	n := unnamed
	if d, err := g.store.FindDepartment(g.ctx, code); err == nil && d.Name != "" {
		n = d.Name
	} else if err != nil && haoban.ErrorCode(err) != haoban.ENOTFOUND {
		slog.ErrorContext(g.ctx, "glossary: read a department", "error", err)
	}
	g.depts[code] = n
	return n
}
