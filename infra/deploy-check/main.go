// deploy-check reads the production deployment the way the tools that will run it do, with no
// Docker engine and no cluster (neither exists on our machines):
//
//	deploy-check compose <env-file> <compose.yaml>...  the Compose Specification's own loader
//	  (compose-go: its JSON schema, interpolation, then checks such as a depends_on naming a
//	  missing service), printing the services it would run;
//	deploy-check k8s <manifests.yaml>...  every document decoded strictly into the Kubernetes API
//	  type of its kind (k8s.io/api): an unknown field, a typo or a wrong type is an error.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/compose-spec/compose-go/v2/cli"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

func main() {
	if len(os.Args) < 3 {
		usage()
	}
	switch os.Args[1] {
	case "compose":
		if len(os.Args) < 4 {
			usage()
		}
		checkCompose(os.Args[2], os.Args[3:])
	case "k8s":
		for _, file := range os.Args[2:] {
			checkManifests(file)
		}
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: deploy-check compose <env-file> <compose.yaml>... | deploy-check k8s <manifests.yaml>...")
	os.Exit(2)
}

func checkCompose(envFile string, files []string) {
	options, err := cli.NewProjectOptions(files, cli.WithEnvFiles(envFile), cli.WithDotEnv, cli.WithName("switchboard"))
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	names := make([]string, 0, len(project.Services))
	for name, service := range project.Services {
		replicas := 1
		if service.Deploy != nil && service.Deploy.Replicas != nil {
			replicas = *service.Deploy.Replicas
		}
		names = append(names, fmt.Sprintf("%s x%d (%s)", name, replicas, service.Image))
	}
	sort.Strings(names)
	fmt.Printf("valid: %d services\n", len(names))
	for _, line := range names {
		fmt.Println("  " + line)
	}
}

// The kinds deploy/k8s uses; another kind is refused rather than passed unchecked.
func typed(apiVersion, kind string) (any, bool) {
	switch apiVersion + "/" + kind {
	case "v1/Namespace":
		return &corev1.Namespace{}, true
	case "v1/ConfigMap":
		return &corev1.ConfigMap{}, true
	case "v1/Service":
		return &corev1.Service{}, true
	case "apps/v1/Deployment":
		return &appsv1.Deployment{}, true
	case "batch/v1/Job":
		return &batchv1.Job{}, true
	case "policy/v1/PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}, true
	case "networking.k8s.io/v1/NetworkPolicy":
		return &networkingv1.NetworkPolicy{}, true
	}
	return nil, false
}

func checkManifests(file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		fail(err)
	}
	reader := utilyaml.NewYAMLReader(bufioReader(data))
	count := 0
	for {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fail(fmt.Errorf("%s: %w", file, err))
		}
		var head struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Metadata   struct {
				Name string `json:"name"`
			} `json:"metadata"`
		}
		if err := yaml.Unmarshal(doc, &head); err != nil {
			fail(fmt.Errorf("%s: document %d: %w", file, count+1, err))
		}
		if head.Kind == "" {
			continue // a document of comments only
		}
		count++
		object, ok := typed(head.APIVersion, head.Kind)
		if !ok {
			fail(fmt.Errorf("%s: %s %s: kind not known to deploy-check", file, head.APIVersion, head.Kind))
		}
		if err := yaml.UnmarshalStrict(doc, object); err != nil {
			fail(fmt.Errorf("%s: %s %s: %w", file, head.Kind, head.Metadata.Name, err))
		}
		fmt.Printf("valid: %s %s\n", head.Kind, head.Metadata.Name)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "invalid:", err)
	os.Exit(1)
}

func bufioReader(data []byte) *bufio.Reader { return bufio.NewReader(bytes.NewReader(data)) }
