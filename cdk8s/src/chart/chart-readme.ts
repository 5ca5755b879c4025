import type { ChartIdentity } from './chart-identity';
import { valuesTable } from './values-table';
import type { ChartDependency } from '../values/dependencies';
import { GENERATED_BY } from './generated-header';
import { SERVICE_GRAPH_VALUES_FILE } from '../values/service-graph';

/** `tempo:` and `grafana:` (one per dependency) take any other key of their chart. */
function passThrough(dependencies: readonly ChartDependency[]): string {
  const keys = dependencies.map((d) => `\`${d.name}\``);
  const list = keys.length > 1 ? `${keys.slice(0, -1).join(', ')} and ${keys.at(-1)}` : (keys[0] ?? '');
  return `${list} also pass any other key through to the dependency chart of that name.`;
}

/** The chart's README.md: what it installs, how to install it, and the values table. */
export function chartReadme(chart: ChartIdentity, dependencies: readonly ChartDependency[]): string {
  const dependencyRows = dependencies.map((d) => `| \`${d.name}\` | ${d.version} | ${d.repository} | \`${d.condition}\` |`);
  return `<!-- ${GENERATED_BY} -->
# ${chart.name}

${chart.description}

Version ${chart.version}, appVersion ${chart.appVersion}.

## Install

\`\`\`sh
helm dependency build charts/lab
helm upgrade --install tracing-lab charts/lab -n monitoring --create-namespace
helm test tracing-lab -n monitoring --logs
\`\`\`

With the service graph (Tempo's metrics-generator, a Prometheus, Grafana's service map), pass the values file that
turns it on with every Tempo key it needs: \`-f charts/lab/${SERVICE_GRAPH_VALUES_FILE}\`.

## Dependencies

| Chart | Version | Repository | Condition |
| --- | --- | --- | --- |
${dependencyRows.join('\n')}

## Values

values.schema.json rejects unknown keys and out-of-range values for every key below; ${passThrough(dependencies)}

${valuesTable()}
`;
}
