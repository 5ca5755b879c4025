import { LOG_SERVICE } from '@tracing-lab/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultValues } from '../src/values/model';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { findObject, HELM_MAJORS, ownObjects, type K8sObject } from '../../test-support/chart/helm';
import { validateKubernetesObject } from '../../test-support/chart/kubernetes-schema';
import { firstContainer as containerOf, podSpecOf, type Container } from '../../test-support/chart/workloads';

// charts/lab with its real dependency charts, rendered by each Helm major; these tests read our own objects.

/** `--flag value` pairs of the check's command line. */
const flags = (container: Container): Map<string, string> => {
  const result = new Map<string, string>();
  const args = container.args ?? [];
  for (let index = 0; index < args.length; index += 2) result.set(args[index]!, args[index + 1]!);
  return result;
};

const NAMESPACE = 'monitoring';

describe.each(HELM_MAJORS)('trace check in the cluster ($label)', (helm) => {
  let render: (args?: string[]) => K8sObject[];
  beforeAll(() => {
    const chart = chartWithDependencies();
    render = (args = []) => {
      const rendered = helm.template(chart, ['--namespace', NAMESPACE, ...args]);
      for (const object of rendered) validateKubernetesObject(object);
      return ownObjects(rendered);
    };
  });

  describe('helm test hook (default on)', () => {
    let objects: K8sObject[];
    let pod: K8sObject;
    beforeAll(() => {
      objects = render();
      pod = findObject(objects, 'Pod', 'trace-check-helm-test');
    });

    it('is a Pod annotated as a Helm test, kept until the next run so `helm test --logs` can print it', () => {
      expect(pod.metadata.annotations).toEqual({ 'helm.sh/hook': 'test', 'helm.sh/hook-delete-policy': 'before-hook-creation' });
      expect(podSpecOf(pod).restartPolicy).toBe('Never');
    });

    it('runs the trace checker of the log-service image against the in-cluster Services', () => {
      const container = containerOf(pod);
      const logService = containerOf(findObject(objects, 'Deployment', LOG_SERVICE));
      expect(container.image).toBe(logService.image);
      expect(container.imagePullPolicy).toBe(logService.imagePullPolicy);
      expect(container.workingDir).toBe('/app/services/log-service');
      expect(container.command).toEqual(['node', 'dist/trace-check/cli.js']);
      expect(Object.fromEntries(flags(container))).toEqual({
        '--log-service-url': `http://log-service.${NAMESPACE}.svc.cluster.local:8080`,
        '--tempo-url': `http://tempo.${NAMESPACE}.svc.cluster.local:3200`,
        '--timeout-seconds': String(defaultValues().traceCheck.timeoutSeconds),
        '--request': 'info',
      });
    });

    it('runs with the same security context as the services, and ends after its timeout plus a margin', () => {
      const logService = findObject(objects, 'Deployment', LOG_SERVICE);
      expect(containerOf(pod).securityContext).toEqual(containerOf(logService).securityContext);
      expect(podSpecOf(pod).securityContext).toEqual(podSpecOf(logService).securityContext);
      expect(podSpecOf(pod).automountServiceAccountToken).toBe(false);
      // trace-check reports within --timeout-seconds plus one request's 10 s (docs/trace-check.md); the Pod must outlive that.
      expect(podSpecOf(pod).activeDeadlineSeconds).toBeGreaterThan(defaultValues().traceCheck.timeoutSeconds + 10);
    });

    it('is absent when switched off, or when a service it checks is not deployed', () => {
      for (const args of [['--set', 'traceCheck.helmTest.enabled=false'], ['--set', 'echoService.enabled=false'], ['--set', 'logService.enabled=false']]) {
        expect(render(args).some((object) => object.kind === 'Pod'), args.join(' ')).toBe(false);
      }
    });
  });

  describe('PostSync hook (value, default off)', () => {
    it('is absent by default', () => {
      expect(render().some((object) => object.kind === 'Job')).toBe(false);
    });

    it('is a Job hook for Argo CD (PostSync) and for Helm (after install and upgrade), replaced before each run, running the same check once', () => {
      const objects = render(['--set', 'traceCheck.postSync.enabled=true']);
      const job = findObject(objects, 'Job', 'trace-check-post-sync');
      expect(job.metadata.annotations).toEqual({
        // Argo CD's own annotation: with it, Argo CD ignores the Helm hook annotation (gitops-engine/pkg/sync/hook/hook.go).
        'argocd.argoproj.io/hook': 'PostSync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
        'helm.sh/hook': 'post-install,post-upgrade',
        'helm.sh/hook-delete-policy': 'before-hook-creation',
        // Helm prints the check's report when it fails the install or upgrade.
        'helm.sh/hook-output-log-policy': 'hook-failed',
      });
      expect((job.spec as { backoffLimit: number }).backoffLimit).toBe(0);
      expect(podSpecOf(job).restartPolicy).toBe('Never');
      const helmTest = containerOf(findObject(objects, 'Pod', 'trace-check-helm-test'));
      expect(containerOf(job).command).toEqual(helmTest.command);
      expect(containerOf(job).args).toEqual(helmTest.args);
      expect(containerOf(job).securityContext).toEqual(helmTest.securityContext);
    });
  });

  // What `make install TAG=dev2` (helm upgrade) applies and waits for is the release's manifest: helm's own split of
  // hooks from it (`--no-hooks` leaves hooks out of the render) shows the Job is not in it, for a new tag too.
  describe('under plain Helm, an upgrade with a new image tag and postSync on', () => {
    const upgrade = ['--set', 'traceCheck.postSync.enabled=true', '--set', 'logService.image.tag=dev2', '--set', 'echoService.image.tag=dev2'];

    it('renders the Job only as a hook: the manifest helm upgrade patches (and --wait waits for) holds no Job', () => {
      expect(render(upgrade).filter((object) => object.kind === 'Job').map((job) => job.metadata.name)).toEqual(['trace-check-post-sync']);
      const manifest = render([...upgrade, '--no-hooks']);
      expect(manifest.filter((object) => object.kind === 'Job')).toEqual([]);
      expect(manifest.filter((object) => object.kind === 'Deployment').length).toBe(2);
    });

    it('the hook runs the new image', () => {
      expect(containerOf(findObject(render(upgrade), 'Job', 'trace-check-post-sync')).image).toBe(`${defaultValues().logService.image.repository}:dev2`);
    });
  });

  it('takes timeout, request and Tempo URL from values', () => {
    const objects = render([
      '--set', 'traceCheck.postSync.enabled=true',
      '--set', 'traceCheck.timeoutSeconds=120',
      '--set', 'traceCheck.request=logs',
      '--set', 'traceCheck.tempoUrl=http://tempo.tracing:3200',
    ]);
    for (const object of [findObject(objects, 'Pod', 'trace-check-helm-test'), findObject(objects, 'Job', 'trace-check-post-sync')]) {
      const args = flags(containerOf(object));
      expect(args.get('--timeout-seconds')).toBe('120');
      expect(args.get('--request')).toBe('logs');
      expect(args.get('--tempo-url')).toBe('http://tempo.tracing:3200');
      const deadline = object.kind === 'Pod' ? podSpecOf(object).activeDeadlineSeconds : (object.spec as { activeDeadlineSeconds: number }).activeDeadlineSeconds;
      expect(deadline).toBeGreaterThan(120 + 10);
    }
  });
});
