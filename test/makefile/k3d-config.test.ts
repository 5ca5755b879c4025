import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../test-support/repo-root';

// k3d/cluster.yaml is only read by k3d, which cannot run here; these are the properties the Makefile relies on.

const config = parse(readFileSync(path.join(REPO_ROOT, 'k3d/cluster.yaml'), 'utf8'));
const defaultCluster = /^CLUSTER \?= (\S+)$/m.exec(readFileSync(path.join(REPO_ROOT, 'Makefile'), 'utf8'))?.[1];

describe('k3d/cluster.yaml', () => {
  it('is a k3d v1alpha5 Simple config named like the Makefile default CLUSTER', () => {
    expect(config).toMatchObject({ apiVersion: 'k3d.io/v1alpha5', kind: 'Simple', metadata: { name: defaultCluster } });
  });

  it('switches the kube context to the new cluster (make install checks for k3d-CLUSTER)', () => {
    expect(config.options.kubeconfig).toEqual({ updateDefaultKubeconfig: true, switchCurrentContext: true });
  });

  it('waits for the cluster to be ready before make up moves on', () => {
    expect(config.options.k3d.wait).toBe(true);
  });
});
