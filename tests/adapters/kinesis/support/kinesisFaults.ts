import type { KinesisClient, PutRecordsCommandInput, PutRecordsCommandOutput, PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';

/** What to do to one PutRecords call (numbered from 1). */
export interface CallFault {
  /** Indices of records Kinesis reports as failed (they are not stored). */
  readonly failRecords?: ReadonlyArray<number>;
  /** Throw before anything is stored. */
  readonly throwBefore?: Error;
  /** Store every record, then throw as if the answer was lost. */
  readonly throwAfter?: Error;
}

/** An error the way the SDK raises a Kinesis error response. */
export const kinesisError = (name: string, httpStatusCode: number): Error =>
  Object.assign(new Error(`${name} (injected)`), { name, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode } });

/**
 * Makes a real client misbehave like Kinesis under load: partial PutRecords failures, throttled calls, lost answers.
 * Records that succeed still reach kinesalite, so the feed can be read back.
 */
export const injectPutRecordsFaults = (client: KinesisClient, plan: (call: number, records: ReadonlyArray<PutRecordsRequestEntry>) => CallFault | undefined): void => {
  let calls = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'PutRecordsCommand') return next(args);
      const input = args.input as PutRecordsCommandInput;
      const records = input.Records ?? [];
      const fault = plan(++calls, records) ?? {};
      if (fault.throwBefore !== undefined) throw fault.throwBefore;
      const failing = new Set(fault.failRecords ?? []);
      const kept = records.filter((_, i) => !failing.has(i));
      const stored =
        kept.length === 0
          ? { output: { Records: [], FailedRecordCount: 0, $metadata: {} } as PutRecordsCommandOutput, response: {} }
          : await next({ ...args, input: { ...input, Records: kept } });
      if (fault.throwAfter !== undefined) throw fault.throwAfter;
      const results = [...((stored.output as PutRecordsCommandOutput).Records ?? [])];
      const output: PutRecordsCommandOutput = {
        ...(stored.output as PutRecordsCommandOutput),
        FailedRecordCount: failing.size,
        Records: records.map((_, i) =>
          failing.has(i) ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard (injected)' } : results.shift()!,
        ),
      };
      return { ...stored, output };
    },
    { step: 'initialize', name: 'injectPutRecordsFaults' },
  );
};
