/**
 * Throughput of the Redis worker pool on this machine: starts a redis-server and 1, then 2, … `s2s worker`
 * processes, warms them up, and times one client translating `--lines` short lines (the worker specs' sentences,
 * repeated). Also runs `redis-benchmark` on XADD (one per round trip, and pipelined by 16) for Redis's own ceiling,
 * and prints the load average. Not a test: numbers depend on the machine.
 *
 *   node --import tsx scripts/bench-workers.ts [--lines 600] [--workers 1,2] [--beam-size 1]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { lastValueFrom } from 'rxjs';
import { resolveDecodeOptions } from '../lib/decode/options.js';
import { RedisTranslationClient } from '../workers/redis-translation-client.js';
import { RedisServer } from './workers-support/redis-server.js';
import { WorkerProcess } from './workers-support/worker-process.js';
import { LINES } from './workers-support/lines.js';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '600' },
    workers: { type: 'string', default: '1,2' },
    'beam-size': { type: 'string', default: '1' },
  },
});
const total = Number(values.lines);
const lines = Array.from({ length: total }, (_, i) => LINES[i % LINES.length]!);
const options = { decode: resolveDecodeOptions({ beamSize: Number(values['beam-size']) }) };

/** CPU seconds (user + system) a process has used, from /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const server = await RedisServer.start();
try {
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  );
  for (const pipeline of ['1', '16']) {
    const xadd = execFileSync('redis-benchmark', [
      '-p',
      String(server.port),
      '-q',
      '-n',
      '200000',
      '-P',
      pipeline,
      'XADD',
      'bench',
      '*',
      'text',
      'The king sent messengers to the city.',
    ]).toString();
    console.log(`redis-benchmark XADD (pipeline ${pipeline}): ${xadd.trim().split('\r').pop()}`);
  }
  for (const count of values.workers.split(',').map(Number)) {
    const workers = await Promise.all(
      Array.from({ length: count }, (_, i) => WorkerProcess.start(server.url, `bench-${count}-${i}`)),
    );
    const client = new RedisTranslationClient(server.url, { pair: 'en-es', options, maxInFlight: 256 });
    try {
      await lastValueFrom(client.translate(lines.slice(0, 40 * count)));
      const pids = [server.pid, ...workers.map((w) => w.child.pid)];
      const cpuBefore = pids.map(cpuSeconds);
      const started = performance.now();
      await lastValueFrom(client.translate(lines));
      const seconds = (performance.now() - started) / 1000;
      const cpu = pids.map((pid, i) => cpuSeconds(pid) - cpuBefore[i]!);
      const workerCpu = cpu.slice(1).reduce((a, b) => a + b, 0);
      console.log(
        `${count} worker(s): ${total} lines in ${seconds.toFixed(1)} s = ${(total / seconds).toFixed(1)} lines/s; worker CPU ${workerCpu.toFixed(1)} s (${(total / workerCpu).toFixed(1)} lines per worker-CPU-second); redis-server CPU ${cpu[0]!.toFixed(2)} s (${(total / Math.max(cpu[0]!, 0.01)).toFixed(0)} lines per Redis-CPU-second)`,
      );
    } finally {
      await client.close();
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exited));
    }
  }
} finally {
  await server.destroy();
}
