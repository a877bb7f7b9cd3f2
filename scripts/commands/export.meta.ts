/** `s2s export` — the command's meta (the run code is in ./export.ts). */
import { defineCommandMeta } from '../cli/command.js';

export const exportMeta = defineCommandMeta({
  path: ['export'],
  summary: 'export a model (.s2s, translation or LM) as ONNX graphs for ONNX Runtime in any language',
  usage: '--onnx --model M.s2s --out DIR',
  details:
    'Writes DIR/encoder.onnx + DIR/decoder_step.onnx (translation) or DIR/lm_step.onnx + DIR/lm_score.onnx (LM),\nDIR/model.json (config, special ids, graph inputs/outputs) and the tokenizer files.',
  options: {
    onnx: { type: 'boolean', description: 'export to ONNX (the only format so far)' },
    model: {
      type: 'string',
      alias: 'm',
      placeholder: 'FILE',
      required: true,
      description: 'model file (.s2s, kind seq2seq or lm)',
    },
    out: { type: 'string', alias: 'o', placeholder: 'DIR', required: true, description: 'output directory (created)' },
  },
});
