/**
 * What `s2s export --onnx` writes for a checkpoint: the ONNX graphs plus `model.json`, a sidecar with the model kind,
 * config, special ids, the graphs' input/output contract and the tokenizer files (SentencePiece `.model` bytes or
 * the word vocabulary, as stored in the checkpoint). Pure: file name → bytes; the command writes them.
 */
import type { Checkpoint } from '../io/index.js';
import type { Seq2SeqConfig } from '../models/seq2seq-config.js';
import type { LanguageModelConfig } from '../models/lm-config.js';
import { BOS_ID, EOS_ID, PAD_ID, UNK_ID } from '../text/special-ids.js';
import { exportSeq2Seq } from './export-seq2seq.js';
import { exportLanguageModel } from './export-lm.js';
import { IR_VERSION, OPSET } from './onnx-proto.js';
import { OnnxExportError } from './export-error.js';

/** The graphs' contract, as documented in export-seq2seq.ts and export-lm.ts (l: layer index). */
const CONTRACT = {
  seq2seq: {
    'encoder.onnx': {
      inputs: 'source_ids [B,S] int32 (ids + EOS, right-padded with 0), source_lengths [B] int32',
      outputs:
        'memory [B,S,C], source_mask [B,S], keys [B,S,A] (attention), init_h_l [B,H] (mean-projection init; else zeros)',
    },
    'decoder_step.onnx': {
      inputs:
        'tokens [N] int32 (BOS first), h_l [N,H], c_l [N,H] (lstm), memory/keys/source_mask row-aligned (attention)',
      outputs: 'log_probs [N,V], h_l_next, c_l_next (lstm), attention [N,S] (attention)',
    },
  },
  lm: {
    'lm_step.onnx': {
      inputs: 'tokens [N] int32 (EOS as the start token), h_l [N,H], c_l [N,H] (lstm)',
      outputs: 'log_probs [N,V], h_l_next, c_l_next (lstm)',
    },
    'lm_score.onnx': {
      inputs: 'input_ids [B,T] int32 (EOS w…), target_ids [B,T] int32 (w… EOS), lengths [B] int32',
      outputs: 'token_log_probs [B,T] (0 past each length)',
    },
  },
};

export function onnxBundle(checkpoint: Checkpoint): Map<string, Uint8Array> {
  if (checkpoint.kind === 'ensemble') {
    throw new OnnxExportError(
      'E_ONNX_UNSUPPORTED',
      'export: an ensemble file holds several models; export each member file on its own (the ensemble combines their step log-probabilities, see README "Ensembles")',
      { feature: 'ensemble' },
    );
  }
  const files = new Map<string, Uint8Array>();
  if (checkpoint.kind === 'seq2seq') {
    const graphs = exportSeq2Seq(checkpoint.config as unknown as Seq2SeqConfig, checkpoint.weights);
    files.set('encoder.onnx', graphs.encoder).set('decoder_step.onnx', graphs.step);
  } else {
    const graphs = exportLanguageModel(checkpoint.config as unknown as LanguageModelConfig, checkpoint.weights);
    files.set('lm_step.onnx', graphs.step);
    if (graphs.score) files.set('lm_score.onnx', graphs.score);
  }
  const tokenizers: Record<string, { kind: string; file: string }> = {};
  for (const [role, t] of Object.entries(checkpoint.tokenizers)) {
    const file = `${role}.${t.kind === 'sentencepiece' ? 'model' : t.kind}`;
    files.set(file, t.bytes);
    tokenizers[role] = { kind: t.kind, file };
  }
  const contract = checkpoint.kind === 'seq2seq' ? CONTRACT.seq2seq : CONTRACT.lm;
  const sidecar = {
    kind: checkpoint.kind,
    config: checkpoint.config,
    onnx: {
      irVersion: IR_VERSION,
      opset: OPSET,
      graphs: Object.fromEntries(Object.entries(contract).filter(([f]) => files.has(f))),
    },
    specialIds: { pad: PAD_ID, unk: UNK_ID, bos: BOS_ID, eos: EOS_ID },
    tokenizers,
    step: checkpoint.step,
  };
  files.set('model.json', new TextEncoder().encode(JSON.stringify(sidecar, null, 2) + '\n'));
  return files;
}
