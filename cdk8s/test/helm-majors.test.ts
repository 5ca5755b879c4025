import { beforeAll, describe, expect, it } from 'vitest';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { HELM_V3, HELM_V4, type K8sObject } from '../../test-support/chart/helm';

// Helm 4 and Helm 3 render charts/lab — ours and the real dependency charts — into the same objects. What differs
// between two renders by the SAME helm (Grafana's generated admin password and the checksum over it) is random,
// not a difference between the majors, and is left out of the comparison.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const key = (object: K8sObject) => `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;

/** The paths (a.b.0.c) whose values differ between two JSON values. */
function differingPaths(a: Json, b: Json, path = ''): string[] {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => differingPaths((a as Record<string, Json>)[k] ?? null, (b as Record<string, Json>)[k] ?? null, `${path}.${k}`));
  }
  return a === b ? [] : [path];
}

const byKey = (objects: readonly K8sObject[]) => new Map(objects.map((object) => [key(object), object as unknown as Json]));

describe.each([
  { what: 'default values', args: [] },
  { what: 'every switch on', args: ['--set', 'grafana.enabled=true', '--set', 'traceCheck.postSync.enabled=true'] },
])(`${HELM_V4.label} and ${HELM_V3.label} with $what`, ({ args }) => {
  let v4: Map<string, Json>;
  let v4Again: Map<string, Json>;
  let v3: Map<string, Json>;
  beforeAll(() => {
    const chart = chartWithDependencies();
    v4 = byKey(HELM_V4.template(chart, ['--namespace', 'monitoring', ...args]));
    v4Again = byKey(HELM_V4.template(chart, ['--namespace', 'monitoring', ...args], { fresh: true }));
    v3 = byKey(HELM_V3.template(chart, ['--namespace', 'monitoring', ...args]));
  });

  it('render the same objects', () => {
    expect([...v3.keys()].sort()).toEqual([...v4.keys()].sort());
  });

  it('with the same fields, apart from what is random in every render', () => {
    for (const [name, object] of v4) {
      const random = new Set(differingPaths(object, v4Again.get(name) ?? null));
      const differences = differingPaths(object, v3.get(name) ?? null).filter((path) => !random.has(path));
      expect(differences, name).toEqual([]);
    }
  });
});
