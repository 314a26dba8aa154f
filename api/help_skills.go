package api

import (
	"context"

	"haoban"
)

// HelperPath names a helper.
type HelperPath struct {
	ID string `path:"id" maxLength:"64"`
}

// HelperSkillsOutput are a helper's skills.
type HelperSkillsOutput struct {
	Body struct {
		Skills []haoban.HelperSkill `json:"skills"`
	}
}

func (s *Server) helperSkills(ctx context.Context, in *HelperPath) (*HelperSkillsOutput, error) {
	skills, err := s.App.HelperSkills.Get(ctx, request(ctx), in.ID)
	out := &HelperSkillsOutput{}
	out.Body.Skills = skills
	return out, err
}

// SetHelperSkillsInput replaces a helper's skills.
type SetHelperSkillsInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Skills []haoban.HelperSkill `json:"skills" maxItems:"50" doc:"部门（* 为全部部门）及可选的事项"`
	}
}

func (s *Server) setHelperSkills(ctx context.Context, in *SetHelperSkillsInput) (*HelperSkillsOutput, error) {
	skills, err := s.App.HelperSkills.Set(ctx, request(ctx), in.ID, in.Body.Skills)
	out := &HelperSkillsOutput{}
	out.Body.Skills = skills
	return out, err
}
