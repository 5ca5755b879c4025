/**
 * Named templates (`define`s) and the `_*.tpl` files that hold them, one file per concept (templates/). As in
 * bitnami's common chart, each define opens with a comment whose first line shows how to call it; what it renders
 * follows.
 */

/** One `define`. */
export interface NamedTemplate {
  /** The name `include` takes, e.g. `lab.labels`. */
  readonly name: string;
  /** What follows the name in a call: the argument, and any pipe its output needs (e.g. `. | fromYamlArray`). */
  readonly args: string;
  /** What it renders or checks, one or more lines. */
  readonly description: string;
  /** The template text between `{{- define … -}}` and its `{{- end -}}`. */
  readonly body: string;
}

/** A `_*.tpl` file under templates/: the named templates of one concept. */
export interface NamedTemplateFile {
  /** The file name, e.g. `_labels.tpl`. */
  readonly file: `_${string}.tpl`;
  readonly templates: readonly NamedTemplate[];
}

/** The usage line of a named template, e.g. `{{ include "lab.otlpEndpoint" . }}`. */
function usageOf(template: NamedTemplate): string {
  return `{{ include ${JSON.stringify(template.name)} ${template.args} }}`;
}

function defineText(template: NamedTemplate): string {
  if (template.description.includes('*/')) throw new Error(`the description of ${template.name} would end its comment`);
  const name = JSON.stringify(template.name);
  return `{{/*\nUsage: ${usageOf(template)}\n${template.description}\n*/}}\n{{- define ${name} -}}\n${template.body}\n{{- end -}}\n`;
}

/** The text of a `_*.tpl` file: its defines, a blank line apart. */
export function namedTemplateFileText(file: NamedTemplateFile): string {
  return file.templates.map(defineText).join('\n');
}
