/** `s2s export --onnx`: a translation model or LM as ONNX graphs plus a `model.json` sidecar (lib/onnx/export-bundle.ts). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineCommand } from '../cli/command.js';
import { OptionError } from '../../lib/errors.js';

export const exportCommand = defineCommand({
  path: ['export'],
  summary: 'export a model (.s2s, translation or LM) as ONNX graphs for ONNX Runtime in any language',
  usage: '--onnx --model M.s2s --out DIR',
  details: 'Writes DIR/encoder.onnx + DIR/decoder_step.onnx (translation) or DIR/lm_step.onnx + DIR/lm_score.onnx (LM),\nDIR/model.json (config, special ids, graph inputs/outputs) and the tokenizer files.',
  options: {
    onnx: { type: 'boolean', description: 'export to ONNX (the only format so far)' },
    model: { type: 'string', alias: 'm', required: true, description: 'model file (.s2s, kind seq2seq or lm)' },
    out: { type: 'string', alias: 'o', required: true, description: 'output directory (created)' },
  },
  async run({ options: o }, io) {
    if (!o.onnx) throw new OptionError('E_OPTION_MISSING', 'export: say the format: --onnx', { option: '--onnx' });
    const { loadCheckpoint } = await import('../../lib/io/index.js');
    const { onnxBundle } = await import('../../lib/onnx/export-bundle.js');
    const files = onnxBundle(await loadCheckpoint(o.model));
    await mkdir(o.out, { recursive: true });
    for (const [name, bytes] of files) {
      await writeFile(join(o.out, name), bytes);
      io.stderr.write(`${join(o.out, name)} (${bytes.byteLength} bytes)\n`);
    }
    return 0;
  },
});
