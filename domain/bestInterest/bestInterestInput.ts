/**
 * What the best-interest rules read: a calculated portfolio and two facts of the client's profile. Minimal on purpose
 * so that any caller can adapt to it (see fromPortfolioResponse). Figures are decimal strings as the calculation
 * writes them; `null` where a figure could not be calculated, and a rule that needs it then passes over that deposit.
 */
export interface BestInterestDeposit {
  readonly deposit_uuid: string;
  readonly account: string;
  /** Principal placed. */
  readonly amount: string | null;
  /** Term in years. */
  readonly years: string;
  /** Amount plus interest at maturity. */
  readonly total: string | null;
  /** `YYYY-MM-DD`. */
  readonly maturity_date: string | null;
}

export interface BestInterestBank {
  readonly bank_uuid: string;
  readonly name: string;
  readonly deposits: ReadonlyArray<BestInterestDeposit>;
}

export interface BestInterestPortfolio {
  readonly banks: ReadonlyArray<BestInterestBank>;
}

/** The profile facts the rules use; a ProfileView fits as is. A rule whose fact is missing does not fire. */
export interface BestInterestProfile {
  readonly liquidity_needs: { readonly amount: string; readonly needed_by: string } | null;
  readonly time_horizon_years: string | null;
}
