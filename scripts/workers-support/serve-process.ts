/** `s2s serve --redis URL` as a child process (the real CLI), for the worker specs. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export class ServeProcess {
  readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    private readonly stderr: { text: string },
  ) {
    this.exited =
      child.exitCode !== null
        ? Promise.resolve(child.exitCode)
        : once(child, 'exit').then(([code]) => code as number | null);
  }

  /** Everything the server wrote to stderr. */
  get log(): string {
    return this.stderr.text;
  }

  /** Starts `s2s serve --redis URL --port 0 --quiet ARGS…`; resolves with its address once it listens. */
  static async start(redisUrl: string, args: string[] = []): Promise<ServeProcess> {
    const child = spawn(
      process.execPath,
      ['bin/s2s.js', 'serve', '--redis', redisUrl, '--port', '0', '--quiet', ...args],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const stderr = { text: '' };
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => (stderr.text += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr!.on('data', () => {
        const match = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr.text);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`s2s serve exited with ${code}: ${stderr.text}`)));
    });
    return new ServeProcess(child, url, stderr);
  }

  /** Resolves once `/ready` answers 200 with `pairs` (the workers' adverts have been read). */
  async ready(pairs: string[], timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await fetch(`${this.url}/ready`);
      const body = (await response.json()) as { pairs: string[] };
      if (response.status === 200 && JSON.stringify(body.pairs) === JSON.stringify(pairs)) return;
      if (Date.now() > deadline)
        throw new Error(
          `s2s serve --redis not ready with ${pairs.join(', ')} after ${timeoutMs} ms: ${JSON.stringify(body)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}
