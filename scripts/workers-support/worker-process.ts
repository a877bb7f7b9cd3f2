/** `s2s worker` as a child process (the real CLI), for the worker specs. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export const EN_ES = 'fixtures/models/en-es.s2s';

export class WorkerProcess {
  /** Everything the worker wrote to stderr. */
  log = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    this.exited = once(child, 'exit').then(([code]) => code as number | null);
    child.stderr!.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
  }

  /** Starts `s2s worker --redis URL --model en-es.s2s --name NAME ARGS…`; resolves once it serves. */
  static async start(
    url: string,
    name: string,
    args: string[] = [],
    env: Record<string, string> = {},
  ): Promise<WorkerProcess> {
    const child = spawn(
      process.execPath,
      ['bin/s2s.js', 'worker', '--redis', url, '--model', EN_ES, '--name', name, ...args],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } },
    );
    const worker = new WorkerProcess(name, child);
    await new Promise<void>((resolve, reject) => {
      const onData = (): void => {
        if (worker.log.includes('serving')) resolve();
      };
      child.stderr!.on('data', onData);
      void worker.exited.then((code) =>
        reject(new Error(`worker ${name} exited with ${code} before serving: ${worker.log}`)),
      );
    });
    return worker;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }
}
