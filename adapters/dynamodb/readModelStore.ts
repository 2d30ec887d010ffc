import { randomUUID } from 'node:crypto';
import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  paginateQuery,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type AttributeValue,
  type DynamoDBClient,
  type TransactWriteItem,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { ProfileStatus } from '../../domain/profile/profileStatus.js';
import type { PortfolioReadModel } from '../../projections/portfolioReadModel.js';
import type { ProfileReadModel } from '../../projections/profileReadModel.js';
import { profileKeysOutside } from '../../projections/profileReadModel.js';
import type { ReadModelItem, ReadModelKey, ReadModelValue } from '../../projections/readModelItem.js';
import { maturityDateOfKey, monthOf } from '../../projections/maturityKey.js';
import { pageEntriesAttribute, pageRows } from '../../projections/rankingPages.js';
import { readModelKeys } from '../../projections/readModelKeys.js';

/** A DynamoDB item of the read-model table. */
export type StoredItem = Record<string, AttributeValue>;

/** The shared-ranking keys a state item or pending entry says its version holds. */
const rankingKeysOf = (item: StoredItem | undefined): ReadonlyArray<ReadModelKey> => {
  const recorded = item?.ranking_keys?.S;
  return recorded === undefined ? [] : (JSON.parse(recorded) as ReadModelKey[]);
};

const recordedKeys = (keys: ReadonlyArray<ReadModelKey>): AttributeValue => ({ S: JSON.stringify(keys.map(({ pk, sk }) => ({ pk, sk }))) });

/** Who a portfolio belongs to: what authorization decisions on its rankings need. */
export interface PortfolioOwner {
  readonly profile_id: string | null;
  /** The linked profile's client, null when the portfolio has no profile. */
  readonly client_id: string | null;
  readonly advisor_id: string | null;
}

/** One portfolio version to project, with the reads the algorithm may need (all against the event store). */
export interface PortfolioApplication {
  readonly streamId: string;
  readonly portfolioId: string;
  readonly version: number;
  /** The owner of the portfolio; `known` is what the state item already records, when it records anything. */
  readonly owner: (known: PortfolioOwner | undefined) => Promise<PortfolioOwner>;
  /**
   * The read model of this version for its owner. Earlier versions are never asked for: what they wrote is found
   * from keys recorded beside them, so a cleanup never depends on reading an old event again.
   */
  readonly model: (owner: PortfolioOwner) => Promise<PortfolioReadModel>;
}

/** One profile state to project. */
export interface ProfileApplication {
  readonly streamId: string;
  readonly model: ProfileReadModel;
}

/** `applied` when this call moved the read model to the version; `superseded` when it was at that version or newer. */
export type ApplyOutcome = 'applied' | 'superseded';

/** How the read-model store reaches DynamoDB. */
export interface ReadModelStoreOptions {
  readonly client: DynamoDBClient;
  readonly table: string;
  /** Clock of the `applied_at` bookkeeping attribute (not part of what a read model says). */
  readonly now?: () => string;
  /** BatchWriteItem calls in flight at once. */
  readonly writeConcurrency?: number;
}

/** The DynamoDB attribute value of a plain read-model value. */
export const attributeOf = (value: ReadModelValue): AttributeValue =>
  value === null ? { NULL: true } : typeof value === 'number' ? { N: String(value) } : { S: value };

/** The stored form of a read-model item. */
export const storedItemOf = (item: ReadModelItem): StoredItem => {
  const stored: StoredItem = { pk: { S: item.pk }, sk: { S: item.sk } };
  for (const [name, value] of Object.entries(item.attributes)) stored[name] = attributeOf(value);
  return stored;
};

const keyOf = (key: ReadModelKey): StoredItem => ({ pk: { S: key.pk }, sk: { S: key.sk } });

const text = (item: StoredItem | undefined, name: string): string | null => item?.[name]?.S ?? null;
const integer = (item: StoredItem | undefined, name: string): number => Number(item?.[name]?.N ?? '0');

const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed'));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** BatchWriteItem takes at most 25 requests. */
const batchSize = 25;
const maxUnprocessedRetries = 12;

/** A version whose items may exist besides the applied one. */
interface PendingEntry {
  readonly sk: string;
  readonly version: number;
  /** Its entries in the all-portfolios rankings that may still exist (none once a transaction removed them). */
  readonly rankingKeys: ReadonlyArray<ReadModelKey>;
}

/** The projection state of one stream: its state item and pending entries, read together in one consistent query. */
interface StreamView {
  readonly state: StoredItem | undefined;
  readonly pending: ReadonlyArray<PendingEntry>;
}

/**
 * The read-model table, written by the projector. Every write is idempotent and guarded by the source stream version
 * (see docs in `portfolio` below), so duplicates, retries, reordering and a crash at any point converge to the items
 * of each stream's newest version.
 */
export const readModelStore = (options: ReadModelStoreOptions) => {
  const { client, table } = options;
  const now = options.now ?? (() => new Date().toISOString());
  const writeConcurrency = options.writeConcurrency ?? 8;

  const batchWrite = async (requests: ReadonlyArray<WriteRequest>): Promise<void> => {
    // One batch must not name a key twice; the last request for a key wins, as it would when written one by one.
    const byKey = new Map<string, WriteRequest>();
    for (const request of requests) {
      const key = request.PutRequest?.Item ?? request.DeleteRequest?.Key ?? {};
      byKey.set(JSON.stringify([key.pk?.S, key.sk?.S]), request);
    }
    const unique = [...byKey.values()];
    const chunks: WriteRequest[][] = [];
    for (let i = 0; i < unique.length; i += batchSize) chunks.push(unique.slice(i, i + batchSize));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < chunks.length) {
        let pending: WriteRequest[] = chunks[next++]!;
        for (let attempt = 0; pending.length > 0; attempt += 1) {
          // Throttling, as the SDK would mark it: the caller may retry the whole write later.
          if (attempt > maxUnprocessedRetries) throw Object.assign(new Error(`BatchWriteItem left ${pending.length} items unprocessed`), { $retryable: { throttling: true } });
          if (attempt > 0) await sleep(Math.min(1000, 10 * 2 ** attempt));
          const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
          pending = result.UnprocessedItems?.[table] ?? [];
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(writeConcurrency, chunks.length) }, worker));
  };

  const putAll = (items: ReadonlyArray<ReadModelItem>): Promise<void> =>
    batchWrite(items.map((item) => ({ PutRequest: { Item: storedItemOf(item) } })));

  const deleteAll = (keys: ReadonlyArray<ReadModelKey>): Promise<void> =>
    batchWrite(keys.map((key) => ({ DeleteRequest: { Key: keyOf(key) } })));

  /**
   * Deletes the entries older than `version`: a concurrent writer of a newer version may already own one of these keys
   * (its entry then carries a newer source version and stays).
   */
  const deleteOlderThan = (keys: ReadonlyArray<ReadModelKey>, version: number): Promise<unknown> =>
    Promise.all(
      keys.map(async (key) => {
        try {
          await client.send(
            new DeleteItemCommand({
              TableName: table,
              Key: keyOf(key),
              ConditionExpression: 'attribute_not_exists(pk) OR source_version < :v',
              ExpressionAttributeValues: { ':v': { N: String(version) } },
            }),
          );
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      }),
    );

  /** Every item of a partition, read consistently page by page; only `projection` attributes when given. */
  const partitionItems = async (pk: string, projection?: string): Promise<StoredItem[]> => {
    const items: StoredItem[] = [];
    const pages = paginateQuery(
      { client },
      {
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: pk } },
        ...(projection === undefined ? {} : { ProjectionExpression: projection }),
        ConsistentRead: true,
      },
    );
    for await (const page of pages) items.push(...(page.Items ?? []));
    return items;
  };

  /** Every key in a partition (consistent). */
  const keysIn = async (pk: string): Promise<ReadModelKey[]> => (await partitionItems(pk, 'pk, sk')).map((item) => ({ pk, sk: item.sk!.S! }));

  /**
   * A conditional put that leaves a newer item in place (the condition failing is the expected, harmless outcome);
   * true when it wrote.
   */
  const putUnlessNewer = async (item: ReadModelItem, condition: string, version: number): Promise<boolean> => {
    try {
      await client.send(
        new PutItemCommand({
          TableName: table,
          Item: storedItemOf(item),
          ConditionExpression: condition,
          ExpressionAttributeValues: { ':v': { N: String(version) } },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return false;
    }
  };

  const readView = async (streamId: string): Promise<StreamView> => {
    let state: StoredItem | undefined;
    const pending: PendingEntry[] = [];
    for (const item of await partitionItems(readModelKeys.state(streamId).pk)) {
      const sk = item.sk?.S ?? '';
      if (sk === 'state') state = item;
      else if (sk.startsWith(readModelKeys.pendingSkPrefix)) pending.push({ sk, version: integer(item, 'version'), rankingKeys: rankingKeysOf(item) });
    }
    return { state, pending };
  };

  const ownerOf = (state: StoredItem | undefined): PortfolioOwner | undefined =>
    state === undefined || integer(state, 'version') === 0
      ? undefined
      : { profile_id: text(state, 'profile_id'), client_id: text(state, 'client_id'), advisor_id: text(state, 'advisor_id') };

  /**
   * Deletes every item of an earlier portfolio version, known only by its version (a pending entry): its shared maturing
   * entries (found from the pages of its own maturity ranking, which hold one entry under the same key per maturing
   * deposit, so those go first), the ranking entries it may hold, then its own partitions whole.
   */
  const deleteVersion = async (portfolioId: string, version: number, rankingKeys: ReadonlyArray<ReadModelKey>): Promise<void> => {
    const maturityPk = readModelKeys.depositMaturityRanking(portfolioId, version);
    const maturityPages = await partitionItems(maturityPk, `sk, ${pageEntriesAttribute}`);
    const maturing = maturityPages.flatMap((page) =>
      pageRows(page[pageEntriesAttribute]?.S ?? '[]').flatMap(({ sk }) => {
        const date = maturityDateOfKey(sk);
        return date === undefined ? [] : [{ pk: readModelKeys.maturing(monthOf(date)), sk }];
      }),
    );
    // Shared keys hold the version: these entries are this version's alone.
    await deleteAll([...maturing, ...rankingKeys]);
    const own = await Promise.all([readModelKeys.bankRanking(portfolioId, version), readModelKeys.depositGrowthRanking(portfolioId, version)].map(keysIn));
    await deleteAll([...own.flat(), ...maturityPages.map((page) => ({ pk: maturityPk, sk: page.sk!.S! }))]);
  };

  /**
   * Deletes everything a stale version's model says it writes, found from the model alone: its pages, and its shared
   * entries, whose keys hold the version, so none of them can be another version's.
   */
  const deleteOwn = (model: PortfolioReadModel): Promise<void> => deleteAll([...model.maturing, ...model.rankings, ...model.versioned]);

  /**
   * Deletes the items of every pending version older than the applied one, then its entry. Entries of the applied
   * version only lose their entry (their items are the applied items); newer ones belong to a writer still at work.
   */
  const finishCleanup = async (app: PortfolioApplication, view: StreamView): Promise<void> => {
    const current = integer(view.state, 'version');
    for (const entry of view.pending) {
      if (entry.version > current) continue;
      if (entry.version < current) await deleteVersion(app.portfolioId, entry.version, entry.rankingKeys);
      await client.send(new DeleteItemCommand({ TableName: table, Key: keyOf({ pk: readModelKeys.state(app.streamId).pk, sk: entry.sk }) }));
    }
  };

  const pendingItem = (streamId: string, token: string, entry: Omit<PendingEntry, 'sk'>): StoredItem => ({
    ...keyOf(readModelKeys.pending(streamId, token)),
    version: { N: String(entry.version) },
    ranking_keys: recordedKeys(entry.rankingKeys),
  });

  /**
   * A new portfolio's first version in three round trips and no read (nearly every event is one): a placeholder state
   * item, put only if the stream has none, records the version and its ranking keys, while the version's own items are
   * written; then its shared entries (one BatchWriteItem for a usual portfolio); then the state item, only over this
   * writer's own placeholder. A crash leaves the placeholder as the trace a pending entry would be (or, should it die
   * before the placeholder landed, items that this version's next delivery finishes or, once stale, deletes).
   * `refused` leaves the stream to the general path (anything written is this version's, which that path rewrites or
   * deletes); `moved` means another writer applied a version meanwhile.
   */
  const applyNew = async (streamId: string, model: PortfolioReadModel, stateItem: StoredItem): Promise<'applied' | 'refused' | 'moved'> => {
    const token = randomUUID();
    const placeholder = async (): Promise<boolean> => {
      try {
        await client.send(
          new PutItemCommand({
            TableName: table,
            Item: {
              ...keyOf(readModelKeys.state(streamId)),
              version: { N: '0' },
              pending_version: { N: String(model.version) },
              pending_token: { S: token },
              ranking_keys: recordedKeys(model.rankings),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return false;
      }
    };
    // The version's own partitions are read only through its state item, so they go alongside the placeholder. The
    // shared rankings wait for it: a redelivered first version of a portfolio since revised or withdrawn must not show
    // there even for a moment. (Shared keys hold the version, so no put can overwrite another version's entry.)
    const [placed] = await Promise.all([placeholder(), putAll(model.versioned)]);
    if (!placed) return 'refused';
    // Maturing entries are listed only once the state names their version; the shared rankings go in while the
    // placeholder is still this writer's, in one transaction, so a newer version applied meanwhile by another writer
    // (a rebuild beside the live projector) never has this one shown beside it, not even for a moment.
    const sharedWhilePlaceholderIsOurs = async (): Promise<boolean> => {
      try {
        await client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                ConditionCheck: {
                  TableName: table,
                  Key: keyOf(readModelKeys.state(streamId)),
                  ConditionExpression: 'pending_token = :token',
                  ExpressionAttributeValues: { ':token': { S: token } },
                },
              },
              ...model.rankings.map((item) => ({ Put: { TableName: table, Item: storedItemOf(item) } })),
            ],
          }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        return false;
      }
    };
    const [shared] = await Promise.all([sharedWhilePlaceholderIsOurs(), putAll(model.maturing)]);
    if (!shared) return 'moved';
    try {
      await client.send(
        new PutItemCommand({
          TableName: table,
          Item: { ...stateItem, ranking_keys: recordedKeys(model.rankings) },
          ConditionExpression: 'pending_token = :token',
          ExpressionAttributeValues: { ':token': { S: token } },
        }),
      );
      return 'applied';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return 'moved';
    }
  };

  /** The state item of an applied portfolio version. */
  const stateItemOf = (streamId: string, model: PortfolioReadModel, owner: PortfolioOwner): StoredItem =>
    storedItemOf({
      ...readModelKeys.state(streamId),
      attributes: {
        stream_id: streamId,
        kind: 'portfolio',
        portfolio_id: model.portfolioId,
        version: model.version,
        status: model.status,
        ...model.facts,
        ...owner,
        applied_at: now(),
      },
    });

  /**
   * After a writer of this or a newer version won: what this call wrote is either the applied items or stale, and a
   * stale version's items go, named from the model too (a duplicate writer may have emptied the partition they are
   * otherwise found from).
   */
  const yieldTo = async (app: PortfolioApplication, model: PortfolioReadModel, view: StreamView, ownEntry?: ReadModelKey): Promise<ApplyOutcome> => {
    if (model.status === 'proposed') {
      if (integer(view.state, 'version') > model.version) await deleteOwn(model);
      if (ownEntry !== undefined) await client.send(new DeleteItemCommand({ TableName: table, Key: keyOf(ownEntry) }));
    }
    await finishCleanup(app, { state: view.state, pending: view.pending.filter((entry) => entry.sk !== ownEntry?.sk) });
    return 'superseded';
  };

  /**
   * Projects one portfolio version (design: docs/read-models.md). A first version goes through `applyNew`; when that
   * finds the stream's state item already there, or any other version:
   * 1. read the state item and pending entries; if the applied version is this one or newer, only finish cleanup;
   * 2. record a pending entry for this version, so that a crash from here on leaves a trace that points at its items;
   * 3. write this version's items in its own partitions and in the maturing partitions;
   * 4. in one transaction, move the state item to this version only if it is still as read in 1, drop this version's
   *    pending entry, add one for the version replaced (or announced by a placeholder), and put the version's
   *    all-portfolios ranking entries while deleting the replaced version's;
   * 5. delete the replaced version's items and its entry. A writer that lost step 4 to a newer version deletes what it
   *    wrote itself, so a slow duplicate cannot leave stale entries behind.
   */
  const portfolio = async (app: PortfolioApplication): Promise<ApplyOutcome> => {
    const { streamId } = app;
    let first: { readonly owner: PortfolioOwner; readonly model: PortfolioReadModel } | undefined;
    let moved: StreamView | undefined;
    if (app.version === 1) {
      const owner = await app.owner(undefined);
      const model = await app.model(owner);
      first = { owner, model };
      if (model.status === 'proposed') {
        const outcome = await applyNew(streamId, model, stateItemOf(streamId, model, owner));
        if (outcome === 'applied') return 'applied';
        if (outcome === 'moved') {
          moved = await readView(streamId);
          if (integer(moved.state, 'version') >= model.version) return yieldTo(app, model, moved);
        }
      }
    }
    let view = moved ?? (await readView(streamId));
    const applied = integer(view.state, 'version');
    if (applied >= app.version) {
      // A stale version's items may exist (written by `applyNew` just now, or by a writer that died before its
      // placeholder landed): they are its alone.
      if (applied > app.version) {
        const model = first?.model ?? (await app.model(await app.owner(ownerOf(view.state))));
        if (model.status === 'proposed') await deleteOwn(model);
      }
      await finishCleanup(app, view);
      return 'superseded';
    }
    const owner = first?.owner ?? (await app.owner(ownerOf(view.state)));
    const model = first?.model ?? (await app.model(owner));
    const hasItems = model.status === 'proposed';
    const token = `${model.version}.${randomUUID()}`;
    const ownEntry = readModelKeys.pending(streamId, token);
    const ownPending: PendingEntry = { sk: ownEntry.sk, version: model.version, rankingKeys: model.rankings };
    if (hasItems) {
      await client.send(new PutItemCommand({ TableName: table, Item: pendingItem(streamId, token, ownPending) }));
      await putAll([...model.versioned, ...model.maturing]);
    }
    const stateItem = stateItemOf(streamId, model, owner);
    // Ranking entries change with the state item in one transaction: a ranking never shows a replaced version beside
    // the one that replaced it.
    for (;;) {
      const previous = view.state;
      const previousVersion = integer(previous, 'version');
      if (previousVersion >= model.version) return yieldTo(app, model, view, hasItems ? ownEntry : undefined);
      const writes: TransactWriteItem[] = [
        {
          Put: {
            TableName: table,
            Item: { ...stateItem, ranking_keys: recordedKeys(model.rankings) },
            ...(previous === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'version = :previous', ExpressionAttributeValues: { ':previous': { N: String(previousVersion) } } }),
          },
        },
      ];
      if (hasItems) writes.push({ Delete: { TableName: table, Key: keyOf(ownEntry) } });
      const replaced: PendingEntry[] = [];
      // The version applied, or the one a placeholder announces (its writer may have written items before it died).
      const announced = previous?.pending_version?.N === undefined ? undefined : Number(previous.pending_version.N);
      const replacedVersion =
        text(previous, 'status') === 'proposed' ? previousVersion : announced !== undefined && announced < model.version ? announced : undefined;
      if (replacedVersion !== undefined) {
        // Its ranking entries go in this transaction (below), so only its own and maturing items are left to delete.
        const entry: PendingEntry = { sk: readModelKeys.pending(streamId, `${replacedVersion}.replaced`).sk, version: replacedVersion, rankingKeys: [] };
        writes.push({ Put: { TableName: table, Item: pendingItem(streamId, `${replacedVersion}.replaced`, entry) } });
        replaced.push(entry);
      }
      // The replaced version's entries in the shared rankings go in this same transaction, found from the keys its
      // state item recorded: a withdrawn or superseded version is never ranked beside the current one, and its removal
      // never depends on reading its event again.
      const current = new Set(model.rankings.map((entry) => `${entry.pk}\u0000${entry.sk}`));
      for (const key of rankingKeysOf(previous)) {
        if (current.has(`${key.pk}\u0000${key.sk}`)) continue;
        writes.push({ Delete: { TableName: table, Key: keyOf(key) } });
      }
      for (const entry of model.rankings) writes.push({ Put: { TableName: table, Item: storedItemOf(entry) } });
      try {
        await client.send(new TransactWriteItemsCommand({ TransactItems: writes }));
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = (error.CancellationReasons ?? []).map((reason) => reason.Code);
        if (!reasons.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict')) throw error;
        // Another writer's transaction on this stream: let it finish, then decide on what it left.
        if (reasons.includes('TransactionConflict')) await sleep(5 + Math.floor(Math.random() * 20));
        view = await readView(streamId);
        continue;
      }
      await finishCleanup(app, { state: stateItem, pending: [...view.pending.filter((entry) => entry.sk !== ownEntry.sk), ...replaced] });
      return 'applied';
    }
  };

  /**
   * Projects one profile state. Its search entries are keyed by status, and client and advisor never change, so the
   * entries of every other status are simply deleted; entries are written only over older ones, and a writer that
   * finds a newer state applied removes whatever it wrote under another status than that state's.
   */
  const profile = async ({ streamId, model }: ProfileApplication): Promise<ApplyOutcome> => {
    const key = keyOf(readModelKeys.state(streamId));
    const read = async (): Promise<StoredItem | undefined> =>
      (await client.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
    // The stored state is the newest: remove what this model's writes left under any other status. A writer that died
    // between moving the state and this cleanup is finished here when its record comes again.
    const settleOn = async (newest: StoredItem | undefined): Promise<ApplyOutcome> => {
      const status = (text(newest, 'status') ?? model.status) as ProfileStatus;
      await deleteOlderThan(profileKeysOutside(model, status), integer(newest, 'version'));
      return 'superseded';
    };
    const state = await read();
    if (integer(state, 'version') >= model.version) return settleOn(state);
    await Promise.all(model.items.map((item) => putUnlessNewer(item, 'attribute_not_exists(pk) OR source_version < :v', model.version)));
    try {
      await client.send(
        new PutItemCommand({
          TableName: table,
          Item: storedItemOf({
            ...readModelKeys.state(streamId),
            attributes: {
              stream_id: streamId,
              kind: 'profile',
              profile_id: model.profileId,
              version: model.version,
              status: model.status,
              client_id: model.clientId,
              advisor_id: model.advisorId,
              applied_at: now(),
            },
          }),
          ConditionExpression: 'attribute_not_exists(pk) OR version < :v',
          ExpressionAttributeValues: { ':v': { N: String(model.version) } },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return settleOn(await read());
    }
    await deleteOlderThan(profileKeysOutside(model, model.status), model.version);
    return 'applied';
  };

  /** The state item of a stream (consistent), undefined when nothing of it was projected. */
  const state = async (streamId: string): Promise<StoredItem | undefined> =>
    (await client.send(new GetItemCommand({ TableName: table, Key: keyOf(readModelKeys.state(streamId)), ConsistentRead: true }))).Item;

  return { portfolio, profile, state };
};

export type ReadModelStore = ReturnType<typeof readModelStore>;
