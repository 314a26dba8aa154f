package api

import (
	"context"
	"strings"

	"haoban"
	"haoban/app"
)

// KnowledgeSearchInput is a question to the knowledge base.
type KnowledgeSearchInput struct {
	Q     string `query:"q" maxLength:"200" doc:"问题或关键词，中文分词检索"`
	Kind  string `query:"kind" required:"false" doc:"只查这些种类，逗号分隔：bundle,item,material,rule,policy,qa"`
	Limit int    `query:"limit" required:"false" minimum:"0" maximum:"50" doc:"最多返回条数，默认 10"`
}

// KnowledgeSearchOutput is the entries found, best first.
type KnowledgeSearchOutput struct{ Body []haoban.KnowledgeHit }

func (s *Server) searchKnowledge(ctx context.Context, in *KnowledgeSearchInput) (*KnowledgeSearchOutput, error) {
	q := haoban.KnowledgeQuery{Text: in.Q, Limit: in.Limit}
	for _, k := range strings.Split(in.Kind, ",") {
		if k = strings.TrimSpace(k); k != "" {
			q.Kinds = append(q.Kinds, haoban.KnowledgeKind(k))
		}
	}
	hits, err := s.App.Knowledge.Search(ctx, q)
	return &KnowledgeSearchOutput{Body: hits}, err
}

// KnowledgeListInput filters the editors' list.
type KnowledgeListInput struct {
	Kind       string `query:"kind" required:"false" enum:"bundle,item,material,rule,policy,qa,"`
	Department string `query:"department" required:"false" maxLength:"40"`
	Q          string `query:"q" required:"false" maxLength:"100" doc:"标题或正文包含的文字"`
}

// KnowledgeListOutput is the entries listed.
type KnowledgeListOutput struct{ Body []haoban.KnowledgeRecord }

func (s *Server) listKnowledge(ctx context.Context, in *KnowledgeListInput) (*KnowledgeListOutput, error) {
	list, err := s.App.Knowledge.List(ctx, request(ctx), haoban.KnowledgeFilter{Kind: haoban.KnowledgeKind(in.Kind),
		Department: in.Department, Text: in.Q})
	return &KnowledgeListOutput{Body: list}, err
}

// KnowledgePath names one entry.
type KnowledgePath struct {
	ID string `path:"id" maxLength:"36"`
}

// KnowledgeEntryOutput is one entry, with every version of a
// hand-written one.
type KnowledgeEntryOutput struct {
	Body struct {
		Entry    haoban.KnowledgeRecord   `json:"entry"`
		Versions []haoban.KnowledgeRecord `json:"versions"`
	}
}

func (s *Server) getKnowledge(ctx context.Context, in *KnowledgePath) (*KnowledgeEntryOutput, error) {
	out := &KnowledgeEntryOutput{}
	e, history, err := s.App.Knowledge.Get(ctx, request(ctx), in.ID)
	out.Body.Entry, out.Body.Versions = e, history
	if out.Body.Versions == nil {
		out.Body.Versions = []haoban.KnowledgeRecord{}
	}
	return out, err
}

// CreateKnowledgeInput is a new question and answer.
type CreateKnowledgeInput struct {
	IdempotencyKey string `header:"Idempotency-Key" required:"false" maxLength:"200" doc:"重试时使用同一个键，只会新建一条"`
	Body           app.KnowledgeQAInput
}

// KnowledgeRecordOutput is a question and answer as saved.
type KnowledgeRecordOutput struct{ Body haoban.KnowledgeRecord }

func (s *Server) createKnowledge(ctx context.Context, in *CreateKnowledgeInput) (*KnowledgeRecordOutput, error) {
	e, err := s.App.Knowledge.CreateQA(ctx, request(ctx), in.Body, in.IdempotencyKey)
	return &KnowledgeRecordOutput{Body: e}, err
}

// UpdateKnowledgeInput is the next version of a question and answer.
type UpdateKnowledgeInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body app.KnowledgeQAInput
}

func (s *Server) updateKnowledge(ctx context.Context, in *UpdateKnowledgeInput) (*KnowledgeRecordOutput, error) {
	e, err := s.App.Knowledge.UpdateQA(ctx, request(ctx), in.ID, in.Body)
	return &KnowledgeRecordOutput{Body: e}, err
}

// EndKnowledgeInput ends a question and answer now.
type EndKnowledgeInput struct {
	ID      string `path:"id" maxLength:"36"`
	Version int    `query:"version" minimum:"1" doc:"要结束的版本，防止覆盖他人的修改"`
}

func (s *Server) endKnowledge(ctx context.Context, in *EndKnowledgeInput) (*KnowledgeRecordOutput, error) {
	e, err := s.App.Knowledge.EndQA(ctx, request(ctx), in.ID, in.Version)
	return &KnowledgeRecordOutput{Body: e}, err
}

// SynonymsOutput is the groups of synonyms.
type SynonymsOutput struct {
	Body struct {
		Groups [][]string `json:"groups"`
	}
}

func (s *Server) knowledgeSynonyms(ctx context.Context, _ *struct{}) (*SynonymsOutput, error) {
	out := &SynonymsOutput{}
	groups, err := s.App.Knowledge.Synonyms(ctx, request(ctx))
	out.Body.Groups = groups
	return out, err
}

// SaveSynonymsInput replaces every group of synonyms.
type SaveSynonymsInput struct {
	Body struct {
		Groups [][]string `json:"groups" maxItems:"500" doc:"每组是互为同义的词，例如 [\"开饭店\",\"开餐馆\",\"餐饮店\"]"`
	}
}

func (s *Server) saveKnowledgeSynonyms(ctx context.Context, in *SaveSynonymsInput) (*SynonymsOutput, error) {
	out := &SynonymsOutput{}
	groups, err := s.App.Knowledge.SaveSynonyms(ctx, request(ctx), in.Body.Groups)
	out.Body.Groups = groups
	return out, err
}
