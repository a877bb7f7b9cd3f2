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

  it('s2s worker bounds its flags and the batch flags as translate does, before touching Redis or a model', async () => {
    const cases: [string, string, RegExp][] = [
      ['--max-sentences', '0', /--max-sentences must be an integer from 1 to 4096 .*got 0/],
      ['--max-wait', '-5', /--max-wait must be a number from 0 to 3600000 .*got -5/],
      ['--concurrency', '1000', /--concurrency must be an integer from 1 to 64 .*got 1000/],
      ['--prefetch', '0', /--prefetch must be an integer from 1 to 65536 .*got 0/],
      ['--claim-idle', '3000000000', /--claim-idle must be an integer from 100 to 86400000 .*got 3000000000/],
      ['--max-deliveries', '2.5', /--max-deliveries must be an integer from 1 to 1000 .*got 2\.5/],
    ];
    for (const [flag, value, message] of cases) {
      const result = await s2s(['worker', '--redis', 'redis://127.0.0.1:1', '--model', 'missing.s2s', flag, value]);
      expect(result.code, `${flag} ${value}`).to.equal(2);
      expect(result.stderr, `${flag} ${value}`).to.match(message);
    }
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
