import { ApiObject, type Chart } from 'cdk8s';
import { conditionsOf } from '../templating/helm-condition';
import { templateJson } from '../templating/template-patches';
import { toTemplateYaml } from '../templating/template-yaml';
import { LAB_CHART, type ChartIdentity } from './chart-identity';
import { NAMED_TEMPLATE_FILES } from '../templates/template-files';
import { checkMisplacedKeys, checkNetworkPolicyEgress, checkServiceGraph } from '../templates/validations';
import { namedTemplateFileText } from '../templating/named-template';
import { chartReadme } from './chart-readme';
import { chartYaml } from './chart-yaml';
import { CHART_DEPENDENCIES } from '../values/dependencies';
import { GENERATED_BY } from './generated-header';
import { helmignore } from './helmignore';
import { withoutKubernetesDefaults } from './kubernetes-defaults';
import { buildLabChart } from './lab-chart';
import { notesTxt } from './notes-txt';
import { serviceGraphValuesYaml } from './service-graph-values-yaml';
import { valuesSchemaJson } from './values-schema-json';
import { valuesYaml } from './values-yaml';
import { SERVICE_GRAPH_VALUES_FILE } from '../values/service-graph';

/**
 * The annotations that make an object a hook: Helm's (`helm.sh/hook: test`, run by `helm test`) and Argo CD's
 * (`PostSync`). Every hook of this chart checks the release rather than being part of it, so hooks are written
 * under templates/tests/, Helm's folder for the objects that test a release, apart from the workload.
 */
const HOOK_ANNOTATIONS = ['helm.sh/hook', 'argocd.argoproj.io/hook'];

/** The file name of an object's template: `templates/<kind>-<name>.yaml`, or `templates/tests/…` for a hook. */
function templatePath(object: ApiObject): string {
  const annotations = (object.metadata.toJson() as { annotations?: Record<string, string> }).annotations ?? {};
  const folder = HOOK_ANNOTATIONS.some((key) => key in annotations) ? 'templates/tests' : 'templates';
  return `${folder}/${object.kind.toLowerCase()}-${object.metadata.name}.yaml`;
}

/** Labels cdk8s adds for its own bookkeeping (`cdk8s.io/metadata.addr`); none may reach the chart. */
const CDK8S_INTERNAL = 'cdk8s.io/';

/** One template file: header, optional condition, the object's YAML. */
function templateText(object: ApiObject): string {
  const conditions = conditionsOf(object);
  const body = toTemplateYaml(withoutKubernetesDefaults(templateJson(object)));
  if (body.includes(CDK8S_INTERNAL)) {
    throw new Error(`${object.kind} ${object.metadata.name} still carries a ${CDK8S_INTERNAL} key; label it with labelComponent()`);
  }
  const header = `# ${GENERATED_BY}\n`;
  if (conditions.length === 0) return `${header}${body}`;
  const condition = conditions.length === 1 ? conditions[0] : `and ${conditions.map((c) => `(${c})`).join(' ')}`;
  return `${header}{{- if ${condition} }}\n${body}{{- end }}\n`;
}

/** Every file of charts/lab, by path relative to the chart directory, in a stable order. */
export function chartFiles(identity: ChartIdentity = LAB_CHART, chart: Chart = buildLabChart(identity)): Map<string, string> {
  const files = new Map<string, string>();
  const add = (path: string, text: string) => {
    if (files.has(path)) throw new Error(`two generated files would be written to ${path}`);
    files.set(path, text);
  };
  add('Chart.yaml', chartYaml(identity, CHART_DEPENDENCIES));
  add('values.yaml', valuesYaml());
  add('values.schema.json', valuesSchemaJson());
  add(SERVICE_GRAPH_VALUES_FILE, serviceGraphValuesYaml());
  add('README.md', chartReadme(identity, CHART_DEPENDENCIES));
  add('.helmignore', helmignore());
  for (const file of NAMED_TEMPLATE_FILES) add(`templates/${file.file}`, `{{- /* ${GENERATED_BY} */ -}}\n${namedTemplateFileText(file)}`);
  add('templates/NOTES.txt', notesTxt());
  // Renders nothing: fails the render when values contradict each other (a check that must run whatever is on).
  const checks = [checkMisplacedKeys, checkServiceGraph, checkNetworkPolicyEgress].map((check) => `{{- include "${check.name}" . -}}\n`).join('');
  add('templates/values-checks.yaml', `{{- /* ${GENERATED_BY} */ -}}\n${checks}`);
  const objects = chart.node.findAll().filter((construct): construct is ApiObject => construct instanceof ApiObject);
  for (const object of objects) add(templatePath(object), templateText(object));
  return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
