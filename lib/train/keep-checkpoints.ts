/**
 * `keepCheckpoints` (`s2s train --keep-checkpoints N`): every time the trainer writes `last.s2s`, a copy is kept as
 * `step-SSSSSSS.s2s` (the step, zero-padded so the names sort) and only the newest N copies stay; the others are
 * deleted. The kept files are complete checkpoints (resumable), written every `checkpointEvery` steps and at epoch
 * ends, for `s2s average` (checkpoint averaging over the end of a run).
 */
import { copyFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const KEPT_FILE = /^step-(\d+)\.s2s$/;

/** The file name a checkpoint of `step` is kept under. */
export function keptCheckpointName(step: number): string {
  return `step-${String(step).padStart(7, '0')}.s2s`;
}

/** The kept checkpoints in `dir`, oldest first (by step). */
export async function keptCheckpoints(dir: string): Promise<Array<{ step: number; path: string }>> {
  const names = await readdir(dir);
  return names
    .map((name) => ({ name, m: KEPT_FILE.exec(name) }))
    .filter((e): e is { name: string; m: RegExpExecArray } => e.m !== null)
    .map((e) => ({ step: Number(e.m[1]), path: join(dir, e.name) }))
    .sort((a, b) => a.step - b.step);
}

/** Copies the just-written `lastPath` to the step's kept name in `dir` and deletes all but the newest `keep` copies. */
export async function keepCheckpointCopy(dir: string, lastPath: string, step: number, keep: number): Promise<void> {
  if (keep <= 0) return;
  await copyFile(lastPath, join(dir, keptCheckpointName(step)));
  const kept = await keptCheckpoints(dir);
  for (const old of kept.slice(0, Math.max(0, kept.length - keep))) await rm(old.path, { force: true });
}
