package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// The oracle's own facts, each as Kubernetes documents quantities ("Resource units in Kubernetes"; the suffixes and
// forms of k8s.io/apimachinery/pkg/api/resource/quantity.go).
func TestJudgesQuantitiesAsKubernetesDocumentsThem(t *testing.T) {
	var out, errs bytes.Buffer
	args := []string{"-minimum", "256Mi", "256Mi", "0.25Gi", "268435456", "268435455", "268.435456M", "1e9", "1E9", "1E", "100m", "+1Ki", ".5Gi", "256MB", "lots"}
	if code := run(args, &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	want := map[string]Judgement{
		"256Mi":       {Valid: true, Bytes: "268435456", AtLeastMinimum: true},
		"0.25Gi":      {Valid: true, Bytes: "268435456", AtLeastMinimum: true},
		"268435456":   {Valid: true, Bytes: "268435456", AtLeastMinimum: true},
		"268435455":   {Valid: true, Bytes: "268435455"},
		"268.435456M": {Valid: true, Bytes: "268435456", AtLeastMinimum: true},
		"1e9":         {Valid: true, Bytes: "1000000000", AtLeastMinimum: true}, // a decimal exponent
		"1E9":         {Valid: true, Bytes: "1000000000", AtLeastMinimum: true},
		"1E":          {Valid: true, Bytes: "1000000000000000000", AtLeastMinimum: true}, // exa, not an exponent
		"100m":        {Valid: true, Bytes: "1"},                                         // 0.1, rounded up
		"+1Ki":        {Valid: true, Bytes: "1024"},
		".5Gi":        {Valid: true, Bytes: "536870912", AtLeastMinimum: true},
	}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var got Judgement
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		expected, known := want[got.Quantity]
		if !known {
			if got.Valid || got.Error == "" {
				t.Errorf("%s: %+v, want invalid with an error", got.Quantity, got)
			}
			continue
		}
		expected.Quantity = got.Quantity
		if got != expected {
			t.Errorf("%s: %+v, want %+v", got.Quantity, got, expected)
		}
	}
}

func TestAMinimumThatIsNoQuantityIsAnError(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run([]string{"-minimum", "lots"}, &out, &errs); code != 2 || !strings.Contains(errs.String(), `-minimum "lots"`) {
		t.Fatalf("exit %d, stderr %q", code, errs.String())
	}
}
