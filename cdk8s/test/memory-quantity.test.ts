import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryQuantityBytes } from '../src/values/memory-quantity';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { findObject, HELM_V4, schemaErrorLine, type K8sObject } from '../../test-support/chart/helm';
import { kubernetesQuantities, type KubernetesQuantity } from '../../test-support/chart/kube-quantity';
import { firstContainer } from '../../test-support/chart/workloads';
import { COMMITTED_CHART } from '../../test-support/chart/committed-chart';

// A service's memory limit as the chart judges it — the pattern of values.schema.json, which helm applies, and the
// heap budget the real helm renders from it — against Kubernetes' own quantity parser (tools/kube-quantity:
// k8s.io/apimachinery's resource.ParseQuantity), which shares nothing with the chart's unit table. Every suffix and
// form Kubernetes accepts is tried at the minimum, 256Mi, and around it. Numbers here are written out, not imported.
const MINIMUM = '256Mi';

/**
 * The forms docs/chart.md says the chart takes: a decimal number with one of these suffixes, or whole bytes. Every
 * other form Kubernetes accepts (milli, P, E, Pi, Ei, exponents, a sign, `.5`, `5.`) must be refused: Helm has no
 * quantity parser, and the chart's template computes only with these.
 */
const CHART_FORM = /^(?:[0-9]+(?:\.[0-9]+)?(?:Ki|Mi|Gi|Ti|k|M|G|T)|[0-9]+)$/;

/** Every suffix Kubernetes accepts (binary SI, decimal SI, decimal exponents), and none. */
const KUBERNETES_SUFFIXES = ['', 'm', 'k', 'M', 'G', 'T', 'P', 'E', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'e3', 'E6', 'e9', 'e-3', 'E+2'];

/** 256Mi and one step below it in each form the chart takes (the step: one in the last digit written). */
const AT_AND_BELOW_THE_MINIMUM: ReadonlyArray<readonly [string, string]> = [
  ['268435456', '268435455'],
  ['262144Ki', '262143.9999Ki'],
  ['256Mi', '255.9999Mi'],
  ['0.25Gi', '0.2499999Gi'],
  ['0.000244140625Ti', '0.000244140624Ti'],
  ['268435.456k', '268435.455k'],
  ['268.435456M', '268.435455M'],
  ['0.268435456G', '0.268435455G'],
  ['0.000268435456T', '0.000268435455T'],
];

/** Forms Kubernetes accepts above the minimum that the chart does not take. */
const KUBERNETES_ONLY_FORMS = ['1Pi', '0.5Ei', '1P', '1E', '268435456000m', '1e9', '1E9', '2.68435456e8', '5E+8', '+256Mi', '.5Gi', '5.Gi'];

/** Some seconds of pseudo-random quantities, the same every run (a failure can be run again). */
function spread(count: number): string[] {
  let seed = 0x2545f491;
  const next = (below: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % below;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const digits = next(11);
    const integer = digits === 0 ? '0' : String(next(10 ** Math.min(digits, 9))) + (digits > 9 ? '0'.repeat(digits - 9) : '');
    const fraction = next(2) === 0 ? '' : `.${String(next(10 ** 6)).padStart(1 + next(6), '0')}`;
    const zeros = next(8) === 0 ? '0' : '';
    out.push(`${zeros}${integer}${fraction}${KUBERNETES_SUFFIXES[next(KUBERNETES_SUFFIXES.length)]}`);
  }
  return out;
}

const CANDIDATES = [
  ...new Set([
    ...AT_AND_BELOW_THE_MINIMUM.flat(),
    ...KUBERNETES_ONLY_FORMS,
    '0256Mi', '0268435456', '256.000Mi', '262144.0000001Ki', '507903.9995Ki', '256Mi ', ' 256Mi', '256 Mi', '256mi', '256MB', '256MiB', 'Mi', '', 'lots', '-256Mi',
    ...KUBERNETES_SUFFIXES.flatMap((suffix) => ['1', '256', '0.25', '268435456', '1000'].map((number) => `${number}${suffix}`)),
    ...spread(3000),
  ]),
];

/** What the chart must do with a quantity, by Kubernetes' judgement and the documented forms. */
const chartAccepts = (judged: KubernetesQuantity): boolean => judged.valid && judged.atLeastMinimum && CHART_FORM.test(judged.quantity);

/** The budget docs/chart.md describes, from the limit the container gets in bytes (the formula written out). */
function expectedNodeOptions(bytes: string): string {
  const heapMiB = Number(bytes) / 2 ** 20 - 112;
  const semiMiB = [64, 32, 16].find((semi) => heapMiB - 3 * semi >= 3 * semi) ?? 16;
  return `--max-old-space-size=${Math.floor(heapMiB - 3 * semiMiB)} --max-semi-space-size=${semiMiB}`;
}

const nodeOptionsOf = (objects: K8sObject[]): string | undefined =>
  firstContainer(findObject(objects, 'Deployment', 'echo-service')).env?.find((variable) => variable.name === 'NODE_OPTIONS')?.value;

describe(`a memory limit judged as Kubernetes judges it (at least ${MINIMUM})`, () => {
  let kubernetes: Map<string, KubernetesQuantity>;
  beforeAll(async () => {
    kubernetes = await kubernetesQuantities(MINIMUM, CANDIDATES);
  }, 300_000);

  it('the oracle reads the minimum in every form as 256 MiB, and one step below as less', () => {
    for (const [at, below] of AT_AND_BELOW_THE_MINIMUM) {
      expect(kubernetes.get(at), at).toMatchObject({ valid: true, bytes: '268435456', atLeastMinimum: true });
      expect(kubernetes.get(below), below).toMatchObject({ valid: true, atLeastMinimum: false });
    }
    for (const form of KUBERNETES_ONLY_FORMS) expect(kubernetes.get(form), form).toMatchObject({ valid: true, atLeastMinimum: true });
  });

  it('values.schema.json accepts exactly the quantities Kubernetes reads as at least the minimum, in the forms the chart takes', () => {
    const schema = JSON.parse(readFileSync(join(COMMITTED_CHART, 'values.schema.json'), 'utf8')) as Record<string, any>;
    for (const service of ['logService', 'echoService']) {
      const memory = schema.properties[service].properties.resources.properties.limits.properties.memory as { anyOf: { type: string; pattern?: string }[] };
      const pattern = new RegExp(memory.anyOf.find((alternative) => alternative.type === 'string')!.pattern!);
      const wrong = CANDIDATES.filter((quantity) => pattern.test(quantity) !== chartAccepts(kubernetes.get(quantity)!));
      expect(wrong, service).toEqual([]);
    }
  });

  describe('the real helm, every form at and around the minimum', () => {
    let chart: string;
    beforeAll(() => {
      chart = chartWithDependencies();
    });

    const RENDERED = [...AT_AND_BELOW_THE_MINIMUM.flat(), ...KUBERNETES_ONLY_FORMS, '0256Mi', '0268435456', '262144.0000001Ki', '507903.9995Ki'];
    it.each(RENDERED)('%s: rendered into the budget of the bytes Kubernetes reads, or refused naming the field', (quantity) => {
      const judged = kubernetes.get(quantity)!;
      const args = ['--set-string', `echoService.resources.limits.memory=${quantity}`];
      if (chartAccepts(judged)) {
        expect(nodeOptionsOf(HELM_V4.template(chart, args))).toBe(expectedNodeOptions(judged.bytes!));
      } else {
        const error = HELM_V4.templateError(chart, args);
        expect(schemaErrorLine(error, '/echoService/resources/limits/memory'), error).toBeDefined();
      }
    });
  });
});

describe('memoryQuantityBytes (the benchmark reads the chart limits with it)', () => {
  it.each([
    ['384Mi', 402_653_184],
    ['0.5Gi', 536_870_912],
    ['400M', 400_000_000],
    ['393216Ki', 402_653_184],
    ['536870912', 536_870_912],
    [536_870_912, 536_870_912],
  ] as const)('reads %s as %d bytes', (quantity, bytes) => {
    expect(memoryQuantityBytes(quantity)).toBe(bytes);
  });

  it('refuses what is not a memory quantity', () => {
    for (const bad of ['lots', '1e9', '512MB', '']) expect(() => memoryQuantityBytes(bad), bad).toThrow(/not a memory quantity/);
  });
});
