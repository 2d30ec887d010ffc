import type { BestInterestBank } from './bestInterestInput.js';

/** One institution of a portfolio: every bank entry under the same name, the first entry standing for them. */
export interface Institution {
  readonly name: string;
  readonly bankUuid: string;
  readonly entries: ReadonlyArray<BestInterestBank>;
}

/**
 * Groups bank entries by institution. Insurance and concentration are per depositor per institution, so two request
 * entries naming the same bank (names compared without case and surrounding spaces) count as one.
 */
export const institutionsOf = (banks: ReadonlyArray<BestInterestBank>): ReadonlyArray<Institution> => {
  const byName = new Map<string, { name: string; bankUuid: string; entries: BestInterestBank[] }>();
  for (const bank of banks) {
    const key = bank.name.trim().toUpperCase();
    const known = byName.get(key);
    if (known === undefined) byName.set(key, { name: bank.name, bankUuid: bank.bank_uuid, entries: [bank] });
    else known.entries.push(bank);
  }
  return [...byName.values()];
};
