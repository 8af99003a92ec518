package audit

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzDecodeLine: whatever decodeLine accepts, encoding/json reads the
// same way; it never panics.
func FuzzDecodeLine(f *testing.F) {
	for _, r := range journalRecords() {
		b, err := appendRecordJSON(nil, &r)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add(`{"seq":1,"time":"2026-11-02T09:00:00Z","request_id":"a","node":"n","user":"u","service_id":"","host":"","path":"","action":"","findings":{"A":1,"A":2},"bytes":0,"latency_ms":0,"prev_hash":"","hash":"h"}`)
	f.Add(`{"seq":1e3,"time":"x"}`)
	f.Fuzz(func(t *testing.T, line string) {
		var fast Record
		if !decodeLine(line, &fast) {
			return
		}
		var want Record
		if err := json.Unmarshal([]byte(line), &want); err != nil {
			t.Fatalf("decodeLine accepts what encoding/json rejects: %v", err)
		}
		if !reflect.DeepEqual(fast, want) {
			t.Fatalf("decodeLine %+v\nencoding/json %+v", fast, want)
		}
	})
}
