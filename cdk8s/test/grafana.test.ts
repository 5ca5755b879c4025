import { beforeAll, describe, expect, it } from 'vitest';
import { chartWithStubDependencies, findObject, helmTemplate, helmTemplateError, labObjects, stubValues } from './support/helm';

// Rendering uses charts/lab with stand-ins for its dependencies (see chartWithStubDependencies): what is checked
// here is what Helm hands to the Grafana chart, not the Grafana chart's own output.

interface SidecarValues {
  sidecar?: { datasources?: { enabled?: boolean; label?: string; labelValue?: string } };
  fullnameOverride?: string;
}

describe('optional Grafana', () => {
  let chart: string;
  beforeAll(() => {
    chart = chartWithStubDependencies();
  });

  it('is off by default', () => {
    expect(stubValues(helmTemplate(chart), 'grafana')).toBeUndefined();
  });

  it('when on, runs the datasource sidecar watching the label our datasource ConfigMap carries', () => {
    const objects = helmTemplate(chart, ['--set', 'grafana.enabled=true']);
    const grafana = stubValues(objects, 'grafana') as SidecarValues | undefined;
    expect(grafana).toBeDefined();
    const sidecar = grafana?.sidecar?.datasources;
    expect(sidecar?.enabled).toBe(true);
    expect(grafana?.fullnameOverride).toBe('grafana');
    const labels = findObject(labObjects(objects), 'ConfigMap', 'tempo-grafana-datasource').metadata.labels ?? {};
    expect(sidecar?.label).toBeTruthy();
    expect(labels[sidecar?.label ?? '']).toBe(sidecar?.labelValue);
  });

  it('follows a changed label when both sides are changed together', () => {
    const objects = helmTemplate(chart, [
      '--set', 'grafana.enabled=true',
      '--set', 'grafanaDatasource.label.key=tracing-lab/datasource',
      '--set', 'grafana.sidecar.datasources.label=tracing-lab/datasource',
    ]);
    const sidecar = (stubValues(objects, 'grafana') as SidecarValues).sidecar?.datasources;
    const labels = findObject(labObjects(objects), 'ConfigMap', 'tempo-grafana-datasource').metadata.labels ?? {};
    expect(labels['tracing-lab/datasource']).toBe(sidecar?.labelValue);
  });

  it('refuses a sidecar label that differs from the datasource label, saying which values to align', () => {
    const error = helmTemplateError(chart, ['--set', 'grafana.enabled=true', '--set', 'grafanaDatasource.label.value=tempo']);
    expect(error).toMatch(/grafana\.sidecar\.datasources\.label.*must match grafanaDatasource\.label/);
  });
});
