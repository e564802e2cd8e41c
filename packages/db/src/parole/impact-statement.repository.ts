import type { Db } from '../connect';
import { saveRegistrantDetail } from '../consent/consent.repository';
import { hashToken } from '../token-hash';

export async function saveStatementLink(
  db: Db,
  link: { token: string; registrationId: string; reviewWorkflowId: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('statement_link')
    .values({
      token_hash: hashToken(link.token),
      registration_id: link.registrationId,
      review_workflow_id: link.reviewWorkflowId,
      expires_at: link.expiresAt,
    })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .execute();
}

export async function findStatementLink(
  db: Db,
  token: string,
  now = new Date(),
): Promise<{ registrationId: string; reviewWorkflowId: string } | undefined> {
  return db
    .selectFrom('statement_link')
    .select(['registration_id as registrationId', 'review_workflow_id as reviewWorkflowId'])
    .where('token_hash', '=', hashToken(token))
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Stores a statement as submitted; it counts once the review's workflow accepts it. */
export async function saveImpactStatement(
  db: Db,
  statement: { registrationId: string; reviewWorkflowId: string; statementSealed: string },
): Promise<string> {
  const row = await db
    .insertInto('impact_statement')
    .values({
      registration_id: statement.registrationId,
      review_workflow_id: statement.reviewWorkflowId,
      statement_sealed: statement.statementSealed,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A statement the review refused (its window closed) is not kept. */
export async function discardImpactStatement(db: Db, id: string): Promise<void> {
  await db.deleteFrom('impact_statement').where('id', '=', id).where('accepted_at', 'is', null).execute();
}

/**
 * Accepts a statement for its review: it replaces the registrant's earlier one for the same review,
 * and becomes their `impact_statement` detail, which a consent may let the parole board read.
 * Idempotent: accepting it again changes nothing.
 */
export async function acceptImpactStatement(db: Db, id: string, reviewWorkflowId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const statement = await trx
      .selectFrom('impact_statement')
      .innerJoin('registration', 'registration.id', 'impact_statement.registration_id')
      .select([
        'impact_statement.registration_id',
        'impact_statement.statement_sealed',
        'impact_statement.accepted_at',
        'registration.registrant_id',
      ])
      .where('impact_statement.id', '=', id)
      .where('impact_statement.review_workflow_id', '=', reviewWorkflowId)
      .executeTakeFirst();
    if (!statement || statement.accepted_at) return;
    await trx
      .deleteFrom('impact_statement')
      .where('review_workflow_id', '=', reviewWorkflowId)
      .where('registration_id', '=', statement.registration_id)
      .where('id', '!=', id)
      .execute();
    await trx.updateTable('impact_statement').set({ accepted_at: new Date() }).where('id', '=', id).execute();
    await saveRegistrantDetail(trx, {
      registrantId: statement.registrant_id,
      field: 'impact_statement',
      valueSealed: statement.statement_sealed,
      heldBy: 'hub',
    });
  });
}
