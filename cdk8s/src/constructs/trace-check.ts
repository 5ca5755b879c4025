import { TRACE_CHECK_FLAGS, TRACE_CHECK_IN_IMAGE, SERVICE_PORT } from '@tracing-lab/contract';
import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { blockOf, includeString, intStringOf, jsonOf, RELEASE_NAMESPACE_ACTION } from '../templating/expressions';
import { HelmCondition } from '../templating/helm-condition';
import { helmInline, helmSplice } from '../templating/markers';
import { addTemplatePatch } from '../templating/template-patches';
import { traceCheckServiceGraphArgs } from '../templates/trace-check';
import { traceCheckTempoUrl } from '../templates/urls';
import { valueRefs, valuesPath } from '../values/value-refs';
import { labelComponent } from './component-labels';
import { HARDENED_CONTAINER_SECURITY, HARDENED_POD_SECURITY, tmpVolume } from './hardened-security';

/** `app.kubernetes.io/name` of both hooks' pods. */
export const TRACE_CHECK_NAME = 'trace-check';

/** Names of the two hook objects. */
const TRACE_CHECK_HELM_TEST = 'trace-check-helm-test';
const TRACE_CHECK_POST_SYNC = 'trace-check-post-sync';

/**
 * The PostSync Job is a hook for Argo CD and for Helm alike, so that neither applies it as part of the release: a
 * Job's pod template is immutable, and it changes with every image tag and chart version.
 * - Argo CD runs it after every full sync (PostSync) and deletes the last one first. With its own hook annotation
 *   on an object it ignores Helm's (gitops-engine/pkg/sync/hook/hook.go, Types: "we ignore Helm hooks if we have
 *   Argo hook"); the delete policies of both it joins, and both say before-hook-creation (hook/delete_policy.go).
 * - Helm runs it after install and after each upgrade, once `--wait` has seen the release's workloads ready
 *   (pkg/action/install.go, performInstall; upgrade.go likewise), deletes the last one first, and prints its log
 *   when it fails. Hooks are not part of the release's manifest, so an upgrade never patches it.
 */
const POST_SYNC_HOOK_ANNOTATIONS = {
  'argocd.argoproj.io/hook': 'PostSync',
  'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
  'helm.sh/hook': 'post-install,post-upgrade',
  'helm.sh/hook-delete-policy': 'before-hook-creation',
  'helm.sh/hook-output-log-policy': 'hook-failed',
};

/** Extra seconds the pod may live beyond the check's own timeout (image start, the request, printing). */
const DEADLINE_MARGIN_SECONDS = 60;

export interface TraceCheckProps {
  /** The log-service Service name and port, in the release namespace. */
  readonly logServiceName: string;
  /** Names of the values flags that must all be on for the check to make sense (both services deployed). */
  readonly requires: readonly string[];
}

/**
 * Runs the trace checker of the log-service image against the in-cluster Services: as a `helm test` Pod (its log
 * is the waterfall `helm test --logs` prints) and, when enabled, as a Job that Argo CD runs after each sync and
 * Helm after each install and upgrade, so a sync or upgrade that does not produce a nested trace shows as failed.
 */
export class TraceCheck extends Construct {
  constructor(scope: Construct, id: string, props: TraceCheckProps) {
    super(scope, id);
    const trace = valueRefs.traceCheck;
    const when = (flag: string) => `and ${[flag, ...props.requires].join(' ')}`;

    const helmTestScope = new HelmCondition(this, 'when-helm-test', when(valuesPath(trace.helmTest.enabled)));
    const pod = new kplus.Pod(helmTestScope, 'pod', {
      metadata: {
        name: TRACE_CHECK_HELM_TEST,
        annotations: { 'helm.sh/hook': 'test', 'helm.sh/hook-delete-policy': 'before-hook-creation' },
      },
      restartPolicy: kplus.RestartPolicy.NEVER,
      ...this.podProps(helmTestScope, props),
    });
    labelComponent(ApiObject.of(pod), { name: TRACE_CHECK_NAME, component: 'test' });
    this.patchContainer(ApiObject.of(pod), '/spec');

    const postSyncScope = new HelmCondition(this, 'when-post-sync', when(valuesPath(trace.postSync.enabled)));
    const job = new kplus.Job(postSyncScope, 'job', {
      metadata: { name: TRACE_CHECK_POST_SYNC, annotations: POST_SYNC_HOOK_ANNOTATIONS },
      select: false,
      backoffLimit: 0,
      restartPolicy: kplus.RestartPolicy.NEVER,
      ...this.podProps(postSyncScope, props),
    });
    labelComponent(ApiObject.of(job), { name: TRACE_CHECK_NAME, component: 'post-sync-check' }, '/spec/template');
    this.patchContainer(ApiObject.of(job), '/spec/template/spec');
  }

  private podProps(scope: Construct, props: TraceCheckProps): Pick<kplus.PodProps, 'containers' | 'volumes' | 'securityContext' | 'automountServiceAccountToken'> {
    const tmp = tmpVolume(scope, 'tmp');
    const logServiceUrl = `http://${props.logServiceName}.${RELEASE_NAMESPACE_ACTION}.svc.cluster.local:${SERVICE_PORT}`;
    return {
      securityContext: HARDENED_POD_SECURITY,
      automountServiceAccountToken: false,
      volumes: [tmp.volume],
      containers: [
        {
          name: 'trace-check',
          image: helmInline(`printf "%s:%s" ${valuesPath(valueRefs.logService.image.repository)} ${valuesPath(valueRefs.logService.image.tag)} | toJson`),
          // Where the log-service image holds trace-check (services/Dockerfile puts it there).
          workingDir: TRACE_CHECK_IN_IMAGE.workingDir,
          command: [...TRACE_CHECK_IN_IMAGE.command],
          args: [
            TRACE_CHECK_FLAGS.logServiceUrl,
            logServiceUrl,
            TRACE_CHECK_FLAGS.tempoUrl,
            includeString(traceCheckTempoUrl),
            TRACE_CHECK_FLAGS.timeoutSeconds,
            intStringOf(valueRefs.traceCheck.timeoutSeconds),
            TRACE_CHECK_FLAGS.request,
            jsonOf(valueRefs.traceCheck.request),
            // With serviceGraph: --prometheus-url <url>, the step that reports the log-service → echo-service edge.
            helmSplice(`include "${traceCheckServiceGraphArgs.name}" . | fromYamlArray`),
          ],
          envVariables: { OTEL_SDK_DISABLED: kplus.EnvValue.fromValue('true') },
          volumeMounts: [tmp.mount],
          securityContext: HARDENED_CONTAINER_SECURITY,
        },
      ],
    };
  }

  /**
   * Pull policy and resources come from values; the Pod (or the Job, both at `/spec/activeDeadlineSeconds`) ends
   * at the check's own timeout plus a margin.
   */
  private patchContainer(object: ApiObject, podSpec: string): void {
    addTemplatePatch(
      object,
      JsonPatch.add(`${podSpec}/containers/0/imagePullPolicy`, jsonOf(valueRefs.logService.image.pullPolicy)),
      JsonPatch.add(`${podSpec}/containers/0/resources`, blockOf(valueRefs.traceCheck.resources)),
      JsonPatch.add('/spec/activeDeadlineSeconds', helmInline(`add (int ${valuesPath(valueRefs.traceCheck.timeoutSeconds)}) ${DEADLINE_MARGIN_SECONDS}`)),
    );
  }
}
