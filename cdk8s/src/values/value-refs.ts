import type { Values } from './model';

/**
 * Typed references to `.Values` paths, so a template can only name keys the values model declares:
 * `valueRefs.logService.replicaCount` is the path `.Values.logService.replicaCount` and a typo does not compile.
 */

const PATH = Symbol('values path');

export interface ValueRef {
  readonly [PATH]: readonly string[];
}

type Plain<T> = T extends readonly unknown[] ? never : T extends object ? T : never;

/** References mirror the model's declared keys (index signatures of open objects such as `tempo:` are left out). */
export type ValueRefs<T> = ValueRef & {
  readonly [K in keyof Plain<T> as K extends string ? (string extends K ? never : K) : never]-?: ValueRefs<Plain<T>[K]>;
};

function refAt(path: readonly string[]): ValueRefs<unknown> {
  return new Proxy({} as ValueRefs<unknown>, {
    get(_target, key) {
      if (key === PATH) return path;
      if (typeof key !== 'string') return undefined;
      return refAt([...path, key]);
    },
  });
}

/** The root of the references: `valueRefs.otel.bsp.maxQueueSize`. */
export const valueRefs = refAt([]) as unknown as ValueRefs<Values>;

/** The template expression of a reference, e.g. `.Values.logService.replicaCount`. */
export function valuesPath(ref: ValueRef): string {
  const path = ref[PATH];
  for (const key of path) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`values key ${JSON.stringify(key)} cannot be written as a .Values path`);
  }
  return ['.Values', ...path].join('.');
}

/** The dotted key of a reference without `.Values.`, as Chart.yaml conditions and `--set` name it. */
export function valuesKey(ref: ValueRef): string {
  return valuesPath(ref).slice('.Values.'.length);
}
