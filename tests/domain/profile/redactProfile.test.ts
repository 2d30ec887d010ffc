import { describe, expect, it } from 'vitest';
import { redactProfile, redactProfileEvent } from '../../../domain/profile/redactProfile.js';
import { commands, profileIn, run } from './support/profileFixtures.js';

const piiValues = ['Ada Lovelace', '1980-12-10', 'ada@example.com', '1234'];

describe('redactProfile', () => {
  it('replaces every client PII field and keeps the rest of the profile', () => {
    const profile = profileIn('Proposed');
    const redacted = redactProfile(profile);
    const text = JSON.stringify(redacted);
    for (const value of piiValues) expect(text).not.toContain(value);
    expect(redacted.client).toEqual({ name: '[redacted]', date_of_birth: '[redacted]', email: '[redacted]', tax_id_last4: '[redacted]' });
    expect({ ...redacted, client: profile.client }).toEqual(profile);
  });

  it('redacts ProfileCreated events and leaves events without PII as they are', () => {
    const { events } = run([commands.create(), commands.objectives()]);
    const [created, objectives] = events;
    const text = JSON.stringify(redactProfileEvent(created!));
    for (const value of piiValues) expect(text).not.toContain(value);
    expect(text).toContain('client-7');
    expect(redactProfileEvent(objectives!)).toBe(objectives);
  });
});
