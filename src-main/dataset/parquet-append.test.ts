import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetAppendRowGroup } from './parquet-append';
import { encodeParquet, type ParquetColumn, readParquetRows } from './parquet-io';
import { duckQuery } from './testing/duckdb-check';

/** An episode's rows as the recorder writes them: int64 indexes, float32 vectors, a float32 timestamp. */
function episode(index: number, from: number, length: number): ParquetColumn[] {
  const rows = Array.from({ length }, (_, i) => i);
  return [
    { name: 'observation.state', type: 'FLOAT', listDepth: 1, data: rows.map((i) => [Math.fround(Math.sin(from + i)), Math.fround(index + i / 7), -i]) },
    { name: 'action', type: 'FLOAT', listDepth: 1, data: rows.map((i) => [Math.fround(0.5 * i), Math.fround(-from)]) },
    { name: 'timestamp', type: 'FLOAT', data: Float32Array.from(rows, (i) => i / 30) },
    { name: 'frame_index', type: 'INT64', data: BigInt64Array.from(rows, (i) => BigInt(i)) },
    { name: 'episode_index', type: 'INT64', data: BigInt64Array.from(rows, () => BigInt(index)) },
    { name: 'index', type: 'INT64', data: BigInt64Array.from(rows, (i) => BigInt(from + i)) },
  ];
}

function concatColumns(parts: ParquetColumn[][]): ParquetColumn[] {
  return parts[0].map((c, k) => ({ ...c, data: parts.flatMap((p) => Array.from(p[k].data as ArrayLike<unknown>)) }));
}

const lengths = [50, 30, 20];
const starts = [0, 50, 80];
let dir: string;
let appended: Uint8Array;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'praxis-append-'));
  let file = encodeParquet(episode(0, 0, lengths[0]), { rowGroupSize: [lengths[0]] });
  for (let e = 1; e < lengths.length; e++) {
    const next = parquetAppendRowGroup(file, episode(e, starts[e], lengths[e]), starts[e]);
    if (!next) throw new Error(`episode ${e} could not be appended`);
    file = next;
  }
  appended = file;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('appending an episode to a data file', () => {
  it('gives the rows the whole file written at once gives, one row group per episode', async () => {
    const whole = encodeParquet(concatColumns(lengths.map((n, e) => episode(e, starts[e], n))), { rowGroupSize: lengths });
    await writeFile(join(dir, 'appended.parquet'), appended);
    await writeFile(join(dir, 'whole.parquet'), whole);
    const got = await readParquetRows(join(dir, 'appended.parquet'));
    expect(got).toHaveLength(100);
    expect(got).toEqual(await readParquetRows(join(dir, 'whole.parquet')));
    const meta = parquetMetadata(appended.slice().buffer);
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual(lengths);
    expect(Number(meta.num_rows)).toBe(100);
  });

  it('reads the same in DuckDB, an independent reader, statistics included', async () => {
    const path = join(dir, 'appended.parquet');
    await writeFile(path, appended);
    const rows = await duckQuery(`SELECT episode_index, count(*) AS n, min("index") AS lo, max("index") AS hi, max(timestamp) AS t FROM '${path}' GROUP BY episode_index ORDER BY episode_index`);
    expect(rows.map((r) => [Number(r.episode_index), Number(r.n), Number(r.lo), Number(r.hi)])).toEqual([
      [0, 50, 0, 49],
      [1, 30, 50, 79],
      [2, 20, 80, 99],
    ]);
    expect(Number(rows[2].t)).toBeCloseTo(19 / 30, 5);
    // Row-group statistics: DuckDB prunes by them, so a shifted or mangled footer would drop or misplace rows.
    const picked = await duckQuery(`SELECT "index", "observation.state" AS s FROM '${path}' WHERE "index" = 87`);
    expect(picked).toHaveLength(1);
    expect((picked[0].s as number[])[1]).toBeCloseTo(2 + 7 / 7, 5);
  });

  it('declines, so the caller rewrites, when the file holds rows that were never committed or another schema', () => {
    const first = encodeParquet(episode(0, 0, 10), { rowGroupSize: [10] });
    expect(parquetAppendRowGroup(first, episode(1, 10, 5), 8)).toBeNull();
    const renamed = episode(1, 10, 5).map((c) => (c.name === 'action' ? { ...c, name: 'action.target' } : c));
    expect(parquetAppendRowGroup(first, renamed, 10)).toBeNull();
    const doubles = episode(1, 10, 5).map((c) => (c.name === 'timestamp' ? { ...c, type: 'DOUBLE' as const, data: Float64Array.from(c.data as Float32Array) } : c));
    expect(parquetAppendRowGroup(first, doubles, 10)).toBeNull();
    expect(parquetAppendRowGroup(first, episode(1, 10, 5), 10)).not.toBeNull();
  });
});
