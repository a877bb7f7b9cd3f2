/** Engine selection (lib/engine.ts) and the ONNX Runtime session settings (lib/onnx/ort-runtime.ts). */
import { availableParallelism } from 'node:os';
import { expect } from 'chai';
import { parseEngineName, selectEngine } from '../../lib/engine.js';
import { executionProviders, intraOpThreads } from '../../lib/onnx/ort-runtime.js';
import { OptionError } from '../../lib/errors.js';

describe('engine selection', () => {
  const saved = { engine: process.env['S2S_ENGINE'], threads: process.env['S2S_ORT_THREADS'] };
  afterEach(() => {
    for (const [key, value] of [
      ['S2S_ENGINE', saved.engine],
      ['S2S_ORT_THREADS', saved.threads],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('parses --engine, falls back to S2S_ENGINE, then auto; rejects other names with the choices', () => {
    delete process.env['S2S_ENGINE'];
    expect(parseEngineName('onnx')).to.equal('onnx');
    expect(parseEngineName('tfjs')).to.equal('tfjs');
    expect(parseEngineName(undefined)).to.equal('auto');
    process.env['S2S_ENGINE'] = 'tfjs';
    expect(parseEngineName(undefined)).to.equal('tfjs');
    expect(parseEngineName('onnx')).to.equal('onnx');
    expect(() => parseEngineName('torch')).to.throw(
      OptionError,
      /--engine must be one of auto, onnx, tfjs, got 'torch'/,
    );
  });

  it('auto picks onnx where onnxruntime-node loads (it is installed here) and names its version and threads', async () => {
    delete process.env['S2S_ENGINE'];
    const auto = await selectEngine();
    expect(auto.name).to.equal('onnx');
    expect(auto.detail).to.match(/^onnxruntime-node \d+\.\d+\.\d+ \(cpu, \d+ threads\)$/);
    expect((await selectEngine('tfjs')).name).to.equal('tfjs');
    expect((await selectEngine('onnx')).name).to.equal('onnx');
  });

  it('runs one intra-op thread per core unless S2S_ORT_THREADS says otherwise, on the CPU provider at least', () => {
    delete process.env['S2S_ORT_THREADS'];
    expect(intraOpThreads()).to.equal(availableParallelism());
    process.env['S2S_ORT_THREADS'] = '1';
    expect(intraOpThreads()).to.equal(1);
    process.env['S2S_ORT_THREADS'] = 'many';
    expect(intraOpThreads()).to.equal(availableParallelism());
    expect(executionProviders().at(-1)).to.equal('cpu');
  });
});
