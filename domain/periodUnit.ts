/** Delta period units accepted in a request (`Unspecified` is deliberately rejected). */
export const periodUnits = ['Day', 'Week', 'Month', 'Year'] as const;
export type PeriodUnit = (typeof periodUnits)[number];

/** Days in one unit, as the reference defines them (a month is 30 days, a year 365). */
export const daysPerUnit: Readonly<Record<PeriodUnit, number>> = { Day: 1, Week: 7, Month: 30, Year: 365 };
