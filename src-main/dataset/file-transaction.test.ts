import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileTransaction, findTempFiles, replayJournal } from './file-transaction';
import { withTempDir } from './testing/fixtures';

describe('FileTransaction', () => {
  it('changes several files together', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'a.txt'), 'old a');
      const tx = new FileTransaction(dir);
      await tx.put('a.txt', 'new a');
      await tx.put('sub/b.txt', 'new b');
      await tx.commit();
      expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('new a');
      expect(await readFile(join(dir, 'sub/b.txt'), 'utf8')).toBe('new b');
      expect(await findTempFiles(dir)).toEqual([]);
      expect(await readdir(join(dir, '.praxis'))).toEqual(['staging']); // no journal left
      expect(await readdir(join(dir, '.praxis/staging'))).toEqual([]);
    });
  });

  it('a commit interrupted after its journal is finished on the next open', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'a.txt'), 'old a');
      // b.txt is a non-empty directory, so the second rename fails the way a crash would stop it
      await mkdir(join(dir, 'b.txt/blocker'), { recursive: true });
      const tx = new FileTransaction(dir);
      await tx.put('a.txt', 'new a');
      await tx.put('b.txt', 'new b');
      await expect(tx.commit()).rejects.toThrow();
      expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('new a');
      await tx.abort(); // must not delete what the journal still needs

      await rm(join(dir, 'b.txt'), { recursive: true });
      expect(await replayJournal(dir)).toBe(true);
      expect(await readFile(join(dir, 'b.txt'), 'utf8')).toBe('new b');
      expect(await replayJournal(dir)).toBe(false);
      expect(await findTempFiles(dir)).toEqual([]);
    });
  });

  it('staged files of an aborted transaction never become visible', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'a.txt'), 'old a');
      const tx = new FileTransaction(dir);
      await tx.put('a.txt', 'new a');
      expect((await findTempFiles(dir)).length).toBe(1);
      await tx.abort();
      expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('old a');
      expect(await findTempFiles(dir)).toEqual([]);
    });
  });
});

describe('FileTransaction staging', () => {
  it('stages out of the folders LeRobot globs', async () => {
    await withTempDir(async (dir) => {
      const tx = new FileTransaction(dir);
      await tx.put('data/chunk-000/file-000.parquet', 'rows');
      const [temp] = await findTempFiles(dir);
      expect(temp.slice(dir.length + 1)).toMatch(/^\.praxis\/staging\//);
      await tx.commit();
      expect(await readFile(join(dir, 'data/chunk-000/file-000.parquet'), 'utf8')).toBe('rows');
    });
  });

  it('renames info.json last, so a crash between renames never announces rows that are not there', async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'meta'), { recursive: true });
      await writeFile(join(dir, 'meta/info.json'), 'old info');
      // the data file's place is a non-empty directory: its rename fails as a crash before it would stop the commit
      await mkdir(join(dir, 'data/chunk-000/file-000.parquet/blocker'), { recursive: true });
      const tx = new FileTransaction(dir);
      await tx.put('meta/info.json', 'new info'); // staged first, renamed last
      await tx.put('data/chunk-000/file-000.parquet', 'rows');
      await expect(tx.commit()).rejects.toThrow();
      expect(await readFile(join(dir, 'meta/info.json'), 'utf8')).toBe('old info');
    });
  });
});

describe('FileTransaction.adopt', () => {
  it('moves a file written elsewhere into a folder that does not exist yet', async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'scratch'));
      await writeFile(join(dir, 'scratch/video.mp4'), 'frames');
      const tx = new FileTransaction(dir);
      tx.adopt(join(dir, 'scratch/video.mp4'), 'videos/cam/chunk-000/file-000.mp4');
      await tx.commit();
      expect(await readFile(join(dir, 'videos/cam/chunk-000/file-000.mp4'), 'utf8')).toBe('frames');
    });
  });
});
