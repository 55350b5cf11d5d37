// Appending an episode to a data file without re-encoding the episodes already in it. A parquet file is
// "PAR1", the row groups' bytes, then a footer (thrift FileMetaData, its length, "PAR1") that lists every row
// group by byte offset. So the new episode is encoded on its own as one row group, its bytes are placed where
// the old footer began (every offset in its metadata shifted by that much), and a footer listing the old row
// groups and the new one is written after it. The old row groups are copied byte for byte: the cost is the
// new episode plus a memory copy, where decoding and re-encoding the whole file grew with the dataset
// (161k rows: 5 s of main-thread work per saved episode, and a data file may hold 100 MB).
import { type FileMetaData, parquetMetadata } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { encodeParquet, type ParquetColumn } from './parquet-io';

const MAGIC = 0x31524150; // "PAR1", little-endian
const TAIL = 8; // footer length (uint32) + "PAR1"

/**
 * `file` with `columns` appended as one more row group, or null when that cannot be done by appending: the
 * file does not hold exactly `expectRows` rows (rows of an episode that was never committed), or its schema is
 * not the one these columns write (a file from another writer). The caller then rewrites the file instead.
 */
export function parquetAppendRowGroup(file: Uint8Array, columns: ParquetColumn[], expectRows: number): Uint8Array | null {
  const old = parquetMetadata(arrayBufferOf(file));
  if (Number(old.num_rows) !== expectRows) return null;
  const fresh = encodeParquet(columns, { rowGroupSize: Number.MAX_SAFE_INTEGER });
  const added = parquetMetadata(arrayBufferOf(fresh));
  if (!sameSchema(old, added) || added.row_groups.length !== 1) return null;

  const oldFooter = footerStart(file);
  const newFooter = footerStart(fresh);
  // The new row group's bytes (and any page index written with it) sit at [4, newFooter) in `fresh`.
  const shift = BigInt(oldFooter - 4);
  const moved = added.row_groups[0];
  const group = {
    ...moved,
    file_offset: plus(moved.file_offset, shift),
    columns: moved.columns.map((c) => ({
      ...c,
      file_offset: c.file_offset + shift,
      offset_index_offset: plus(c.offset_index_offset, shift),
      column_index_offset: plus(c.column_index_offset, shift),
      meta_data: c.meta_data && {
        ...c.meta_data,
        data_page_offset: c.meta_data.data_page_offset + shift,
        index_page_offset: plus(c.meta_data.index_page_offset, shift),
        dictionary_page_offset: plus(c.meta_data.dictionary_page_offset, shift),
        bloom_filter_offset: plus(c.meta_data.bloom_filter_offset, shift),
      },
    })),
  };
  const meta: FileMetaData = { ...old, num_rows: old.num_rows + added.num_rows, row_groups: [...old.row_groups, group] };

  const out = new ByteWriter(oldFooter + (newFooter - 4) + 4096);
  out.appendBytes(file.subarray(0, oldFooter));
  out.appendBytes(fresh.subarray(4, newFooter));
  writeMetadata(out, meta);
  out.appendUint32(MAGIC);
  return out.getBytes();
}

/** Byte offset where the footer (FileMetaData) begins. */
function footerStart(file: Uint8Array): number {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  return file.byteLength - TAIL - view.getUint32(file.byteLength - TAIL, true);
}

function plus(v: bigint | undefined, shift: bigint): bigint | undefined {
  return v === undefined ? undefined : v + shift;
}

/** Same columns, types, nesting and annotations, in the same order. */
function sameSchema(a: FileMetaData, b: FileMetaData): boolean {
  if (a.schema.length !== b.schema.length) return false;
  const key = (e: FileMetaData['schema'][number]) =>
    JSON.stringify([e.name, e.type, e.type_length, e.repetition_type, e.num_children, e.converted_type, e.logical_type, e.scale, e.precision]);
  return a.schema.every((e, i) => key(e) === key(b.schema[i]));
}

function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
