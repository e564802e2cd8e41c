import {
  type Db,
  discardImpactStatement,
  findStatementLink,
  saveImpactStatement,
  wasInvitedToReview,
} from '@switchboard/db';
import { type DataKeyring, seal } from '@switchboard/sealing';
import { submitImpactStatementUpdate } from '@switchboard/workflows/contract';
import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';

/** Long enough for pages of testimony; short enough that a body can never be a burden to store. */
export const MAX_STATEMENT_CHARACTERS = 20_000;

export type StatementOutcome =
  | { outcome: 'accepted'; deadline: string }
  /** The window closed, or the board has decided: the statement was not kept. */
  | { outcome: 'closed'; reason: string }
  | { outcome: 'not-valid' }
  | { outcome: 'invalid'; reason: string };

/**
 * A victim's impact statement, through the link in their parole review notice. It is sealed and
 * stored first; then the review's workflow accepts it (by id: the words never enter Temporal) if
 * its window is still open. A refused statement is not kept, and the answer says why.
 */
export async function submitImpactStatement(
  deps: { db: Db; temporal: Client; keyring: DataKeyring },
  token: string,
  statement: unknown,
): Promise<StatementOutcome> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return { outcome: 'not-valid' };
  const text = statementText(statement);
  if (typeof text !== 'string') return text;
  const link = await findStatementLink(deps.db, token);
  if (!link) return { outcome: 'not-valid' };
  return submitForReview(deps, link, text);
}

/**
 * A signed-in registrant's statement from the portal, to a review whose notice reached this
 * registration of theirs (the same invitation the notice's link carries).
 */
export async function submitImpactStatementAsRegistrant(
  deps: { db: Db; temporal: Client; keyring: DataKeyring },
  registrantId: string,
  to: { registrationId: string; reviewWorkflowId: string },
  statement: unknown,
): Promise<StatementOutcome> {
  const text = statementText(statement);
  if (typeof text !== 'string') return text;
  if (!(await wasInvitedToReview(deps.db, registrantId, to.registrationId, to.reviewWorkflowId)))
    return { outcome: 'not-valid' };
  return submitForReview(deps, to, text);
}

/** About ten minutes of speech as a phone records it (Opus, AAC or MP3 at up to 160 kbit/s). */
export const MAX_AUDIO_BYTES = 12 * 1024 * 1024;

/** What a browser or phone records, told by the file's first bytes rather than its claimed type. */
const audioKinds: { type: string; test: (b: Buffer) => boolean }[] = [
  { type: 'audio/webm', test: (b) => b.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])) },
  { type: 'audio/ogg', test: (b) => b.subarray(0, 4).toString('latin1') === 'OggS' },
  { type: 'audio/mp4', test: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp' },
  {
    type: 'audio/mpeg',
    test: (b) => b.subarray(0, 3).toString('latin1') === 'ID3' || (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0),
  },
  {
    type: 'audio/wav',
    test: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WAVE',
  },
];

/** The kind of audio these bytes are, if one we take. */
export function audioTypeOf(bytes: Buffer): string | undefined {
  return audioKinds.find((k) => k.test(bytes))?.type;
}

/**
 * A statement spoken rather than written: kept, sealed, as a `data:` URI (its type and bytes in one
 * self-describing string), which is what the board receives under the registrant's consent.
 */
export async function submitAudioStatementAsRegistrant(
  deps: { db: Db; temporal: Client; keyring: DataKeyring },
  registrantId: string,
  to: { registrationId: string; reviewWorkflowId: string },
  audio: Buffer,
): Promise<StatementOutcome> {
  if (audio.length === 0) return { outcome: 'invalid', reason: 'the recording is empty' };
  if (audio.length > MAX_AUDIO_BYTES)
    return {
      outcome: 'invalid',
      reason: `a recording may be at most ${MAX_AUDIO_BYTES / 1024 / 1024} MB (about ten minutes)`,
    };
  const type = audioTypeOf(audio);
  if (!type)
    return { outcome: 'invalid', reason: 'the recording must be WebM, Ogg, MP4/M4A, MP3 or WAV audio' };
  if (!(await wasInvitedToReview(deps.db, registrantId, to.registrationId, to.reviewWorkflowId)))
    return { outcome: 'not-valid' };
  return submitForReview(deps, to, `data:${type};base64,${audio.toString('base64')}`);
}

/** The statement's words, trimmed, or why they cannot be taken. */
function statementText(statement: unknown): string | StatementOutcome {
  const text = typeof statement === 'string' ? statement.trim() : '';
  if (text.length === 0) return { outcome: 'invalid', reason: 'the statement is empty' };
  if (text.length > MAX_STATEMENT_CHARACTERS) {
    return {
      outcome: 'invalid',
      reason: `the statement is ${text.length} characters long; at most ${MAX_STATEMENT_CHARACTERS} are accepted`,
    };
  }
  return text;
}

async function submitForReview(
  deps: { db: Db; temporal: Client; keyring: DataKeyring },
  link: { registrationId: string; reviewWorkflowId: string },
  text: string,
): Promise<StatementOutcome> {
  const statementId = await saveImpactStatement(deps.db, {
    registrationId: link.registrationId,
    reviewWorkflowId: link.reviewWorkflowId,
    statementSealed: await seal(deps.keyring, text),
  });
  try {
    const { deadline } = await deps.temporal.workflow
      .getHandle(link.reviewWorkflowId)
      .executeUpdate(submitImpactStatementUpdate, {
        args: [{ registrationId: link.registrationId, statementId }],
      });
    return { outcome: 'accepted', deadline };
  } catch (error) {
    await discardImpactStatement(deps.db, statementId);
    if (error instanceof WorkflowUpdateFailedError) {
      return { outcome: 'closed', reason: error.cause?.message ?? error.message };
    }
    // The review's workflow has ended (decided, or lapsed): nothing accepts statements any more.
    if (error instanceof WorkflowNotFoundError || isCompleted(error)) {
      return { outcome: 'closed', reason: 'this parole review is over' };
    }
    throw error;
  }
}

function isCompleted(error: unknown): boolean {
  return /workflow execution already completed|already completed/i.test((error as Error)?.message ?? '');
}
