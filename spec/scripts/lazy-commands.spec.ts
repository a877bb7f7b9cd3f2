/**
 * `s2s --help` and `s2s <command> --help` load no TensorFlow.js and no command code: checked on the real CLI by
 * asking Node which CommonJS modules it loads (tfjs ships CommonJS, so NODE_DEBUG=module names each of its files).
 * Running a command does load it (so the check can fail).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { COMMANDS } from '../../scripts/commands/index.js';

function loadedModules(args: string[]): { status: number | null; stdout: string; trace: string } {
  const r = spawnSync('node', ['bin/s2s.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_DEBUG: 'module' },
  });
  return { status: r.status, stdout: r.stdout, trace: r.stderr };
}

describe('lazy command loading', function () {
  this.timeout(120_000);

  it('every command is lazy in the table', () => {
    expect(COMMANDS.filter((c) => !('load' in c)).map((c) => c.path.join(' '))).to.deep.equal([]);
  });

  it('help for the list and for each tensor command loads no @tensorflow module', () => {
    for (const args of [['--help'], ['translate', '--help'], ['help', 'train'], ['lm', 'generate', '-h']]) {
      const r = loadedModules(args);
      expect(r.status, args.join(' ')).to.equal(0);
      expect(r.stdout).to.match(/^Usage: s2s/);
      expect(r.trace, args.join(' ')).to.not.match(/@tensorflow/);
    }
  });

  it('running a tensor command does load tfjs', () => {
    const r = loadedModules(['backends']);
    expect(r.status).to.equal(0);
    expect(r.trace).to.match(/@tensorflow[\\/]tfjs-core/);
  });
});
