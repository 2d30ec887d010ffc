import type { _Record as StreamsRecord } from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { lambdaRecord } from '../../../adapters/streams/lambdaRecord.js';

const arn = 'arn:aws:dynamodb:ddblocal:000000000000:table/events/stream/2026-11-22T13:18:10.703';

describe('stream record as Lambda delivers it', () => {
  it('keeps ids, names, keys and image, gives epoch seconds and the stream ARN', () => {
    const record: StreamsRecord = {
      eventID: 'e1',
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ddblocal',
      dynamodb: {
        ApproximateCreationDateTime: new Date('2026-11-22T13:18:00.000Z'),
        Keys: { stream_id: { S: 's' }, version: { N: '1' } },
        NewImage: { stream_id: { S: 's' }, version: { N: '1' }, data: { S: '{}' } },
        SequenceNumber: '000000000000000000001',
        SizeBytes: 43,
        StreamViewType: 'NEW_IMAGE',
      },
    };
    expect(lambdaRecord(record, arn)).toEqual({
      eventID: 'e1',
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ddblocal',
      eventSourceARN: arn,
      dynamodb: {
        ApproximateCreationDateTime: Date.parse('2026-11-22T13:18:00.000Z') / 1000,
        Keys: { stream_id: { S: 's' }, version: { N: '1' } },
        NewImage: { stream_id: { S: 's' }, version: { N: '1' }, data: { S: '{}' } },
        SequenceNumber: '000000000000000000001',
        SizeBytes: 43,
        StreamViewType: 'NEW_IMAGE',
      },
    });
  });

  it('turns bytes into base64 text at any depth, as Lambda JSON carries them', () => {
    const bytes = new Uint8Array([0, 1, 2, 250]);
    const record: StreamsRecord = {
      eventName: 'MODIFY',
      dynamodb: {
        SequenceNumber: '000000000000000000002',
        NewImage: {
          b: { B: bytes },
          bs: { BS: [bytes] },
          m: { M: { inner: { L: [{ B: bytes }, { NULL: true }, { BOOL: false }, { SS: ['x'] }, { NS: ['1'] }] } } },
        },
      },
    };
    const image = lambdaRecord(record, arn).dynamodb?.NewImage;
    expect(image).toEqual({
      b: { B: 'AAEC+g==' },
      bs: { BS: ['AAEC+g=='] },
      m: { M: { inner: { L: [{ B: 'AAEC+g==' }, { NULL: true }, { BOOL: false }, { SS: ['x'] }, { NS: ['1'] }] } } },
    });
  });

  it('carries the identity of a TTL deletion in Lambda casing', () => {
    const record: StreamsRecord = {
      eventName: 'REMOVE',
      userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' },
      dynamodb: { SequenceNumber: '000000000000000000003', Keys: { k: { S: 'x' } } },
    };
    const converted = lambdaRecord(record, arn);
    expect(converted.userIdentity).toEqual({ type: 'Service', principalId: 'dynamodb.amazonaws.com' });
    expect(converted.eventSource).toBe('aws:dynamodb');
  });
});
