/**
 * Two WebAssembly threads (lib/wasm-threads): the switch, the version check, the self-test fallback, and that the
 * threaded build computes what the single-thread build does — a training step's loss and gradients within 1e-5
 * relative, greedy tokens identical (a random model in a child process; `s2s translate` on the shipped model) —
 * and that every process ends by itself (XNNPACK's worker threads must not hold Node's event loop).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { requestedWasmThreads, TESTED_WASM_VERSIONS } from '../../lib/wasm-threads/index.js';
import { unsupportedReason } from '../../lib/wasm-threads/threaded-glue.js';
import { wasmSelfTest } from '../../lib/wasm-threads/self-test.js';

const run = promisify(execFile);
const EXIT_WITHIN_MS = 100_000; // the child is killed (and the test fails) if it does not end by itself

interface ChildOutput {
  detail: string;
  threads: number;
  productOk: boolean;
  loss?: number;
  grads?: Record<string, string>;
  tokens?: number[][];
  leaked?: number;
}

async function child(mode: string, threads: string): Promise<ChildOutput> {
  const env = { ...process.env, S2S_WASM_THREADS: threads };
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'spec/wasm-threads/child.ts', mode], {
    env,
    timeout: EXIT_WITHIN_MS,
    maxBuffer: 64 * 2 ** 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ChildOutput;
}

const floats = (base64: string): Float32Array => {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
};

describe('wasm threads (lib/wasm-threads)', function () {
  this.timeout(4 * EXIT_WITHIN_MS);

  it('S2S_WASM_THREADS: 0 and 1 are off, N asks for N (at most 8), unset or auto is one per core', () => {
    expect(requestedWasmThreads('0', 4)).to.deep.equal({ threads: 1, reason: 'S2S_WASM_THREADS=0' });
    expect(requestedWasmThreads('1', 4).threads).to.equal(1);
    expect(requestedWasmThreads('3', 2)).to.deep.equal({ threads: 3 });
    expect(requestedWasmThreads('64', 2)).to.deep.equal({ threads: 8 });
    expect(requestedWasmThreads('', 2)).to.deep.equal({ threads: 2 }); // unset = empty
    expect(requestedWasmThreads('auto', 16)).to.deep.equal({ threads: 8 });
    expect(requestedWasmThreads('', 1)).to.deep.equal({ threads: 1, reason: '1 core' });
    expect(requestedWasmThreads('two', 2).reason).to.match(/S2S_WASM_THREADS='two' is not/);
  });

  it('the version check rejects an untested tfjs-backend-wasm and a glue without the hooks it uses', () => {
    const require = createRequire(import.meta.url);
    const glue = readFileSync(
      require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'),
      'utf8',
    );
    const worker = (
      require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js') as {
        wasmWorkerContents: string;
      }
    ).wasmWorkerContents;
    expect(unsupportedReason(TESTED_WASM_VERSIONS[0]!, glue, worker)).to.equal(undefined);
    expect(unsupportedReason('4.21.0', glue, worker)).to.match(/4\.21\.0 is not a tested version/);
    expect(
      unsupportedReason(TESTED_WASM_VERSIONS[0]!, glue.replaceAll('emscripten_num_logical_cores', 'x'), worker),
    ).to.match(/lacks emscripten_num_logical_cores/);
    expect(unsupportedReason(TESTED_WASM_VERSIONS[0]!, glue, 'self.onmessage=()=>{}')).to.match(
      /lacks worker importScripts/,
    );
  });

  it('the self-test passes on the active backend, leaves no tensor, and catches a wrong kernel', () => {
    const before = tf.memory().numTensors;
    expect(wasmSelfTest()).to.equal(undefined);
    expect(tf.memory().numTensors).to.equal(before);
    const backend = tf.getBackend();
    const sigmoid = tf.getKernel('Sigmoid', backend)!;
    const identity = tf.getKernel('Identity', backend)!;
    tf.unregisterKernel('Sigmoid', backend);
    tf.registerKernel({ ...identity, kernelName: 'Sigmoid' }); // σ(x) = x: only the LSTM steps use σ
    try {
      expect(wasmSelfTest()).to.match(/^LSTM steps\[\d+\] = /);
    } finally {
      tf.unregisterKernel('Sigmoid', backend);
      tf.registerKernel(sigmoid);
    }
    expect(wasmSelfTest()).to.equal(undefined);
  });

  it('an untested version runs the single-thread build and says why', async () => {
    const out = await child('old-version', '2');
    expect(out.detail).to.match(/threads off \(@tensorflow\/tfjs-backend-wasm 4\.21\.0 is not a tested version/);
    expect(out.threads).to.equal(1);
    expect(out.productOk).to.equal(true);
  });

  it('a failing self-test replaces the threaded build by the single-thread one and says why', async () => {
    const out = await child('bad-self-test', '2');
    expect(out.detail).to.equal(
      'WebAssembly, SIMD on, threads off (self-test of the threaded build failed: forced failure)',
    );
    expect(out.threads).to.equal(1);
    expect(out.productOk).to.equal(true);
  });

  it('a temp directory that cannot hold the worker script leaves the single-thread build, saying why', async () => {
    const out = await child('bad-dir', '2');
    expect(out.detail).to.match(/threads off \(the threaded build cannot be prepared \(ENOTDIR/);
    expect(out.threads).to.equal(1);
    expect(out.productOk).to.equal(true);
  });

  it('threads on: a training step agrees with the single-thread build (1e-5 relative), greedy tokens are identical, no tensor leaks', async () => {
    const [on, off] = [await child('step', '2'), await child('step', '0')];
    expect(on.detail).to.equal('WebAssembly, SIMD on, threads 2');
    expect(on.threads).to.equal(2);
    expect(off.detail).to.equal('WebAssembly, SIMD on, threads off (S2S_WASM_THREADS=0)');
    expect(Math.abs(on.loss! - off.loss!)).to.be.at.most(1e-5 * Math.abs(off.loss!));
    expect(Object.keys(on.grads!)).to.deep.equal(Object.keys(off.grads!));
    for (const [name, encoded] of Object.entries(off.grads!)) {
      const [a, b] = [floats(on.grads![name]!), floats(encoded)];
      const scale = b.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const worst = a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
      expect(worst, `${name}: max |Δ| against max |g| = ${scale}`).to.be.at.most(1e-5 * scale);
    }
    expect(on.tokens).to.deep.equal(off.tokens);
    expect(on.tokens!.flat().length).to.be.greaterThan(0);
    expect([on.leaked, off.leaked]).to.deep.equal([0, 0]);
  });

  it('`s2s translate` with two threads exits by itself and translates as with one', async () => {
    const lines = 'In the beginning God created the heavens and the earth.\nThe Lord is my shepherd.\n';
    const translate = (threads: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const env = { ...process.env, S2S_WASM_THREADS: threads };
        const proc = execFile(
          process.execPath,
          ['bin/s2s.js', 'translate', '-m', 'fixtures/models/en-es.s2s', '--engine', 'tfjs', '--no-progress'],
          { env, timeout: EXIT_WITHIN_MS },
          (err, stdout) => (err ? reject(err) : resolve(stdout)),
        );
        proc.stdin!.end(lines);
      });
    const [on, off] = [await translate('2'), await translate('0')];
    expect(on.trim().split('\n')).to.have.length(2);
    expect(on).to.equal(off);
  });
});
