/**
 * Every word the portal shows, in one catalogue. English is the reference: another language must
 * give every key (the type below makes a missing one a compile error), so no page is half
 * translated. Add a language by adding an entry here and to `languages`.
 */
export const languages = ['en', 'es', 'zh-Hant'] as const;
export type Language = (typeof languages)[number];
/** The languages notices can be written in, each named in itself (the same as the portal's). */
export const noticeLanguages = [
  ['en', 'English'],
  ['es', 'Español'],
  ['zh-Hant', '中文（繁體）'],
] as const;
export type NoticeLanguage = (typeof noticeLanguages)[number][0];

const en = {
  languageName: 'English',
  siteName: 'Switchboard: victim notification',
  skipToContent: 'Skip to content',
  quickExit: 'Leave this site quickly',
  quickExitHint: 'Opens a weather site and removes this page from the back button.',
  language: 'Language',
  signOut: 'Sign out',
  signedOut: 'You are signed out. Nothing of yours is left on this page.',
  navigation: 'Your notices and choices',
  navNotices: 'My notices',
  navData: 'Who can see my data',
  navRegistrations: 'My registrations',
  loading: 'Loading…',
  required: 'Required.',
  errorGeneric: 'Something went wrong on our side. Nothing was changed. Please try again.',
  errorTooMany: 'Too many tries. Please wait a while and try again.',
  errorSignedOut: 'Your session has ended. Please sign in again.',
  // Home
  homeTitle: 'Know when something changes in your case',
  homeIntro:
    'Switchboard tells you when the person in your case is released, moved or escapes, when a hearing is set or moved, and when a parole review opens. You choose what you hear about and how. It is free, and you can stop at any time.',
  homeRegister: 'Register for notices',
  homeSignIn: 'Sign in',
  // Sign in
  signInTitle: 'Sign in',
  signInWithCode: 'With a code we send you',
  signInAddressKind: 'Where should we send the code?',
  channelEmailAddress: 'Email address',
  channelPhoneNumber: 'Mobile phone number',
  sendCode: 'Send me a code',
  codeSent: 'If this address is registered and confirmed, a code is on its way. It works for 10 minutes.',
  code: 'The 6-digit code',
  codeHint: 'Numbers only, for example 123456.',
  codeInvalid: 'Enter the 6 digits of the code.',
  signIn: 'Sign in',
  signInRefused: 'That code is not right for this address. Check it, or ask for a new one.',
  signInWithKey: 'With your inbox key',
  inboxKey: 'Inbox key',
  inboxKeyHint: 'The long key you were shown when you registered without email or phone.',
  inboxKeyRefused: 'This key does not open an inbox.',
  openInbox: 'Open my inbox',
  signInWithPasskey: 'With a passkey',
  passkeyHint: 'If you added a passkey on this phone or computer, use your fingerprint, face or screen lock.',
  passkeySignIn: 'Sign in with my passkey',
  passkeyRefused: 'That passkey did not work here. Try a code instead.',
  passkeysTitle: 'Passkeys',
  passkeysIntro:
    'A passkey lets you sign in with your fingerprint, face or screen lock, and protects changes to your consents and settings if someone else picks up your phone.',
  passkeyAdd: 'Add a passkey on this device',
  passkeyAdded: 'Your passkey is saved. Next time, sign in with it.',
  passkeyCancelled: 'No passkey was made. Nothing changed.',
  // Register: find
  registerTitle: 'Register for notices',
  findTitle: '1. Find the person or case',
  findByReference: 'I have the agency and its reference number',
  findByName: 'I know the full name and date of birth',
  agency: 'Agency',
  chooseAgency: 'Choose an agency',
  reference: 'Reference number (booking, case or inmate number)',
  referenceHint: 'Exactly as the agency gave it to you.',
  referenceInvalid: 'Use the reference exactly as given: letters, numbers, and . _ : - only.',
  givenName: 'Given name',
  familyName: 'Family name',
  birthDate: 'Date of birth',
  search: 'Search',
  noCandidates:
    'We found nobody with exactly that name and date of birth. Check the spelling, or use the agency and reference number.',
  candidatesTitle: 'Choose who you mean',
  candidate: (agencyName: string, ref: string) => `${agencyName}, reference ${ref}`,
  choose: 'Choose',
  chosen: (agencyName: string, ref: string) => `You are registering for ${agencyName}, reference ${ref}.`,
  change: 'Change',
  // Register: choices
  choicesTitle: '2. How you want to hear',
  yourName: 'Your name (as we should greet you)',
  channelsLegend: 'Where we send notices',
  channelsHint: 'Choose at least one. Urgent news goes to all of them.',
  channelEmail: 'Email',
  channelSms: 'Text message',
  channelPortal: 'Only on this website (no email or phone needed)',
  channelPortalHint: 'You get an inbox key to sign in with. Keep it safe: it is shown only once.',
  firstChoice: 'Send ordinary news first to',
  channelsRequired: 'Choose at least one way to hear from us.',
  familiesLegend: 'What you want to hear about',
  families: {
    custody: 'Custody: release, transfer, escape, death',
    court: 'Court hearings',
    protective_order: 'Protective orders',
    parole: 'Parole reviews and decisions',
    supervision: 'Probation and parole supervision',
    restorative: 'Restorative justice information (only if you ask for it)',
  },
  repeatLabel: 'Until you confirm urgent news, tell me again',
  repeatEvery: (minutes: string) =>
    Number(minutes) >= 60
      ? `Every ${Number(minutes) / 60} hour(s), for a day`
      : `Every ${minutes} minutes, for a day`,
  repeatDefault: 'As the hub usually does (every 30 minutes, for a day)',
  detailLegend: 'How much each message says',
  detailFull: 'Everything: what happened, when and where',
  detailBrief:
    'Only that there is an update, to read here after signing in (if someone else may see your phone or email)',
  noticeLanguage: 'Language of your notices',
  timeZone: 'Your time zone',
  quietLegend: 'Quiet hours (optional)',
  quietHint: 'We hold ordinary news until the morning. Urgent news, such as an escape, is never held.',
  quietFrom: 'From',
  quietTo: 'To',
  quietBoth: 'Give both times, or neither.',
  advocateLegend: 'An advocate to help you (optional)',
  advocateHint: 'If you do not confirm urgent news, we tell this person so they can reach you.',
  advocateName: 'Advocate’s name',
  advocateEmail: 'Advocate’s work email',
  advocateOrganisation: 'Their organisation',
  advocateIncomplete: 'Give the advocate’s name, email and organisation, or leave all three empty.',
  registerSubmit: 'Register',
  registered: 'You are registered.',
  inboxKeyShown: 'Your inbox key. Write it down or save it somewhere safe now: we cannot show it again.',
  // Verify
  verifyTitle: 'Confirm where we can reach you',
  verifyIntro: 'We sent a code to each address you gave. Nothing is sent there until it is confirmed.',
  verifyContact: (channel: string) => `Code sent by ${channel}`,
  verify: 'Confirm',
  verified: 'Confirmed.',
  verifyRefused: 'That code is not valid.',
  sendAgain: 'Send a new code',
  verifyDone: 'Now sign in to see your notices.',
  // Notices
  noticesTitle: 'My notices',
  noticesEmpty: 'No notices yet. We will tell you when something happens.',
  noticeSent: 'Sent',
  noticeNotSent: 'Not sent yet',
  noticeProvider: 'Delivery report',
  noticeConfirmed: 'You confirmed it',
  noticeUrgent: 'Urgent',
  noticeRound: (round: number) => `Sent again (round ${round})`,
  noticeChannel: 'Channel',
  noticeNoWords: 'The words of notices sent before this website opened are not kept.',
  confirmUrgent: 'I got this: stop repeating it',
  confirmedThanks: 'Thank you. We have stopped repeating this notice.',
  alreadyClosed: 'This notice needs nothing more from you.',
  channelName: {
    email: 'Email',
    sms: 'Text message',
    voice: 'Phone call',
    webhook: 'Advocate system',
    portal: 'This website',
  },
  // Data
  dataTitle: 'Who can see my data',
  dataIntro:
    'An agency sees your information only if you agree here, only what you agree to, and only until the date you choose. You can take it back at any time.',
  consentsEmpty: 'No agency can see your information.',
  consentState: {
    in_force: 'In force',
    not_started: 'Not started yet',
    expired: 'Ended',
    revoked: 'Taken back',
  },
  consentFor: 'Purpose',
  consentFields: 'What they can see',
  consentUntil: 'Until',
  revoke: 'Take back now',
  revoked: 'Taken back. The agency can no longer see your information.',
  grantTitle: 'Let an agency see some of my information',
  purpose: 'Why',
  purposes: {
    victim_notification: 'To tell me about the case',
    victim_services: 'To offer me support services',
    safety_planning: 'To plan for my safety',
    prosecution: 'For the prosecution',
    parole_review: 'For the parole review',
    compensation: 'For victim compensation',
    restitution: 'For restitution',
  },
  fieldsLegend: 'What they may see',
  fields: {
    name: 'My name',
    language: 'My language',
    contact_channels: 'How to contact me',
    address: 'My address',
    case_status: 'The status of my case',
    impact_statement: 'My impact statement',
    safety_concerns: 'My safety concerns',
    service_needs: 'The help I need',
  },
  fieldsRequired: 'Choose at least one thing they may see.',
  until: 'Until (date)',
  untilInvalid: 'Choose a date after today.',
  caseRef: 'For the case',
  consentNoticeTitle: 'What you are agreeing to',
  consentNotice: (agency: string, purpose: string, fields: string, until: string) =>
    `You agree that ${agency} may see ${fields}, ${purpose.toLowerCase()}, until ${until}. They see nothing else. Every time they look, it is recorded and shown to you here. You can take this back at any time, and they will not be able to look again.`,
  grant: 'I agree',
  granted: 'Done. The agency can now see what you chose.',
  sawTitle: 'Who saw my data',
  sawEmpty: 'No agency has seen your information.',
  sawRead: (agency: string) => `${agency} looked at your information`,
  sawForward: (agency: string) => `${agency} was told about a case event`,
  sawWhat: 'What they saw',
  sawNothing: 'Only the case event',
  // Registrations
  registrationsTitle: 'My registrations',
  registrationFor: (agency: string, ref: string) => `${agency}, reference ${ref}`,
  registrationStatus: { active: 'Active', paused: 'Paused', ended: 'Ended' },
  pause: 'Pause notices',
  resume: 'Start notices again',
  end: 'Stop for good',
  endConfirm: 'Stop all notices for this case? You can register again later.',
  statusChanged: 'Saved.',
  contactsTitle: 'Where we reach you',
  contactVerified: 'confirmed',
  contactUnverified: 'not confirmed yet',
  contactDisabled: 'not working: we stopped using it',
  settingsTitle: 'Your settings',
  dialogueTitle: 'Restorative justice',
  dialogueIntro:
    'If you want, a restorative justice programme can look at whether a meeting or an exchange with the person who harmed you is possible and safe. Only you can ask; you can stop at any moment, and nobody is told you asked unless the programme goes ahead.',
  dialogueProgramme: 'Programme',
  dialogueAsk: 'Ask the programme',
  dialogueAsked: 'Your request is with the programme. They will contact you.',
  dialogueWithdraw: 'Stop this request',
  dialogueWithdrawn: 'Your request is stopped.',
  dialogueView: {
    with_programme: 'With the programme',
    in_progress: 'In progress',
    ended: 'Ended',
    withdrawn: 'Stopped by you',
  },
  lettersTitle: 'Apology letters',
  letterHeld: (from: string, when: string) =>
    `A letter from the person who harmed you is held for you (through ${from}, received ${when}). You do not have to read it.`,
  letterAsk: 'I want to read it',
  letterScreening:
    'An advocate is reading it first, because a no-contact order stands. We will show it here if it can be given to you.',
  letterWithheld: {
    no_contact_order: 'It is held back while the no-contact order stands.',
    victim_safety: 'It is held back for your safety.',
    content: 'It is held back because of what it says.',
  },
  letterRead: 'Read the letter',
  letterText: 'The letter',
  letterOpenScan: 'Open the scanned letter (PDF)',
  letterScanAlt: 'The scanned letter',
  navHelp: 'Help and support',
  helpTitle: 'Help and support',
  helpIntro: 'Free, confidential help, whether or not you registered. In an emergency, call 911.',
  helpWhere: 'Where you live',
  helpAnywhere: 'Anywhere in the United States',
  helpCall: (phone: string) => `Call ${phone}`,
  helpWebsite: 'Website',
  serviceKind: {
    hotline: 'Hotline',
    counselling: 'Counselling',
    legal_aid: 'Legal help',
    shelter: 'Shelter',
    compensation: 'Victim compensation',
  },
  compTitle: 'Could victim compensation help pay your costs?',
  compIntro:
    'A first check only: the programme decides, and it can make exceptions. Nothing you enter here is kept.',
  compState: 'State',
  compCrimeDate: 'Date of the crime',
  compReported: 'Was it reported to the police?',
  compCooperating: 'Are you able to cooperate with the police and prosecutors, if asked?',
  yes: 'Yes',
  no: 'No',
  compExpenses: 'Costs the crime caused you',
  expense: {
    medical: 'Medical or dental bills',
    mental_health: 'Counselling or therapy',
    income_loss: 'Lost income',
    funeral: 'Funeral or burial',
    relocation: 'Moving for your safety',
    crime_scene_cleanup: 'Cleaning up the crime scene',
    home_security: 'Locks or home security',
    property: 'Stolen or damaged property',
  },
  compCheck: 'Check',
  compLikely: (deadline: string) => `You may well be able to get help. Apply by ${deadline}.`,
  compAsk: (deadline: string) =>
    `Talk to the programme: some rules may not fit your case, but exceptions are common. The usual deadline is ${deadline}.`,
  compReason: {
    past_deadline: 'The usual deadline to apply has passed.',
    not_reported: 'The crime usually has to be reported to the police.',
    reported_late: 'It was reported later than the usual time limit.',
    not_cooperating: 'Programmes usually ask for cooperation with the police and prosecutors.',
    no_covered_expenses: 'None of the costs you chose is one this programme usually pays.',
  },
  compContact: (name: string) => `Contact: ${name}`,
  referTitle: 'Ask an advocate or a programme to contact you',
  referAgency: 'Who should contact you',
  referHelp: 'What you need help with',
  referHelpKind: {
    compensation: 'Applying for compensation',
    legal_aid: 'Legal help',
    counselling: 'Counselling',
    shelter: 'A safe place to stay',
    advocacy: 'Someone on my side',
  },
  referSend: 'Ask them to contact me',
  referSent: 'Sent. They will see how to reach you, and nothing else.',
  referState: { sent: 'Sent', acknowledged: 'They have it', closed: 'Closed' },
  referMine: 'Your requests for help',
  referSignIn: 'Sign in to ask an advocate or a programme to contact you.',
  settingsSave: 'Save my settings',
  settingsSaved: 'Your settings are saved.',
  settingsFor: (ref: string) => `Settings for reference ${ref}`,
  // Hearings and parole reviews
  navHearings: 'Hearings and parole reviews',
  hearingsTitle: 'Hearings and parole reviews',
  hearingsEmpty: 'No hearings or parole reviews yet. We will tell you when one is set.',
  hearingType: {
    arraignment: 'Arraignment',
    bail: 'Bail hearing',
    preliminary: 'Preliminary hearing',
    plea: 'Plea hearing',
    trial: 'Trial',
    sentencing: 'Sentencing',
    probation_violation: 'Probation violation hearing',
    restitution: 'Restitution hearing',
    status: 'Status hearing',
    other: 'Hearing',
  },
  hearingState: {
    scheduled: 'Scheduled',
    cancelled: 'Cancelled',
    held: 'Held',
    continued: 'Continued to a later date',
    decided: 'Decided',
  },
  hearingWhen: 'When',
  hearingWhere: 'Where',
  hearingMoved: (before: string) => `Moved; it was set for ${before}.`,
  hearingMayBeHeard: 'You may speak at this hearing.',
  remindersSent: 'Reminders sent',
  reminderBefore: (notice: string) =>
    notice.replace(/^reminder-(\d+)h$/, (_, h) =>
      Number(h) >= 48 ? `${Number(h) / 24} days before` : `${h} hours before`,
    ),
  reviewTitle: 'Parole review',
  reviewBoard: 'Board',
  reviewDeadline: 'Statements taken until',
  reviewDecision: {
    granted: 'Parole granted',
    denied: 'Parole denied',
    deferred: 'Decision deferred',
    revoked: 'Parole revoked',
  },
  reviewNext: (day: string) => `Next review by ${day}.`,
  statementTitle: 'Your statement to the board',
  statementHint:
    'Write as much or as little as you want; you do not have to write anything. A new statement replaces the one before, until the deadline.',
  statementLabel: 'Your statement',
  statementSend: 'Send my statement',
  statementSent: 'The board will have your statement.',
  statementOnFile: (when: string) => `You sent a statement on ${when}.`,
  statementEmpty: 'Write your statement first, or choose a recording.',
  statementRecording: 'Or a recording of your statement',
  statementRecordingRefused:
    'This file is not a recording we can take: use WebM, Ogg, M4A, MP3 or WAV audio.',
  statementRecordingTooLong: 'This recording is too long: up to about ten minutes (12 MB).',
  statementRecordingHint:
    'Up to about ten minutes (12 MB): WebM, Ogg, M4A, MP3 or WAV. If you choose one, it is sent instead of the text.',
  statementShare: (board: string) => `Let ${board} read my statement for this review`,
  statementShareHint: 'Without this, the board cannot read it. You can take it back until the review.',
  statementSentShared: 'The board will have your statement, and can read it until the review.',
  statementBoardCanRead: (board: string, until: string) =>
    `${board} can read your statement until ${until}. You can take this back under “Who can see my data”.`,
} as const;

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : { [K in keyof T]: Widen<T[K]> };
export type Messages = Widen<typeof en>;

/** Each language named in itself, for the language menu, without loading its catalogue. */
export const languageNames: Record<Language, string> = {
  en: 'English',
  es: 'Español',
  'zh-Hant': '中文（繁體）',
};

/** English is in the first page's script; another language's words arrive when it is chosen. */
export const english: Messages = en;
const loaded: Partial<Record<Language, Messages>> = { en };

export async function loadCatalogue(language: Language): Promise<Messages> {
  if (!loaded[language])
    loaded[language] =
      language === 'es' ? (await import('./messages-es')).es : (await import('./messages-zh-hant')).zhHant;
  return loaded[language]!;
}

/** The browser's first language we speak, else English; any Chinese reads traditional characters. */
export function preferredLanguage(accepted: readonly string[]): Language {
  for (const tag of accepted) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'zh') return 'zh-Hant';
    if ((languages as readonly string[]).includes(base!)) return base as Language;
  }
  return 'en';
}
