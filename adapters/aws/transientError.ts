const transientNames = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TimeoutError',
  'KMSThrottlingException',
  'InternalFailure',
]);
const transientCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE']);

/** Reasons a transaction gives for an item that say nothing about the item itself (`None`: not the cause). */
const transientCancellations = new Set(['None', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'TransactionConflict']);

interface AwsErrorShape {
  readonly name: string;
  readonly code?: string;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly CancellationReasons?: ReadonlyArray<{ readonly Code?: string }>;
}

/**
 * A failure of the moment (throttling, a conflicting transaction, an outage, the network) that says nothing about the
 * request: the same call may succeed later. The SDK marks the ones it knows with `$retryable`; so may our own code.
 */
export const isTransientError = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  const e = error as Error & AwsErrorShape;
  if (e.name === 'TransactionCanceledException') {
    return (e.CancellationReasons ?? []).every((reason) => transientCancellations.has(reason.Code ?? 'None'));
  }
  return (
    e.$retryable !== undefined ||
    transientNames.has(e.name) ||
    transientCodes.has(e.code ?? '') ||
    (e.$metadata?.httpStatusCode ?? 0) >= 500
  );
};
