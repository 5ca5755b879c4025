// Command kube-quantity says what Kubernetes makes of resource quantities, with Kubernetes' own parser
// (k8s.io/apimachinery/pkg/api/resource, the code the API server validates a container's resources with). It is an
// oracle for the chart's tests: the values schema and the heap budget must judge a memory limit as Kubernetes does,
// and this program shares no unit table with them.
//
// For each argument it prints one JSON line:
//
//	{"quantity":"0.25Gi","valid":true,"bytes":"268435456","atLeastMinimum":true}
//	{"quantity":"256MB","valid":false,"error":"quantities must match the regular expression ..."}
//
// bytes is Quantity.Value(): the value rounded up to a whole number, as a container's memory limit is applied.
// atLeastMinimum is Quantity.Cmp(minimum) >= 0, the exact comparison (a quantity a fraction of a byte below the
// minimum is below it). Exit status 0, or 2 when -minimum is not a quantity.
//
// Usage: kube-quantity [-minimum 256Mi] QUANTITY...
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"k8s.io/apimachinery/pkg/api/resource"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Judgement is what Kubernetes makes of one quantity.
type Judgement struct {
	Quantity       string `json:"quantity"`
	Valid          bool   `json:"valid"`
	Error          string `json:"error,omitempty"`
	Bytes          string `json:"bytes,omitempty"`
	AtLeastMinimum bool   `json:"atLeastMinimum"`
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("kube-quantity", flag.ContinueOnError)
	flags.SetOutput(stderr)
	minimumText := flags.String("minimum", "0", "the quantity atLeastMinimum compares with")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	minimum, err := resource.ParseQuantity(*minimumText)
	if err != nil {
		fmt.Fprintf(stderr, "kube-quantity: -minimum %q: %v\n", *minimumText, err)
		return 2
	}
	out := json.NewEncoder(stdout)
	for _, text := range flags.Args() {
		if err := out.Encode(judge(text, minimum)); err != nil {
			fmt.Fprintf(stderr, "kube-quantity: %v\n", err)
			return 1
		}
	}
	return 0
}

func judge(text string, minimum resource.Quantity) Judgement {
	q, err := resource.ParseQuantity(text)
	if err != nil {
		return Judgement{Quantity: text, Error: err.Error()}
	}
	return Judgement{Quantity: text, Valid: true, Bytes: strconv.FormatInt(q.Value(), 10), AtLeastMinimum: q.Cmp(minimum) >= 0}
}
