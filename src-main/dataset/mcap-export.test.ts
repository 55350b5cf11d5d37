import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { McapIndexedReader } from '@mcap/core';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset';
import { mcapFileReadable } from './testing/mcap-readable';
import { exportEpisodeMcap } from './mcap-export';
import { JOINTS, recordEpisode, specFor, withTempDir } from './testing/fixtures';

describe('MCAP export', () => {
  it('writes joint states, actions and PNG camera frames with Foxglove schemas and a summary index', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor({ wrist: { width: 64, height: 48 } }));
      await recordEpisode(ds, 30, 'a', { wrist: [64, 48] });
      await recordEpisode(ds, 25, 'b', { wrist: [64, 48] });
      const out = join(dir, 'ep1.mcap');
      const progress: number[] = [];
      const { messages } = await exportEpisodeMcap(ds, 1, out, { onProgress: (d) => progress.push(d) });
      expect(messages).toBe(25 * 3);

      const reader = await McapIndexedReader.Initialize({ readable: mcapFileReadable(await readFile(out)) });
      const topics = [...reader.channelsById.values()].map((c) => [c.topic, c.messageEncoding, reader.schemasById.get(c.schemaId)?.name]);
      expect(topics).toEqual([
        ['/observation/state', 'json', 'praxis.JointVector'],
        ['/action', 'json', 'praxis.JointVector'],
        ['/camera/wrist', 'protobuf', 'foxglove.CompressedImage'],
      ]);
      const byTopic: Record<string, unknown[]> = {};
      for await (const m of reader.readMessages()) {
        const channel = reader.channelsById.get(m.channelId);
        if (!channel) continue;
        byTopic[channel.topic] = [...(byTopic[channel.topic] ?? []), m];
      }
      expect(byTopic['/observation/state']).toHaveLength(25);
      const first = JSON.parse(new TextDecoder().decode((byTopic['/observation/state'][0] as { data: Uint8Array }).data));
      expect(first.name).toEqual(JOINTS);
      expect(first.position[1]).toBeCloseTo(Math.sin(1), 6);

      // the image message decodes with the embedded descriptor into a PNG
      const schema = reader.schemasById.get([...reader.channelsById.values()][2].schemaId);
      const root = protobuf.Root.fromDescriptor(schema?.data as Uint8Array);
      const img = root.lookupType('foxglove.CompressedImage').decode((byTopic['/camera/wrist'][0] as { data: Uint8Array }).data) as unknown as { format: string; data: Uint8Array };
      expect(img.format).toBe('png');
      expect(Array.from(img.data.subarray(1, 4))).toEqual([80, 78, 71]);
      expect(progress.length).toBeGreaterThan(0);
    });
  });
});
