import * as E from 'fp-ts/lib/Either.js';
import type { IanaZone } from './values.js';

/**
 * The shape of an IANA name (`Area/Location`, `UTC`, `Etc/GMT+5`, `EST5EDT`). It starts with a letter, so the UTC
 * offsets (`+01:00`) that newer ICU versions accept as time zones are refused before `Intl` is asked.
 */
const zoneNameShape = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

// The longest IANA name is about 32 characters; anything far longer is refused without involving ICU.
const maxZoneNameLength = 64;

let canonicalZones: ReadonlySet<string> | undefined;

const isPlatformZone = (name: string): boolean => {
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonicalZones.has(name)) return true;
  // Aliases (`UTC`, `US/Pacific`, `Asia/Kolkata`) are not listed by supportedValuesOf but are valid IANA names.
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
};

/**
 * Accepts an IANA time zone name the platform's `Intl` knows, as given. Like ECMA-402, matching ignores case
 * (`america/chicago` is accepted and kept as written); offsets and unknown names are refused.
 */
export const parseIanaZone = (text: string): E.Either<string, IanaZone> =>
  text.length <= maxZoneNameLength && zoneNameShape.test(text) && isPlatformZone(text)
    ? E.right(text as IanaZone)
    : E.left('must be an IANA time zone name such as "America/Chicago"');
