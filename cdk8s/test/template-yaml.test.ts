import { Chart, App } from 'cdk8s';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { conditionsOf, HelmCondition } from '../src/templating/helm-condition';
import { helmBlock, helmInline, helmSplice, helmText } from '../src/templating/markers';
import { toTemplateYaml } from '../src/templating/template-yaml';

describe('toTemplateYaml', () => {
  it('writes inline actions unquoted, so integers and booleans stay integers and booleans', () => {
    const text = toTemplateYaml({ spec: { replicas: helmInline('int .Values.replicaCount'), name: 'plain' } });
    expect(text).toContain('replicas: {{ int .Values.replicaCount }}\n');
    expect(text).toContain('name: plain\n');
  });

  it('keeps strings that merely contain an action as quoted-if-needed strings', () => {
    const url = 'http://tempo.{{ .Release.Namespace }}.svc:4317';
    expect(parse(toTemplateYaml({ url }))).toEqual({ url });
  });

  it('indents a block at the depth of the mapping value', () => {
    const text = toTemplateYaml({ a: { b: { resources: helmBlock('toYaml .Values.resources') } } });
    expect(text).toContain('    resources: {{- toYaml .Values.resources | nindent 6 }}\n');
  });

  it('writes text as a block scalar whose lines the action indents to the block', () => {
    const text = toTemplateYaml({ data: { 'file.yaml': helmText('include "file" .') } });
    expect(text).toContain('data:\n  file.yaml: |\n    {{- include "file" . | nindent 4 }}\n');
  });

  it('replaces a splice item by the list items at the sequence indentation', () => {
    const text = toTemplateYaml({ env: [{ name: 'A', value: 'a' }, helmSplice('.Values.extraEnv')] });
    const lines = text.split('\n');
    const dash = lines.find((line) => line.includes('- name: A'))!;
    const indent = dash.indexOf('-');
    expect(lines).toContain(`${' '.repeat(indent)}{{- with .Values.extraEnv }}`);
    expect(lines).toContain(`${' '.repeat(indent)}{{- toYaml . | nindent ${indent} }}`);
    expect(lines).toContain(`${' '.repeat(indent)}{{- end }}`);
  });

  it('refuses markers where they cannot be emitted', () => {
    expect(() => toTemplateYaml({ list: [helmBlock('.Values.x')] })).toThrow(/block marker must be a mapping value.*\.list\[0\]/);
    expect(() => toTemplateYaml({ list: [helmText('include "x" .')] })).toThrow(/text marker must be a mapping value.*\.list\[0\]/);
    expect(() => toTemplateYaml({ key: helmSplice('.Values.x') })).toThrow(/splice marker must be a sequence item.*\.key/);
    expect(() => toTemplateYaml({ key: `prefix ${helmInline('.Values.x')}` })).toThrow(/inside a longer string.*\.key/);
    expect(() => helmInline('{{ .Values.x }}')).toThrow(/bare template expression/);
  });
});

describe('HelmCondition', () => {
  it('collects the conditions of every enclosing scope, outermost first', () => {
    const chart = new Chart(new App(), 'chart');
    const outer = new HelmCondition(chart, 'outer', '.Values.a');
    const inner = new HelmCondition(outer, 'inner', '.Values.b');
    const leaf = new Construct(inner, 'leaf');
    expect(conditionsOf(leaf)).toEqual(['.Values.a', '.Values.b']);
    expect(conditionsOf(new Construct(chart, 'free'))).toEqual([]);
  });
});
