/** The benchmark's honesty rules: ratios only against an optimized BLAS, the PyTorch interpreter, the busy-machine warning. */
import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { formatTable, type Figure } from '../../scripts/bench/report.js';
import { findTorchPython, pythonCandidates, type TorchFigures } from '../../scripts/bench/torch.js';
import { busyMachineNote } from '../../scripts/bench/machine.js';

const figures: Record<string, Figure> = {
  greedy_b1: { tokS: 500, flopsPerToken: 2e7, peakFraction: 0.06, seconds: 0.06 },
  beam_b16: { tokS: 240, flopsPerToken: 9e7, peakFraction: 0.1, seconds: 2 },
};
const torch: TorchFigures = {
  torch: '1.13',
  threads: 2,
  gemm2048_gflops: 170,
  greedy: { '1': { tok_s: 250 } },
  beam5_b16: { tok_s: 160 },
};

describe('bench report', () => {
  it('prints ours/torch per workload only when PyTorch is comparable', () => {
    const shown = formatTable('onnx', figures, 165, torch, true);
    expect(shown).to.contain('ours/torch');
    expect(shown.split('\n').find((l) => l.startsWith('greedy B=1'))).to.match(/2\.000$/);
    expect(shown.split('\n').find((l) => l.startsWith('beam K=5 B=16'))).to.match(/1\.500$/);
    const withheld = formatTable('onnx', figures, 165, torch, false);
    expect(withheld.split('\n')[0]).not.to.contain('ours/torch');
    expect(withheld).not.to.match(/2\.000|1\.500/);
    expect(withheld).to.contain('not comparable');
    expect(formatTable('onnx', figures, 165, null, false)).not.to.contain('ours/torch');
  });

  it("tries $S2S_PYTHON, then python3, then Debian's /usr/bin/python3, and takes the first that imports torch", () => {
    expect(pythonCandidates({ S2S_PYTHON: '/opt/py/bin/python' })).to.deep.equal([
      '/opt/py/bin/python',
      'python3',
      '/usr/bin/python3',
    ]);
    expect(pythonCandidates({})).to.deep.equal(['python3', '/usr/bin/python3']);
    const script = fileURLToPath(import.meta.url); // any existing file stands in for torch_reference.py
    // /bin/false exits 1 (cannot import), /bin/true exits 0 whatever it is asked
    expect(findTorchPython(['/nonexistent/python3', '/bin/false', '/bin/true'], script)).to.deep.equal({
      python: '/bin/true',
    });
    const none = findTorchPython(['/nonexistent/python3', '/bin/false'], script);
    expect(none).to.have.property('reason').that.contains('/bin/false');
    expect(findTorchPython(['/bin/true'], '/nonexistent/torch_reference.py'))
      .to.have.property('reason')
      .that.contains('not found');
  });

  it('warns when the load average at the start exceeds half the cores', () => {
    expect(busyMachineNote([0.9, 0.5, 0.4], 2)).to.equal(null);
    expect(busyMachineNote([1, 0.5, 0.4], 2)).to.equal(null);
    expect(busyMachineNote([1.2, 0.5, 0.4], 2)).to.contain('1.2');
    expect(busyMachineNote([3, 2, 1], 8)).to.equal(null);
    expect(busyMachineNote([4.5, 2, 1], 8)).to.contain('idle');
  });
});
