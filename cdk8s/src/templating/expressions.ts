import { helmBlock, helmInline, helmSplice, helmText } from './markers';
import type { NamedTemplate } from './named-template';
import { valuesPath, type ValueRef } from '../values/value-refs';

/** Template expressions for values and release fields, as markers (see markers.ts). */

/** Any value as JSON (valid YAML): strings quoted, numbers and booleans bare. */
export const jsonOf = (ref: ValueRef): string => helmInline(`toJson ${valuesPath(ref)}`);

/** An integer field (replicas, ports): `int` also turns Helm's float64 numbers into integers. */
export const intOf = (ref: ValueRef): string => helmInline(`int ${valuesPath(ref)}`);

/** An integer value, or 0 while the boolean value `zeroWhen` is true (replicas of a workload a fault turns off). */
export const intUnlessOf = (ref: ValueRef, zeroWhen: ValueRef): string => helmInline(`ternary 0 (int ${valuesPath(ref)}) ${valuesPath(zeroWhen)}`);

/** One of two strings, as the boolean value `when` says (an environment variable a switch sets). */
export const stringWhenOf = (when: ValueRef, ifTrue: string, ifFalse: string): string =>
  helmInline(`ternary ${JSON.stringify(ifTrue)} ${JSON.stringify(ifFalse)} ${valuesPath(when)} | toJson`);

/** An integer value as a string (environment variables), never in exponent form. */
export const intStringOf = (ref: ValueRef): string => helmInline(`toJson (toString (int ${valuesPath(ref)}))`);

/** A number value as a string (environment variables). */
export const numberStringOf = (ref: ValueRef): string => helmInline(`toJson (toString ${valuesPath(ref)})`);

/** An object value (resources, annotations) as a YAML block. */
export const blockOf = (ref: ValueRef): string => helmBlock(`toYaml ${valuesPath(ref)}`);

/** The items of a list value, appended in place of this sequence item. */
export const spliceOf = (ref: ValueRef): string => helmSplice(valuesPath(ref));

/** The output of a named template (templates/), called with the root context, as a quoted string. */
export const includeString = (template: NamedTemplate): string => helmInline(`include ${JSON.stringify(template.name)} . | toJson`);

/** The output of a named template (templates/), called with the root context, as a block scalar (an embedded file). */
export const includeText = (template: NamedTemplate): string => helmText(`include ${JSON.stringify(template.name)} .`);

/** The release's namespace as a quoted string. */
export const releaseNamespace = (): string => helmInline('toJson .Release.Namespace');

/** The release's namespace inside a longer string, e.g. `http://log-service.${RELEASE_NAMESPACE_ACTION}.svc…`. */
export const RELEASE_NAMESPACE_ACTION = '{{ .Release.Namespace }}';
