package haoban

import "slices"

// How a licence handles a change of a business-licence field it embeds.
const (
	LinkAuto   = "auto"   // reissued at once with the department's seal
	LinkReview = "review" // the department reviews the change first
	LinkNone   = "none"   // the licence stays as it is
)

// LinkRule is, for one licence type, the business-licence fields it embeds
// and how a change of each is handled (联动变更).
type LinkRule struct {
	LicenceType string            `json:"licence_type"`
	Fields      map[string]string `json:"fields" doc:"规范字段 → auto、review 或 none"`
}

// Handling is what a change of these fields calls for: a review if any
// changed field needs one, else a reissue if any is embedded, else none.
func (r LinkRule) Handling(changed []string) string {
	out := LinkNone
	for _, f := range changed {
		switch r.Fields[f] {
		case LinkReview:
			return LinkReview
		case LinkAuto:
			out = LinkAuto
		}
	}
	return out
}

// Validate reports every field with an unknown handling.
func (r LinkRule) Validate() error {
	var details []ErrorDetail
	keys := make([]string, 0, len(r.Fields))
	for k := range r.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if h := r.Fields[k]; h != LinkAuto && h != LinkReview && h != LinkNone {
			details = append(details, ErrorDetail{Field: "fields." + k, Message: "处理方式应为 auto、review 或 none：" + h})
		}
	}
	if r.LicenceType == "" {
		details = append(details, ErrorDetail{Field: "licence_type", Message: "请填写证照类型"})
	}
	return problems(details)
}
