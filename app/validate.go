package app

import (
	"encoding/json"
	"reflect"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"

	"haoban"
)

// Inputs are checked against the schema their struct tags describe
// (minLength, maxLength, enum …). The API documents the same types and huma
// applies the same tags at its door, so a page and an API call accept
// exactly the same input, with the same words.
var (
	schemas   = huma.NewMapRegistry("#/components/schemas/", huma.DefaultSchemaNamer)
	schemasMu sync.Mutex
)

// validate checks in (a struct) against its schema. Problems name the
// field by its JSON name, under prefix ("body", or "" for a page's form).
func validate(in any, prefix string) error {
	raw, err := json.Marshal(in)
	if err != nil {
		return err
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return err
	}
	schemasMu.Lock()
	schema := schemas.Schema(reflect.TypeOf(in), true, "")
	schemasMu.Unlock()
	res := &huma.ValidateResult{}
	huma.Validate(schemas, schema, huma.NewPathBuffer([]byte(prefix), len(prefix)), huma.ModeWriteToServer, v, res)
	if len(res.Errors) == 0 {
		return nil
	}
	e := &haoban.Error{Code: haoban.EUNPROCESSABLE}
	for _, re := range res.Errors {
		d, ok := re.(*huma.ErrorDetail)
		if !ok {
			continue
		}
		field := strings.TrimPrefix(d.Location, ".")
		if name, ok := strings.CutPrefix(d.Message, RequiredPrefix); ok {
			field = strings.TrimPrefix(field+"."+name, ".")
		}
		e.Details = append(e.Details, haoban.ErrorDetail{Field: field, Message: d.Message})
	}
	e.Field, e.Message = e.Details[0].Field, "输入有误："+e.Details[0].Field+" "+e.Details[0].Message
	return e
}
