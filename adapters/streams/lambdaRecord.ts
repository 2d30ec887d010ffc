import type { AttributeValue as StreamsAttributeValue, _Record as StreamsRecord } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** Lambda receives the stream as JSON: binary values arrive as base64 text, everything else as the SDK reads it. */
const lambdaValue = (value: StreamsAttributeValue): AttributeValue => {
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.L !== undefined) return { L: value.L.map(lambdaValue) };
  if (value.M !== undefined) return { M: lambdaImage(value.M) };
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  throw new Error(`unknown attribute value type: ${Object.keys(value).join(', ')}`);
};

const lambdaImage = (image: Record<string, StreamsAttributeValue>): Record<string, AttributeValue> =>
  Object.fromEntries(Object.entries(image).map(([name, value]) => [name, lambdaValue(value)]));

/**
 * A record read through the DynamoDB Streams API, shaped as Lambda's event source mapping delivers it, so that the
 * same handler runs under Lambda and under the local poller: epoch seconds instead of a Date, base64 instead of
 * bytes, and the stream's ARN as `eventSourceARN`.
 */
export const lambdaRecord = (record: StreamsRecord, streamArn: string): DynamoDBRecord => {
  const stream = record.dynamodb;
  const converted: DynamoDBRecord = {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
  };
  if (record.userIdentity !== undefined) {
    converted.userIdentity = { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId };
  }
  if (stream !== undefined) {
    converted.dynamodb = {
      ...(stream.ApproximateCreationDateTime === undefined
        ? {}
        : { ApproximateCreationDateTime: stream.ApproximateCreationDateTime.getTime() / 1000 }),
      ...(stream.Keys === undefined ? {} : { Keys: lambdaImage(stream.Keys) }),
      ...(stream.NewImage === undefined ? {} : { NewImage: lambdaImage(stream.NewImage) }),
      ...(stream.OldImage === undefined ? {} : { OldImage: lambdaImage(stream.OldImage) }),
      SequenceNumber: stream.SequenceNumber,
      SizeBytes: stream.SizeBytes,
      StreamViewType: stream.StreamViewType,
    };
  }
  return converted;
};
