/**
 * Writes the golden corpus (see README.md in this folder). Run once per new schema version; it never overwrites a
 * golden file: existing files are left alone and reported, so the corpus can only grow.
 *
 *   npx tsx tests/golden/generateGoldenCorpus.ts
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { snapshotOf } from '../../application/streamSnapshot.js';
import { createDynamoClient } from '../../adapters/dynamodb/dynamoClient.js';
import { startDynamoLocal } from '../../adapters/dynamodb/dynamoLocal.js';
import { dynamoEventStore } from '../../adapters/dynamodb/eventStore.js';
import { ensureTables, tableNames } from '../../adapters/dynamodb/tables.js';
import { aggregateOfStream, goldenFileName, type GoldenFile } from './goldenFile.js';
import { runGoldenScenario } from './goldenScenario.js';

const folder = fileURLToPath(new URL('./streams/', import.meta.url));

const dynamo = await startDynamoLocal({ jit: 'quick-start' });
const client = createDynamoClient(dynamo.endpoint);
try {
  const tables = tableNames('golden-');
  await ensureTables(client, tables);
  const store = dynamoEventStore(client, tables);
  for (const stream of await runGoldenScenario(store)) {
    const path = `${folder}${goldenFileName(stream.label)}`;
    if (existsSync(path)) {
      process.stdout.write(`exists, left alone: ${path}\n`);
      continue;
    }
    const events = await store.readStream(stream.streamId);
    const file: GoldenFile = {
      label: stream.label,
      description: stream.description,
      streamId: stream.streamId,
      events,
      expectedState: snapshotOf(aggregateOfStream(stream.streamId), stream.streamId, events).state,
    };
    await writeFile(path, `${JSON.stringify(file, null, 2)}\n`, { flag: 'wx' });
    process.stdout.write(`written: ${path} (${events.length} events)\n`);
  }
} finally {
  client.destroy();
  await dynamo.stop();
}
