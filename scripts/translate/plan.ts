/**
 * What `s2s translate` will read and write, decided before the model is loaded: stdin, files or a directory tree in;
 * stdout, a file or a mirrored tree out. Everything that can be checked up front is a usage error here, so nothing
 * is half done when it fails:
 * - the output must never be one of the inputs (same path, a symlink or a hard link to it: compared by real path
 *   and by device + inode), nor lie inside an input tree (a rerun would read its own output), and no two inputs
 *   may be written to one output file (`a.txt ../a.txt -o DIR`: the second would replace the first);
 * - one input file needs an output file (an existing directory is refused), several need a directory;
 * - directory mode follows symbolic links to files and directories (a link back to a directory already being
 *   walked is a loop and is skipped), skips hidden entries (names starting with '.': dot-files, and the
 *   temporaries of interrupted runs) and anything that is not a regular file, and says why for each;
 * - a path that cannot be read becomes a failed job, reported when its turn comes, so the other files still run.
 */
import { realpath, readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { OptionError } from '../../lib/errors.js';
import { fileError } from '../../lib/io/file-errors.js';

/** One input → one output ('-' for stdout); `error` when the input cannot be read (reported in its turn). */
export interface Job {
  source: string;
  target: string;
  error?: unknown;
}

export interface Plan {
  /** Read stdin (no input paths). */
  stdin: boolean;
  jobs: Job[];
  /** Entries of a directory input that were not translated, with why (`skip PATH (why)`). */
  skipped: string[];
  /** Directory mode: targets that exist are finished and skipped unless --force. */
  resumable: boolean;
}

/** Output onto an input, or into an input tree: a usage error naming --output. */
function sameAsInput(output: string, input: string): OptionError {
  return new OptionError(
    'E_OPTION_INVALID',
    `--output ${output} is the input ${input} (or the same file): it would be overwritten; choose another output path`,
    { option: '--output', value: output },
  );
}

/** Two inputs mirrored onto one output file (`a.txt ../a.txt -o DIR`, or one file given twice): a usage error. */
function sharedTarget(output: string, first: string, second: string, target: string): OptionError {
  const why =
    first === second
      ? `${first} is given twice`
      : `${first} and ${second} would both be written to ${target} (the mirrored tree drops leading ../)`;
  return new OptionError(
    'E_OPTION_INVALID',
    `--output ${output}: ${why}; give each input once, with distinct paths below the current directory, or translate them in separate runs`,
    { option: '--output', value: output },
  );
}

/** `stat` that follows links, or undefined when the path does not exist / cannot be reached. */
async function statOrUndefined(path: string): Promise<Stats | undefined> {
  return stat(path).catch(() => undefined);
}

/** `stat` of an input: its Stats, or the `FileError` saying why it cannot be read. */
async function probe(path: string): Promise<{ info?: Stats; error?: unknown }> {
  return stat(path).then(
    (info) => ({ info }),
    (err: unknown) => ({ error: fileError(err, path, 'read') }),
  );
}

/** The real path of `path`, also for a path that does not exist yet (its nearest existing ancestor resolved). */
export async function realPathOf(path: string): Promise<string> {
  const absolute = resolve(path);
  const real = await realpath(absolute).catch(() => undefined);
  if (real !== undefined) return real;
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(await realPathOf(parent), basename(absolute));
}

/** Whether `inner` is `outer` or lies below it (both real paths). */
function within(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);
}

/** Refuses a target that is any of the sources (real path or same inode). */
async function checkTargets(jobs: readonly Job[], output: string): Promise<void> {
  const sources = new Map<string, string>();
  const inodes = new Map<string, string>();
  for (const job of jobs) {
    if (job.error !== undefined || job.source === '-') continue;
    sources.set(await realPathOf(job.source), job.source);
    const s = await statOrUndefined(job.source);
    if (s) inodes.set(`${s.dev}:${s.ino}`, job.source);
  }
  // Target real path → the input written there: two inputs on one target would lose the first translation.
  const written = new Map<string, string>();
  for (const job of jobs) {
    if (job.target === '-') continue;
    const realTarget = await realPathOf(job.target);
    const earlier = written.get(realTarget);
    if (earlier !== undefined) throw sharedTarget(output, earlier, job.source, job.target);
    written.set(realTarget, job.source);
    const clash = sources.get(realTarget);
    if (clash !== undefined) throw sameAsInput(output, clash);
    const t = await statOrUndefined(job.target);
    const linked = t && t.isFile() ? inodes.get(`${t.dev}:${t.ino}`) : undefined;
    if (linked !== undefined) throw sameAsInput(output, linked);
  }
}

/** Decides the jobs for the positional inputs and `--output` (rules in the module comment). */
export async function planTranslation(inputs: readonly string[], output: string | undefined): Promise<Plan> {
  if (inputs.length === 0) {
    if (output !== undefined && (await statOrUndefined(output))?.isDirectory()) {
      throw new OptionError(
        'E_OPTION_INVALID',
        `--output ${output} is a directory: stdin goes to one file; give a file name`,
        { option: '--output', value: output },
      );
    }
    return {
      stdin: true,
      jobs: output === undefined ? [] : [{ source: '-', target: output }],
      skipped: [],
      resumable: false,
    };
  }
  const probes = await Promise.all(inputs.map(probe));
  const directories = inputs.filter((_, i) => probes[i]!.info?.isDirectory());
  if (directories.length > 0 && inputs.length > 1) {
    throw new OptionError(
      'E_OPTION_INVALID',
      `${directories[0]} is a directory: give one directory alone (with -o DIR) or only files`,
      { option: 'FILES', value: directories[0] },
    );
  }
  if (directories.length === 1) return planDirectory(inputs[0]!, output);
  const failedOrFile = (path: string, i: number): Job => ({
    source: path,
    target: '-',
    ...(probes[i]!.error === undefined ? {} : { error: probes[i]!.error }),
  });
  if (output === undefined) return { stdin: false, jobs: inputs.map(failedOrFile), skipped: [], resumable: false };
  const outputKind = await statOrUndefined(output);
  if (inputs.length === 1) {
    if (outputKind?.isDirectory())
      throw new OptionError(
        'E_OPTION_INVALID',
        `--output ${output} is a directory: one input file needs an output file name (several inputs mirror into a directory)`,
        { option: '--output', value: output },
      );
    const jobs = [{ ...failedOrFile(inputs[0]!, 0), target: output }];
    await checkTargets(jobs, output);
    return { stdin: false, jobs, skipped: [], resumable: false };
  }
  if (outputKind !== undefined && !outputKind.isDirectory())
    throw new OptionError('E_OPTION_INVALID', `--output ${output} is a file: several inputs need an output directory`, {
      option: '--output',
      value: output,
    });
  const jobs = inputs.map((file, i) => ({
    ...failedOrFile(file, i),
    target: join(output, relative(process.cwd(), resolve(file)).replace(/^(\.\.[/\\])+/, '')),
  }));
  await checkTargets(jobs, output);
  return { stdin: false, jobs, skipped: [], resumable: false };
}

async function planDirectory(root: string, output: string | undefined): Promise<Plan> {
  if (output === undefined)
    throw new OptionError(
      'E_OPTION_MISSING',
      `${root} is a directory: a directory input needs -o DIR for the mirrored output tree`,
      { option: '--output' },
    );
  const realRoot = await realPathOf(root);
  const realOutput = await realPathOf(output);
  if (within(realOutput, realRoot)) {
    throw new OptionError(
      'E_OPTION_INVALID',
      `--output ${output} is ${realOutput === realRoot ? 'the input directory' : `inside the input directory ${root}`}: the output tree would be read as input; choose a directory outside it`,
      { option: '--output', value: output },
    );
  }
  const outputKind = await statOrUndefined(output);
  if (outputKind !== undefined && !outputKind.isDirectory())
    throw new OptionError(
      'E_OPTION_INVALID',
      `--output ${output} is a file: a directory input needs an output directory`,
      { option: '--output', value: output },
    );
  const plan: Plan = { stdin: false, jobs: [], skipped: [], resumable: true };
  await walk(root, root, output, new Set([realRoot]), plan);
  await checkTargets(plan.jobs, output);
  return plan;
}

/** Adds the files under `dir` to `plan` (module comment); `ancestors` holds the real paths being walked (loop guard). */
async function walk(dir: string, root: string, output: string, ancestors: Set<string>, plan: Plan): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort((a, b) => a.localeCompare(b));
  } catch (err) {
    plan.jobs.push({ source: dir, target: join(output, relative(root, dir)), error: fileError(err, dir, 'list') });
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (name.startsWith('.')) {
      plan.skipped.push(`skip ${path} (hidden file or directory; rename it without the leading '.' to translate it)`);
      continue;
    }
    const target = join(output, relative(root, path));
    let info: Stats;
    try {
      info = await stat(path);
    } catch (err) {
      plan.jobs.push({ source: path, target, error: fileError(err, path, 'read') });
      continue;
    }
    if (info.isDirectory()) {
      const real = await realPathOf(path);
      if (ancestors.has(real)) {
        plan.skipped.push(
          `skip ${path} (symbolic link loop: it leads back to ${real}, which is already being translated)`,
        );
        continue;
      }
      await walk(path, root, output, new Set([...ancestors, real]), plan);
    } else if (info.isFile()) plan.jobs.push({ source: path, target });
    else plan.skipped.push(`skip ${path} (not a regular file: a device, pipe or socket)`);
  }
}
