/** The one atomic write (lib/io/atomic-write.ts): temporaries by style, failure leaves the target, non-regular targets written through. */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeStaleTemporariesNear, replaceAtomically, writeFileAtomic } from '../../lib/io/atomic-write.js';
import { FileError } from '../../lib/errors.js';

describe('replaceAtomically', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 's2s-atomic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fills a temporary next to the target in the chosen naming style, then renames it over the target', async () => {
    const target = join(dir, 'a.txt');
    await writeFile(target, 'old');
    const seen: string[] = [];
    await replaceAtomically(
      target,
      async (temp) => {
        seen.push(temp);
        expect(await readFile(target, 'utf8')).to.equal('old'); // readers still see the old file
        await writeFile(temp, 'new');
      },
      { temporary: 'partial' },
    );
    await replaceAtomically(join(dir, 'b.txt'), async (temp) => {
      seen.push(temp);
      await writeFile(temp, 'b');
    });
    expect(seen[0]).to.equal(join(dir, `.a.txt.${process.pid}.partial`));
    expect(seen[1]).to.match(new RegExp(`/\\.b\\.txt\\.${process.pid}\\.[0-9a-f]+\\.tmp$`));
    expect(await readFile(target, 'utf8')).to.equal('new');
    expect((await readdir(dir)).sort()).to.deep.equal(['a.txt', 'b.txt']);
  });

  it('a failing fill leaves the target untouched and no temporary', async () => {
    const target = join(dir, 'a.txt');
    await writeFile(target, 'old');
    const boom = new Error('boom');
    const err = await replaceAtomically(
      target,
      async (temp) => {
        await writeFile(temp, 'half');
        throw boom;
      },
      { temporary: 'partial' },
    ).catch((e: unknown) => e);
    expect(err).to.equal(boom);
    expect(await readFile(target, 'utf8')).to.equal('old');
    expect(await readdir(dir)).to.deep.equal(['a.txt']);
  });

  it('creates missing parents on request; a file in the way is a FileError naming the directory', async () => {
    await replaceAtomically(join(dir, 'x', 'y', 'a.txt'), (temp) => writeFile(temp, 'a'), { createDirectory: true });
    expect(await readFile(join(dir, 'x', 'y', 'a.txt'), 'utf8')).to.equal('a');
    await writeFile(join(dir, 'file'), '');
    const err = await replaceAtomically(join(dir, 'file', 'a.txt'), (temp) => writeFile(temp, 'a'), {
      createDirectory: true,
    }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(FileError);
    expect((err as FileError).message).to.match(/cannot create directory .*file: a file is in the way/);
  });

  it('writeFileAtomic into a missing directory is a FileError naming the target, not the temporary', async () => {
    const target = join(dir, 'missing', 'avg.s2s');
    const err = await writeFileAtomic(target, new Uint8Array([1, 2])).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(FileError);
    expect((err as FileError).code).to.equal('E_FILE_MISSING');
    expect((err as FileError).message).to.equal(
      `cannot write ${target}: no such file or directory (ENOENT); check the path`,
    );
  });

  it('a FIFO target is written through, never replaced by a file (writeFileAtomic too)', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = createReadStream(fifo);
    const received: Buffer[] = [];
    reader.on('data', (c) => received.push(Buffer.from(c)));
    await Promise.all([writeFileAtomic(fifo, new TextEncoder().encode('through')), once(reader, 'end')]);
    expect(Buffer.concat(received).toString()).to.equal('through');
    expect((await stat(fifo)).isFIFO()).to.equal(true);
    expect(await readdir(dir)).to.deep.equal(['pipe']);
  });

  it('temporaries of dead writers near the targets are removed and returned, per style; live ones and other styles are kept', async () => {
    const names = [
      '.a.txt.999999999.partial',
      `.b.txt.${process.pid}.partial`,
      '.c.txt.999999999.deadbeef.tmp',
      'd.txt',
    ];
    for (const name of names) await writeFile(join(dir, name), 'x');
    expect(await removeStaleTemporariesNear([join(dir, 'z.txt'), '-'], 'partial')).to.deep.equal([
      join(dir, '.a.txt.999999999.partial'),
    ]);
    expect((await readdir(dir)).sort()).to.deep.equal(names.slice(1).sort());
    expect(await removeStaleTemporariesNear([join(dir, 'z.txt')])).to.deep.equal([
      join(dir, '.c.txt.999999999.deadbeef.tmp'),
    ]);
  });
});
