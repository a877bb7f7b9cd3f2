/** Language codes in checkpoints: `s2s checkpoint set-lang` (metadata only, weights bit-identical) and how `s2s serve` picks a model's pair. */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { OptionError } from '../../lib/errors.js';
import { parseArgs } from '../../scripts/cli/args.js';
import { checkpointSetLangCommand } from '../../scripts/commands/checkpoint-set-lang.js';
import { trainCommand } from '../../scripts/commands/train.js';
import { Packr } from 'msgpackr';
import { loadCheckpoint, saveCheckpoint } from '../../lib/io/checkpoint-file.js';
import { languagesOf } from '../../lib/io/language-codes.js';
import { loadServedModels, parseModelSpec } from '../../server/load-models.js';
import { s2s } from '../helpers/cli.js';
import { MODEL } from './start-server.js';

const packr = new Packr({ useRecords: false, mapsAsObjects: true });
type Body = { weights: { name: string; dtype: string; data: Uint8Array }[]; meta: Record<string, unknown> };
/** The stored body of a checkpoint file, weights as their raw bytes. */
function body(path: string): Body {
  return packr.unpack((packr.unpack(readFileSync(path)) as { payload: Uint8Array }).payload) as Body;
}

describe('language codes in checkpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 's2s-lang-'));

  it('the shipped models declare en → es and es (LM)', async () => {
    expect(languagesOf(await loadCheckpoint(MODEL))).to.deep.equal({ source: 'en', target: 'es' });
    expect(languagesOf(await loadCheckpoint('fixtures/models/es-lm.s2s'))).to.deep.equal({ target: 'es' });
  });

  it('s2s checkpoint set-lang rewrites the metadata only: the stored weight bytes are identical', async () => {
    const path = join(dir, 'model.s2s');
    copyFileSync(MODEL, path);
    const result = await s2s(['checkpoint', 'set-lang', path, '--source-lang', 'pt-BR', '--target-lang', 'de']);
    expect(result.code, result.stderr).to.equal(0);
    const [before, after] = [body(MODEL), body(path)];
    expect(after.meta).to.include({ sourceLang: 'pt-BR', targetLang: 'de' });
    expect(after.weights.map((w) => w.name)).to.deep.equal(before.weights.map((w) => w.name));
    after.weights.forEach((w, i) => {
      expect(w.dtype).to.equal(before.weights[i]!.dtype);
      expect(Buffer.compare(w.data, before.weights[i]!.data), w.name).to.equal(0);
    });
  });

  it('s2s checkpoint set-lang refuses options that do not fit the model kind, and malformed codes', async () => {
    const run = async (argv: string[]): Promise<unknown> => {
      const io = { stdin: process.stdin, stdout: new PassThrough(), stderr: new PassThrough() };
      return checkpointSetLangCommand
        .run(parseArgs(checkpointSetLangCommand.options, argv), io)
        .catch((err: unknown) => err);
    };
    expect(await run([MODEL, '--lang', 'es']))
      .to.be.instanceOf(OptionError)
      .and.match(/translation model: give --source-lang/);
    expect(await run(['fixtures/models/es-lm.s2s', '--source-lang', 'es']))
      .to.be.instanceOf(OptionError)
      .and.match(/language model: give its language with --lang/);
    expect(await run([MODEL, '--source-lang', 'English']))
      .to.be.instanceOf(OptionError)
      .and.match(/--source-lang must be a language code/);
  });

  it('s2s train --source-lang/--target-lang stores the codes in the model', async () => {
    const data = join(dir, 'train.tsv');
    writeFileSync(data, ['src\ttgt', ...Array.from({ length: 40 }, (_, i) => `a b ${i % 5}\t${i % 5} b a`)].join('\n'));
    const out = join(dir, 'run');
    const argv = [
      '--train',
      data,
      '--src-column',
      'src',
      '--tgt-column',
      'tgt',
      '--tokenizer',
      'words',
      '--out',
      out,
      '--embedding-size',
      '8',
      '--hidden-size',
      '8',
      '--attention-size',
      '8',
      '--max-steps',
      '2',
      '--dev-decode',
      '0',
      '--source-lang',
      'en',
      '--target-lang',
      'eu',
    ];
    const io = { stdin: process.stdin, stdout: new PassThrough(), stderr: new PassThrough() };
    expect(await trainCommand.run(parseArgs(trainCommand.options, argv), io)).to.equal(0);
    expect(languagesOf(await loadCheckpoint(join(out, 'last.s2s')))).to.deep.equal({ source: 'en', target: 'eu' });
  });

  it('parses --model FILE[:src-tgt]', () => {
    expect(parseModelSpec('a/b.s2s')).to.deep.equal({ path: 'a/b.s2s' });
    expect(parseModelSpec('a/b.s2s:en-es')).to.deep.equal({ path: 'a/b.s2s', pair: { source: 'en', target: 'es' } });
    expect(parseModelSpec('c:/m.s2s:pt-BR-en')).to.deep.equal({
      path: 'c:/m.s2s',
      pair: { source: 'pt-BR', target: 'en' },
    });
    expect(parseModelSpec('x.s2s:latest')).to.deep.equal({ path: 'x.s2s:latest' });
  });

  it('serves a model by its stored pair, a :src-tgt override, or refuses one without a pair', async () => {
    const bare = join(dir, 'bare.s2s');
    const checkpoint = await loadCheckpoint(MODEL);
    await saveCheckpoint(bare, { ...checkpoint, meta: {} });
    const stored = await loadServedModels([{ path: MODEL }]);
    expect(stored[0]!.pair).to.deep.equal({ source: 'en', target: 'es' });
    const given = await loadServedModels([{ path: bare }], { languages: { source: 'en', target: 'ca' } });
    expect(given[0]!.pair).to.deep.equal({ source: 'en', target: 'ca' });
    for (const m of [...stored, ...given]) m.model.dispose();
    const withLm = await loadServedModels([{ path: MODEL }], { lmPath: 'fixtures/models/es-lm.s2s' });
    expect(withLm[0]!.lm).to.not.equal(undefined); // the LM speaks the model's target language (es)
    withLm[0]!.model.dispose();
    withLm[0]!.lm!.dispose();
    let error: unknown;
    await loadServedModels([{ path: bare }]).catch((err: unknown) => (error = err));
    expect(String(error)).to.match(/does not say which languages.*set-lang/);
    error = undefined;
    await loadServedModels([{ path: MODEL }, { path: MODEL }]).catch((err: unknown) => (error = err));
    expect(String(error)).to.match(/two models serve en-es/);
  });
});
