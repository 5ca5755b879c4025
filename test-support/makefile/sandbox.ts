import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { REPO_ROOT } from '../repo-root';

/**
 * Runs the real `make` against the repository's Makefile with a PATH that holds only recording shims for
 * docker, k3d, helm, kubectl and buildah (test-support/makefile/shims/shim.sh) plus the ordinary host commands the recipes use.
 * The real docker, kubectl and helm are never reachable: the host's are not linked in, and TOOLS points at an
 * empty folder so the Makefile's `.tools/bin` (the real helm) is not put on PATH.
 */

export const SHIMMED_TOOLS = ['docker', 'k3d', 'helm', 'kubectl', 'buildah'] as const;
export type ShimmedTool = (typeof SHIMMED_TOOLS)[number];

const SHIM = path.join(REPO_ROOT, 'test-support/makefile/shims/shim.sh');
const HOST_BIN_DIRS = ['/usr/local/bin', '/usr/bin', '/bin'];
const HOST_COMMANDS = [
  'bash', 'sh', 'env', 'make', 'grep', 'awk', 'sed', 'cat', 'printf', 'basename', 'dirname', 'mktemp', 'cp',
  'rm', 'mkdir', 'find', 'xargs', 'paste', 'sort', 'tr', 'head', 'tail', 'true', 'false', 'sleep', 'kill', 'tee',
  'cut', 'sha256sum', 'id',
];

/** One recorded call: the tool name, then its arguments. */
export type Call = string[];

export interface MakeResult {
  status: number | null;
  stdout: string;
  stderr: string;
  calls: Call[];
}

export interface SandboxOptions {
  /** Shimmed tools to leave out of PATH, to test the missing-tool error. */
  without?: readonly ShimmedTool[];
}

function hostCommand(name: string): string {
  for (const dir of HOST_BIN_DIRS) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`sandbox: host command '${name}' not found in ${HOST_BIN_DIRS.join(', ')}`);
}

export class Sandbox {
  readonly dir: string;
  private readonly bin: string;
  private readonly log: string;

  constructor(options: SandboxOptions = {}) {
    this.dir = mkdtempSync(path.join(tmpdir(), 'makefile-sandbox-'));
    this.bin = path.join(this.dir, 'bin');
    this.log = path.join(this.dir, 'calls.log');
    mkdirSync(this.bin);
    mkdirSync(path.join(this.dir, 'home'));
    for (const tool of SHIMMED_TOOLS) {
      if (!options.without?.includes(tool)) symlinkSync(SHIM, path.join(this.bin, tool));
    }
    for (const command of HOST_COMMANDS) symlinkSync(hostCommand(command), path.join(this.bin, command));
  }

  /** Runs `make ARGS` in `cwd` (default: the repository) with the repository's Makefile. */
  make(args: readonly string[], env: Record<string, string> = {}, cwd: string = REPO_ROOT): MakeResult {
    writeFileSync(this.log, '');
    const result = spawnSync(
      path.join(this.bin, 'make'),
      ['--no-print-directory', '-C', cwd, '-f', path.join(REPO_ROOT, 'Makefile'), `TOOLS=${this.dir}/tools`, ...args],
      {
        encoding: 'utf8',
        timeout: 30_000,
        // stdin from /dev/null: a socket on stdin makes bash source /etc/bash.bashrc as if run by sshd.
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: this.bin, HOME: path.join(this.dir, 'home'), SHIM_LOG: this.log, ...env },
      },
    );
    if (result.error) throw result.error;
    const calls = readFileSync(this.log, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split('\t'));
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** stderr without make's own "make: *** ... Error N" lines. */
export function ownErrorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line !== '' && !line.startsWith('make'));
}

/** A sandbox for the enclosing describe (or file), disposed after its tests. */
export function sandboxForThisSuite(options: SandboxOptions = {}): Sandbox {
  const sandbox = new Sandbox(options);
  afterAll(() => sandbox.dispose());
  return sandbox;
}

/** What scripts/require-tool.sh runs to see that docker's engine answers, before any target that needs it. */
export const DOCKER_ENGINE_CHECK: Call = ['docker', 'info'];

/** `helm dependency list` output (helm's columns) for dependency charts with these statuses, in order. */
export function dependencyList(...statuses: string[]): string {
  const charts = [
    ['tempo', '2.2.4', 'https://grafana-community.github.io/helm-charts'],
    ['grafana', '12.11.1', 'https://grafana-community.github.io/helm-charts'],
    ['prometheus', '29.27.0', 'https://prometheus-community.github.io/helm-charts'],
  ];
  const rows = statuses.map((status, index) => [...charts[index]!, status].join('\t'));
  return ['NAME\tVERSION\tREPOSITORY\tSTATUS', ...rows].join('\n');
}
