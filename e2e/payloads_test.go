package e2e_test

import (
	"bytes"
	"net/http"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"haoban"
)

// TestTemporalKeepsNoPersonalData: what Temporal stores of a case (inputs,
// activity results, updates) is sealed; its raw history holds no ID number,
// phone number or address, though a supplement put a corrected ID number
// through an update and the projection. An admin's Temporal UI decodes it
// through the codec endpoint; nobody else can.
func TestTemporalKeepsNoPersonalData(t *testing.T) {
	s := startSystem(t)
	applicant, health := s.login("li-na"), s.login("reviewer-health")
	id := s.newbornCase(applicant, "sealed-history")
	corrected := "31010119870214552" + string(haoban.IDCheckChar("31010119870214552"))
	path := "/api/v1/tasks/" + taskID(id, "birth-certificate")
	s.must(200, s.call("POST", path+"/claim", health, nil))
	s.must(200, s.call("POST", path+"/decision", health, map[string]any{"decision": "supplement", "missing": []map[string]string{
		{"kind": "field", "key": "mother.id_number", "reason": "与出生医学记录不符"}}}, "Idempotency-Key", "ask"))
	s.must(200, s.call("POST", "/api/v1/cases/"+id+"/supplement", applicant, map[string]any{"task_id": taskID(id, "birth-certificate"),
		"form": map[string]any{"mother.id_number": corrected}}, "Idempotency-Key", "answer"))
	s.waitSettled(t, id)

	var raw []byte
	var payloads []*commonpb.Payload
	for _, e := range s.history(t, id) {
		b, err := proto.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		raw = append(raw, b...)
		payloads = append(payloads, e.GetActivityTaskScheduledEventAttributes().GetInput().GetPayloads()...)
		payloads = append(payloads, e.GetActivityTaskCompletedEventAttributes().GetResult().GetPayloads()...)
		payloads = append(payloads, e.GetWorkflowExecutionUpdateAcceptedEventAttributes().GetAcceptedRequest().GetInput().GetArgs().GetPayloads()...)
	}
	for _, personal := range []string{corrected, "310101198702145513", "31010419900307123X", "漕溪北路88号", "陈丽"} {
		if bytes.Contains(raw, []byte(personal)) {
			t.Errorf("the raw history holds %s", personal)
		}
	}
	// The payloads that carry the corrected ID number once opened: the
	// codec endpoint must give it back to an admin.
	var personal []*commonpb.Payload
	for _, p := range payloads {
		if string(p.GetMetadata()["encoding"]) != "binary/encrypted" {
			t.Fatalf("a payload is not sealed: %v", p.GetMetadata())
		}
		opened, err := testCodec(t).Decode([]*commonpb.Payload{p})
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(opened[0].GetData(), []byte(corrected)) {
			personal = append(personal, p)
		}
	}
	if len(personal) == 0 {
		t.Fatal("no payload of the case carries the corrected ID number: the test proves nothing")
	}
	body, err := protojson.Marshal(&commonpb.Payloads{Payloads: personal})
	if err != nil {
		t.Fatal(err)
	}
	decode := func(token, origin string, cookie bool) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("POST", s.base+"/api/v1/admin/codec/decode", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		c := s.http
		if cookie {
			c = s.browse(t, "admin").http
		} else if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out bytes.Buffer
		_, _ = out.ReadFrom(resp.Body)
		return resp, out.Bytes()
	}
	if resp, out := decode(s.login("admin"), "", false); resp.StatusCode != 200 || !decodedHas(t, out, corrected) {
		t.Fatalf("an admin decodes: %d %.300s", resp.StatusCode, out)
	}
	if resp, _ := decode(s.login("reviewer-samr"), "", false); resp.StatusCode != 403 {
		t.Fatalf("a reviewer decodes: %d", resp.StatusCode)
	}
	if resp, _ := decode("", "", false); resp.StatusCode != 401 {
		t.Fatalf("nobody decodes: %d", resp.StatusCode)
	}
	// The Temporal UI, on its own origin, with the admin's session cookie.
	resp, out := decode("", "http://temporal-ui.test", true)
	if resp.StatusCode != 200 || resp.Header.Get("Access-Control-Allow-Origin") != "http://temporal-ui.test" ||
		resp.Header.Get("Access-Control-Allow-Credentials") != "true" || !decodedHas(t, out, corrected) {
		t.Fatalf("the UI decodes: %d %v %.200s", resp.StatusCode, resp.Header, out)
	}
	if resp, _ := decode("", "http://evil.test", true); resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatal("another origin may read what the codec decodes")
	}
	pre, _ := http.NewRequest("OPTIONS", s.base+"/api/v1/admin/codec/decode", nil)
	pre.Header.Set("Origin", "http://temporal-ui.test")
	pre.Header.Set("Access-Control-Request-Method", "POST")
	presp, err := s.http.Do(pre)
	if err != nil {
		t.Fatal(err)
	}
	presp.Body.Close()
	if presp.StatusCode != 204 || presp.Header.Get("Access-Control-Allow-Origin") != "http://temporal-ui.test" {
		t.Fatalf("preflight: %d %v", presp.StatusCode, presp.Header)
	}
}

// decodedHas reports whether a codec answer's payloads hold text.
func decodedHas(t *testing.T, answer []byte, text string) bool {
	t.Helper()
	var out commonpb.Payloads
	if err := protojson.Unmarshal(answer, &out); err != nil {
		return false
	}
	for _, p := range out.Payloads {
		if bytes.Contains(p.GetData(), []byte(text)) {
			return true
		}
	}
	return false
}
