// Command pod-security-check evaluates every pod a set of rendered Kubernetes objects would create against a Pod
// Security Standards level, with the Pod Security admission's own checks (k8s.io/pod-security-admission/policy):
// the same code the API server runs for a namespace labelled pod-security.kubernetes.io/enforce=<level>.
//
// It reads objects as YAML (several documents, as `helm template` prints them) or JSON on stdin, takes the pod
// template of each kind the admission takes one from (Pod, PodTemplate, ReplicationController, ReplicaSet,
// Deployment, DaemonSet, StatefulSet, Job, CronJob: the admission's DefaultPodSpecExtractor), and prints one line
// per such object:
//
//	ok      Deployment/log-service
//	DENIED  StatefulSet/tempo: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (...)
//
// Other objects (Services, ConfigMaps, ...) are counted, not checked. Exit status: 0 when every pod passes, 1 when
// one does not, 2 when the input cannot be read or names a pod-bearing kind in an API version it does not know.
//
// Usage: helm template lab charts/lab | pod-security-check [-level restricted] [-version latest]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole program: arguments, input and outputs in, exit status out.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("pod-security-check", flag.ContinueOnError)
	flags.SetOutput(stderr)
	level := flags.String("level", "restricted", "Pod Security Standards level: privileged, baseline or restricted")
	version := flags.String("version", "latest", `version of the level, "latest" or a Kubernetes minor such as v1.34`)
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "pod-security-check: unexpected argument %q (objects are read from stdin)\n", flags.Arg(0))
		return 2
	}
	checker, err := newChecker(*level, *version)
	if err != nil {
		fmt.Fprintf(stderr, "pod-security-check: %v\n", err)
		return 2
	}
	objects, err := readObjects(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "pod-security-check: %v\n", err)
		return 2
	}
	denied, checked, other := 0, 0, 0
	for _, object := range objects {
		result, err := checker.check(object)
		if errors.Is(err, errNoPodTemplate) {
			other++
			continue
		}
		if err != nil {
			fmt.Fprintf(stderr, "pod-security-check: %s: %v\n", object.describe(), err)
			return 2
		}
		checked++
		if result.allowed {
			fmt.Fprintf(stdout, "ok      %s\n", object.describe())
		} else {
			denied++
			fmt.Fprintf(stdout, "DENIED  %s: %s\n", object.describe(), result.message)
		}
	}
	fmt.Fprintf(stdout, "%d of %d pod templates pass PodSecurity %q (%d other objects not checked)\n", checked-denied, checked, checker.levelVersion.String(), other)
	if denied > 0 {
		return 1
	}
	return 0
}
