/**
 * The package as a user gets it: `npm pack` (its `prepack` builds dist/), then `npm install ./s2s-rnn-*.tgz` into a
 * fresh project in a temp dir — from the npm cache the repository's own install filled (`--prefer-offline`). Done once
 * per test process and shared by the specs that need it (spec/package/consumer.spec.ts, spec/readme.spec.ts); the temp
 * dir is removed when the process exits.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

export interface PackedPackage {
  /** The tarball `npm pack` wrote. */
  tarball: string;
  /** The consumer project: package.json (type module) and node_modules with s2s-rnn installed. */
  project: string;
}

let packed: Promise<PackedPackage> | undefined;

export function packedPackage(): Promise<PackedPackage> {
  packed ??= packAndInstall();
  return packed;
}

async function packAndInstall(): Promise<PackedPackage> {
  const root = mkdtempSync(join(tmpdir(), 's2s-pack-'));
  const packDir = join(root, 'pack');
  const project = join(root, 'consumer');
  await run('npm', ['pack', '--pack-destination', mkdir(packDir), '--loglevel=error'], { maxBuffer: 64 << 20 });
  const tarball = join(
    packDir,
    readdirSync(packDir).find((f) => f.endsWith('.tgz'))!,
  );
  writeFileSync(
    join(mkdir(project), 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  await run('npm', ['install', ...NPM_FLAGS, tarball], { cwd: project, maxBuffer: 64 << 20 });
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  return { tarball, project };
}

/** Installs more packages (dev tools of the consumer, e.g. typescript) into the project. */
async function installInto(project: string, packages: string[]): Promise<void> {
  await run('npm', ['install', ...NPM_FLAGS, '--no-save', ...packages], { cwd: project, maxBuffer: 64 << 20 });
}

let typescript: Promise<void> | undefined;

/**
 * A strict TypeScript consumer's dev tools (typescript, @types/node) in the project, once per process: `npm install
 * --no-save` prunes what an earlier `--no-save` install added, so every spec that needs them goes through here.
 */
export async function installTypeScript(project: string): Promise<void> {
  typescript ??= installInto(project, ['typescript@~5.9', '@types/node@^20']);
  return typescript;
}

function mkdir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
