import { type Agency, type Db, findAgency, listActiveAgencyKeys } from '@switchboard/db';
import type { PublicAgencyKey } from '@switchboard/event-signature';

export interface KnownAgency {
  agency: Agency;
  keys: PublicAgencyKey[];
}

/**
 * The agencies and their active keys, read from PostgreSQL and kept for a few seconds, because
 * every event needs them. A change (suspension, a revoked key) evicts the entry at once through
 * `forget`, which ingest calls on the hub's agency-changed notice; the TTL only bounds staleness
 * if that notice is lost.
 */
export class AgencyDirectory {
  private readonly entries = new Map<string, { at: number; value: Promise<KnownAgency | undefined> }>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 5000,
  ) {}

  lookup(agencyId: string): Promise<KnownAgency | undefined> {
    const cached = this.entries.get(agencyId);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.value;
    const value = this.load(agencyId);
    this.entries.set(agencyId, { at: Date.now(), value });
    value.catch(() => this.entries.delete(agencyId));
    return value;
  }

  forget(agencyId?: string): void {
    if (agencyId) this.entries.delete(agencyId);
    else this.entries.clear();
  }

  private async load(agencyId: string): Promise<KnownAgency | undefined> {
    const agency = await findAgency(this.db, agencyId);
    if (!agency) return undefined;
    const keys = await listActiveAgencyKeys(this.db, agencyId);
    return { agency, keys: keys.map((k) => ({ kid: k.kid, publicJwk: k.public_jwk })) };
  }
}
