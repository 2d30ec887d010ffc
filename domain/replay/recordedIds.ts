/**
 * The ids of a recorded calculation in the order the engine drew them (see `CalculationContext.newId`): the portfolio,
 * then each bank followed by its deposits, each deposit's error ids (figures, then maturity date) right after it, a
 * bank's error id after its deposits and the portfolio's after its banks. Replaying with these ids in this order gives
 * every recomputed part the id it was recorded with.
 *
 * The recorded response is only checked in outline when its event is decoded, so this walks it defensively: whatever
 * is missing or malformed contributes no id, and the comparison then reports it.
 */
export const recordedIdsInDrawOrder = (proposal: unknown): ReadonlyArray<string> => {
  const ids: string[] = [];
  const uuidOf = (node: unknown): void => {
    const uuid = field(node, 'uuid');
    if (typeof uuid === 'string') ids.push(uuid);
  };
  const errorIdsOf = (holder: unknown): void => items(field(holder, 'errors')).forEach(uuidOf);

  uuidOf(proposal);
  for (const bank of items(field(proposal, 'banks'))) {
    uuidOf(bank);
    for (const deposit of items(field(bank, 'deposits'))) {
      uuidOf(deposit);
      errorIdsOf(field(deposit, 'outcome'));
      errorIdsOf(field(deposit, 'outcome_with_dates'));
    }
    errorIdsOf(field(bank, 'outcome'));
  }
  errorIdsOf(field(proposal, 'outcome'));
  return ids;
};

const field = (node: unknown, name: string): unknown =>
  typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as Record<string, unknown>)[name] : undefined;

const items = (node: unknown): ReadonlyArray<unknown> => (Array.isArray(node) ? node : []);
