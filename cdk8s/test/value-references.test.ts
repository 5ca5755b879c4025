import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chartFiles } from '../src/chart/chart-files';
import { defaultValues } from '../src/values/model';
import { valueDocs } from '../src/values/values-doc';
import { valuesJsonSchema, type SchemaNode } from '../src/values/values-json-schema';

/** Keys consumed by a subchart rather than by our templates. */
const SUBCHART_KEYS = /^(tempo|grafana|prometheus)\.(?!enabled$|fullnameOverride$|nameOverride$)/;

function templateText(): string {
  return [...chartFiles()].filter(([path]) => path.startsWith('templates/')).map(([, text]) => text).join('\n');
}

/** Whether the values model declares the key: with a default (in values.yaml) or optional (in the schema only). */
function declares(path: string[]): boolean {
  let node: SchemaNode | undefined = valuesJsonSchema();
  for (const key of path) node = node?.properties?.[key];
  return node !== undefined;
}

function hasPath(values: unknown, path: string[]): boolean {
  let node = values;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

describe('.Values references in the templates', () => {
  it('name keys the values model declares (a typo would render nothing)', () => {
    const paths = [...templateText().matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((match) => match[1]!.slice(1));
    expect(paths.length).toBeGreaterThan(20);
    for (const path of new Set(paths)) expect(hasPath(defaultValues(), path.split('.')) || declares(path.split('.')), path).toBe(true);
  });

  it('cover every documented value of ours (no dead keys)', () => {
    const text = templateText();
    const referenced = new Set([...text.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((match) => match[1]!.slice(1)));
    const chartYaml = parse(chartFiles().get('Chart.yaml') ?? '') as { dependencies: { condition: string }[] };
    const conditions = new Set(chartYaml.dependencies.flatMap((dependency) => dependency.condition.split(',')));
    // _datasources.tpl binds `$values := .Values.grafanaDatasource` (or `.Values.serviceGraph.prometheus`) and reads its keys from there.
    const readThroughDatasourceVariable = (key: string) =>
      ['grafanaDatasource.', 'serviceGraph.prometheus.'].some(
        (section) => key.startsWith(section) && new RegExp(`\\$values\\.${key.slice(section.length).replace('.', '\\.')}\\b`).test(text),
      );
    const unused = valueDocs(valuesJsonSchema(), defaultValues() as Record<string, unknown>)
      .filter((doc) => !doc.isSection && !SUBCHART_KEYS.test(doc.key))
      .map((doc) => doc.key)
      .filter((key) => !referenced.has(key) && !conditions.has(key) && !readThroughDatasourceVariable(key));
    expect(unused).toEqual([]);
  });
});
