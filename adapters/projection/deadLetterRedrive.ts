import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { readModelKeys } from '../../projections/readModelKeys.js';
import { listDeadLetters, type DeadLetter } from './deadLetters.js';
import { eventProjector, type EventProjectorDeps } from './eventProjector.js';
import { errorReason } from '../../application/errorReason.js';

/** What a redrive did with each dead letter. */
export interface RedriveOutcome {
  readonly letter: DeadLetter;
  readonly result: 'projected' | 'still-failing' | 'event-missing';
  readonly reason?: string;
}

/**
 * Applies every dead-lettered record's event again (after a fix, or once a transient cause is gone); a letter whose
 * event now projects is removed with its attempt counter, one that still fails stays with its new reason.
 */
export const redriveDeadLetters = async (deps: EventProjectorDeps): Promise<ReadonlyArray<RedriveOutcome>> => {
  const projector = eventProjector(deps);
  const outcomes: RedriveOutcome[] = [];
  for (const letter of await listDeadLetters({ client: deps.client, table: deps.tables.readModels })) {
    const { streamId, version } = letter.record;
    const event = streamId === undefined || version === undefined ? undefined : await projector.source.readEvent(streamId, version);
    if (event === undefined) {
      outcomes.push({ letter, result: 'event-missing' });
      continue;
    }
    try {
      await projector.apply(event);
    } catch (error) {
      outcomes.push({ letter, result: 'still-failing', reason: errorReason(error) });
      continue;
    }
    for (const key of [readModelKeys.deadLetter(letter.source), readModelKeys.attempts(letter.source)]) {
      await deps.client.send(new DeleteItemCommand({ TableName: deps.tables.readModels, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }));
    }
    outcomes.push({ letter, result: 'projected' });
  }
  return outcomes;
};
