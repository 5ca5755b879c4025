import { ECHO_SERVICE, LOG_SERVICE } from '@tracing-lab/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { findObject, HELM_MAJORS, HELM_V4, schemaErrorLine, type K8sObject } from '../../test-support/chart/helm';
import { firstContainer, type Container } from '../../test-support/chart/workloads';

// The services' NODE_OPTIONS as the real helm renders them (with the real dependency charts) from resources.limits.memory (heap-budget.ts):
//   heap = limit − 112 MiB; semi-space: the largest of 64, 32, 16 MiB that leaves heap − 3 × semi ≥ 3 × semi;
//   old space = heap − 3 × semi.
// Expected values are worked out by hand here, not by the chart's code.

const SERVICES = [LOG_SERVICE, ECHO_SERVICE] as const;
/** The defaults: log-service 512Mi (heap 400: 64 leaves 208 ≥ 192), echo-service 288Mi (heap 176: 32 leaves 80 < 96; 16 leaves 128). */
const DEFAULTS = {
  [LOG_SERVICE]: { limit: '512Mi', nodeOptions: '--max-old-space-size=208 --max-semi-space-size=64' },
  [ECHO_SERVICE]: { limit: '288Mi', nodeOptions: '--max-old-space-size=128 --max-semi-space-size=16' },
} as const;
const VALUES_KEY = { [LOG_SERVICE]: 'logService', [ECHO_SERVICE]: 'echoService' } as const;

const containerOf = (objects: K8sObject[], service: string): Container => firstContainer(findObject(objects, 'Deployment', service));
const envNames = (objects: K8sObject[], service: string): string[] => (containerOf(objects, service).env ?? []).map((variable) => variable.name);
const nodeOptions = (objects: K8sObject[], service: string): string[] =>
  (containerOf(objects, service).env ?? []).filter((variable) => variable.name === 'NODE_OPTIONS').map((variable) => variable.value ?? '');

describe('NODE_OPTIONS follows resources.limits.memory', () => {
  let chart: string;
  const render = (args: string[]) => HELM_V4.template(chart, args);
  beforeAll(() => {
    chart = chartWithDependencies();
  });

  it.each(HELM_MAJORS)("renders the default budget for each service's default limit ($label)", (helm) => {
    const objects = helm.template(chart);
    for (const service of SERVICES) {
      expect(containerOf(objects, service).resources?.limits?.memory).toBe(DEFAULTS[service].limit);
      expect(nodeOptions(objects, service)).toEqual([DEFAULTS[service].nodeOptions]);
    }
  });

  it.each([
    { memory: '1Gi', old: 720, semi: 64 }, // heap 912
    { memory: '600Mi', old: 296, semi: 64 }, // heap 488: 64 leaves 296 ≥ 192
    { memory: '0.375Gi', old: 176, semi: 32 }, // 384 MiB, heap 272: 64 leaves 80 < 192; 32 leaves 176 ≥ 96
    { memory: '400M', old: 173, semi: 32 }, // 400e6 B = 381.47 MiB; heap 269.47: 32 leaves 173.47
    { memory: '409600Ki', old: 192, semi: 32 }, // 400 MiB: heap 288: 64 leaves 96 < 192
    { memory: '320Mi', old: 112, semi: 32 }, // heap 208: 32 leaves 112 ≥ 96
    { memory: '256Mi', old: 96, semi: 16 }, // the smallest limit the schema accepts: heap 144: 32 leaves 48 < 96
  ])('renders old space $old MiB and semi-space $semi MiB for a limit of $memory', ({ memory, old, semi }) => {
    const objects = render(['--set', `echoService.resources.limits.memory=${memory}`]);
    expect(nodeOptions(objects, ECHO_SERVICE)).toEqual([`--max-old-space-size=${old} --max-semi-space-size=${semi}`]);
    // The other service keeps its default budget.
    expect(nodeOptions(objects, LOG_SERVICE)).toEqual([DEFAULTS[LOG_SERVICE].nodeOptions]);
  });

  // Where the choice of semi-space changes: 64 MiB needs heap − 192 ≥ 192, a heap of 384 (limit 496Mi); 32 MiB
  // needs heap − 96 ≥ 96, a heap of 192 (limit 304Mi). At each boundary, one byte and one MiB below, and one MiB
  // above, also written in other units (all exact: 496Mi = 507904Ki = 0.484375Gi = 520093696 bytes = 520.093696M).
  it.each([
    { memory: '497Mi', old: 193, semi: 64 }, // heap 385: 64 leaves 193 ≥ 192
    { memory: '496Mi', old: 192, semi: 64 }, // heap 384: 64 leaves exactly 192 = 3 × 64
    { memory: '507904Ki', old: 192, semi: 64 },
    { memory: '0.484375Gi', old: 192, semi: 64 },
    { memory: '520.093696M', old: 192, semi: 64 },
    { memory: '520093696', old: 192, semi: 64 },
    { memory: '520093695', old: 287, semi: 32 }, // one byte less: heap 383.999999: 64 leaves 191.999999 < 192; 32 leaves 287.999999
    { memory: '520.093695M', old: 287, semi: 32 },
    { memory: '495Mi', old: 287, semi: 32 }, // heap 383: 32 leaves 287
    { memory: '305Mi', old: 97, semi: 32 }, // heap 193: 32 leaves 97 ≥ 96
    { memory: '304Mi', old: 96, semi: 32 }, // heap 192: 32 leaves exactly 96 = 3 × 32
    { memory: '311296Ki', old: 96, semi: 32 },
    { memory: '0.296875Gi', old: 96, semi: 32 },
    { memory: '318767104', old: 96, semi: 32 },
    { memory: '318767103', old: 143, semi: 16 }, // one byte less: heap 191.999999: 32 leaves 95.999999 < 96; 16 leaves 143.999999
    { memory: '303Mi', old: 143, semi: 16 }, // heap 191: 16 leaves 143
    { memory: '256Mi', old: 96, semi: 16 }, // the minimum: heap 144: 16 leaves exactly 96
  ])('at a boundary of the semi-space: $memory → old space $old MiB, semi-space $semi MiB', ({ memory, old, semi }) => {
    const objects = render(['--set-string', `echoService.resources.limits.memory=${memory}`]);
    expect(nodeOptions(objects, ECHO_SERVICE)).toEqual([`--max-old-space-size=${old} --max-semi-space-size=${semi}`]);
  });

  it('takes a limit in whole bytes, as a number and as a string', () => {
    for (const flag of ['--set', '--set-string']) {
      const objects = render([flag, 'logService.resources.limits.memory=1073741824']);
      expect(nodeOptions(objects, LOG_SERVICE)).toEqual(['--max-old-space-size=720 --max-semi-space-size=64']);
    }
  });

  it('leaves NODE_OPTIONS out when the service has no memory limit (Node sizes its heap itself)', () => {
    const objects = render(['--set', 'logService.resources.limits.memory=null']);
    expect(nodeOptions(objects, LOG_SERVICE)).toEqual([]);
    expect(containerOf(objects, LOG_SERVICE).resources?.limits).toEqual({ cpu: '500m' });
  });

  it('lets NODE_OPTIONS in extraEnv win: the chart leaves its own out, so the name occurs once (server-side apply refuses duplicates)', () => {
    const objects = render([
      '--set', 'logService.extraEnv[0].name=NODE_OPTIONS',
      '--set', 'logService.extraEnv[0].value=--max-old-space-size=200',
      '--set', 'logService.resources.limits.memory=1Gi',
    ]);
    expect(nodeOptions(objects, LOG_SERVICE)).toEqual(['--max-old-space-size=200']);
    expect(nodeOptions(objects, ECHO_SERVICE)).toEqual([DEFAULTS[ECHO_SERVICE].nodeOptions]);
    for (const service of SERVICES) {
      const names = envNames(objects, service);
      expect(new Set(names).size, `${service}: ${names.join(', ')}`).toBe(names.length);
    }
  });

  it('puts NODE_OPTIONS after the chart variables and before extraEnv', () => {
    const objects = render(['--set', 'echoService.extraEnv[0].name=LOG_LEVEL', '--set', 'echoService.extraEnv[0].value=debug']);
    const names = envNames(objects, ECHO_SERVICE);
    expect(names.slice(-2)).toEqual(['NODE_OPTIONS', 'LOG_LEVEL']);
  });

  it.each([
    { what: 'a limit too small for Node and the services under load', memory: '128Mi' },
    { what: 'a limit just below the minimum', memory: '255Mi' },
    { what: 'the minimum written in another unit, minus a little', memory: '0.24Gi' },
    { what: 'a malformed quantity', memory: 'lots' },
    { what: 'an exponent the chart cannot parse', memory: '1e9' },
    { what: 'millibytes', memory: '300000000000m' },
    { what: 'a unit Kubernetes does not know', memory: '512MB' },
  ])('refuses $what ($memory), naming the field', ({ memory }) => {
    for (const service of SERVICES) {
      const error = HELM_V4.templateError(chart, ['--set-string', `${VALUES_KEY[service]}.resources.limits.memory=${memory}`]);
      expect(error).toContain("values don't meet the specifications of the schema");
      expect(schemaErrorLine(error, `/${VALUES_KEY[service]}/resources/limits/memory`), error).toBeDefined();
    }
  });

  it('refuses a byte count below the minimum, naming the field', () => {
    const error = HELM_V4.templateError(chart, ['--set', 'echoService.resources.limits.memory=268435455']);
    expect(schemaErrorLine(error, '/echoService/resources/limits/memory'), error).toBeDefined();
  });
});
