/**
 * Branded scalar values of a parsed request. Each is the normalised decimal text of domain.md §3
 * (no leading `+`, no superfluous leading zeros, a `0` before a leading dot, trailing zeros kept),
 * so it can be echoed in a response and stored in an event as is; arithmetic converts it with `new Decimal(text)`.
 */
declare const brand: unique symbol;
/** A type `T` that only a check in this codebase produces; brands stack (`Apy` is also `DecimalText`). */
export type Brand<T, B extends string> = T & { readonly [brand]: { readonly [K in B]: true } };

/** Normalised decimal text, as the request grammar allows (no sign, no exponent). */
export type DecimalText = Brand<string, 'DecimalText'>;
/** Annual percentage yield, percent per year, 0..100. */
export type Apy = Brand<DecimalText, 'Apy'>;
/** Term in years, > 0 and at most 100. */
export type Years = Brand<DecimalText, 'Years'>;
/** A money amount as given, 0..1e15, at most 2 decimal places. */
export type Amount = Brand<DecimalText, 'Amount'>;
/** Delta period count, > 0. */
export type DeltaPeriod = Brand<DecimalText, 'DeltaPeriod'>;
/** A real calendar date `YYYY-MM-DD`. */
export type CalendarDate = Brand<string, 'CalendarDate'>;
/** A valid IANA time zone name. */
export type IanaZone = Brand<string, 'IanaZone'>;
