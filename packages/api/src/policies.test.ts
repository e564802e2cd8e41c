import { type Policy, policies } from '@switchboard/callers';
import { describe, expect, it } from 'vitest';
import { declaredProcedures } from './policies';
import { createApiApp, declaredRoutes } from './server';
import type { ApiContext } from './trpc';

const declaredPolicies = () =>
  Object.fromEntries(Object.entries(declaredProcedures()).map(([path, { policies }]) => [path, policies]));

/**
 * Who may call what, reviewed here in one table: a procedure added without a line below fails, and
 * so does a policy changed without changing its line.
 */
const expected: Record<string, Policy[]> = {
  'health.check': ['public'],
  'caseEvent.publish': ['agency-own'],
  'caseEvent.status': ['agency-own', 'coordinator'],
  'agency.onboard': ['hub-admin'],
  'agency.addKey': ['agency-own', 'hub-admin'],
  'agency.revokeKey': ['agency-own', 'hub-admin'],
  'agency.setStatus': ['hub-admin'],
  'agency.jwks': ['public'],
  'agency.recentRejections': ['agency-own', 'coordinator'],
  'registration.enrol': ['public'],
  'registration.findSubject': ['public'],
  'registration.verifyContact': ['public'],
  'registration.requestCode': ['public'],
  'registration.update': ['registrant-self', 'advocate-of', 'coordinator'],
  'registration.setStatus': ['registrant-self', 'advocate-of', 'coordinator'],
  'notification.confirm': ['public'],
  'notification.status': ['coordinator'],
  'notification.confirmByPhone': ['coordinator'],
  'notification.resend': ['coordinator'],
  'notification.stop': ['coordinator'],
  'consent.grant': ['registrant-self'],
  'consent.list': ['registrant-self'],
  'consent.revoke': ['registrant-self'],
  'consent.token': ['registrant-self'],
  'consent.recordDetail': ['registrant-self'],
  'consent.setAddressConfidential': ['registrant-self', 'coordinator'],
  'parole.submitStatement': ['public'],
  'parole.status': ['agency-own', 'coordinator'],
  'inbox.read': ['public'],
  'feed.setSnapshotMapping': ['agency-own', 'coordinator'],
  'feed.setNiemProfile': ['agency-own', 'coordinator'],
  'feed.niemProfile': ['agency-own', 'coordinator'],
  'feed.snapshotImport': ['agency-own', 'coordinator'],
  'feed.health': ['agency-own', 'coordinator'],
  'feed.expectHeartbeat': ['agency-own', 'coordinator'],
  'feed.holds': ['coordinator'],
  'feed.heldEvents': ['coordinator'],
  'feed.releaseHold': ['supervisor'],
  'feed.discardHold': ['coordinator'],
  'subject.link': ['coordinator'],
  'subject.matches': ['coordinator'],
  'subject.decideMatch': ['coordinator'],
  'session.requestSignInCode': ['public'],
  'session.signInWithCode': ['public'],
  'session.signInWithInboxKey': ['public'],
  'session.passkeySignInOptions': ['public'],
  'session.signInWithPasskey': ['public'],
  'session.signOut': ['registrant-self', 'advocate-of', 'coordinator', 'supervisor', 'hub-admin'],
  'session.whoAmI': ['public'],
  'passkey.registrationOptions': ['registrant-self'],
  'passkey.register': ['registrant-self'],
  'passkey.checkOptions': ['registrant-self'],
  'passkey.check': ['registrant-self'],
  'portal.agencies': ['public'],
  'portal.me': ['registrant-self'],
  'portal.notices': ['registrant-self'],
  'portal.data': ['registrant-self'],
  'subject.flag': ['agency-own', 'coordinator'],
  'help.directory': ['public'],
  'help.compensationCheck': ['public'],
  'help.refer': ['registrant-self'],
  'help.myReferrals': ['registrant-self'],
  'help.referralsToUs': ['agency-own'],
  'help.moveReferral': ['agency-own'],
  'letters.deposit': ['agency-own'],
  'letters.mine': ['registrant-self'],
  'letters.ask': ['registrant-self'],
  'letters.read': ['registrant-self'],
  'letters.screen': ['advocate-of', 'coordinator'],
  'dialogue.request': ['registrant-self', 'advocate-of'],
  'dialogue.withdraw': ['registrant-self'],
  'dialogue.mine': ['registrant-self'],
  'dialogue.forProgramme': ['agency-own'],
  'dialogue.screen': ['agency-own'],
  'dialogue.offenderAnswer': ['agency-own'],
  'dialogue.offenderWithdrew': ['agency-own'],
  'dialogue.conclude': ['agency-own'],
  'safetyHold.place': ['agency-own', 'coordinator'],
  'safetyHold.renew': ['agency-own', 'coordinator'],
  'safetyHold.release': ['supervisor'],
  'safetyHold.list': ['agency-own', 'coordinator'],
  'portal.calendar': ['registrant-self'],
  'portal.submitStatement': ['registrant-self'],
  'portal.confirm': ['registrant-self'],
};

describe('a policy on every procedure', () => {
  it('declares at least one known policy on every procedure', () => {
    for (const [path, declared] of Object.entries(declaredPolicies())) {
      expect(declared.length, `${path} declares no policy`).toBeGreaterThan(0);
      for (const policy of declared) expect(policies, `${path}: ${policy}`).toContain(policy);
    }
  });

  it('matches the reviewed table, procedure by procedure', () => {
    expect(declaredPolicies()).toEqual(expected);
  });
});

/** Every HTTP route and what proves its caller, reviewed the same way. */
const expectedRoutes: Record<string, string> = {
  'GET /': 'door: public',
  'POST /statements/audio': 'door: registrant-self',
  'GET /portal/:file{[A-Za-z0-9_-]{1,40}\\.(js|css)}': 'door: public',
  'GET /health': 'door: public',
  'GET /.well-known/jwks.json': 'door: public',
  'GET /events/schema': 'door: public',
  'GET /agencies/:agencyId/jwks.json': 'door: public',
  'POST /agencies/:agencyId/events': 'proof: event signature',
  'POST /agencies/:agencyId/niem': 'proof: event signature',
  'POST /disclosures': 'proof: client assertion',
  'GET /consent-tokens': 'proof: client assertion',
  'POST /subjects': 'proof: client assertion',
  'POST /subject-links': 'proof: client assertion',
  'POST /snapshots/:feed': 'proof: client assertion',
  'GET /inbox': 'proof: inbox key',
  'POST /providers/sms/status': 'proof: provider signature',
  'POST /providers/sms/inbound': 'proof: provider signature',
  'POST /providers/voice/status': 'proof: provider signature',
  'POST /providers/voice/gather': 'proof: provider signature',
  'OPTIONS /codec/:direction': 'door: public',
  'POST /codec/decode': 'door: coordinator',
  'POST /codec/encode': 'door: coordinator',
  'GET /sign-in': 'proof: identity provider',
  'GET /sign-in/callback': 'proof: identity provider',
  'GET /sign-in/device': 'door: public',
  'POST /sign-in/device': 'proof: identity provider',
  'GET /confirm/:token{[A-Za-z0-9_-]{1,100}}': 'proof: notice link token',
  'POST /confirm/:token{[A-Za-z0-9_-]{1,100}}': 'proof: notice link token',
  'GET /statement/:token{[A-Za-z0-9_-]{1,100}}': 'proof: notice link token',
  'POST /statement/:token{[A-Za-z0-9_-]{1,100}}': 'proof: notice link token',
  'GET /trpc/*': 'proof: each procedure',
  'POST /trpc/*': 'proof: each procedure',
};

describe('a policy on every HTTP route', () => {
  const declared = Object.fromEntries(
    declaredRoutes().map(({ method, path, access }) => [
      `${method} ${path}`,
      'door' in access ? `door: ${access.door}` : `proof: ${access.proof}`,
    ]),
  );

  it('matches the reviewed table, route by route', () => {
    expect(declared).toEqual(expectedRoutes);
  });

  it('serves no route that is not declared', () => {
    // Built with a context that is never called: only the routing table is read.
    const app = createApiApp({ publicUrl: 'http://127.0.0.1' } as ApiContext);
    const served = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
    expect([...served].sort()).toEqual(Object.keys(expectedRoutes).sort());
  });
});
