import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { REPO_ROOT } from '../repo-root';

/**
 * The oracle for what an image must hold: the production dependency tree of one workspace as package-lock.json
 * places it, worked out from the lock alone (Node's lookup: the nearest `node_modules/<name>` from the dependent's
 * folder upwards; workspace links followed to their folder). Nothing from npm or the image is consulted.
 */
interface LockPackage {
  version?: string;
  link?: boolean;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  os?: string[];
  cpu?: string[];
}

export interface DependencyTree {
  /** Install path (`node_modules/a/node_modules/b`) → version, of every package with files. */
  packages: Map<string, string>;
  /** Install path of a workspace link (`node_modules/@tracing-lab/shared`) → the folder it points to. */
  links: Map<string, string>;
}

const lockPackages = (): Record<string, LockPackage> =>
  (JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> }).packages;

/** Whether npm installs an entry on this platform (os/cpu restrictions of optional packages). */
const installsHere = (entry: LockPackage): boolean =>
  (!entry.os || entry.os.includes(process.platform)) && (!entry.cpu || entry.cpu.includes(process.arch));

export function productionTree(workspace: string, packages: Record<string, LockPackage> = lockPackages()): DependencyTree {
  const tree: DependencyTree = { packages: new Map(), links: new Map() };
  const resolve = (from: string, name: string): string | undefined => {
    for (let folder = from; ; folder = posix.dirname(folder)) {
      const base = folder === '.' || folder === '' ? '' : `${folder}/`;
      const candidate = `${base}node_modules/${name}`;
      if (packages[candidate]) return candidate;
      if (base === '') return undefined;
    }
  };
  const visit = (folder: string): void => {
    const entry = packages[folder];
    if (!entry) throw new Error(`package-lock.json has no entry ${folder}`);
    const optionalPeers = new Set(Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional).map(([name]) => name));
    const wanted = [
      ...Object.keys(entry.dependencies ?? {}).map((name) => ({ name, optional: false })),
      ...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
      ...Object.keys(entry.peerDependencies ?? {}).map((name) => ({ name, optional: optionalPeers.has(name) })),
    ];
    for (const { name, optional } of wanted) {
      const path = resolve(folder, name);
      if (path === undefined) {
        if (optional) continue;
        throw new Error(`package-lock.json does not resolve ${name} from ${folder}`);
      }
      const found = packages[path]!;
      if (found.link) {
        if (tree.links.has(path)) continue;
        tree.links.set(path, found.resolved!);
        visit(found.resolved!);
      } else if (!tree.packages.has(path) && installsHere(found)) {
        tree.packages.set(path, found.version!);
        visit(path);
      }
    }
  };
  // npm links the installed workspace itself into node_modules too.
  for (const [path, entry] of Object.entries(packages)) if (entry.link && entry.resolved === workspace) tree.links.set(path, workspace);
  visit(workspace);
  return tree;
}

/**
 * A script for `node -e SCRIPT <folder>` that lists what the install in <folder> holds: every package folder under
 * its node_modules and its workspaces' (nested ones too) with its version, and every symbolic link with its target,
 * relative to it.
 */
export const LIST_INSTALLED_PACKAGES = `
const fs = require('node:fs'); const path = require('node:path');
process.chdir(process.argv[1]);
const packages = {}; const links = {};
const walk = (dir) => {
  let entries; try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith('@') && entry.isDirectory()) { walk(full); continue; }
    const relative = path.relative(process.cwd(), full);
    if (entry.isSymbolicLink()) { links[relative] = path.relative(process.cwd(), path.resolve(dir, fs.readlinkSync(full))); continue; }
    if (!entry.isDirectory()) continue;
    try { packages[relative] = JSON.parse(fs.readFileSync(path.join(full, 'package.json'), 'utf8')).version; } catch {}
    walk(path.join(full, 'node_modules'));
  }
};
walk(path.join(process.cwd(), 'node_modules'));
// Workspaces have node_modules of their own where npm nests what conflicts with the root's.
for (const target of new Set(Object.values(links))) walk(path.join(process.cwd(), target, 'node_modules'));
console.log(JSON.stringify({ packages, links }));`;
