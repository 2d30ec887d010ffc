import { createHash } from 'node:crypto';
import { paginateScan, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import canonicalize from 'canonicalize';
import { bookkeepingPkPrefixes } from '../../projections/readModelKeys.js';

/** Attributes that record when or how an item was written, not what the read model says. */
const bookkeepingAttributes: ReadonlyArray<string> = ['applied_at'];

/** A digest of what the read models say. */
export interface ReadModelChecksum {
  /** SHA-256, hex, over every read-model item in (pk, sk) order. */
  readonly digest: string;
  readonly items: number;
}

/**
 * A SHA-256 digest over every read-model item in a canonical order (by pk, then sk; attributes as RFC 8785 JSON of
 * their DynamoDB form), leaving out checkpoints, dead letters, attempt counters and write timestamps, which
 * legitimately differ between a live read model and a rebuilt one. Equal digests mean equal read models.
 */
export const readModelChecksum = async ({
  client,
  tables,
}: {
  readonly client: DynamoDBClient;
  readonly tables: { readonly readModels: string };
}): Promise<ReadModelChecksum> => {
  const lines: Array<{ pk: string; sk: string; line: string }> = [];
  for await (const page of paginateScan({ client }, { TableName: tables.readModels, ConsistentRead: true })) {
    for (const item of page.Items ?? []) {
      const pk = item.pk?.S ?? '';
      if (bookkeepingPkPrefixes.some((prefix) => pk.startsWith(prefix))) continue;
      const kept = Object.fromEntries(Object.entries(item).filter(([name]) => !bookkeepingAttributes.includes(name)));
      lines.push({ pk, sk: item.sk?.S ?? '', line: canonicalize(kept) ?? '' });
    }
  }
  lines.sort((a, b) => (a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
  const hash = createHash('sha256');
  for (const { line } of lines) hash.update(line).update('\n');
  return { digest: hash.digest('hex'), items: lines.length };
};
