package web

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/httpx"
)

// The publicity list (公示) is public, like the 办事指南: anyone reads who
// is to be granted what, names masked. Signed in, anyone may object to an
// entry.

// publicityIndex lists the policies whose publicity lists anyone may read.
func (p *Pages) publicityIndex(c *fiber.Ctx) error {
	ctx := p.signedIn(c)
	ps, err := p.App.BenefitAdmin.PublicityIndex(ctx)
	if err != nil {
		return err
	}
	return p.render(c, "publicity_index", pageData{Title: "免申即享公示", Benefits: &benefitPage{Publicities: ps}})
}

func (p *Pages) publicityPage(c *fiber.Ctx) error {
	ctx := p.signedIn(c)
	policy := strings.Clone(c.Params("policy"))
	name, es, next, err := p.App.BenefitAdmin.Publicity(ctx, policy,
		haoban.PageRequest{Cursor: strings.Clone(c.Query("cursor")), Limit: c.QueryInt("limit")})
	if err != nil {
		return err
	}
	u := userFrom(ctx)
	v := &benefitPage{Policy: policy, PolicyName: name, Entries: es, Next: next,
		CanObject: u.ID != "" && p.allowed(u, "benefit", []string{"object"}), LoginNext: url.QueryEscape("/publicity/" + policy)}
	data := pageData{Title: "公示：" + name, Benefits: v}
	if c.Query("done") == "objected" {
		data.Notice = "异议已提交。政策发布部门将在 5 个工作日内核查处理。"
	}
	return p.render(c, "publicity", data)
}

func (p *Pages) objectionPage(c *fiber.Ctx) error {
	return p.showObjection(c, nil, nil)
}

// showObjection renders the objection form for one entry, with the
// reasons posted and their problem when cause is a refusal.
func (p *Pages) showObjection(c *fiber.Ctx, form map[string]string, cause error) error {
	ctx := c.UserContext()
	policy, id := strings.Clone(c.Params("policy")), strings.Clone(c.Params("id"))
	name, e, err := p.App.BenefitAdmin.PublicityEntryOf(ctx, policy, id)
	if err != nil {
		return err
	}
	v := &benefitPage{Policy: policy, PolicyName: name, Entry: &e, Invalid: map[string]string{}, Form: form}
	data := pageData{Title: "提出异议：" + name, Benefits: v}
	if cause != nil {
		c.Status(httpx.Status(haoban.ErrorCode(cause)))
		if haoban.ErrorField(cause) == "reasons" {
			v.Invalid["reasons"] = haoban.ErrorMessage(cause)
			data.Errors = []haoban.ErrorDetail{{Field: "reasons", Message: haoban.ErrorMessage(cause)}}
		} else {
			data.Error = errorText(cause)
		}
	}
	return p.render(c, "publicity_objection", data)
}

func (p *Pages) objectionForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	policy, id := strings.Clone(c.Params("policy")), strings.Clone(c.Params("id"))
	reasons := strings.Clone(c.FormValue("reasons"))
	// The entry must be one of this policy's, in publicity now.
	if _, _, err := p.App.BenefitAdmin.PublicityEntryOf(ctx, policy, id); err != nil {
		return err
	}
	if _, err := p.App.Benefits.Object(ctx, request(ctx), id, reasons); err != nil {
		return p.showObjection(c, map[string]string{"reasons": reasons}, err)
	}
	return c.Redirect("/publicity/"+url.PathEscape(policy)+"?done=objected", fiber.StatusSeeOther)
}
