/** msgpack input framing: valid frames come out, a truncated or garbage tail becomes one error record, memory bounded. */
import { expect } from 'chai';
import { pack } from 'msgpackr';
import { Readable } from 'node:stream';
import { msgpackRecords } from '../../../pipelines/formats/msgpack.js';
import type { LineInput } from '../../../pipelines/types.js';

async function decodeAll(
  chunks: Uint8Array[],
  options: Parameters<typeof msgpackRecords>[1] = {},
): Promise<LineInput[]> {
  const out: LineInput[] = [];
  for await (const record of msgpackRecords(Readable.from(chunks), options)) out.push(record);
  return out;
}

const frame = (id: number, text: string): Buffer => pack({ id, text });

describe('msgpackRecords (msgpack input framing)', () => {
  it('three frames, the last cut short: the two whole ones, then one E_INPUT_TRUNCATED record', async () => {
    const third = frame(3, 'three');
    const bytes = Buffer.concat([frame(1, 'one'), frame(2, 'two'), third.subarray(0, third.length - 2)]);
    const records = await decodeAll([bytes]);
    expect(records.slice(0, 2)).to.deep.equal([
      { id: 1, text: 'one' },
      { id: 2, text: 'two' },
    ]);
    expect(records).to.have.length(3);
    expect(records[2]).to.have.nested.property('error.code', 'E_INPUT_TRUNCATED');
  });

  it('a value that is not a record (0xc1, a number) becomes one error record in its place and reading goes on', async () => {
    const records = await decodeAll([frame(1, 'one'), Buffer.from([0xc1, 0x07]), frame(2, 'two')]);
    expect(records).to.have.length(4);
    expect(records[0]).to.deep.equal({ id: 1, text: 'one' });
    expect(records[1]).to.have.nested.property('error.code', 'E_INPUT_INVALID');
    expect(records[2]).to.have.nested.property('error.code', 'E_INPUT_INVALID');
    expect(records[3]).to.deep.equal({ id: 2, text: 'two' });
  });

  it('undecodable bytes (an unknown extension) between frames: frames before them come out, then one E_INPUT_CORRUPT record naming the offset', async () => {
    const first = frame(1, 'one');
    const records = await decodeAll([first, Buffer.from([0xd4, 0x05, 0x00]), frame(2, 'two')]);
    expect(records[0]).to.deep.equal({ id: 1, text: 'one' });
    expect(records).to.have.length(2);
    expect(records[1]).to.have.nested.property('error.code', 'E_INPUT_CORRUPT');
    expect((records[1] as { error: { message: string } }).error.message).to.contain(`byte ${first.length}`);
  });

  it('frames split across chunks at every byte decode the same as whole', async () => {
    const bytes = Buffer.concat([frame(1, 'one'), frame(2, 'dos ñ'), frame(3, 'x'.repeat(300))]);
    const chunks = Array.from(bytes, (b) => Buffer.from([b]));
    expect(await decodeAll(chunks)).to.deep.equal([
      { id: 1, text: 'one' },
      { id: 2, text: 'dos ñ' },
      { id: 3, text: 'x'.repeat(300) },
    ]);
  });

  it('a header announcing a huge value is refused at maxRecordBytes instead of buffering without bound', async () => {
    // str32 of 2^31 bytes, followed by a little data: never completes
    const header = Buffer.from([0xdb, 0x80, 0x00, 0x00, 0x00]);
    const records = await decodeAll([frame(1, 'ok'), header, Buffer.alloc(5000, 0x61), Buffer.alloc(5000, 0x61)], {
      maxRecordBytes: 4096,
    });
    expect(records[0]).to.deep.equal({ id: 1, text: 'ok' });
    expect(records).to.have.length(2);
    expect(records[1]).to.have.nested.property('error.code', 'E_INPUT_TOO_LARGE');
  });

  it('an unsigned 64-bit id above 2^53 is kept exactly (as a bigint)', async () => {
    const big = Buffer.from([
      0x82, 0xa2, 0x69, 0x64, 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xa4, 0x74, 0x65, 0x78, 0x74, 0xa1,
      0x61,
    ]);
    expect(await decodeAll([big])).to.deep.equal([{ id: 2n ** 64n - 1n, text: 'a' }]);
  });
});
