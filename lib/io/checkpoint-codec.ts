/**
 * Checkpoint ↔ bytes. One msgpack document (msgpackr, plain maps, no records):
 *
 *   { format: 's2s-checkpoint', version: 1, kind: 'seq2seq' | 'lm',
 *     checksum: { algorithm: 'crc32', value: u32 },         // CRC-32 of the payload bytes
 *     payload: bin }                                         // msgpack of the body below
 *   body = { kind, config, tokenizers: { [role]: { kind, bytes: bin } },
 *            weights: [{ name, shape: int[], dtype: 'float32' | 'float16' | 'int32', data: bin }],
 *            optimizer: { name, hyperparameters, state: [same as weights] } | null,
 *            step, epoch, rng: [u32 × 4] | null, bestDevScore: number | null, meta }
 *
 * `data` is the raw little-endian bytes of the row-major array (float16 = IEEE binary16 bit patterns).
 * Reading checks, in order: not empty / complete msgpack (else TRUNCATED), `format` (else CORRUPT), `version` ≤ 1
 * (else VERSION: a newer s2s wrote it), checksum (else CORRUPT), body structure (else CORRUPT), `kind` (else KIND).
 */
import { Packr } from 'msgpackr';
import { CheckpointError, ShapeError } from '../errors.js';
import { crc32 } from './crc32.js';
import { toFloat16Array } from './float16.js';
import { toLittleEndianBytes } from './little-endian.js';
import { describe, Reader } from './checkpoint-reader.js';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_KINDS,
  CHECKPOINT_VERSION,
  type Checkpoint,
  type CheckpointKind,
  type OptimizerState,
  type StoredTensor,
  type StoredTokenizer,
  type WeightStorage,
} from './checkpoint-types.js';
import type { RngState } from '../util/random.js';

const packr = new Packr({ useRecords: false, mapsAsObjects: true });

export interface CheckpointDecodeOptions {
  /** Fail with E_CHECKPOINT_KIND unless the checkpoint is of this kind. */
  expectKind?: CheckpointKind;
  /** Name of the file for error messages. */
  source?: string;
}

type DiskDtype = 'float32' | 'float16' | 'int32';
interface DiskTensor {
  name: string;
  shape: number[];
  dtype: DiskDtype;
  data: Uint8Array;
}

function toDisk(t: StoredTensor, storage: WeightStorage): DiskTensor {
  const expected = t.shape.reduce((a, b) => a * b, 1);
  if (t.data.length !== expected) {
    throw new ShapeError(
      `encodeCheckpoint: tensor '${t.name}' of shape [${t.shape.join(', ')}] needs ${expected} values, got ${t.data.length}; fix the weights passed in`,
      { name: t.name },
    );
  }
  if (t.dtype === 'float32' && storage === 'float16')
    return { name: t.name, shape: [...t.shape], dtype: 'float16', data: toLittleEndianBytes(toFloat16Array(t.data)) };
  return { name: t.name, shape: [...t.shape], dtype: t.dtype, data: toLittleEndianBytes(t.data) };
}

/** Encodes a checkpoint to bytes (format in the file comment). Float32 weights become float16 if `weightStorage` says so. */
export function encodeCheckpoint<C extends object>(checkpoint: Checkpoint<C>): Uint8Array {
  const storage = checkpoint.weightStorage ?? 'float32';
  const body = {
    kind: checkpoint.kind,
    config: checkpoint.config,
    tokenizers: Object.fromEntries(
      Object.entries(checkpoint.tokenizers).map(([role, t]) => [role, { kind: t.kind, bytes: t.bytes }]),
    ),
    weights: checkpoint.weights.map((t) => toDisk(t, storage)),
    optimizer: checkpoint.optimizer
      ? {
          name: checkpoint.optimizer.name,
          hyperparameters: checkpoint.optimizer.hyperparameters,
          state: checkpoint.optimizer.state.map((t) => toDisk(t, 'float32')),
        }
      : null,
    step: checkpoint.step,
    epoch: checkpoint.epoch,
    rng: checkpoint.rng ?? null,
    bestDevScore: checkpoint.bestDevScore ?? null,
    meta: checkpoint.meta,
  };
  const payload = packr.pack(body);
  return packr.pack({
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    kind: checkpoint.kind,
    checksum: { algorithm: 'crc32', value: crc32(payload) },
    payload,
  });
}

function unpack(bytes: Uint8Array, source: string, part: string): unknown {
  try {
    return packr.unpack(bytes);
  } catch (err) {
    if ((err as { incomplete?: boolean }).incomplete || err instanceof RangeError) {
      throw new CheckpointError(
        'E_CHECKPOINT_TRUNCATED',
        `checkpoint ${source} is truncated (${bytes.byteLength} bytes; its ${part} ends early): the write was interrupted or the copy is incomplete; re-copy it or use an earlier checkpoint`,
        {
          details: { source, bytes: bytes.byteLength },
          cause: err,
        },
      );
    }
    throw new CheckpointError(
      'E_CHECKPOINT_CORRUPT',
      `checkpoint ${source} is corrupt (its ${part} is not valid msgpack): the file is damaged or not an s2s checkpoint; re-copy it or use an earlier checkpoint`,
      {
        details: { source },
        cause: err,
      },
    );
  }
}

/**
 * Decodes bytes written by `encodeCheckpoint`. Float16 weights come back as float32 (`weightStorage: 'float16'`).
 * @throws CheckpointError E_CHECKPOINT_TRUNCATED | E_CHECKPOINT_CORRUPT | E_CHECKPOINT_VERSION | E_CHECKPOINT_KIND.
 */
export function decodeCheckpoint(bytes: Uint8Array, options: CheckpointDecodeOptions = {}): Checkpoint {
  const source = options.source ?? '(bytes)';
  const r = new Reader(source);
  if (bytes.byteLength === 0) {
    throw new CheckpointError(
      'E_CHECKPOINT_TRUNCATED',
      `checkpoint ${source} is empty (0 bytes): the write was interrupted; use an earlier checkpoint`,
      { details: { source } },
    );
  }
  const envelope = r.object(unpack(bytes, source, 'header'), 'file');
  if (envelope['format'] !== CHECKPOINT_FORMAT)
    throw r.corrupt(`expected format '${CHECKPOINT_FORMAT}', found ${describe(envelope['format'])}`);
  const version = r.number(envelope['version'], 'version');
  if (Number.isInteger(version) && version > CHECKPOINT_VERSION) {
    throw new CheckpointError(
      'E_CHECKPOINT_VERSION',
      `checkpoint ${source} was written by format version ${version}; this s2s reads up to version ${CHECKPOINT_VERSION}: upgrade s2s`,
      {
        details: { source, version, supported: CHECKPOINT_VERSION },
      },
    );
  }
  if (version !== CHECKPOINT_VERSION)
    throw r.corrupt(`expected format version 1..${CHECKPOINT_VERSION}, found ${version}`);
  const checksum = r.object(envelope['checksum'], 'checksum');
  if (checksum['algorithm'] !== 'crc32')
    throw r.corrupt(`expected checksum algorithm 'crc32', found ${describe(checksum['algorithm'])}`);
  const stored = r.number(checksum['value'], 'checksum.value');
  const payload = r.bytes(envelope['payload'], 'payload');
  const computed = crc32(payload);
  if (stored !== computed)
    throw r.corrupt(`checksum mismatch (stored crc32 ${hex(stored)}, computed ${hex(computed)})`);

  const body = r.object(unpack(payload, source, 'payload'), 'payload');
  const kind = r.string(body['kind'], 'kind');
  if (!(CHECKPOINT_KINDS as readonly string[]).includes(kind))
    throw r.corrupt(`expected kind ${CHECKPOINT_KINDS.join(' or ')}, found '${kind}'`);
  if (envelope['kind'] !== kind)
    throw r.corrupt(`header kind ${describe(envelope['kind'])} differs from payload kind '${kind}'`);
  if (options.expectKind && kind !== options.expectKind) {
    throw new CheckpointError(
      'E_CHECKPOINT_KIND',
      `checkpoint ${source} holds a ${kindName(kind)} model, expected a ${kindName(options.expectKind)} model: pass a ${options.expectKind} checkpoint here`,
      {
        details: { source, kind, expected: options.expectKind },
      },
    );
  }

  const tokenizers: Record<string, StoredTokenizer> = {};
  for (const [role, value] of Object.entries(r.object(body['tokenizers'], 'tokenizers'))) {
    const t = r.object(value, `tokenizers.${role}`);
    tokenizers[role] = {
      kind: r.string(t['kind'], `tokenizers.${role}.kind`),
      bytes: new Uint8Array(r.bytes(t['bytes'], `tokenizers.${role}.bytes`)),
    };
  }
  const diskWeights = r.array(body['weights'], 'weights');
  const weights = diskWeights.map((w, i) => r.tensor(w, `weights[${i}]`));
  const weightStorage: WeightStorage = diskWeights.some((w) => (w as Record<string, unknown>)['dtype'] === 'float16')
    ? 'float16'
    : 'float32';

  let optimizer: OptimizerState | undefined;
  if (body['optimizer'] !== null && body['optimizer'] !== undefined) {
    const o = r.object(body['optimizer'], 'optimizer');
    optimizer = {
      name: r.string(o['name'], 'optimizer.name'),
      hyperparameters: r.object(o['hyperparameters'], 'optimizer.hyperparameters'),
      state: r.array(o['state'], 'optimizer.state').map((t, i) => r.tensor(t, `optimizer.state[${i}]`)),
    };
  }
  let rng: RngState | undefined;
  if (body['rng'] !== null && body['rng'] !== undefined) {
    const words = r.array(body['rng'], 'rng').map((w, i) => r.number(w, `rng[${i}]`));
    if (words.length !== 4) throw r.corrupt(`expected 'rng' to hold 4 numbers, found ${words.length}`);
    rng = [words[0]!, words[1]!, words[2]!, words[3]!];
  }
  const best = body['bestDevScore'];
  return {
    kind: kind as CheckpointKind,
    config: r.object(body['config'], 'config'),
    tokenizers,
    weights,
    weightStorage,
    ...(optimizer ? { optimizer } : {}),
    step: r.number(body['step'], 'step'),
    epoch: r.number(body['epoch'], 'epoch'),
    ...(rng ? { rng } : {}),
    bestDevScore: best === null || best === undefined ? null : r.number(best, 'bestDevScore'),
    meta: r.object(body['meta'], 'meta'),
  };
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

function kindName(kind: string): string {
  return kind === 'lm' ? 'language-model (lm)' : `${kind}`;
}
