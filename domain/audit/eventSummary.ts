import type { PortfolioEvent, ProposalRecord } from '../portfolio/portfolioEvents.js';
import type { ProfileEvent } from '../profile/profileEvents.js';
import type { AuditTrailEvent } from './auditTrailEvents.js';

/*
 * One-line summaries of events for the lineage timeline. They are read by people and may end up in logs and exports,
 * so they carry ids, statuses and figures but never client PII (name, date of birth, email, tax id digits) and never
 * free text (notes, reasons), which staff may have filled with PII despite being told not to.
 */

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

const list = (items: ReadonlyArray<string>): string => (items.length === 0 ? 'none' : items.join(', '));

const withNotes = (notes: string | null): string => (notes === null ? '' : ' (with notes)');

/** A one-line, PII-free summary of a profile event. */
export const profileEventSummary = (event: ProfileEvent): string => {
  switch (event.type) {
    case 'ProfileCreated': {
      const { data } = event;
      return (
        `Profile created in Draft by advisor ${data.advisor_id} for client ${data.client_id}: risk score ${data.risk_score}, ` +
        `horizon ${data.time_horizon_years} years, objectives ${list(data.investment_objectives)}, ` +
        `${plural(data.existing_holdings.length, 'existing holding')}.`
      );
    }
    case 'RiskAssessed': {
      const { data } = event;
      const liquidity = data.liquidity_needs === null ? 'no liquidity needs' : `liquidity needs ${data.liquidity_needs.amount} by ${data.liquidity_needs.needed_by}`;
      return `Risk assessed: risk score ${data.risk_score}, horizon ${data.time_horizon_years} years, ${liquidity}${withNotes(data.notes)}.`;
    }
    case 'ObjectivesSet':
      return `Investment objectives set to ${list(event.data.investment_objectives)}.`;
    case 'TargetAllocationSet':
      return `Target allocation set to ${list(Object.entries(event.data.target_allocation).map(([asset, percent]) => `${asset} ${percent} %`))}.`;
    case 'ProposalLinked':
      return `Portfolio ${event.data.portfolio_id} proposed for this profile.`;
    case 'ApplicationSubmitted':
      return event.data.portfolio_id === null
        ? 'Application submitted (Proposed → Applied), naming no portfolio.'
        : `Application submitted (Proposed → Applied) for portfolio ${event.data.portfolio_id}.`;
    case 'AccountOpened':
      return `Account ending ${event.data.account_number_last4} opened at ${event.data.custodian} (Applied → AccountOpened).`;
    case 'ComplianceReviewRecorded':
      return `Compliance review by ${event.data.reviewer}: ${event.data.outcome}${withNotes(event.data.notes)}.`;
  }
};

/** Banks, deposits, amount and growth of a recorded proposal, and its best-interest findings. */
const proposalFigures = (record: ProposalRecord): string => {
  const { proposal } = record;
  const deposits = proposal.banks.reduce((count, bank) => count + bank.deposits.length, 0);
  const { delta, maturity } = proposal.outcome;
  const figures =
    delta === null || maturity === null
      ? 'totals not calculable'
      : `amount ${maturity.amount}, growth ${delta.growth} per ${delta.period} ${delta.period_unit}, total at maturity ${maturity.total}`;
  const findings =
    record.best_interest === null
      ? 'no best-interest evaluation'
      : `${plural(record.best_interest.findings.length, 'best-interest finding')} (rule set ${record.best_interest.rule_set_version})`;
  return `${plural(proposal.banks.length, 'bank')}, ${plural(deposits, 'deposit')}, ${figures}; ${findings}`;
};

/** A one-line, PII-free summary of a portfolio event. */
export const portfolioEventSummary = (event: PortfolioEvent): string => {
  switch (event.type) {
    case 'PortfolioProposed': {
      const target = event.data.profile_id === null ? 'with no profile' : `for profile ${event.data.profile_id}`;
      return `Portfolio proposed by advisor ${event.data.advisor_id} ${target}: ${proposalFigures(event.data)}.`;
    }
    case 'PortfolioRevised':
      return `Portfolio revised (revision ${event.data.revision}): ${proposalFigures(event.data)}.`;
    case 'PortfolioWithdrawn':
      return `Portfolio withdrawn${event.data.reason === null ? ', no reason given' : ' (reason given)'}.`;
  }
};

/** A one-line summary of an audit-trail event: what was read, with which parameters. */
export const auditTrailEventSummary = (event: AuditTrailEvent): string => {
  const query = Object.entries(event.data.query).map(([name, value]) => `${name}=${value}`);
  return `Audit read of ${event.data.resource}${query.length === 0 ? '' : `?${query.join('&')}`}.`;
};

/** The summary of a stored event this service cannot decode: its type only, since its content is not understood. */
export const undecodableEventSummary = (type: string, schemaVersion: number): string =>
  `${type} (schema version ${schemaVersion}): not readable by this version of the service.`;
