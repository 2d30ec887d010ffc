import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { integrationEventLog } from '../../../adapters/local/integrationEventLog.js';
import { profileCreated } from '../eventbridge/support/sampleEvents.js';

describe('the local integration event log (EventBridge has no local engine)', () => {
  it('appends the very PutEvents entries, marks replays, and is readable by its owner only', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'fiducia-events-')), 'integration-events.ndjson');
    expect(await integrationEventLog(file).publish([profileCreated(1)])).toEqual([]);
    await integrationEventLog(file, true).publish([profileCreated(1)]);
    const entries = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(entries.map((entry) => [entry.Source, entry.DetailType])).toEqual([
      ['fiducia.profiles', 'ProfileCreated'],
      ['fiducia.profiles', 'ProfileCreated'],
    ]);
    expect(entries.map((entry) => JSON.parse(entry.Detail).metadata.replay)).toEqual([undefined, true]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
