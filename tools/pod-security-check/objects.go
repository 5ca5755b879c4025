package main

import (
	"errors"
	"fmt"
	"io"

	"k8s.io/apimachinery/pkg/util/yaml"
)

// object is one rendered Kubernetes object, as read.
type object struct {
	apiVersion, kind, name string
	fields                 map[string]any
}

func (o object) describe() string {
	return o.kind + "/" + o.name
}

// readObjects reads every object of a YAML stream (documents separated by ---) or of JSON documents; empty
// documents (helm prints some) are skipped, and a List's items are read as objects.
func readObjects(input io.Reader) ([]object, error) {
	decoder := yaml.NewYAMLOrJSONDecoder(input, 4096)
	var objects []object
	for index := 1; ; index++ {
		var fields map[string]any
		err := decoder.Decode(&fields)
		if errors.Is(err, io.EOF) {
			return objects, nil
		}
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", index, err)
		}
		if fields == nil {
			continue
		}
		read, err := objectsOf(fields)
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", index, err)
		}
		objects = append(objects, read...)
	}
}

func objectsOf(fields map[string]any) ([]object, error) {
	apiVersion, _ := fields["apiVersion"].(string)
	kind, _ := fields["kind"].(string)
	if apiVersion == "" || kind == "" {
		return nil, errors.New("not a Kubernetes object: no apiVersion or kind")
	}
	if kind == "List" {
		items, _ := fields["items"].([]any)
		var objects []object
		for _, item := range items {
			itemFields, ok := item.(map[string]any)
			if !ok {
				return nil, errors.New("a List item is not an object")
			}
			read, err := objectsOf(itemFields)
			if err != nil {
				return nil, err
			}
			objects = append(objects, read...)
		}
		return objects, nil
	}
	metadata, _ := fields["metadata"].(map[string]any)
	name, _ := metadata["name"].(string)
	return []object{{apiVersion: apiVersion, kind: kind, name: name, fields: fields}}, nil
}
