import { expect } from 'chai';
import { bestCoreType, cpuFlags, openblasCore } from '../../scripts/bench/openblas-core.js';

describe('bench: the OpenBLAS kernel of the PyTorch reference', () => {
  const avx512 = new Set(['fma', 'avx2', 'avx512f', 'avx512_bf16']);

  it('reads the flags line of /proc/cpuinfo', () => {
    const flags = cpuFlags('processor\t: 0\nflags\t\t: fpu sse3 avx2 fma avx512f\nbogomips\t: 1\n');
    expect([...flags]).to.deep.equal(['fpu', 'sse3', 'avx2', 'fma', 'avx512f']);
    expect(cpuFlags('').size).to.equal(0);
  });

  it('picks the newest kernel the flags run', () => {
    expect(bestCoreType(avx512)).to.equal('Cooperlake');
    expect(bestCoreType(new Set(['fma', 'avx2', 'avx512f']))).to.equal('SkylakeX');
    expect(bestCoreType(new Set(['fma', 'avx2']))).to.equal('Haswell');
    expect(bestCoreType(new Set(['sse3']))).to.equal(null);
  });

  it('overrides a generic kernel detected on a CPU that can do better, and says so', () => {
    const { env, note } = openblasCore('python3', { PATH: '/bin' }, avx512, () => 'Prescott');
    expect(env['OPENBLAS_CORETYPE']).to.equal('Cooperlake');
    expect(env['PATH']).to.equal('/bin');
    expect(note).to.contain('detected Prescott');
  });

  it('keeps a recognised kernel, and a kernel the user chose', () => {
    const kept = openblasCore('python3', {}, avx512, () => 'SkylakeX');
    expect(kept.env['OPENBLAS_CORETYPE']).to.equal(undefined);
    expect(kept.note).to.equal('OpenBLAS kernel SkylakeX');
    let probed = false;
    const user = openblasCore('python3', { OPENBLAS_CORETYPE: 'Haswell' }, avx512, () => {
      probed = true;
      return 'Prescott';
    });
    expect(user.env['OPENBLAS_CORETYPE']).to.equal('Haswell');
    expect(probed).to.equal(false);
  });

  it('leaves a generic kernel alone where the CPU has nothing better', () => {
    const { env } = openblasCore('python3', {}, new Set(['sse3']), () => 'Prescott');
    expect(env['OPENBLAS_CORETYPE']).to.equal(undefined);
  });
});
