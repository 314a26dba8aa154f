package web

import (
	"github.com/gofiber/fiber/v2"
)

// policyCheckPage is the 政策体检: the benefits the signed-in person and
// their enterprises qualify for without applying, and for the others
// which condition they do not meet, in words.
func (p *Pages) policyCheckPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	rep, err := p.App.Policies.CheckMe(ctx, request(ctx))
	if err != nil {
		return err
	}
	return p.render(c, "policies_check", pageData{Title: "政策体检", PolicyCheck: &rep})
}
