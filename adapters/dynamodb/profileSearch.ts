import { QueryCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import { isProfileStatus } from '../../domain/profile/profileStatus.js';
import { idMessage } from '../../domain/profile/profileFieldCodecs.js';
import { isClientId, isUserId } from '../../domain/profile/profileValues.js';
import type { InvalidParameter } from '../../projections/invalidParameter.js';
import { invalidParameter } from '../../projections/invalidParameter.js';
import type { ProfileSummary } from '../../projections/profileReadModel.js';
import { decodeProfileSearchCursor, encodeProfileSearchCursor } from '../../projections/profileSearchCursor.js';
import { readModelKeys } from '../../projections/readModelKeys.js';

/** `GET /profiles?client_id=&advisor_id=&status=`: a client's or an advisor's profiles, optionally of one status. */
export interface ProfileSearchRequest {
  readonly clientId?: string;
  readonly advisorId?: string;
  readonly status?: string;
  /** Page size, 1..1000 (default 100). */
  readonly limit?: number;
  /** The `next_cursor` of an earlier page of the same search. */
  readonly cursor?: string;
}

/** A page of profile summaries (PII-free), ordered by status (lifecycle spelling order) then profile id. */
export interface ProfileSearchPage {
  readonly data: { readonly responses: ReadonlyArray<ProfileSummary>; readonly count_responses: number };
  readonly next_cursor: string | null;
}

export interface ProfileSearchOptions {
  readonly client: DynamoDBClient;
  readonly tables: { readonly readModels: string };
}

export const defaultProfileSearchLimit = 100;
export const maxProfileSearchLimit = 1000;

/** The page of a search that can find nothing. */
export const emptyProfileSearchPage: ProfileSearchPage = { data: { responses: [], count_responses: 0 }, next_cursor: null };

/**
 * Profile search served from the read model: one Query of the client's (or advisor's) partition, narrowed to a status
 * by its sort-key prefix. With both a client and an advisor the client's partition is read and filtered by advisor.
 */
export const profileSearch = ({ client, tables }: ProfileSearchOptions) => {
  const table = tables.readModels;

  const searchProfiles = async (request: ProfileSearchRequest): Promise<Either<InvalidParameter, ProfileSearchPage>> => {
    const { clientId, advisorId, status } = request;
    // Ids become partition keys: one too long for a key would be refused by DynamoDB, not by us.
    if (clientId !== undefined && !isClientId(clientId)) return left(invalidParameter('client_id', idMessage));
    if (advisorId !== undefined && !isUserId(advisorId)) return left(invalidParameter('advisor_id', idMessage));
    if (clientId === undefined && advisorId === undefined) return left(invalidParameter('client_id', 'client_id or advisor_id is required'));
    if (status !== undefined && !isProfileStatus(status)) {
      return left(invalidParameter('status', 'must be one of Draft, Proposed, Applied, AccountOpened (case-sensitive)'));
    }
    const limit = request.limit ?? defaultProfileSearchLimit;
    if (!Number.isInteger(limit) || limit < 1 || limit > maxProfileSearchLimit) {
      return left(invalidParameter('limit', `must be an integer from 1 to ${maxProfileSearchLimit}`));
    }
    const pk = clientId !== undefined ? readModelKeys.profilesOfClient(clientId) : readModelKeys.profilesOfAdvisor(advisorId!);
    const advisorFilter = clientId !== undefined ? advisorId : undefined;
    const search = JSON.stringify([pk, status ?? null, advisorFilter ?? null]);
    let after: string | undefined;
    if (request.cursor !== undefined) {
      const decoded = decodeProfileSearchCursor(request.cursor, search);
      if (isLeft(decoded)) return decoded;
      after = decoded.right;
    }

    // A position past this status's keys (a cursor is only checked against the search it names) has nothing after it.
    if (status !== undefined && after !== undefined && after >= `${status}$`) return right(emptyProfileSearchPage);

    const values: Record<string, AttributeValue> = { ':pk': { S: pk } };
    let condition = 'pk = :pk';
    if (status !== undefined) {
      // `#` then any id; `$` is the next character after `#`, so the range is exactly this status's keys.
      condition += ' AND sk BETWEEN :from AND :to';
      values[':from'] = { S: after !== undefined && after > `${status}#` ? after : `${status}#` };
      values[':to'] = { S: `${status}$` };
    } else if (after !== undefined) {
      condition += ' AND sk > :after';
      values[':after'] = { S: after };
    }

    const found: Array<{ sk: string; summary: ProfileSummary }> = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: condition,
          ExpressionAttributeValues: values,
          ExclusiveStartKey: startKey,
          Limit: limit + 2,
        }),
      );
      for (const item of page.Items ?? []) {
        const sk = item.sk?.S;
        const entry = item.entry?.S;
        if (sk === undefined || entry === undefined || sk === after) continue;
        const summary = JSON.parse(entry) as ProfileSummary;
        if (advisorFilter !== undefined && summary.advisor_id !== advisorFilter) continue;
        if (found.length <= limit) found.push({ sk, summary });
      }
      startKey = found.length <= limit ? page.LastEvaluatedKey : undefined;
    } while (startKey !== undefined);

    const rows = found.slice(0, limit);
    const last = rows[rows.length - 1];
    return right({
      data: { responses: rows.map((row) => row.summary), count_responses: rows.length },
      next_cursor: found.length > limit && last !== undefined ? encodeProfileSearchCursor(search, last.sk) : null,
    });
  };

  return { searchProfiles };
};

export type ProfileSearch = ReturnType<typeof profileSearch>;
