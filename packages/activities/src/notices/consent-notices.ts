import type { Notice } from './compose-notice';

const fieldWords: Record<'en' | 'es', Record<string, string>> = {
  en: {
    name: 'your name',
    language: 'your language',
    contact_channels: 'how to contact you',
    address: 'your address',
    case_status: 'the status of the case',
    impact_statement: 'your impact statement',
    safety_concerns: 'your safety concerns',
    service_needs: 'the services you need',
  },
  es: {
    name: 'su nombre',
    language: 'su idioma',
    contact_channels: 'cómo contactarle',
    address: 'su dirección',
    case_status: 'el estado del caso',
    impact_statement: 'su declaración de impacto',
    safety_concerns: 'sus preocupaciones de seguridad',
    service_needs: 'los servicios que necesita',
  },
};

/** To the registrant: a consent they gave ends soon; nothing is asked of them. */
export function consentExpiryNotice(facts: {
  language: string;
  displayName: string;
  agencyName: string;
  fields: string[];
  caseRef: string;
  expiresAt: Date;
}): Notice {
  const language = facts.language === 'es' ? 'es' : 'en';
  const fields = facts.fields.map((f) => fieldWords[language][f] ?? f).join(', ');
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(
    facts.expiresAt,
  );
  if (language === 'es') {
    return {
      language,
      subject: `Su permiso para ${facts.agencyName} termina el ${date}`,
      text: [
        `Hola ${facts.displayName}:`,
        '',
        `Usted permitió que ${facts.agencyName} viera ${fields} (caso ${facts.caseRef}). Ese permiso termina el ${date}.`,
        'Después de esa fecha no compartiremos nada más con ellos. No tiene que hacer nada.',
        'Si quiere que sigan teniendo acceso, puede renovarlo con su defensor o en el portal.',
      ].join('\n'),
    };
  }
  return {
    language,
    subject: `Your permission for ${facts.agencyName} ends on ${date}`,
    text: [
      `Hello ${facts.displayName},`,
      '',
      `You allowed ${facts.agencyName} to see ${fields} (case ${facts.caseRef}). That permission ends on ${date}.`,
      'After that date we will share nothing more with them. You do not need to do anything.',
      'If you want them to keep access, you can renew it with your advocate or in the portal.',
    ].join('\n'),
  };
}
