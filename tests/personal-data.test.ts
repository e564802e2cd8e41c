import { randomUUID } from 'node:crypto';
import { onboardAgency } from '@switchboard/agencies';
import {
  createDb,
  type Db,
  dropDatabase,
  ensureDatabase,
  findContactPoint,
  findSmsContactPoint,
  migrateToLatest,
  resealPersonalData,
} from '@switchboard/db';
import { generateAgencyKey } from '@switchboard/event-signature';
import { enrolConfirmedInPerson } from '@switchboard/registrations';
import { type DataKeyring, newDataKey, newIndexKey, parseDataKeys, sealedUnder } from '@switchboard/sealing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * Personal data at rest, in a database of its own (these tests rotate keys, which must not touch
 * the rest of the run's data): sealed when written, found by blind index, re-sealed on rotation.
 */
describe('personal data at rest', () => {
  let db: Db;
  let url: string;
  const indexKey = newIndexKey();
  const oldKey = newDataKey();
  let keyring: DataKeyring;
  beforeAll(async () => {
    const server = new URL(inject('services').databaseUrl);
    server.pathname = `/switchboard_sealing_${randomUUID().slice(0, 8)}`;
    url = server.toString();
    await ensureDatabase(url);
    db = createDb(url);
    await migrateToLatest(db);
    keyring = parseDataKeys(oldKey, indexKey);
    // Registrations follow an agency's reference: the agency must be there.
    const { publicJwk } = await generateAgencyKey();
    await onboardAgency({ db }, { id: 'county-jail', name: 'County Jail', kind: 'jail', publicJwk });
  });
  afterAll(async () => {
    await db?.destroy();
    if (url) await dropDatabase(url);
  });

  /** Every text column of the tables holding personal data, as one string. */
  const everythingStored = async () => {
    const tables = ['registrant', 'contact_point', 'advocate', 'registration'];
    const dumps = await Promise.all(
      tables.map(async (t) => JSON.stringify((await sql`select * from ${sql.table(t)}`.execute(db)).rows)),
    );
    return dumps.join('\n');
  };

  it('stores names, addresses and advocates sealed, and reads them back inside the hub', async () => {
    const enrolment = await enrolConfirmedInPerson(db, keyring, {
      agencyId: 'county-jail',
      subjectRef: 'SUBJ-SEALED-1',
      displayName: 'Maribel Quintana',
      email: 'maribel.quintana@example.test',
      advocate: {
        displayName: 'Dana Okafor',
        email: 'dana@harbourhouse.example',
        organisation: 'Harbour House',
      },
    });
    const stored = await everythingStored();
    expect(stored).not.toMatch(/Maribel|Quintana|maribel\.quintana|Dana Okafor|dana@harbourhouse/);
    const contact = await findContactPoint(db, keyring, enrolment.registrationId, 'email');
    expect(contact).toMatchObject({
      displayName: 'Maribel Quintana',
      address: 'maribel.quintana@example.test',
    });
    // Without the data key the database alone cannot read it.
    await expect(
      findContactPoint(db, parseDataKeys(newDataKey(), indexKey), enrolment.registrationId, 'email'),
    ).rejects.toThrow(/not in DATA_KEYS/);
  });

  it('finds a phone by its blind index, and only with the hub index key', async () => {
    const { contactPointId } = await enrolConfirmedInPerson(db, keyring, {
      agencyId: 'county-jail',
      subjectRef: 'SUBJ-SEALED-2',
      displayName: 'Texter',
      email: 'texter@example.test',
    });
    await sql`update contact_point set channel = 'sms' where id = ${contactPointId}`.execute(db);
    await db
      .updateTable('contact_point')
      .set({ verified_at: new Date() })
      .where('id', '=', contactPointId)
      .execute();
    // The email enrolment indexed the address; make it a phone the way enrolment would.
    const { blindIndex, seal } = await import('@switchboard/sealing');
    await db
      .updateTable('contact_point')
      .set({
        address: await seal(keyring, '+14155550123'),
        address_index: blindIndex(keyring, '+14155550123'),
      })
      .where('id', '=', contactPointId)
      .execute();
    expect((await findSmsContactPoint(db, keyring, '+14155550123'))?.id).toBe(contactPointId);
    expect(
      await findSmsContactPoint(db, parseDataKeys(oldKey, newIndexKey()), '+14155550123'),
    ).toBeUndefined();
  });

  it('seals what was stored in clear, and re-seals under a new key after a rotation', async () => {
    const registrant = await db
      .insertInto('registrant')
      .values({
        display_name: 'Written Before Sealing',
        language: 'en',
        quiet_hours_start: null,
        quiet_hours_end: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('contact_point')
      .values({
        registrant_id: registrant.id,
        channel: 'email',
        address: 'before@example.test',
        verified_at: new Date(),
      })
      .execute();
    const first = await resealPersonalData(db, keyring);
    expect(first.sealed).toBe(2);
    expect(await everythingStored()).not.toMatch(/Written Before Sealing|before@example/);

    const rotated = parseDataKeys(`${newDataKey()},${oldKey}`, indexKey);
    const progress: string[] = [];
    const second = await resealPersonalData(db, rotated, (what) => progress.push(what));
    expect(second.sealed).toBe(0);
    expect(second.rotated).toBeGreaterThanOrEqual(8);
    expect(progress).toContain('contact_point.address');
    const names = await db.selectFrom('registrant').select('display_name').execute();
    expect(names.every((r) => sealedUnder(r.display_name) === rotated.current)).toBe(true);
    // The old key can now leave DATA_KEYS: everything opens with the new one alone.
    const onlyNew = parseDataKeys(`${rotated.current}:${rotatedKeyMaterial(rotated)}`, indexKey);
    const registration = await db.selectFrom('registration').select('id').executeTakeFirstOrThrow();
    expect((await findContactPoint(db, onlyNew, registration.id, 'email'))?.displayName).toBeTruthy();
    expect(await resealPersonalData(db, rotated)).toMatchObject({ sealed: 0, rotated: 0 });
  });
});

function rotatedKeyMaterial(keyring: DataKeyring): string {
  return Buffer.from(keyring.keys.get(keyring.current)!).toString('base64url');
}
