import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test-support/repo-root';

// npm 11 ends every install with a warning listing the dependencies' install scripts that package.json's
// `allowScripts` does not decide on (it still runs them; npm's documentation says they will be blocked), which reads
// like a failure on a first `make demo`. Each npm project here records its decision (written with `npm
// install-scripts deny`): esbuild's and protobufjs's scripts stay off, because neither package needs them (esbuild's
// only replaces its JavaScript launcher with the platform binary, @esbuild/<platform>, which the launcher finds
// anyway; the protobufjs one only checks its dependents' version ranges). The packages are shown to work without them.
// The Node.js of .tools/ (the npm package node, whose script fetches the binary) is approved by
// scripts/provision-tools.sh in a package.json of its own.

const NPM_PROJECTS = ['.', 'bench/tutorial'];

describe('install scripts', () => {
  it.each(NPM_PROJECTS)('%s: every dependency with an install script has a decision in allowScripts (no npm warning)', (project) => {
    const listed = execFileSync('npm', ['install-scripts', 'ls'], { cwd: path.join(REPO_ROOT, project), encoding: 'utf8' });
    expect(listed.trim()).toBe('No packages with unreviewed install scripts.');
  });

  it('esbuild works without its install script (tsx and vitest compile TypeScript with it)', () => {
    const esbuild = createRequire(path.join(REPO_ROOT, 'package.json'))('esbuild') as typeof import('esbuild');
    expect(esbuild.transformSync('const port: number = 8080;', { loader: 'ts' }).code).toBe('const port = 8080;\n');
  });

  it.each(NPM_PROJECTS)('%s: protobufjs works without its install script (the OTLP/gRPC exporter encodes with it)', (project) => {
    const protobuf = createRequire(path.join(REPO_ROOT, project, 'package.json'))('protobufjs') as typeof import('protobufjs');
    const type = protobuf.parse('syntax = "proto3"; message Span { string name = 1; }').root.lookupType('Span');
    expect(type.toObject(type.decode(type.encode(type.fromObject({ name: 'GET /info' })).finish()))).toEqual({ name: 'GET /info' });
  });

  it("scripts/provision-tools.sh installs .tools/'s Node.js as a first make demo does, without an npm warning", () => {
    // The script provisions the repository it sits in: a copy in an empty folder provisions an empty .tools/.
    const checkout = mkdtempSync(path.join(tmpdir(), 'provision-tools-'));
    try {
      mkdirSync(path.join(checkout, 'scripts'));
      copyFileSync(path.join(REPO_ROOT, 'scripts', 'provision-tools.sh'), path.join(checkout, 'scripts', 'provision-tools.sh'));
      const run = spawnSync(path.join(checkout, 'scripts', 'provision-tools.sh'), [], { encoding: 'utf8', timeout: 300_000 });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).not.toContain('npm warn');
      const version = execFileSync(path.join(checkout, '.tools', 'node', 'bin', 'node'), ['--version'], { encoding: 'utf8' });
      expect(version.trim()).toMatch(/^v24\./);
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
  }, 300_000);
});
