import { beforeAll, describe, expect, it } from 'vitest';
import { chartWithStubDependencies, findObject, helmTemplate, helmTemplateError, labObjects, type K8sObject } from './support/helm';

// The services' NODE_OPTIONS as the real helm renders them from resources.limits.memory (heap-budget.ts):
//   heap = 0.8 × limit − 112 MiB; semi-space: the largest of 64, 32, 16 MiB that leaves heap − 3 × semi ≥ 4.5 × semi;
//   old space = heap − 3 × semi.
// Expected values are worked out by hand here, not by the chart's code.

type Env = { name: string; value?: string }[];
type Container = { env: Env; resources?: { limits?: { memory?: unknown } } };

const SERVICES = ['log-service', 'echo-service'] as const;
const DEFAULT = '--max-old-space-size=150 --max-semi-space-size=32';
const VALUES_KEY = { 'log-service': 'logService', 'echo-service': 'echoService' } as const;

const containerOf = (objects: K8sObject[], service: string): Container => {
  const deployment = findObject(objects, 'Deployment', service) as unknown as { spec: { template: { spec: { containers: Container[] } } } };
  const container = deployment.spec.template.spec.containers[0];
  if (!container) throw new Error(`${service} has no container`);
  return container;
};
const nodeOptions = (objects: K8sObject[], service: string): string[] =>
  containerOf(objects, service).env.filter((variable) => variable.name === 'NODE_OPTIONS').map((variable) => variable.value ?? '');

describe('NODE_OPTIONS follows resources.limits.memory', () => {
  let chart: string;
  const render = (args: string[]) => labObjects(helmTemplate(chart, args));
  beforeAll(() => {
    chart = chartWithStubDependencies();
  });

  it('renders the default budget for the default limit of 448Mi: heap 246.4, semi 32 (150.4 ≥ 144), old 150', () => {
    const objects = render([]);
    for (const service of SERVICES) {
      expect(containerOf(objects, service).resources?.limits?.memory).toBe('448Mi');
      expect(nodeOptions(objects, service)).toEqual([DEFAULT]);
    }
  });

  it.each([
    { memory: '512Mi', old: 201, semi: 32 }, // heap 297.6: 64 leaves 105.6 < 288; 32 leaves 201.6 ≥ 144
    { memory: '0.5Gi', old: 201, semi: 32 },
    { memory: '1Gi', old: 515, semi: 64 }, // heap 707.2: 64 leaves 515.2 ≥ 288
    { memory: '384Mi', old: 147, semi: 16 }, // heap 195.2: 32 leaves 99.2 < 144; 16 leaves 147.2 ≥ 72
    { memory: '400M', old: 145, semi: 16 }, // 400e6 B = 381.47 MiB; heap 193.18: 16 leaves 145.18
    { memory: '409600Ki', old: 160, semi: 16 }, // 400 MiB: heap 208: 32 leaves 112 < 144
    { memory: '320Mi', old: 96, semi: 16 }, // the smallest limit the schema accepts: heap 144
  ])('renders old space $old MiB and semi-space $semi MiB for a limit of $memory', ({ memory, old, semi }) => {
    const objects = render(['--set', `echoService.resources.limits.memory=${memory}`]);
    expect(nodeOptions(objects, 'echo-service')).toEqual([`--max-old-space-size=${old} --max-semi-space-size=${semi}`]);
    // The other service keeps the default budget.
    expect(nodeOptions(objects, 'log-service')).toEqual([DEFAULT]);
  });

  it('takes a limit in whole bytes, as a number and as a string', () => {
    for (const flag of ['--set', '--set-string']) {
      const objects = render([flag, 'logService.resources.limits.memory=536870912']);
      expect(nodeOptions(objects, 'log-service')).toEqual(['--max-old-space-size=201 --max-semi-space-size=32']);
    }
  });

  it('leaves NODE_OPTIONS out when the service has no memory limit (Node sizes its heap itself)', () => {
    const objects = render(['--set', 'logService.resources.limits.memory=null']);
    expect(nodeOptions(objects, 'log-service')).toEqual([]);
    expect(containerOf(objects, 'log-service').resources?.limits).toEqual({ cpu: '500m' });
  });

  it('lets NODE_OPTIONS in extraEnv win: the chart leaves its own out, so the name occurs once (server-side apply refuses duplicates)', () => {
    const objects = render([
      '--set', 'logService.extraEnv[0].name=NODE_OPTIONS',
      '--set', 'logService.extraEnv[0].value=--max-old-space-size=200',
      '--set', 'logService.resources.limits.memory=1Gi',
    ]);
    expect(nodeOptions(objects, 'log-service')).toEqual(['--max-old-space-size=200']);
    expect(nodeOptions(objects, 'echo-service')).toEqual([DEFAULT]);
    for (const service of SERVICES) {
      const names = containerOf(objects, service).env.map((variable) => variable.name);
      expect(new Set(names).size, `${service}: ${names.join(', ')}`).toBe(names.length);
    }
  });

  it('puts NODE_OPTIONS after the chart variables and before extraEnv', () => {
    const objects = render(['--set', 'echoService.extraEnv[0].name=LOG_LEVEL', '--set', 'echoService.extraEnv[0].value=debug']);
    const names = containerOf(objects, 'echo-service').env.map((variable) => variable.name);
    expect(names.slice(-2)).toEqual(['NODE_OPTIONS', 'LOG_LEVEL']);
  });

  it.each([
    { what: 'a limit too small for Node and the services under load', memory: '128Mi' },
    { what: 'the former default, too small for the services under load', memory: '256Mi' },
    { what: 'a limit just below the minimum', memory: '319Mi' },
    { what: 'the minimum written in another unit, minus a little', memory: '0.3Gi' },
    { what: 'a malformed quantity', memory: 'lots' },
    { what: 'an exponent the chart cannot parse', memory: '1e9' },
    { what: 'millibytes', memory: '300000000000m' },
    { what: 'a unit Kubernetes does not know', memory: '512MB' },
  ])('refuses $what ($memory), naming the field', ({ memory }) => {
    for (const service of SERVICES) {
      const error = helmTemplateError(chart, ['--set-string', `${VALUES_KEY[service]}.resources.limits.memory=${memory}`]);
      expect(error).toMatch(/schema/i);
      expect(error).toContain(`/${VALUES_KEY[service]}/resources/limits/memory`);
    }
  });

  it('refuses a byte count below the minimum, naming the field', () => {
    const error = helmTemplateError(chart, ['--set', 'echoService.resources.limits.memory=335544319']);
    expect(error).toContain('/echoService/resources/limits/memory');
  });
});
