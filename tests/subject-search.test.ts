import { randomUUID } from 'node:crypto';
import { onboardAgency } from '@switchboard/agencies';
import { signClientAssertion } from '@switchboard/agency-sdk';
import { generateAgencyKey } from '@switchboard/event-signature';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { startHub, type TestHub, uniqueSubject } from './harness/hub';

/**
 * Finding whom to register for: an agency says who its references are (authenticated, sealed at
 * rest, a bad row named and the rest kept); a victim who knows the person's full name and date of
 * birth finds the agency and reference, accents and case aside, and nothing with less than that.
 */
describe('registration by name and date of birth', () => {
  let hub: TestHub;
  let api: TestApi;
  const jail = {
    id: `jail-${randomUUID().slice(0, 8)}`,
    key: undefined as never as Awaited<ReturnType<typeof generateAgencyKey>>,
  };
  const booking = uniqueSubject();
  const other = uniqueSubject();

  const describeSubjects = async (subjects: unknown[], assertion?: string) => {
    const response = await fetch(`${api.baseUrl}/subjects`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${assertion ?? (await signClientAssertion({ agencyId: jail.id, key: jail.key, audience: api.baseUrl }))}`,
      },
      body: JSON.stringify({ subjects }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    hub = await startHub(inject('services'), { worker: false });
    api = await startApi(hub);
    jail.key = await generateAgencyKey();
    await onboardAgency(
      { db: hub.db },
      { id: jail.id, name: 'Riverside County Jail', kind: 'jail', publicJwk: jail.key.publicJwk },
    );
  });
  afterAll(async () => {
    await api?.close();
    await hub?.stop();
  });

  it('keeps what agencies say sealed, and names a bad row while keeping the others', async () => {
    const answer = await describeSubjects([
      { subjectRef: booking, givenName: 'José', familyName: 'García-López', birthDate: '1988-04-12' },
      { subjectRef: other, givenName: 'Josefina', familyName: 'García-López', birthDate: '1988-04-12' },
      { subjectRef: 'BAD-1', givenName: 'Ann', familyName: 'Lee', birthDate: '9007-01-01' },
      { subjectRef: 'BAD-2', givenName: '', familyName: 'Lee', birthDate: '1990-02-30' },
    ]);
    expect(answer.status).toBe(207);
    expect(answer.body.recorded).toBe(2);
    const rejected = answer.body.rejected as { index: number; error: string }[];
    expect(rejected.map((r) => r.index)).toEqual([2, 3]);
    expect(rejected[0]!.error).toContain('real birth date');
    expect(rejected[1]!.error).toMatch(/givenName: must not be empty/);

    const { rows } = await sql<Record<string, string>>`select * from subject_identity`.execute(hub.db);
    expect(JSON.stringify(rows)).not.toMatch(/Garc|José|1988/);

    // An assertion signed with a key the jail never registered records nothing.
    const stranger = await generateAgencyKey();
    const forged = await describeSubjects(
      [{ subjectRef: 'X-1', givenName: 'A', familyName: 'B', birthDate: '1980-01-01' }],
      await signClientAssertion({ agencyId: jail.id, key: stranger, audience: api.baseUrl }),
    );
    expect(forged.status).toBe(401);
    const { rows: after } =
      await sql`select subject_ref from subject_identity where subject_ref = 'X-1'`.execute(hub.db);
    expect(after).toEqual([]);
  });

  it('finds the reference by full name and date of birth, accents and case aside, and nothing with less', async () => {
    const search = { givenName: 'jose', familyName: 'GARCIA LOPEZ', birthDate: '1988-04-12' };
    const exact = {
      agencyId: jail.id,
      agencyName: 'Riverside County Jail',
      subjectRef: booking,
      match: 'name and date of birth',
    };
    // The public must know the person: the exact match alone.
    const found = await api.trpc.registration.findSubject.query(search);
    expect(found.candidates).toEqual([exact]);
    // A coordinator (helping a victim by phone) also sees the relative with the same family name and birth date.
    expect((await api.as.coordinator.registration.findSubject.query(search)).candidates).toEqual([
      exact,
      {
        agencyId: jail.id,
        agencyName: 'Riverside County Jail',
        subjectRef: other,
        match: 'family name and date of birth',
      },
    ]);
    const wrongDate = await api.trpc.registration.findSubject.query({
      givenName: 'José',
      familyName: 'García-López',
      birthDate: '1988-04-13',
    });
    expect(wrongDate.candidates).toEqual([]);
    await expect(
      api.trpc.registration.findSubject.query({
        givenName: 'José',
        familyName: 'García-López',
        birthDate: '1988',
      } as never),
    ).rejects.toThrow('YYYY-MM-DD');

    // The candidate's agency and reference are what the victim registers for.
    const enrolment = await api.trpc.registration.enrol.mutate({
      agencyId: found.candidates[0]!.agencyId,
      subjectRef: found.candidates[0]!.subjectRef,
      displayName: 'Maria',
      portal: true,
    });
    expect(enrolment.registrationId).toBeTruthy();
  });

  it('lets one client search only so often, so the directory cannot be walked by guessing', async () => {
    let answered = 0;
    let refusal: unknown;
    for (let i = 0; i < 30 && !refusal; i++) {
      await api.trpc.registration.findSubject
        .query({ givenName: 'Guess', familyName: `Walker${i}`, birthDate: '1970-01-01' })
        .then(
          () => answered++,
          (error) => (refusal = error),
        );
    }
    expect(answered).toBeLessThan(30);
    expect(String(refusal)).toMatch(/too many attempts; try again in \d+ minutes?/);
    // Staff are not counted.
    expect(
      (
        await api.as.coordinator.registration.findSubject.query({
          givenName: 'A',
          familyName: 'B',
          birthDate: '1970-01-01',
        })
      ).candidates,
    ).toEqual([]);
  });
});
