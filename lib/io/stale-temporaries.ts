/**
 * Temporary files left behind by a killed writer. Writers name their temporaries after their process id
 * (`.NAME.PID.….tmp` or `.NAME.PID.partial`, atomic-write.ts); a temporary whose process no longer
 * exists can never be finished, so the next writer in that directory removes it. Temporaries of live processes
 * (a concurrent run) are left alone.
 *
 * @example
 * const removed = await removeStaleTemporaries(dir, (name) => ownerOf(name));
 */
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Whether a process with this id exists (a process of another user counts as existing). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the files in `dir` for which `ownerPid(name)` names a process that no longer exists; returns their paths.
 * A directory that cannot be listed, or a file that cannot be removed, is left as it is (cleaning is best effort).
 */
export async function removeStaleTemporaries(
  dir: string,
  ownerPid: (name: string) => number | undefined,
): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = ownerPid(name);
    if (pid === undefined || pid === process.pid || processExists(pid)) continue;
    const path = join(dir, name);
    if (
      await unlink(path).then(
        () => true,
        () => false,
      )
    )
      removed.push(path);
  }
  return removed;
}

/** An `ownerPid` for names `.BASE.PID<suffix>`: the PID, when `name` has that form for one of `bases` (any when omitted). */
export function temporaryOwner(suffix: RegExp, base?: string): (name: string) => number | undefined {
  return (name) => {
    if (!name.startsWith('.')) return undefined;
    const match = new RegExp(`^\\.(.+)\\.(\\d+)${suffix.source}$`).exec(name);
    if (!match || (base !== undefined && match[1] !== base)) return undefined;
    return Number(match[2]);
  };
}
