import { Option, type Command } from 'commander';
import { redriveDeadLetters } from '../projection/deadLetterRedrive.js';
import { listDeadLetters } from '../projection/deadLetters.js';
import { readModelChecksum } from '../projection/readModelChecksum.js';
import { rebuildReadModels } from '../projection/rebuild.js';
import { progressBar } from './progressBar.js';
import { connectToStore } from './storeConnection.js';

const segmentCount = (text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error('--segments must be an integer from 1 to 64');
  return n;
};

/** `fiducia projections rebuild | checksum | dead-letters [--redrive]`: read-model operations, safe while the service runs. */
export const registerProjections = (program: Command): void => {
  const projections = program.command('projections').description('read-model operations (rebuild, checksum, dead letters)');

  projections
    .command('rebuild')
    .description('rebuild every read model from the event store (parallel scan); safe while the service runs')
    .option('--segments <n>', 'parallel scan segments', segmentCount, 4)
    .action(async (options: { segments: number }) => {
      const store = await connectToStore();
      const bar = progressBar('rebuild');
      try {
        const result = await rebuildReadModels({
          client: store.client,
          tables: store.tables,
          segments: options.segments,
          onProgress: (p) => bar.update(p.phase === 'scan' ? 0 : p.projected + p.failed, p.streams, `${p.phase}: ${p.scanned} events scanned`),
        });
        bar.stop();
        console.log(`Rebuilt read models: ${result.scanned} events scanned, ${result.streams} streams, ${result.projected} projected, ${result.failures.length} failed.`);
        for (const failure of result.failures) console.log(`  failed: ${JSON.stringify(failure)}`);
        if (result.failures.length > 0) process.exitCode = 1;
      } finally {
        bar.stop();
        store.close();
      }
    });

  projections
    .command('checksum')
    .description('a digest of every read model: a rebuild and the live models give the same one')
    .action(async () => {
      const store = await connectToStore();
      try {
        const { digest, items } = await readModelChecksum({ client: store.client, tables: store.tables });
        console.log(`${digest}  (${items} read-model items)`);
      } finally {
        store.close();
      }
    });

  projections
    .command('dead-letters')
    .description('list records the projector (or the publisher) gave up on, with their reasons; --redrive applies them again')
    .option('--redrive', 'project every dead-lettered record again and remove those that now succeed')
    .addOption(new Option('--consumer <name>', 'whose dead letters').choices(['projector', 'publisher']).default('projector'))
    .action(async (options: { redrive?: boolean; consumer: 'projector' | 'publisher' }) => {
      if (options.redrive === true && options.consumer !== 'projector') {
        throw new Error('the publisher has no redrive: `npx fiducia audit export --to kinesis` re-sends the lineage feed');
      }
      const store = await connectToStore();
      try {
        if (options.redrive !== true) {
          const letters = await listDeadLetters({ client: store.client, table: store.tables.readModels, consumer: options.consumer });
          for (const letter of letters) console.log(`${letter.source}  attempts=${letter.attempts}  at=${letter.deadLetteredAt}  ${letter.reason}`);
          console.log(`${letters.length} dead letter${letters.length === 1 ? '' : 's'}.`);
          return;
        }
        const outcomes = await redriveDeadLetters({ client: store.client, tables: store.tables });
        for (const { letter, result, reason } of outcomes) console.log(`${letter.source}  ${result}${reason === undefined ? '' : `  ${reason}`}`);
        const left = outcomes.filter((o) => o.result !== 'projected').length;
        console.log(`Redrove ${outcomes.length} dead letter${outcomes.length === 1 ? '' : 's'}: ${outcomes.length - left} projected, ${left} left.`);
        if (left > 0) process.exitCode = 1;
      } finally {
        store.close();
      }
    });
};
