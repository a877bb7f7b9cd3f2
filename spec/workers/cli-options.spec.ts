/** `s2s worker`, `s2s translate --redis` and `s2s serve --redis` refuse bad options with clear messages, before touching Redis. */
import { expect } from 'chai';
import { s2s } from '../helpers/cli.js';
import { modelPair } from '../../workers/protocol.js';

describe('workers: CLI options', function () {
  this.timeout(60_000);

  it('s2s worker needs a redis:// URL', async () => {
    const badUrl = await s2s(['worker', '--redis', 'localhost:6379', '--model', 'fixtures/models/en-es.s2s']);
    expect(badUrl.code).to.not.equal(0);
    expect(badUrl.stderr).to.match(/--redis must be a URL like redis:\/\/host:6379.*got "localhost:6379"/);
  });

  it('s2s translate --redis refuses options that need a local model', async () => {
    const svg = await s2s(['translate', '--redis', 'redis://127.0.0.1:1', '-m', 'en-es', '--attention-svg', 'x']);
    expect(svg.code).to.not.equal(0);
    expect(svg.stderr).to.match(/do not combine with --redis/);
  });

  it('s2s serve --redis refuses local models and a URL that is not redis://', async () => {
    const withModel = await s2s([
      'serve',
      '--redis',
      'redis://127.0.0.1:1',
      '--model',
      'fixtures/models/en-es.s2s',
      '--port',
      '0',
    ]);
    expect(withModel.code).to.not.equal(0);
    expect(withModel.stderr).to.match(/--model and --lm do not combine with --redis/);
    const badUrl = await s2s(['serve', '--redis', 'localhost:6379', '--port', '0']);
    expect(badUrl.code).to.not.equal(0);
    expect(badUrl.stderr).to.match(/--redis must be a URL like redis:\/\/host:6379/);
  });

  it('names the language pair after the model file, or PAIR=FILE', () => {
    expect(modelPair('models/en-es.s2s')).to.deep.equal({ pair: 'en-es', file: 'models/en-es.s2s' });
    expect(modelPair('en-es')).to.deep.equal({ pair: 'en-es', file: 'en-es' });
    expect(modelPair('de-en=/m/best.s2s')).to.deep.equal({ pair: 'de-en', file: '/m/best.s2s' });
    expect(() => modelPair('/m/en es.s2s')).to.throw(/PAIR=FILE/);
  });
});
