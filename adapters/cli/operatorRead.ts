import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { recordAuditRead } from '../../application/auditTrail.js';
import { actorIdFrom, type ActorId } from '../../application/principal.js';
import { SnapshotCache } from '../../application/streamSnapshot.js';
import { dynamoEventStore } from '../dynamodb/eventStore.js';
import type { StoreConnection } from './storeConnection.js';

/** Why an operator command read nothing: it could not say who reads, or could not record the read. */
export class OperatorReadRefused extends Error {}

const osUser = (): string => {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
};

/** The reader an operator command is recorded as: `cli:<OS user>` unless named. */
export const operatorActor = (named?: string): ActorId => {
  const actor = actorIdFrom(named ?? `cli:${osUser()}`);
  if (actor === undefined) throw new OperatorReadRefused('the operator name is not a usable actor id');
  return actor;
};

/**
 * Records an operator command's read of history (`resource`: the command as run) as an audit read, as the HTTP audit
 * routes record theirs, before anything is read: throws {@link OperatorReadRefused} when it cannot be recorded.
 */
export const recordOperatorRead = async (store: Pick<StoreConnection, 'client' | 'tables'>, actor: ActorId, resource: string): Promise<void> => {
  const services = { store: dynamoEventStore(store.client, store.tables), cache: new SnapshotCache(1), clock: () => new Date().toISOString(), newId: randomUUID };
  const reader = { principal: { sub: actor, roles: new Set(['compliance'] as const) }, correlationId: randomUUID(), causationId: randomUUID() };
  const recording = await recordAuditRead(services, reader, { resource, query: {} });
  if (!recording.recorded) throw new OperatorReadRefused(`the audit read could not be recorded, so nothing was read (${recording.reason})`);
};
