import { beforeAll, describe, expect, it } from 'vitest';
import { chartWithDependencies } from './support/chart-with-dependencies';
import { HELM_V4 } from './support/helm';

// Helm 4 only: Helm 3's `install --dry-run=client` still asks the cluster for its version (pkg/action/install.go
// calls KubeClient.IsReachable unless ClientOnly, which only `helm template` sets), and there is no cluster here.
describe.each([HELM_V4])('NOTES.txt after install ($label)', (helm) => {
  let chart: string;
  beforeAll(() => {
    chart = chartWithDependencies();
  });

  it('says how to send a request, find its trace in Tempo and run the check, in the release namespace', () => {
    const notes = helm.installNotes(chart, ['--namespace', 'observability']);
    expect(notes).toContain('kubectl -n observability port-forward svc/log-service 8080:8080');
    expect(notes).toMatch(/x-trace-id/i);
    expect(notes).toContain('kubectl -n observability port-forward svc/tempo 3200:3200');
    expect(notes).toContain('/api/v2/traces/');
    expect(notes).toContain('helm test tracing-lab -n observability --logs');
    expect(notes).not.toContain('svc/grafana');
  });

  it('says how to reach Grafana when the chart installs it', () => {
    const notes = helm.installNotes(chart, ['--set', 'grafana.enabled=true']);
    expect(notes).toContain('port-forward svc/grafana 3000:80');
    expect(notes).toContain('admin-password');
  });

  it('points at the configured OTLP endpoint when Tempo is not installed', () => {
    const notes = helm.installNotes(chart, ['--set', 'tempo.enabled=false', '--set', 'otel.endpoint=http://tempo.tracing:4317']);
    expect(notes).toContain('http://tempo.tracing:4317');
    expect(notes).not.toContain('svc/tempo');
  });
});
