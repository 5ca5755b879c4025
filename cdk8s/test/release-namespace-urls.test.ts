import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_GRAPH_VALUES_FILE } from '../src/values/service-graph';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { findObject, HELM_MAJORS, ownObjects, type K8sObject } from '../../test-support/chart/helm';
import { stringsIn, urlsIn } from '../../test-support/chart/object-strings';
import { firstContainer, flagValue } from '../../test-support/chart/workloads';

// Every in-cluster address the chart renders follows the release namespace: rendered by each Helm major with the real
// dependency charts in a namespace other than the default `monitoring`, every switch on, every string of every
// object (ours and the dependency charts') searched for URLs and Service DNS names, and each checked to lead to a
// Service the render holds, in the release namespace, on one of its ports.
const NAMESPACE = 'lab-two';

/** Hosts a container reaches inside its own pod. */
const POD_LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

interface RenderedService {
  name: string;
  namespace: string | undefined;
  ports: number[];
}

const servicesOf = (objects: readonly K8sObject[]): RenderedService[] =>
  objects
    .filter((object) => object.kind === 'Service')
    .map((object) => ({ name: object.metadata.name, namespace: object.metadata.namespace, ports: ((object.spec as { ports?: { port: number }[] }).ports ?? []).map((port) => port.port) }));

const portOf = (url: URL): number => Number(url.port || { 'http:': 80, 'https:': 443 }[url.protocol]);

describe.each(HELM_MAJORS)('every in-cluster URL follows the release namespace ($label)', (helm) => {
  let rendered: K8sObject[];
  beforeAll(() => {
    const chart = chartWithDependencies();
    rendered = helm.template(chart, [
      '--namespace', NAMESPACE,
      '--set', 'grafana.enabled=true',
      '--set', 'traceCheck.postSync.enabled=true',
      '--set', 'networkPolicy.enabled=true',
      '-f', join(chart, SERVICE_GRAPH_VALUES_FILE),
    ]);
  });

  it('each URL of each object leads to a rendered Service of the release namespace, on one of its ports, or stays in its pod', () => {
    const services = servicesOf(rendered);
    const checked: string[] = [];
    for (const object of rendered) {
      for (const text of urlsIn(stringsIn(object).join('\n'))) {
        const url = new URL(text);
        const where = `${object.kind}/${object.metadata.name}: ${text}`;
        if (POD_LOCAL_HOSTS.has(url.hostname)) continue;
        // A Service name alone resolves in the pod's own namespace; a longer one must name the release namespace.
        const [name, namespace = NAMESPACE, ...rest] = url.hostname.split('.');
        expect(rest.join('.'), where).toMatch(/^(|svc|svc\.cluster\.local)$/);
        expect(namespace, where).toBe(NAMESPACE);
        expect(object.metadata.namespace, where).toBe(NAMESPACE);
        const service = services.find((candidate) => candidate.name === name && candidate.namespace === NAMESPACE);
        expect(service, where).toBeDefined();
        expect(service?.ports, where).toContain(portOf(url));
        checked.push(`${object.kind}/${object.metadata.name}`);
      }
    }
    // The objects that hold in-cluster URLs, so a URL the search misses would show here.
    for (const holder of ['Deployment/log-service', 'Deployment/echo-service', 'ConfigMap/tempo-grafana-datasource', 'Pod/trace-check-helm-test', 'Job/trace-check-post-sync']) {
      expect(checked, holder).toContain(holder);
    }
  });

  it('Service DNS names outside URLs name the release namespace too', () => {
    for (const object of rendered) {
      for (const [host, namespace] of stringsIn(object).join('\n').matchAll(/\b[a-z0-9-]+\.([a-z0-9-]+)\.svc\b/g)) {
        expect(namespace, `${object.kind}/${object.metadata.name}: ${host}`).toBe(NAMESPACE);
      }
    }
  });

  it("the trace check's --log-service-url names log-service in the release namespace", () => {
    const ours = ownObjects(rendered);
    for (const hook of [findObject(ours, 'Pod', 'trace-check-helm-test'), findObject(ours, 'Job', 'trace-check-post-sync')]) {
      expect(flagValue(firstContainer(hook), '--log-service-url')).toBe(`http://log-service.${NAMESPACE}.svc.cluster.local:8080`);
    }
  });

  it('no object of ours names the default namespace', () => {
    for (const object of ownObjects(rendered)) {
      expect(stringsIn(object).filter((text) => /\bmonitoring\b/.test(text)), `${object.kind}/${object.metadata.name}`).toEqual([]);
    }
  });
});
