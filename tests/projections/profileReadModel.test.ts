import { describe, expect, it } from 'vitest';
import { profileKeysOutside, profileReadModel } from '../../projections/profileReadModel.js';
import { readModelKeys } from '../../projections/readModelKeys.js';
import { profileIn } from '../domain/profile/support/profileFixtures.js';

describe('profileReadModel', () => {
  it("files a PII-free summary under the client's and the advisor's partition, keyed by status then id", () => {
    const profile = profileIn('Applied');
    const model = profileReadModel(profile, 3);
    const sk = readModelKeys.profileSk('Applied', profile.profile_id);
    expect(model.items.map((item) => [item.pk, item.sk])).toEqual([
      [readModelKeys.profilesOfClient(profile.client_id), sk],
      [readModelKeys.profilesOfAdvisor(profile.advisor_id), sk],
    ]);
    const summary = JSON.parse(String(model.items[0]!.attributes.entry));
    expect(summary).toEqual({
      profile_id: profile.profile_id,
      client_id: profile.client_id,
      advisor_id: profile.advisor_id,
      status: 'Applied',
      created_at: profile.created_at,
      updated_at: profile.updated_at,
      linked_portfolios: 1,
      version: 3,
    });
    expect(model.items[0]!.attributes.entry).not.toContain(profile.client.name);
    expect(model.items[0]!.attributes.entry).not.toContain(profile.client.email);
  });

  it('names the keys of every other status, to delete after a status change', () => {
    const profile = profileIn('Proposed');
    const keys = profileKeysOutside(profileReadModel(profile, 2), 'Proposed');
    expect(keys).toHaveLength(6);
    expect(keys.map((key) => key.sk)).not.toContain(readModelKeys.profileSk('Proposed', profile.profile_id));
    expect(new Set(keys.map((key) => key.sk))).toEqual(new Set(['Draft', 'Applied', 'AccountOpened'].map((status) => `${status}#${profile.profile_id}`)));
  });
});
