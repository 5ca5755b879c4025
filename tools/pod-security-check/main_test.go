package main

import (
	"bytes"
	"strings"
	"testing"
)

// The expected messages are the Pod Security admission's own words, as its checks in
// k8s.io/pod-security-admission/policy (check_*.go, v0.37.2) write them and the API server returns them to
// `kubectl apply` in a namespace labelled pod-security.kubernetes.io/enforce=restricted.

// restrictedPod passes "restricted": non-root, no privilege escalation, every capability dropped, the runtime's
// default seccomp profile, and only volume types the level allows.
const restrictedPod = `apiVersion: v1
kind: Pod
metadata:
  name: good
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
  volumes:
    - name: tmp
      emptyDir: {}
  containers:
    - name: app
      image: example/app:1
      volumeMounts:
        - name: tmp
          mountPath: /tmp
      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          drop: [ALL]
        seccompProfile:
          type: RuntimeDefault
`

func runCheck(t *testing.T, input string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(input), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func lines(text string) []string {
	return strings.Split(strings.TrimSuffix(text, "\n"), "\n")
}

func TestRestrictedPodPasses(t *testing.T) {
	code, stdout, stderr := runCheck(t, restrictedPod)
	if code != 0 {
		t.Fatalf("exit %d, want 0\n%s%s", code, stdout, stderr)
	}
	want := []string{`ok      Pod/good`, `1 of 1 pod templates pass PodSecurity "restricted:latest" (0 other objects not checked)`}
	if got := lines(stdout); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("stdout:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Each field "restricted" asks for, removed from the passing pod: the admission refuses the pod and says which
// field of which container to set.
func TestEachMissingSecurityFieldIsRefusedWithTheAdmissionMessage(t *testing.T) {
	cases := []struct {
		name, remove, want string
	}{
		{
			"capabilities.drop", "        capabilities:\n          drop: [ALL]\n",
			`unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])`,
		},
		{
			"allowPrivilegeEscalation", "        allowPrivilegeEscalation: false\n",
			`allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)`,
		},
		{
			"seccompProfile", "        seccompProfile:\n          type: RuntimeDefault\n",
			`seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`,
		},
		{
			"runAsNonRoot", "    runAsNonRoot: true\n",
			`runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			input := strings.Replace(restrictedPod, c.remove, "", 1)
			if input == restrictedPod {
				t.Fatalf("the test pod has no %q to remove", c.remove)
			}
			code, stdout, _ := runCheck(t, input)
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s", code, stdout)
			}
			want := `DENIED  Pod/good: violates PodSecurity "restricted:latest": ` + c.want
			if got := lines(stdout)[0]; got != want {
				t.Fatalf("got  %s\nwant %s", got, want)
			}
		})
	}
}

func TestALevelBelowRestrictedAllowsWhatOnlyRestrictedForbids(t *testing.T) {
	input := strings.Replace(restrictedPod, "        capabilities:\n          drop: [ALL]\n", "", 1)
	code, stdout, _ := runCheck(t, input, "-level", "baseline")
	if code != 0 || lines(stdout)[0] != "ok      Pod/good" {
		t.Fatalf("exit %d, want 0 with baseline:\n%s", code, stdout)
	}
}

// The pod templates of workloads are evaluated as the admission evaluates them (its DefaultPodSpecExtractor):
// each kind below holds the failing template once.
func TestPodTemplatesOfEveryWorkloadKindAreEvaluated(t *testing.T) {
	failingSpec := `
      securityContext:
        runAsNonRoot: true
      containers:
        - name: app
          image: example/app:1
          securityContext:
            privileged: true`
	indent := func(text, prefix string) string {
		return strings.ReplaceAll(text, "\n", "\n"+prefix)
	}
	template := "  template:\n    spec:" + failingSpec
	workloads := map[string]string{
		"Deployment/d":            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {}\n" + template,
		"StatefulSet/s":           "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  selector: {}\n" + template,
		"DaemonSet/ds":            "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds}\nspec:\n  selector: {}\n" + template,
		"ReplicaSet/rs":           "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs}\nspec:\n  selector: {}\n" + template,
		"Job/j":                   "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n" + template,
		"CronJob/cj":              "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:" + indent(failingSpec, "    "),
		"ReplicationController/r": "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: r}\nspec:\n" + template,
		"PodTemplate/pt":          "apiVersion: v1\nkind: PodTemplate\nmetadata: {name: pt}\ntemplate:\n  spec:" + indent(failingSpec, ""),
	}
	for name, manifest := range workloads {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runCheck(t, manifest)
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s%s", code, stdout, stderr)
			}
			if got := lines(stdout)[0]; !strings.HasPrefix(got, "DENIED  "+name+`: violates PodSecurity "restricted:latest": privileged (container "app" must not set securityContext.privileged=true)`) {
				t.Fatalf("got %s", got)
			}
		})
	}
}

// As `helm template` prints them: several documents, some empty, most without pods; JSON and a List read too.
func TestReadsAStreamOfDocumentsAndChecksOnlyPodTemplates(t *testing.T) {
	stream := "---\n# Source: lab/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\n---\n" +
		restrictedPod + "---\n" + `{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}]}` + "\n"
	code, stdout, stderr := runCheck(t, stream)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	want := []string{`ok      Pod/good`, `1 of 1 pod templates pass PodSecurity "restricted:latest" (2 other objects not checked)`}
	if got := lines(stdout); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("stdout:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Input it cannot judge is an error (exit 2), never a pass.
func TestUnreadableInputIsAnErrorNotAPass(t *testing.T) {
	cases := map[string]struct{ input, says string }{
		"not YAML":                         {"kind: [unclosed\n", "document 1"},
		"no kind":                          {"metadata: {name: x}\n", "no apiVersion or kind"},
		"a pod kind in an unknown version": {"apiVersion: apps/v1beta1\nkind: Deployment\nmetadata: {name: old}\n", "apps/v1beta1 Deployment is not an API version this checker knows"},
		"a field of the wrong type":        {"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: app\n", "Pod/p: not a valid Pod"},
		"an unknown field":                 {strings.Replace(restrictedPod, "  containers:", "  containerz: []\n  containers:", 1), `unknown field "spec.containerz"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runCheck(t, c.input)
			if code != 2 {
				t.Fatalf("exit %d, want 2\n%s%s", code, stdout, stderr)
			}
			if !strings.Contains(stderr, c.says) {
				t.Fatalf("stderr %q does not say %q", stderr, c.says)
			}
		})
	}
}

func TestBadArguments(t *testing.T) {
	for _, args := range [][]string{{"-level", "strict"}, {"-version", "one"}, {"file.yaml"}} {
		if code, _, _ := runCheck(t, restrictedPod, args...); code != 2 {
			t.Fatalf("%v: exit %d, want 2", args, code)
		}
	}
}
