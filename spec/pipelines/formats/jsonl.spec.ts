/** JSON-lines ids: kept exactly as given (big integers as their source digits); lines without an id are unambiguous. */
import { expect } from 'chai';
import { from, lastValueFrom, map, toArray } from 'rxjs';
import { formatJsonLine, parseJsonLine } from '../../../pipelines/formats/jsonl.js';
import { translate } from '../../../pipelines/translate.js';
import { charTokenizer, ReverseTranslator } from '../fakes.js';

async function roundTrip(lines: string[]): Promise<string[]> {
  const out = from(lines).pipe(
    map(parseJsonLine),
    translate(new ReverseTranslator(), charTokenizer, { batch: { maxWait: 1 } }),
    map(formatJsonLine),
    toArray(),
  );
  return (await lastValueFrom(out)).map((l) => l.trimEnd());
}

describe('jsonl ids', () => {
  it('an integer id above 2^53 is written back with its exact digits', async () => {
    const [line] = await roundTrip(['{"id": 12345678901234567891, "text": "ab"}']);
    expect(line).to.match(/^\{"id":12345678901234567891,/);
  });

  it('a negative big integer and an exponent-free big id keep their text; a small float id stays a number', async () => {
    const lines = await roundTrip(['{"id":-98765432109876543210,"text":"a"}', '{"id":1.5,"text":"b"}']);
    expect(lines[0]).to.match(/^\{"id":-98765432109876543210,/);
    expect(JSON.parse(lines[1]!)).to.include({ id: 1.5 });
  });

  it('records without a usable id get id null and their line number, never a number that collides with a real id', async () => {
    const lines = await roundTrip(['{"id":1,"text":"ab"}', '{"text":"cd"}', '{"id":{"x":1},"text":"ef"}', 'not json']);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => r['id'])).to.deep.equal([1, null, null, null]);
    expect(records.map((r) => r['line'])).to.deep.equal([1, 2, 3, 4]);
    expect(records[1]).to.include({ translation: 'dc' });
    expect(records[3]).to.have.nested.property('error.code', 'E_INPUT_INVALID');
  });

  it('string ids, including ones that look like numbers, stay strings', async () => {
    const lines = await roundTrip(['{"id":"7","text":"a"}', '{"id":"","text":"b"}']);
    expect(lines.map((l) => (JSON.parse(l) as { id: unknown }).id)).to.deep.equal(['7', '']);
  });

  it('parseJsonLine keeps "id" of the top-level record only (an "id" inside text or a nested object is not it)', () => {
    expect(
      parseJsonLine(
        '{"text":"{\\"id\\": 99999999999999999999}","meta":{"id":88888888888888888888},"id":77777777777777777777}',
      ),
    ).to.deep.equal({
      id: 77777777777777777777n,
      text: '{"id": 99999999999999999999}',
    });
  });
});
