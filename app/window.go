package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"haoban"
)

// 窗口代办 (issue 19): a clerk at a service centre's counter identifies the
// person in front of them against the population registry and fills a
// draft for them through the same use cases as the person would; the case
// is filed through the window, naming the counter and the clerk.

// WindowStore is what window entry reads and writes beyond drafts.
type WindowStore interface {
	FindResident(ctx context.Context, idNumber string) (haoban.Resident, error)
	// EnsureApplicant is the person's applicant account, created if they
	// have none.
	EnsureApplicant(ctx context.Context, u haoban.User) (haoban.User, error)
	FindUser(ctx context.Context, id string) (haoban.User, error)
	FindDraft(ctx context.Context, id string) (haoban.Draft, error)
	FindCase(ctx context.Context, id string) (haoban.Case, error)
}

// Window is the counter's use cases; the drafts are Drafts'.
type Window struct {
	Store  WindowStore
	Drafts *Drafts
}

// Visitor is who stands at the counter, as their ID card reads.
type Visitor struct {
	IDNumber string `json:"id_number" doc:"居民身份证号码"`
	Name     string `json:"name" doc:"姓名"`
}

// WindowEntry starts a draft of a bundle for the person at the counter.
type WindowEntry struct {
	Visitor
	Bundle string `json:"bundle" doc:"一件事的编码"`
}

// Identify checks the person against the population registry and returns
// the request that acts for them: their applicant account, found or
// created, with the clerk beside it. A mismatch is refused field by field.
func (w *Window) Identify(ctx context.Context, r Request, p Visitor) (Request, error) {
	clerk, err := clerkOf(r)
	if err != nil {
		return Request{}, err
	}
	idNumber, name := strings.ToUpper(strings.TrimSpace(p.IDNumber)), strings.TrimSpace(p.Name)
	var problems []haoban.ErrorDetail
	if !haoban.ValidIDNumber(idNumber) {
		problems = append(problems, haoban.ErrorDetail{Field: "id_number", Message: "身份证号码不正确：应为 18 位，末位校验码须相符"})
	}
	if name == "" {
		problems = append(problems, haoban.ErrorDetail{Field: "name", Message: "请填写证件上的姓名"})
	}
	if len(problems) > 0 {
		return Request{}, &haoban.Error{Code: haoban.EINVALID, Message: "请核对证件信息", Details: problems}
	}
	res, err := w.Store.FindResident(ctx, idNumber)
	if haoban.ErrorCode(err) == haoban.ENOTFOUND {
		return Request{}, haoban.FieldErrorf(haoban.EINVALID, "id_number", "人口库中没有这个身份证号码，请核对证件")
	} else if err != nil {
		return Request{}, err
	}
	if res.Name != name {
		return Request{}, haoban.FieldErrorf(haoban.EINVALID, "name", "姓名与人口库登记的不一致，请核对证件后重新填写")
	}
	person, err := w.Store.EnsureApplicant(ctx, haoban.User{ID: personID(idNumber), Name: res.Name,
		Roles: []string{haoban.RoleApplicant}, Department: haoban.AnyDepartment, IDNumber: idNumber})
	if err != nil {
		return Request{}, err
	}
	return Request{User: person, Clerk: &clerk, RequestID: r.RequestID, ClientAddr: r.ClientAddr}, nil
}

// Start identifies the person and opens a draft of the bundle for them,
// prefilled from the registries for that person.
func (w *Window) Start(ctx context.Context, r Request, in WindowEntry) (haoban.Draft, error) {
	on, err := w.Identify(ctx, r, in.Visitor)
	if err != nil {
		return haoban.Draft{}, err
	}
	if strings.TrimSpace(in.Bundle) == "" {
		return haoban.Draft{}, haoban.FieldErrorf(haoban.EINVALID, "bundle", "请选择要办理的一件事")
	}
	d, err := w.Drafts.Create(ctx, on, NewDraft{Bundle: in.Bundle})
	if haoban.ErrorField(err) == "body.bundle" {
		err = haoban.FieldErrorf(haoban.EINVALID, "bundle", "%s", haoban.ErrorMessage(err))
	}
	return d, err
}

// For is the request that acts on a draft the clerk entered, for its
// applicant; any other draft does not exist to the clerk.
func (w *Window) For(ctx context.Context, r Request, draftID string) (Request, error) {
	clerk, err := clerkOf(r)
	if err != nil {
		return Request{}, err
	}
	d, err := w.Store.FindDraft(ctx, draftID)
	if err == nil && d.EnteredBy != clerk.ID {
		err = haoban.Errorf(haoban.ENOTFOUND, "申请草稿不存在")
	}
	if err != nil {
		return Request{}, err
	}
	person, err := w.Store.FindUser(ctx, d.Applicant)
	if err != nil {
		return Request{}, err
	}
	return Request{User: person, Clerk: &clerk, RequestID: r.RequestID, ClientAddr: r.ClientAddr}, nil
}

// Receipt is a case the clerk entered, as its receipt (受理回执) shows it,
// with the applicant's name; any other case does not exist to the clerk.
func (w *Window) Receipt(ctx context.Context, r Request, caseID string) (haoban.Case, error) {
	clerk, err := clerkOf(r)
	if err != nil {
		return haoban.Case{}, err
	}
	c, err := w.Store.FindCase(ctx, caseID)
	if err == nil && (c.Channel != haoban.FiledWindow || c.EnteredBy != clerk.ID) {
		err = haoban.Errorf(haoban.ENOTFOUND, "办件不存在")
	}
	if err != nil {
		return haoban.Case{}, err
	}
	person, err := w.Store.FindUser(ctx, c.Applicant)
	c.ApplicantName = person.Name
	return c, err
}

// personID is the applicant account's ID of a person first met at a
// counter: stable for the ID number, which it does not show.
func personID(idNumber string) string {
	sum := sha256.Sum256([]byte("haoban-person\x00" + idNumber))
	return "p-" + hex.EncodeToString(sum[:12])
}

// clerkOf is the signed-in clerk, who must sit at a counter.
func clerkOf(r Request) (haoban.User, error) {
	u := r.actor()
	if !u.HasRole(haoban.RoleClerk) {
		return u, haoban.Errorf(haoban.EFORBIDDEN, "只有窗口受理人员可以代办")
	}
	if u.Window == "" {
		return u, haoban.Errorf(haoban.EFORBIDDEN, "您的账号没有设置所在窗口，请联系管理员")
	}
	return u, nil
}

// submitChannel is where a submission is filed and, at a window, by whom.
type submitChannel struct {
	Channel   haoban.CaseChannel
	Window    string
	EnteredBy string
}

// channelOf decides a submission's channel: a clerk's is the window, and
// no one else may claim it.
func channelOf(r Request, asked haoban.CaseChannel) (submitChannel, error) {
	if r.Clerk != nil {
		return submitChannel{Channel: haoban.FiledWindow, Window: r.Clerk.Window, EnteredBy: r.Clerk.ID}, nil
	}
	switch asked {
	case "":
		return submitChannel{Channel: haoban.FiledOnline}, nil
	case haoban.FiledOnline, haoban.FiledMobile:
		return submitChannel{Channel: asked}, nil
	case haoban.FiledWindow:
		return submitChannel{}, haoban.FieldErrorf(haoban.EINVALID, "body.channel", "窗口渠道只能由窗口受理人员在窗口代办提交")
	}
	return submitChannel{}, haoban.FieldErrorf(haoban.EINVALID, "body.channel", "办理渠道只能是 online（网上办理）或 mobile（移动端）")
}

// channelText is where a case was filed, in words: a window case names
// its counter and the clerk who entered it.
func (s *Cases) channelText(ctx context.Context, c haoban.Case) (string, error) {
	if c.Channel != haoban.FiledWindow {
		return c.Channel.Name(), nil
	}
	clerk, err := s.Store.FindUser(ctx, c.EnteredBy)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s（%s，经办人 %s）", c.Channel.Name(), c.Window, clerk.Name), nil
}
