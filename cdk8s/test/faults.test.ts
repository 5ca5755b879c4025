import { ECHO_FAULT_ENV, ECHO_SERVICE, LOG_SERVICE, PROPAGATORS } from '@tracing-lab/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { findObject, HELM_MAJORS, ownObjects } from '../../test-support/chart/helm';
import { validateKubernetesObject } from '../../test-support/chart/kubernetes-schema';
import { envValue } from '../../test-support/chart/workloads';

// The `faults` values (docs/debugging.md) as the real helm renders them into the services' environment and replicas.
// That the services act on that environment: e2e/test/deliberate-faults.test.ts (processes) and
// e2e/test/lab-from-images.test.ts (one fault, from the images, as the chart renders it).

describe.each(HELM_MAJORS)('charts/lab faults ($label)', (helm) => {
  let chart: string;
  beforeAll(() => {
    chart = chartWithDependencies();
  });

  const render = (args: string[]) => {
    const rendered = helm.template(chart, args);
    for (const object of rendered) validateKubernetesObject(object);
    return ownObjects(rendered);
  };
  const replicas = (objects: ReturnType<typeof render>, name: string): number => (findObject(objects, 'Deployment', name).spec as { replicas: number }).replicas;

  it('are all off by default: no latency, no errors, echo-service running, the lab\'s propagators', () => {
    const objects = render([]);
    const echo = findObject(objects, 'Deployment', ECHO_SERVICE);
    expect([envValue(echo, ECHO_FAULT_ENV.latencyMs), envValue(echo, ECHO_FAULT_ENV.errorRatio)]).toEqual(['0', '0']);
    expect(replicas(objects, ECHO_SERVICE)).toBe(1);
    expect(envValue(findObject(objects, 'Deployment', LOG_SERVICE), 'OTEL_PROPAGATORS')).toBe(PROPAGATORS.lab);
  });

  it('reach the services: latency and error ratio to echo-service, no pods for it, no propagators for log-service', () => {
    const objects = render([
      '--set', 'faults.echoService.latencyMs=3000',
      '--set', 'faults.echoService.errorRatio=0.25',
      '--set', 'faults.echoService.down=true',
      '--set', 'echoService.replicaCount=3',
      '--set', 'faults.logService.dropTraceparent=true',
    ]);
    const echo = findObject(objects, 'Deployment', ECHO_SERVICE);
    expect([envValue(echo, ECHO_FAULT_ENV.latencyMs), envValue(echo, ECHO_FAULT_ENV.errorRatio)]).toEqual(['3000', '0.25']);
    expect(replicas(objects, ECHO_SERVICE)).toBe(0);
    expect(replicas(objects, LOG_SERVICE)).toBe(1);
    expect(envValue(findObject(objects, 'Deployment', LOG_SERVICE), 'OTEL_PROPAGATORS')).toBe(PROPAGATORS.none);
  });

  it('leave echoService.replicaCount alone while echo-service is not down; take the ratio as a number too (values files)', () => {
    const objects = render(['--set', 'echoService.replicaCount=3', '--set-json', 'faults.echoService.errorRatio=1']);
    expect(replicas(objects, ECHO_SERVICE)).toBe(3);
    expect(envValue(findObject(objects, 'Deployment', ECHO_SERVICE), ECHO_FAULT_ENV.errorRatio)).toBe('1');
  });
});
