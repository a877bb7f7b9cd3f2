/** The shared rules for user-named files and user-set sizes (used by the CLI, meant for the server and workers). */
import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBoundedFile } from '../../lib/io/bounded-file.js';
import { fileError } from '../../lib/io/file-errors.js';
import { checkBounded } from '../../lib/util/bounds.js';
import { FileError, OptionError } from '../../lib/errors.js';

async function failure(promise: Promise<unknown>): Promise<FileError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).to.be.instanceOf(FileError);
  return err as FileError;
}

describe('readBoundedFile', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 's2s-bounded-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a regular file within the limit exactly', async () => {
    await writeFile(join(dir, 'a'), 'hello');
    expect(Buffer.from(await readBoundedFile(join(dir, 'a'), { maxBytes: 5, what: 'input' })).toString()).to.equal(
      'hello',
    );
  });

  it('refuses a file over the limit, a device, a directory and a missing path, each with its code and the path', async () => {
    await writeFile(join(dir, 'big'), 'x'.repeat(6));
    expect(
      (await failure(readBoundedFile(join(dir, 'big'), { maxBytes: 5, what: 'input', raiseHint: 'use --max-bytes' })))
        .message,
    ).to.match(/input .*big is over the limit of 5 bytes \(6 bytes\).*use --max-bytes/);
    expect((await failure(readBoundedFile('/dev/zero', { maxBytes: 5, what: 'input' }))).code).to.equal(
      'E_FILE_NOT_REGULAR',
    );
    expect((await failure(readBoundedFile(dir, { maxBytes: 5, what: 'input' }))).message).to.match(
      /is a directory, not a regular file/,
    );
    const missing = await failure(readBoundedFile(join(dir, 'none'), { maxBytes: 5, what: 'input' }));
    expect(missing.code).to.equal('E_FILE_MISSING');
    expect(missing.details['path']).to.equal(join(dir, 'none'));
  });

  it('fileError words errno errors and passes anything else through', () => {
    const err = fileError(Object.assign(new Error('x'), { code: 'EROFS' }), '/mnt/out.txt', 'write') as FileError;
    expect(err.message).to.equal(
      'cannot write /mnt/out.txt: read-only file system (EROFS); write to a writable location',
    );
    const plain = new Error('not a system error');
    expect(fileError(plain, 'p', 'read')).to.equal(plain);
  });
});

describe('checkBounded', () => {
  const rejected: [unknown, object][] = [
    [0, { min: 1, max: 4 }],
    [5, { min: 1, max: 4 }],
    [1.5, { min: 1, max: 4 }],
    [Number.NaN, { min: 0, max: 4, integer: false }],
    [Infinity, { min: 0, max: Infinity, integer: false }],
    ['3', { min: 1, max: 4 }],
  ];
  for (const [value, bounds] of rejected) {
    it(`rejects ${String(value)} for ${JSON.stringify(bounds)} with a usage error naming the option and range`, () => {
      expect(() => checkBounded('--n', value, bounds as { min: number; max: number })).to.throw(
        OptionError,
        /^--n must be (an integer|a number) from/,
      );
    });
  }
  it('accepts the bounds themselves and fractional values when allowed', () => {
    expect(checkBounded('--n', 1, { min: 1, max: 4 })).to.equal(1);
    expect(checkBounded('--n', 4, { min: 1, max: 4 })).to.equal(4);
    expect(checkBounded('--w', 2.5, { min: 0, max: 4, integer: false })).to.equal(2.5);
  });
});
