import { appendFile } from 'node:fs/promises';
import type { IntegrationPublisher } from '../eventbridge/eventBridgePublisher.js';
import { integrationEntry } from '../eventbridge/integrationEvent.js';
import { putEventsMaxBytes } from '../eventbridge/putEventsLimits.js';

/**
 * The local stand-in for the EventBridge bus (which has no local engine): the very entries `PutEvents` would carry,
 * appended as NDJSON to a file in the data folder, so downstream work can be developed against them. `replay` marks
 * re-sent history, as `fiducia audit` replays do, so consumers can tell it from new events.
 */
export const integrationEventLog = (path: string, replay = false): IntegrationPublisher => ({
  publish: async (events) => {
    if (events.length === 0) return [];
    const lines = events.map((event) => {
      const { entry } = integrationEntry(event, { busName: 'local', source: 'fiducia', replay, maxEntryBytes: putEventsMaxBytes });
      return `${JSON.stringify(entry)}\n`;
    });
    await appendFile(path, lines.join(''), { mode: 0o600 });
    return [];
  },
});
