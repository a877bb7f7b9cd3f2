/**
 * Runs the real CLI (`node bin/s2s.js …`) as a child process with a hard time limit, for the hostile suite: every
 * case must end with full ordered output or one clear error line and a non-zero exit — never a stack trace, a hang
 * (the limit kills it and the case fails) or a crash.
 */
import { spawn, type StdioOptions } from 'node:child_process';
import { expect } from 'chai';

export const MODEL = 'fixtures/models/en-es.s2s';
export const LM = 'fixtures/models/es-lm.s2s';

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  /** Killed by the time limit. */
  timedOut: boolean;
}

export interface ChildOptions {
  /** Bytes written to stdin, then stdin is closed (default: nothing). */
  input?: string | Buffer;
  /** Kill after this many ms (default 60 s: a loaded 2-core machine, model load included). */
  timeoutMs?: number;
  /** stdout: a file descriptor (e.g. /dev/full opened for writing) instead of a pipe. */
  stdoutFd?: number;
  env?: Record<string, string>;
  /** Called once the child started, with a function that sends it a signal (by its own process id). */
  onStart?: (signal: (name: NodeJS.Signals) => void) => void;
  /** Called with the child's stdout stream as data arrives (e.g. to close it early). */
  onStdout?: (chunk: Buffer, close: () => void) => void;
}

export function runS2s(args: readonly string[], options: ChildOptions = {}): Promise<ChildRun> {
  const stdio: StdioOptions = ['pipe', options.stdoutFd ?? 'pipe', 'pipe'];
  const child = spawn(process.execPath, ['bin/s2s.js', ...args], { stdio, env: { ...process.env, ...options.env } });
  options.onStart?.((name) => child.kill(name));
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (c: Buffer) => {
    out.push(c);
    options.onStdout?.(c, () => child.stdout?.destroy());
  });
  child.stderr!.on('data', (c: Buffer) => err.push(c));
  child.stdin!.on('error', () => undefined); // the child may exit before reading all input
  child.stdin!.end(options.input ?? '');
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 60_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString(), timedOut });
    });
  });
}

/** A stack trace frame in stderr ("    at fn (file:1:2)"). */
const STACK_FRAME = /^\s+at .*(:\d+:\d+\)?|native\)?)$/m;

/** Asserts no stack trace, no hang, no signal death. */
export function expectNoCrash(r: ChildRun): void {
  expect(r.timedOut, `hung (killed by the time limit); stderr: ${r.stderr}`).to.equal(false);
  expect(r.signal, r.stderr).to.equal(null);
  expect(r.stderr, 'stack trace on stderr').to.not.match(STACK_FRAME);
  expect(r.stderr).to.not.match(/internal error/);
}

/** Asserts a clear failure: exit `code`, exactly one `s2s …:` error line on stderr, matching `pattern`. */
export function expectCleanError(r: ChildRun, code: number, pattern: RegExp): void {
  expectNoCrash(r);
  expect(r.code, r.stderr).to.equal(code);
  const errors = r.stderr.split('\n').filter((l) => /^s2s [a-z ]+: /.test(l) && !/warning:/.test(l));
  expect(errors, r.stderr).to.have.length(1);
  expect(errors[0]).to.match(pattern);
}
