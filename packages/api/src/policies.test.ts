import { type Policy, policies } from '@switchboard/callers';
import { describe, expect, it } from 'vitest';
import { declaredProcedures } from './policies';

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
  'registration.update': ['registrant-self', 'coordinator'],
  'registration.setStatus': ['registrant-self', 'coordinator'],
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
  'session.signOut': ['registrant-self', 'coordinator', 'supervisor', 'hub-admin'],
  'session.whoAmI': ['public'],
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
