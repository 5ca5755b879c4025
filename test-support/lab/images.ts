import { ECHO_SERVICE, LOG_SERVICE, type ServiceName } from '@tracing-lab/contract';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../repo-root';

/**
 * The services' real images: services/Dockerfile built by buildah (scripts/build-images.sh --builder buildah), into
 * this project's own image storage (scripts/images/buildah.sh), from which the pod stand-in starts containers.
 */
const BUILDAH = join(REPO_ROOT, 'scripts', 'images', 'buildah.sh');

/** What a container runtime reads from an image to start it (the OCI image config). */
export interface ImageConfig {
  entrypoint: string[];
  cmd: string[];
  /** `NAME=value` entries. */
  env: string[];
  workingDir: string;
  /** `uid[:gid]` or empty (root). */
  user: string;
}

export function buildah(args: readonly string[]): string {
  const result = spawnSync(BUILDAH, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`buildah ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr}`);
  return result.stdout;
}

/** Builds both images (cached layers: quick when nothing changed) and returns each service's image reference. */
export function buildServiceImages(tag = 'latest'): Record<ServiceName, string> {
  const result = spawnSync(join(REPO_ROOT, 'scripts', 'build-images.sh'), ['--builder', 'buildah', '--tag', tag], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`scripts/build-images.sh failed (exit ${result.status}):\n${result.stderr.split('\n').slice(-40).join('\n')}`);
  const images = Object.fromEntries(result.stdout.trim().split('\n').map((line) => line.split(' ') as [string, string]));
  for (const service of [LOG_SERVICE, ECHO_SERVICE] as const) {
    if (!images[service]) throw new Error(`scripts/build-images.sh named no image for ${service}:\n${result.stdout}`);
  }
  return images as Record<ServiceName, string>;
}

/** The image's config as buildah stores it (`buildah inspect --type image`). */
export function imageConfig(reference: string): ImageConfig {
  const inspected = JSON.parse(buildah(['inspect', '--type', 'image', reference])) as { OCIv1: { config?: Record<string, unknown> } };
  const config = inspected.OCIv1.config ?? {};
  const list = (key: string) => (Array.isArray(config[key]) ? (config[key] as string[]) : []);
  return {
    entrypoint: list('Entrypoint'),
    cmd: list('Cmd'),
    env: list('Env'),
    workingDir: typeof config.WorkingDir === 'string' && config.WorkingDir !== '' ? config.WorkingDir : '/',
    user: typeof config.User === 'string' ? config.User : '',
  };
}

/** A writable copy-on-write root filesystem of an image (`buildah from` + `buildah mount`), removed by `remove()`. */
export interface ContainerRootfs {
  path: string;
  remove(): void;
}

/** Container names carry the test process's id, so that a later process can remove what a dead one left. */
const CONTAINER_PREFIX = 'tlab';
let containers = 0;

export function containerRootfs(reference: string): ContainerRootfs {
  const name = `${CONTAINER_PREFIX}${process.pid}-${++containers}`;
  const container = buildah(['from', '--pull-never', '--quiet', '--name', name, reference]).trim();
  const path = buildah(['mount', container]).trim();
  return {
    path,
    remove: () => {
      buildah(['umount', container]);
      buildah(['rm', container]);
    },
  };
}

/** Unmounts and removes the containers of test processes that are gone (killed before they cleaned up). */
export function removeStaleContainers(): void {
  for (const name of buildah(['containers', '--noheading', '--format', '{{.ContainerName}}']).split('\n')) {
    const pid = new RegExp(`^${CONTAINER_PREFIX}(\\d+)-\\d+$`).exec(name.trim())?.[1];
    if (pid === undefined || processAlive(Number(pid))) continue;
    buildah(['umount', name.trim()]);
    buildah(['rm', name.trim()]);
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
