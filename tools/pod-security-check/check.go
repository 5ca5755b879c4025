package main

import (
	"errors"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

// errNoPodTemplate marks an object the admission does not evaluate (it creates no pods).
var errNoPodTemplate = errors.New("no pod template")

type checker struct {
	levelVersion api.LevelVersion
	evaluator    policy.Evaluator
}

type checkResult struct {
	allowed bool
	// message is the admission's reason for refusing, as the API server words it:
	// `violates PodSecurity "restricted:latest": <reason> (<detail>), ...`.
	message string
}

func newChecker(level, version string) (*checker, error) {
	parsedLevel, err := api.ParseLevel(level)
	if err != nil {
		return nil, err
	}
	parsedVersion, err := api.ParseVersion(version)
	if err != nil {
		return nil, err
	}
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		return nil, err
	}
	return &checker{levelVersion: api.LevelVersion{Level: parsedLevel, Version: parsedVersion}, evaluator: evaluator}, nil
}

// podTemplateKinds are the kinds, by API version, whose pods the Pod Security admission evaluates
// (k8s.io/pod-security-admission/admission, DefaultPodSpecExtractor), each with a typed object to decode into.
var podTemplateKinds = map[string]func() runtime.Object{
	"v1/Pod":                   func() runtime.Object { return &corev1.Pod{} },
	"v1/PodTemplate":           func() runtime.Object { return &corev1.PodTemplate{} },
	"v1/ReplicationController": func() runtime.Object { return &corev1.ReplicationController{} },
	"apps/v1/ReplicaSet":       func() runtime.Object { return &appsv1.ReplicaSet{} },
	"apps/v1/Deployment":       func() runtime.Object { return &appsv1.Deployment{} },
	"apps/v1/DaemonSet":        func() runtime.Object { return &appsv1.DaemonSet{} },
	"apps/v1/StatefulSet":      func() runtime.Object { return &appsv1.StatefulSet{} },
	"batch/v1/Job":             func() runtime.Object { return &batchv1.Job{} },
	"batch/v1/CronJob":         func() runtime.Object { return &batchv1.CronJob{} },
}

// podTemplateKindNames are the kinds alone, to tell an unknown API version of a pod-bearing kind from other objects.
var podTemplateKindNames = map[string]bool{
	"Pod": true, "PodTemplate": true, "ReplicationController": true, "ReplicaSet": true, "Deployment": true,
	"DaemonSet": true, "StatefulSet": true, "Job": true, "CronJob": true,
}

// check evaluates the pod an object would create; errNoPodTemplate for an object that creates none.
func (c *checker) check(object object) (checkResult, error) {
	newTyped, ok := podTemplateKinds[object.apiVersion+"/"+object.kind]
	if !ok {
		if podTemplateKindNames[object.kind] {
			return checkResult{}, fmt.Errorf("%s %s is not an API version this checker knows", object.apiVersion, object.kind)
		}
		return checkResult{}, errNoPodTemplate
	}
	typed := newTyped()
	if err := runtime.DefaultUnstructuredConverter.FromUnstructuredWithValidation(object.fields, typed, true); err != nil {
		return checkResult{}, fmt.Errorf("not a valid %s: %w", object.kind, err)
	}
	metadata, spec := podTemplateOf(typed)
	if spec == nil {
		// A controller without a pod template creates no pods; the admission lets it pass.
		return checkResult{allowed: true}, nil
	}
	aggregate := policy.AggregateCheckResults(c.evaluator.EvaluatePod(c.levelVersion, metadata, spec))
	if aggregate.Allowed {
		return checkResult{allowed: true}, nil
	}
	// The admission's own words (k8s.io/pod-security-admission/admission, EvaluatePod).
	return checkResult{message: fmt.Sprintf("violates PodSecurity %q: %s", c.levelVersion.String(), aggregate.ForbiddenDetail())}, nil
}

// podTemplateOf is the admission's DefaultPodSpecExtractor.ExtractPodSpec for the kinds above.
func podTemplateOf(typed runtime.Object) (*metav1.ObjectMeta, *corev1.PodSpec) {
	template := func(t *corev1.PodTemplateSpec) (*metav1.ObjectMeta, *corev1.PodSpec) {
		if t == nil {
			return nil, nil
		}
		return &t.ObjectMeta, &t.Spec
	}
	switch o := typed.(type) {
	case *corev1.Pod:
		return &o.ObjectMeta, &o.Spec
	case *corev1.PodTemplate:
		return template(&o.Template)
	case *corev1.ReplicationController:
		return template(o.Spec.Template)
	case *appsv1.ReplicaSet:
		return template(&o.Spec.Template)
	case *appsv1.Deployment:
		return template(&o.Spec.Template)
	case *appsv1.DaemonSet:
		return template(&o.Spec.Template)
	case *appsv1.StatefulSet:
		return template(&o.Spec.Template)
	case *batchv1.Job:
		return template(&o.Spec.Template)
	case *batchv1.CronJob:
		return template(&o.Spec.JobTemplate.Spec.Template)
	}
	return nil, nil
}
