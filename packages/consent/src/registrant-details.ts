import { type Db, registrantExists, saveRegistrantDetail, setAddressConfidential } from '@switchboard/db';
import { type DataKeyring, seal } from '@switchboard/sealing';
import { z } from 'zod';
import { ConsentError, consentRegimes } from './consent-grant';

/**
 * A registrant's details that consents can disclose. Stored sealed, each with the regime of whoever
 * holds it: what a community advocate holds goes nowhere without a consent given in that regime.
 */
export const registrantDetailInput = z.object({
  registrantId: z.uuid(),
  field: z.enum(['address', 'substitute_address', 'safety_concerns', 'service_needs', 'impact_statement']),
  value: z.string().trim().min(1).max(20_000),
  heldBy: z.enum([...consentRegimes, 'hub']).default('hub'),
});
export type RegistrantDetailInput = z.input<typeof registrantDetailInput>;

export async function recordRegistrantDetail(db: Db, keyring: DataKeyring, raw: RegistrantDetailInput) {
  const input = registrantDetailInput.parse(raw);
  if (!(await registrantExists(db, input.registrantId))) {
    throw new ConsentError('unknown_registrant', `no registrant ${input.registrantId}`);
  }
  await saveRegistrantDetail(db, {
    registrantId: input.registrantId,
    field: input.field,
    valueSealed: await seal(keyring, input.value),
    heldBy: input.heldBy,
  });
}

/** An address-confidentiality programme participant: from now on only the substitute is disclosed. */
export async function setAddressConfidentiality(db: Db, registrantId: string, confidential: boolean) {
  if (!(await setAddressConfidential(db, registrantId, confidential))) {
    throw new ConsentError('unknown_registrant', `no registrant ${registrantId}`);
  }
}
