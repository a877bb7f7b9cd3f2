/**
 * The `s2s-rnn/core` entry (lib/portable.ts) claims to run anywhere TensorFlow.js runs: its whole module graph must
 * import no Node built-in and read no `process`. Checked on the real graph, as a bundler for the browser sees it.
 */
import { expect } from 'chai';
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

async function moduleGraph(entry: string): Promise<{ files: string[]; imports: string[] }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'neutral',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const inputs = Object.entries(result.metafile.inputs);
  return {
    files: inputs.map(([file]) => file),
    imports: inputs.flatMap(([, input]) => input.imports.filter((i) => i.external).map((i) => i.path)),
  };
}

describe('the portable entry (s2s-rnn/core)', () => {
  it('imports no Node built-in module and uses no `process`, anywhere in its module graph', async () => {
    const { files, imports } = await moduleGraph('lib/portable.ts');
    expect(files).to.include.members([
      'lib/models/seq2seq.ts',
      'lib/decode/index.ts',
      'lib/models/seq2seq-translator.ts',
    ]);
    expect(imports.filter((i) => NODE_BUILTINS.has(i))).to.deep.equal([]);
    expect(
      files.filter(
        (f) => f.endsWith('.ts') && /\bprocess\.(env|argv|on|exit|stdout|stderr)\b/.test(readFileSync(f, 'utf8')),
      ),
    ).to.deep.equal([]);
  });

  it('the main entry is not portable (the check can fail): it reaches node:fs', async () => {
    const { imports } = await moduleGraph('lib/index.ts');
    expect(imports).to.include('node:fs/promises');
  });
});
