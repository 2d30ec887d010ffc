import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureStream } from '../../../adapters/kinesis/ensureStream.js';
import { startKinesalite } from '../../../adapters/kinesis/kinesaliteLocal.js';
import { createKinesisClient } from '../../../adapters/kinesis/kinesisClient.js';
import { checkLineage } from '../../../adapters/kinesis/lineageCheck.js';
import { publishLineage } from '../../../adapters/kinesis/lineageFeed.js';
import { chainedStream } from './support/hashChain.js';

describe('local kinesalite', () => {
  it('listens on loopback at a free port, and two instances do not collide', async () => {
    const [a, b] = await Promise.all([startKinesalite(), startKinesalite()]);
    try {
      expect(a.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(b.endpoint).not.toBe(a.endpoint);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('creates a stream once, waits until it is ACTIVE, and leaves an existing one as it is', async () => {
    const kinesis = await startKinesalite({ createStreamMs: 300 });
    const client = createKinesisClient(kinesis.endpoint);
    try {
      expect(await ensureStream(client, 'feed', 3)).toEqual({ streamName: 'feed', shardCount: 3, created: true });
      expect(await ensureStream(client, 'feed', 5)).toEqual({ streamName: 'feed', shardCount: 3, created: false });
      // A write right after ensureStream must succeed: the stream is ACTIVE, not CREATING.
      await expect(publishLineage(client, 'feed', chainedStream('profile-a', 2))).resolves.toMatchObject({ events: 2 });
    } finally {
      client.destroy();
      await kinesis.stop();
    }
  });

  it('keeps the feed on disk across a restart when given a folder', async () => {
    const path = await mkdtemp(join(tmpdir(), 'fiducia-kinesalite-'));
    try {
      const events = chainedStream('profile-a', 5);
      const first = await startKinesalite({ path });
      const writer = createKinesisClient(first.endpoint);
      await ensureStream(writer, 'feed', 2);
      await publishLineage(writer, 'feed', events);
      writer.destroy();
      await first.stop();

      const second = await startKinesalite({ path });
      const reader = createKinesisClient(second.endpoint);
      try {
        const check = await checkLineage({ kind: 'kinesis', client: reader, streamName: 'feed' });
        expect(check).toMatchObject({ ok: true, records: 5 });
        expect(check.streams[0]).toMatchObject({ streamId: 'profile-a', ok: true, lastVersion: 5, headHash: events[4]!.hash });
      } finally {
        reader.destroy();
        await second.stop();
      }
    } finally {
      await rm(path, { recursive: true, force: true });
    }
  });
});
