/** `s2s serve` of an ensemble file (`s2s ensemble`): its members are served as one model, with the file's languages. */
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckpoint, saveCheckpoint } from '../../lib/io/index.js';
import { ensembleCheckpoint, flattenMembers } from '../../lib/models/ensemble-checkpoint.js';
import { loadServedModels } from '../../server/load-models.js';
import { MODEL, postJson, startServer, type StartedServer } from './start-server.js';

describe('server: an ensemble file', function () {
  this.timeout(120_000);
  let dir: string;
  let ensemble: string;
  const servers: StartedServer[] = [];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 's2s-serve-ensemble-'));
    ensemble = join(dir, 'en-es-x2.s2s');
    const shipped = { checkpoint: await loadCheckpoint(MODEL), source: MODEL };
    await saveCheckpoint(ensemble, ensembleCheckpoint(flattenMembers([shipped, shipped])));
  });
  after(async () => {
    for (const s of servers) await s.app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads as one en-es model of two members (the languages stored in the ensemble file)', async () => {
    const [served, ...rest] = await loadServedModels([{ path: ensemble }]);
    try {
      expect(rest).to.have.length(0);
      expect(served!.pair).to.deep.equal({ source: 'en', target: 'es' });
      expect(served!.members?.map((m) => m.weight)).to.deep.equal([0.5, 0.5]);
    } finally {
      for (const m of served!.members ?? []) m.model.dispose();
    }
  });

  it('translates exactly as the model it ensembles with itself (greedy and beam, with n-best alternatives)', async () => {
    servers.push(await startServer(), await startServer({ models: [{ path: ensemble }] }));
    const [single, double] = servers as [StartedServer, StartedServer];
    const post = (path: string, body: unknown): ReturnType<typeof postJson>[] => [
      postJson(`${single.url}${path}`, body),
      postJson(`${double.url}${path}`, body),
    ];
    const [a, b] = await Promise.all(
      post('/translate', {
        q: ['In the beginning.', 'The people answered.'],
        source: 'en',
        target: 'es',
        alternatives: 2,
      }),
    );
    expect(b!.status).to.equal(200);
    expect(b!.body.alternatives).to.have.length(2);
    expect(b!.body).to.deep.equal(a!.body);
    // the native API: scores, n-best and alignments too
    const [c, d] = await Promise.all(
      post('/v1/translate', {
        source: 'en',
        target: 'es',
        lines: ['God saw the light.', 'And it was so.'],
        options: { beamSize: 4, nBest: 3, alignment: 'hard' },
      }),
    );
    expect(d!.status).to.equal(200);
    expect(d!.body.results.map((r) => r.nbest.length)).to.deep.equal([3, 3]);
    expect(d!.body).to.deep.equal(c!.body);
  });
});
