import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { parseIanaZone } from '../../domain/ianaZone.js';

describe('IANA zone', () => {
  it('accepts every zone the platform lists', () => {
    const rejected = Intl.supportedValuesOf('timeZone').filter((zone) => E.isLeft(parseIanaZone(zone)));
    expect(rejected).toEqual([]);
  });

  it.each(['UTC', 'Etc/UTC', 'US/Pacific', 'Etc/GMT+5', 'Etc/GMT-14', 'EST5EDT', 'America/Argentina/ComodRivadavia', 'America/Port-au-Prince'])(
    'accepts the IANA name %s as written',
    (zone) => {
      expect(parseIanaZone(zone)).toEqual(E.right(zone));
    },
  );

  it('matches names ignoring case, as ECMA-402 does, and keeps them as written', () => {
    expect(parseIanaZone('america/chicago')).toEqual(E.right('america/chicago'));
  });

  it.each(['+01:00', '-05:00', '+0100', '-05', 'Z', 'America/Chicag', 'Etc/Unknown', '', ' America/Chicago', 'America/Chicago ', 'America//Chicago', '/UTC', 'UTC/', `${'A'.repeat(70)}`, 'x'.repeat(1_000_000)])(
    'rejects %j',
    (zone) => {
      expect(parseIanaZone(zone)).toEqual(E.left('must be an IANA time zone name such as "America/Chicago"'));
    },
  );
});
