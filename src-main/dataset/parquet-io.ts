// Parquet in and out. Writing goes through hyparquet-writer with an explicit schema so types are exactly
// what pyarrow/HF `datasets` produce for LeRobot (float32 lists as 3-level LIST<element>, int64 indexes);
// reading goes through hyparquet. Every failure names the file and carries a dataset error code.
import { readFile } from 'node:fs/promises';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { ErrorCodes, PraxisError } from '../api';
import { writeFileAtomic } from './atomic-file';

export type LeafType = 'FLOAT' | 'DOUBLE' | 'INT64' | 'INT32' | 'BOOLEAN' | 'STRING';

/** A column to write: `listDepth` 0 is a scalar, 1 a list (fixed-size vector), 3 a (C,1,1) image-stat list. */
export interface ParquetColumn {
  name: string;
  type: LeafType;
  listDepth?: 0 | 1 | 3;
  data: ArrayLike<unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: hyparquet's SchemaElement type is not exported through its index.
type SchemaElement = any;

function leafElement(name: string, type: LeafType): SchemaElement {
  if (type === 'STRING') return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' };
  return { name, type, repetition_type: 'OPTIONAL' };
}

function schemaFor(column: ParquetColumn): SchemaElement[] {
  const depth = column.listDepth ?? 0;
  const out: SchemaElement[] = [];
  let name = column.name;
  for (let i = 0; i < depth; i++) {
    out.push({ name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 });
    out.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
    name = 'element';
  }
  out.push(leafElement(name, column.type));
  return out;
}

export interface WriteParquetOptions {
  /** Key-value metadata (e.g. the `pandas` index description of meta/tasks.parquet). */
  kvMetadata?: { key: string; value: string }[];
  /** Rows per row group; a list gives each group's size (LeRobot writes one row group per episode). */
  rowGroupSize?: number | number[];
}

export function encodeParquet(columns: ParquetColumn[], options: WriteParquetOptions = {}): Uint8Array {
  const schema: SchemaElement[] = [{ name: 'schema', num_children: columns.length }, ...columns.flatMap(schemaFor)];
  const buffer = parquetWriteBuffer({
    // biome-ignore lint/suspicious/noExplicitAny: hyparquet-writer's DecodedArray accepts nested JS arrays.
    columnData: columns.map((c) => ({ name: c.name, data: c.data as any })),
    schema,
    kvMetadata: options.kvMetadata,
    rowGroupSize: options.rowGroupSize ?? 100_000,
    createdBy: 'praxis-studio (hyparquet-writer)',
  });
  return new Uint8Array(buffer);
}

export async function writeParquetAtomic(path: string, columns: ParquetColumn[], options: WriteParquetOptions = {}): Promise<void> {
  await writeFileAtomic(path, encodeParquet(columns, options));
}

export type ParquetRow = Record<string, unknown>;

/** Read rows [rowStart, rowEnd) (default all) of a parquet file; DATASET_CORRUPT names the file. */
export async function readParquetRows(path: string, columns?: string[], rowStart?: number, rowEnd?: number): Promise<ParquetRow[]> {
  const file = await readDatasetFile(path);
  try {
    const ab = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
    return (await parquetReadObjects({ file: ab, columns, rowStart, rowEnd })) as ParquetRow[];
  } catch (e) {
    throw corruptParquet(path, e);
  }
}

export async function readParquetKeyValue(path: string): Promise<Record<string, string>> {
  const file = await readDatasetFile(path);
  try {
    const ab = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
    const meta = parquetMetadata(ab);
    const out: Record<string, string> = {};
    for (const kv of meta.key_value_metadata ?? []) out[kv.key] = kv.value ?? '';
    return out;
  } catch (e) {
    throw corruptParquet(path, e);
  }
}

/** Number of rows and column names from the footer alone; the cheapest check that a parquet file is whole. */
export async function readParquetShape(path: string): Promise<{ rows: number; columns: string[] }> {
  const file = await readDatasetFile(path);
  try {
    const ab = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
    const meta = parquetMetadata(ab);
    return { rows: Number(meta.num_rows), columns: topLevelNames(meta.schema) };
  } catch (e) {
    throw corruptParquet(path, e);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: schema elements from hyparquet
function topLevelNames(schema: any[]): string[] {
  const names: string[] = [];
  let i = 1;
  const skip = (idx: number): number => {
    const n = schema[idx].num_children ?? 0;
    let next = idx + 1;
    for (let c = 0; c < n; c++) next = skip(next);
    return next;
  };
  while (i < schema.length) {
    names.push(schema[i].name);
    i = skip(i);
  }
  return names;
}

export async function readDatasetFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new PraxisError(ErrorCodes.DATASET_CORRUPT, `A dataset file is missing: ${path}`, 'Restore the file from a backup, or run `praxis dataset verify` to see what else is affected.', { file: path });
    }
    throw new PraxisError(ErrorCodes.DATASET_CORRUPT, `Cannot read ${path}: ${(e as Error).message}`, 'Check the file permissions and the disk.', { file: path });
  }
}

/** DATASET_CORRUPT for a parquet file that does not parse, naming it and what to do. */
export function corruptParquet(path: string, e: unknown): PraxisError {
  return new PraxisError(
    ErrorCodes.DATASET_CORRUPT,
    `${path} is not a readable parquet file (${(e as Error).message}); it may be truncated.`,
    'Restore the file from a backup or re-record the affected episodes; nothing else in the dataset was changed.',
    { file: path },
  );
}
