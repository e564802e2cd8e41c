import { createHash } from 'node:crypto';

/** Links in messages are bearer tokens: only their SHA-256 is stored, so the database cannot replay one. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
