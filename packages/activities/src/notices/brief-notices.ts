import type { Notice } from './compose-notice';

/**
 * For someone who shares a phone or a mailbox: the message says only that there is an update, and
 * where to read it signed in; no case, no name, no date, no calendar invitation. The full notice is
 * kept for the portal, where urgent news is also confirmed.
 */
export function briefNotice(full: Notice, urgent: boolean, portalUrl: string): Notice {
  const inPortal = full.inPortal ?? { subject: full.subject, text: full.text };
  if (full.language === 'es') {
    return {
      language: 'es',
      subject: urgent ? 'Switchboard: una novedad urgente' : 'Switchboard: una novedad',
      text: [
        urgent ? 'Hay una novedad urgente para usted.' : 'Hay una novedad para usted.',
        `Inicie sesión para leerla${urgent ? ' y decirnos que la recibió' : ''}: ${portalUrl}/`,
      ].join('\n'),
      inPortal,
    };
  }
  return {
    language: full.language,
    subject: urgent ? 'Switchboard: an urgent update' : 'Switchboard: an update',
    text: [
      urgent ? 'There is an urgent update for you.' : 'There is an update for you.',
      `Sign in to read it${urgent ? ' and tell us you got it' : ''}: ${portalUrl}/`,
    ].join('\n'),
    inPortal,
  };
}
