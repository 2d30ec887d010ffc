import { ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { isTransientError } from '../../../adapters/aws/transientError.js';

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: { httpStatusCode: 400 }, CancellationReasons: codes.map((Code) => ({ Code })) });
const withStatus = (name: string, httpStatusCode: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });

describe('isTransientError', () => {
  it('holds throttling, outages, the network and whatever is marked retryable as failures of the moment', () => {
    expect(isTransientError(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }))).toBe(true);
    expect(isTransientError(withStatus('InternalServerError', 500))).toBe(true);
    expect(isTransientError(withStatus('SomethingNew', 503))).toBe(true);
    expect(isTransientError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransientError(Object.assign(new Error('unprocessed'), { $retryable: { throttling: true } }))).toBe(true);
  });

  it('holds a cancelled transaction transient only when no item was the cause', () => {
    expect(isTransientError(cancelled('None', 'ThrottlingError'))).toBe(true);
    expect(isTransientError(cancelled('TransactionConflict', 'None'))).toBe(true);
    expect(isTransientError(cancelled('None', 'ConditionalCheckFailed'))).toBe(false);
    expect(isTransientError(cancelled('ValidationError'))).toBe(false);
  });

  it('holds a refusal of the request itself, and anything but an Error, as lasting', () => {
    expect(isTransientError(withStatus('ValidationException', 400))).toBe(false);
    expect(isTransientError(new SyntaxError('Unexpected token'))).toBe(false);
    expect(isTransientError('ThrottlingException')).toBe(false);
  });
});
