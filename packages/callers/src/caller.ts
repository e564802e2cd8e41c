/**
 * Who is asking. Every call to the hub is made by exactly one of these, decided once per request
 * from what the request proves (a client assertion, a session), never from what its input says.
 */
export type StaffRole = 'coordinator' | 'supervisor' | 'admin' | 'advocate';

export const staffRoles: readonly StaffRole[] = ['coordinator', 'supervisor', 'admin', 'advocate'];

export type Caller =
  | { kind: 'anonymous' }
  /** A credential was sent and failed: refused everywhere, even where anonymous would pass. */
  | { kind: 'refused'; reason: string }
  | { kind: 'agency'; agencyId: string; assertionId: string }
  | {
      kind: 'staff';
      subject: string;
      name: string;
      roles: readonly StaffRole[];
      sessionId: string;
      /** The blind index of their verified work email: which registrations name them as advocate. */
      emailIndex?: string;
    }
  | { kind: 'registrant'; registrantId: string; sessionId: string };

export const anonymous: Caller = { kind: 'anonymous' };

/**
 * Who may call a procedure. A procedure declares one or more; the caller must satisfy one, and the
 * procedure then checks the resource it touches (an agency acts on its own events only, a
 * registrant on their own registrations only).
 */
export type Policy =
  | 'public'
  | 'agency-own'
  | 'registrant-self'
  | 'advocate-of'
  | 'coordinator'
  | 'supervisor'
  | 'hub-admin';

export const policies: readonly Policy[] = [
  'public',
  'agency-own',
  'registrant-self',
  'advocate-of',
  'coordinator',
  'supervisor',
  'hub-admin',
];

/** Supervisors do what coordinators do, and decide what a coordinator may not alone. */
const rolesFor: Record<'advocate-of' | 'coordinator' | 'supervisor' | 'hub-admin', readonly StaffRole[]> = {
  // An advocate signed in as a user of their agency; the procedure then checks the registration names them.
  'advocate-of': ['advocate'],
  coordinator: ['coordinator', 'supervisor'],
  supervisor: ['supervisor'],
  'hub-admin': ['admin'],
};

export function satisfies(caller: Caller, policy: Policy): boolean {
  switch (policy) {
    case 'public':
      return caller.kind !== 'refused';
    case 'agency-own':
      return caller.kind === 'agency';
    case 'registrant-self':
      return caller.kind === 'registrant';
    default:
      return caller.kind === 'staff' && caller.roles.some((role) => rolesFor[policy].includes(role));
  }
}

/**
 * Why a caller is refused, in words they can act on; `undefined` when one of the policies admits
 * them. Unauthenticated callers get UNAUTHORIZED (sign in); known callers FORBIDDEN (not yours).
 */
export function refusal(
  caller: Caller,
  allowed: readonly Policy[],
): { code: 'UNAUTHORIZED' | 'FORBIDDEN'; message: string } | undefined {
  if (allowed.some((policy) => satisfies(caller, policy))) return undefined;
  const who = allowed.map(describePolicy).join(' or ');
  if (caller.kind === 'refused') return { code: 'UNAUTHORIZED', message: caller.reason };
  if (caller.kind === 'anonymous')
    return { code: 'UNAUTHORIZED', message: `sign in first: this is for ${who}` };
  return { code: 'FORBIDDEN', message: `${describeCaller(caller)} may not do this: it is for ${who}` };
}

function describePolicy(policy: Policy): string {
  return {
    public: 'anyone',
    'agency-own': 'an agency, with its client assertion',
    'registrant-self': 'a signed-in registrant',
    'advocate-of': 'the advocate a registration names, signed in',
    coordinator: 'a signed-in coordinator',
    supervisor: 'a signed-in supervisor',
    'hub-admin': 'a hub administrator',
  }[policy];
}

/**
 * The caller as the audit trail names them: an agency by id, staff by their identity provider's
 * subject and name (staff are named on purpose: their actions are theirs), a registrant by id only.
 */
export function describeCaller(caller: Caller): string {
  switch (caller.kind) {
    case 'agency':
      return `agency ${caller.agencyId}`;
    case 'staff':
      return `${caller.roles.join('+') || 'staff'} ${caller.name} (${caller.subject})`;
    case 'registrant':
      return `registrant ${caller.registrantId}`;
    default:
      return 'an anonymous caller';
  }
}
