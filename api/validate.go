package api

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"

	"github.com/danielgtaylor/huma/v2"

	"haoban"
)

// invoke runs an operation's handler for a web page after the checks huma
// makes on the API call: the same schema, built from the same input type,
// so a page accepts exactly what its API twin accepts.
func invoke[I, O any](s *Server, ctx context.Context, handler func(context.Context, *I) (*O, error), in *I) (*O, error) {
	if err := s.validate(in); err != nil {
		return nil, err
	}
	return handler(ctx, in)
}

// validate checks an operation's input against its schema: the parameters
// (path, query, header) and the body.
func (s *Server) validate(in any) error {
	reg := s.api.OpenAPI().Components.Schemas
	res := &huma.ValidateResult{}
	v := reflect.ValueOf(in).Elem()
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		var where, name string
		for _, loc := range []string{"path", "query", "header"} {
			if n := f.Tag.Get(loc); n != "" {
				where, name = loc, n
			}
		}
		switch {
		case where != "":
			value := v.Field(i).Interface()
			if reflect.ValueOf(value).IsZero() && f.Tag.Get("required") != "true" && where != "path" {
				continue // an optional parameter left out
			}
			loc := where + "." + name
			huma.Validate(reg, huma.SchemaFromField(reg, f, ""), huma.NewPathBuffer([]byte(loc), len(loc)),
				huma.ModeWriteToServer, value, res)
		case f.Name == "Body":
			raw, err := json.Marshal(v.Field(i).Interface())
			if err != nil {
				return err
			}
			var body any
			if err := json.Unmarshal(raw, &body); err != nil {
				return err
			}
			// The schema huma registered for the operation: named after
			// the input type, as huma names it.
			huma.Validate(reg, reg.Schema(f.Type, true, t.Name()+f.Name), huma.NewPathBuffer([]byte("body"), len("body")),
				huma.ModeWriteToServer, body, res)
		}
	}
	if len(res.Errors) == 0 {
		return nil
	}
	// Worded as huma words the API's refusal, by the same function.
	b := errorBody(context.Background(), http.StatusUnprocessableEntity, "validation failed", res.Errors...)
	return &haoban.Error{Code: haoban.EUNPROCESSABLE, Message: b.Info.Message, Field: b.Info.Field, Details: b.Info.Details}
}
