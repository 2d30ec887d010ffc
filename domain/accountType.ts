/** Account types accepted in a request (`Unspecified` is deliberately rejected). */
export const accountTypes = ['Checking', 'Savings', 'CertificateOfDeposit', 'BrokerageCertificateOfDeposit'] as const;
export type AccountType = (typeof accountTypes)[number];

/** Brokerage CDs pay simple interest; every other type compounds once a year. */
export const compoundsYearly = (type: AccountType): boolean => type !== 'BrokerageCertificateOfDeposit';
