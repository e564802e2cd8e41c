import { createHash, randomUUID } from 'node:crypto';
import { onboardAgency } from '@switchboard/agencies';
import { signClientAssertion } from '@switchboard/agency-sdk';
import { SESSION_COOKIE } from '@switchboard/api';
import { linkSubjects } from '@switchboard/db';
import { generateAgencyKey } from '@switchboard/event-signature';
import { agencySource } from '@switchboard/events';
import { header, waitForMessages } from '@switchboard/mailbox';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type TestApi } from './harness/api';
import { keepScreenshot, launchChromium, seriousViolations } from './harness/browser';
import { custodyRelease, startHub, type TestHub, uniqueSubject } from './harness/hub';

/**
 * The victims' portal, driven in real Chromium against the real hub through one whole life, once
 * in English and once in Spanish: register, verify, sign in, receive urgent news and confirm it,
 * grant a consent and see the agency's read appear, revoke it, pause, sign out. Every page is
 * checked with axe-core and kept as a screenshot in var/test-artifacts/portal/.
 */
describe('the victims portal', () => {
  let hub: TestHub;
  let api: TestApi;
  let browser: Browser;
  beforeAll(async () => {
    hub = await startHub(inject('services'));
    // localhost, not an IP: browsers make passkeys only for a domain name.
    api = await startApi(hub, { portal: true, publicHost: 'localhost' });
    browser = await launchChromium();
    const key = await generateAgencyKey();
    await onboardAgency(
      { db: hub.db },
      {
        id: 'restore-portal',
        name: 'Riverside Restorative Justice',
        kind: 'restorative_programme',
        publicJwk: key.publicJwk,
      },
    );
    const advocateKey = await generateAgencyKey();
    await onboardAgency(
      { db: hub.db },
      {
        id: 'harbour-portal',
        name: 'Harbour House',
        kind: 'community_advocate',
        publicJwk: advocateKey.publicJwk,
      },
    );
    hub.keys.set('harbour-portal', advocateKey as never);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await hub?.stop();
  });

  /** The newest 6-digit code mailed to `address`, once `count` codes have gone there. */
  const codeMailedTo = async (address: string, count: number) => {
    const mails = await waitForMessages(
      hub.mailDir,
      (m) =>
        header(m, 'X-Switchboard-Verification') !== undefined &&
        (Array.isArray(m.mail.to) ? m.mail.to : [m.mail.to]).some((to) => to?.text.includes(address)),
      { count },
    );
    expect(mails.length).toBeGreaterThanOrEqual(count);
    const newest = mails
      .sort((a, b) => (a.mail.date?.getTime() ?? 0) - (b.mail.date?.getTime() ?? 0))
      .at(-1)!;
    return /\b(\d{6})\b/.exec(newest.mail.text ?? '')![1]!;
  };

  /** An agency reads a registrant's data as it would: its consent tokens, then a disclosure. */
  const readAs = async (agencyId: string, consentId: string) => {
    const assertion = () =>
      signClientAssertion({ agencyId, key: hub.keys.get(agencyId)!, audience: api.baseUrl });
    const tokens = (await (
      await fetch(`${api.baseUrl}/consent-tokens`, {
        headers: { authorization: `Bearer ${await assertion()}` },
      })
    ).json()) as { tokens: { consentId: string; token: string }[] };
    const token = tokens.tokens.find((t) => t.consentId === consentId)?.token;
    if (!token) return { status: 'no token' as const, body: undefined };
    const read = await fetch(`${api.baseUrl}/disclosures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await assertion()}` },
      body: JSON.stringify({ consentToken: token }),
    });
    return { status: read.status, body: (await read.json()) as { fields?: Record<string, unknown> } };
  };

  async function checkPage(page: Page, dir: string, name: string) {
    await page.locator('main h1').first().waitFor();
    await page.locator('main section[aria-busy="true"]').waitFor({ state: 'detached' });
    const violations = await seriousViolations(page);
    expect(
      violations.map(
        (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      ),
      `${name}: serious or critical accessibility violations`,
    ).toEqual([]);
    await keepScreenshot(page, dir, name);
  }

  const words = {
    en: {
      register: 'Register for notices',
      agency: 'Agency',
      reference: /Reference number/,
      choose: 'Choose',
      name: /Your name/,
      email: 'Email',
      emailAddress: 'Email address',
      submit: 'Register',
      code: 'The 6-digit code',
      confirm: 'Confirm',
      signIn: 'Sign in',
      sendCode: 'Send me a code',
      notices: 'My notices',
      urgentConfirm: 'I got this: stop repeating it',
      confirmed: 'Thank you. We have stopped repeating this notice.',
      data: 'Who can see my data',
      purpose: 'Why',
      purposeOption: 'For victim compensation',
      fieldName: 'My name',
      fieldContacts: 'How to contact me',
      until: 'Until (date)',
      agree: 'I agree',
      granted: 'Done. The agency can now see what you chose.',
      saw: 'Riverside County Probation looked at your information',
      revoke: /Take back now/,
      revoked: 'Taken back. The agency can no longer see your information.',
      registrations: 'My registrations',
      passkeyAdd: 'Add a passkey on this device',
      passkeyAdded: 'Your passkey is saved. Next time, sign in with it.',
      passkeySignIn: 'Sign in with my passkey',
      hearings: 'Hearings and parole reviews',
      statement: 'Your statement',
      sendStatement: 'Send my statement',
      statementEmpty: 'Write your statement first, or choose a recording.',
      statementSent: 'The board will have your statement, and can read it until the review.',
      shareStatement: 'Let State Board of Parole Hearings read my statement for this review',
      pause: 'Pause notices',
      paused: 'Paused',
      signOut: 'Sign out',
      signedOut: 'You are signed out. Nothing of yours is left on this page.',
      required: 'Required.',
    },
    es: {
      register: 'Inscribirse para recibir avisos',
      agency: 'Agencia',
      reference: /Número de referencia/,
      choose: 'Elegir',
      name: /Su nombre/,
      email: 'Correo electrónico',
      emailAddress: 'Dirección de correo electrónico',
      submit: 'Inscribirme',
      code: 'El código de 6 dígitos',
      confirm: 'Confirmar',
      signIn: 'Entrar',
      sendCode: 'Enviarme un código',
      notices: 'Mis avisos',
      urgentConfirm: 'Lo recibí: dejen de repetirlo',
      confirmed: 'Gracias. Dejamos de repetir este aviso.',
      data: 'Quién puede ver mis datos',
      purpose: 'Para qué',
      purposeOption: 'Para la compensación a víctimas',
      fieldName: 'Mi nombre',
      fieldContacts: 'Cómo contactarme',
      until: 'Hasta (fecha)',
      agree: 'Acepto',
      granted: 'Hecho. La agencia ya puede ver lo que eligió.',
      saw: 'Riverside County Probation miró su información',
      revoke: /Retirar ahora/,
      revoked: 'Retirado. La agencia ya no puede ver su información.',
      registrations: 'Mis inscripciones',
      passkeyAdd: 'Agregar una llave de acceso en este dispositivo',
      passkeyAdded: 'Su llave de acceso está guardada. La próxima vez, entre con ella.',
      passkeySignIn: 'Entrar con mi llave de acceso',
      hearings: 'Audiencias y revisiones de libertad condicional',
      statement: 'Su declaración',
      sendStatement: 'Enviar mi declaración',
      statementEmpty: 'Primero escriba su declaración o elija una grabación.',
      statementSent: 'La junta tendrá su declaración y podrá leerla hasta la revisión.',
      shareStatement: 'Permitir que State Board of Parole Hearings lea mi declaración para esta revisión',
      pause: 'Pausar los avisos',
      paused: 'En pausa',
      signOut: 'Cerrar sesión',
      signedOut: 'Cerró la sesión. No queda nada suyo en esta página.',
      required: 'Obligatorio.',
    },
  } as const;

  for (const lang of ['en', 'es'] as const) {
    it(`carries a registrant through one whole life, in ${lang === 'en' ? 'English' : 'Spanish'}`, async () => {
      const w = words[lang];
      const dir = `portal/${lang}`;
      const subject = uniqueSubject();
      const email = `portal-${lang}-${subject.toLowerCase()}@example.test`;
      const context = await browser.newContext({
        locale: lang === 'en' ? 'en-US' : 'es-MX',
        timezoneId: 'America/Los_Angeles',
        // axe-core is injected as a script; the portal's own CSP allows only its own.
        bypassCSP: true,
      });
      const page = await context.newPage();
      // A phone's platform authenticator, in software: passkeys made and shown without a person.
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      });
      const failures: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 500) failures.push(`${r.status()} ${r.url()}`);
      });
      page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
      await page.goto(`${api.baseUrl}/`);
      // The browser's language decides the first page's.
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await checkPage(page, dir, '1-home');

      // Register: find the case by agency and reference, then choose how to hear.
      await page.getByRole('button', { name: w.register }).click();
      await page.getByRole('button', { name: w.choose }).click();
      await expect.poll(() => page.getByText(w.required).count()).toBe(2); // errors beside their fields
      await page.getByLabel(w.agency, { exact: true }).selectOption('county-jail');
      await page.getByLabel(w.reference).fill(subject);
      await page.getByRole('button', { name: w.choose }).click();
      await page.getByLabel(w.name).fill('Maria Lopez');
      await page.getByRole('checkbox', { name: w.email, exact: true }).check();
      await page.getByLabel(w.emailAddress, { exact: true }).fill(email);
      await page.locator('#repeat').selectOption('60');
      await checkPage(page, dir, '2-register');
      await page.getByRole('button', { name: w.submit, exact: true }).click();

      // Verify the address with the code mailed to it.
      await page.getByLabel(w.code).waitFor();
      await checkPage(page, dir, '3-verify');
      await page.getByLabel(w.code).fill(await codeMailedTo(email, 1));
      await page.getByRole('button', { name: w.confirm, exact: true }).click();
      await page
        .locator('main')
        .getByRole('button', { name: lang === 'en' ? 'Sign in' : 'Iniciar sesión' })
        .click();

      // Sign in with a code by email.
      await page.getByLabel(w.emailAddress).fill(email);
      await checkPage(page, dir, '4-sign-in');
      await page.getByRole('button', { name: w.sendCode }).click();
      await page.getByLabel(w.code).fill(await codeMailedTo(email, 2));
      await page.getByRole('button', { name: w.signIn, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: w.notices }).waitFor();

      // Urgent news arrives; it shows with its words, and is confirmed from here.
      const now = new Date().toISOString();
      await hub.publish('county-jail', {
        specversion: '1.0',
        id: `evt-portal-${lang}-${subject}`,
        source: agencySource('county-jail'),
        type: 'custody.escaped',
        subject,
        time: now,
        data: { escapedAt: now, facility: 'North Facility' },
      });
      const confirmButton = page.getByRole('button', { name: w.urgentConfirm });
      await expect
        .poll(
          async () => {
            await page.reload();
            await page.locator('main section[aria-busy="false"]').waitFor();
            // Sent, with its words (a delivery is listed from the moment it is claimed).
            return (await confirmButton.count()) + (await page.locator('.notice-text').count());
          },
          { timeout: 60_000, interval: 1_000 },
        )
        .toBe(2)
        .catch(async (error) => {
          const deliveries = await hub.db
            .selectFrom('delivery')
            .innerJoin('case_event', 'case_event.id', 'delivery.case_event_id')
            .select(['delivery.channel', 'delivery.status', 'case_event.urgency', 'case_event.type'])
            .where('case_event.subject_ref', '=', subject)
            .execute();
          const events = await hub.db
            .selectFrom('case_event')
            .select(['type', 'hold_id', 'workflow_id'])
            .where('subject_ref', '=', subject)
            .execute();
          throw new Error(
            `${error.message}\nfailures: ${failures.join('; ')}\npage: ${await page.locator('main').textContent()}\ndeliveries: ${JSON.stringify(deliveries)}\nevents: ${JSON.stringify(events)}`,
          );
        });
      expect(await page.locator('.notice-text').first().textContent()).toContain(subject);
      await checkPage(page, dir, '5-notices');
      await confirmButton.click();
      await page.getByText(w.confirmed).waitFor();
      const confirmation = await hub.db
        .selectFrom('notification_confirmation')
        .innerJoin('case_event', 'case_event.id', 'notification_confirmation.case_event_id')
        .select('confirmed_by')
        .where('case_event.subject_ref', '=', subject)
        .executeTakeFirst();
      expect(confirmation?.confirmed_by).toBe('portal');

      // Grant a consent: the notice is shown in full before agreeing, and its hash recorded.
      await page.getByRole('link', { name: w.data }).click();
      await page.getByLabel(w.agency, { exact: true }).selectOption('riverside-probation');
      await page.getByLabel(w.purpose).selectOption({ label: w.purposeOption });
      await page.getByRole('checkbox', { name: w.fieldName }).check();
      await page.getByRole('checkbox', { name: w.fieldContacts }).check();
      const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      await page.getByLabel(w.until).fill(until);
      const shown = await page.getByTestId('consent-notice').textContent();
      expect(shown).toContain('Riverside County Probation');
      await checkPage(page, dir, '6-consent');
      await page.getByRole('button', { name: w.agree }).click();
      await page.getByText(w.granted).waitFor();
      const grant = await hub.db
        .selectFrom('consent_grant')
        .select(['id', 'notice_hash', 'fields'])
        .where('case_ref', '=', subject)
        .executeTakeFirstOrThrow();
      expect(grant.notice_hash).toBe(createHash('sha256').update(shown!).digest('hex'));
      expect(grant.fields.sort()).toEqual(['contact_channels', 'name']);

      // The agency reads under it; the read appears under "who saw my data".
      const agencyRead = async () => (await readAs('riverside-probation', grant.id)).status;
      expect(await agencyRead()).toBe(200);
      await page.reload();
      await page.getByText(w.saw).waitFor();
      await checkPage(page, dir, '7-who-saw');

      // Revoke with one press: the agency reads nothing more.
      await page.getByRole('button', { name: w.revoke }).click();
      await page.getByText(w.revoked).waitFor();
      expect(await agencyRead()).not.toBe(200);

      // A parole review opens; the registrant writes a statement to the board from the portal.
      await linkSubjects(
        hub.db,
        { agencyId: 'county-jail', subjectRef: subject },
        { agencyId: 'state-parole-board', subjectRef: subject },
        'test: the board reviews this booking',
      );
      const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
      await hub.publish('state-parole-board', {
        specversion: '1.0',
        id: `evt-review-${lang}-${subject}`,
        source: agencySource('state-parole-board'),
        type: 'parole.review_scheduled',
        subject,
        time: new Date().toISOString(),
        data: {
          reviewId: `R-${subject}`,
          scheduledFor: inDays(20),
          board: 'State Board of Parole Hearings',
          statementDeadline: inDays(10),
        },
      });
      await page.getByRole('link', { name: w.hearings }).click();
      const statementBox = page.getByLabel(w.statement, { exact: true });
      await expect
        .poll(
          async () => {
            await page.reload();
            await page.locator('main section[aria-busy="false"]').waitFor();
            return statementBox.count();
          },
          { timeout: 60_000, interval: 1_000 },
        )
        .toBe(1);
      await page.getByRole('button', { name: w.sendStatement }).click();
      await page.getByText(w.statementEmpty).waitFor(); // beside the box, nothing sent
      await statementBox.fill('He took two years of my life. I ask the board to keep him inside.');
      // The board may read it only if the registrant says so, on the same page, after reading the notice.
      expect(await page.getByTestId('statement-consent-notice').textContent()).toContain(
        'State Board of Parole Hearings',
      );
      await page.getByRole('checkbox', { name: w.shareStatement }).check();
      await checkPage(page, dir, '8-hearings');
      await page.getByRole('button', { name: w.sendStatement }).click();
      await page.getByText(w.statementSent).waitFor();
      const statement = await hub.db
        .selectFrom('impact_statement')
        .select(['statement_sealed', 'accepted_at'])
        .where('review_workflow_id', '=', `parole-review:state-parole-board:R-${subject}`)
        .executeTakeFirstOrThrow();
      expect(statement.accepted_at).not.toBeNull();
      expect(statement.statement_sealed).not.toContain('two years'); // sealed at rest
      const boardConsent = await hub.db
        .selectFrom('consent_grant')
        .select(['id', 'purpose', 'fields'])
        .where('recipient_agency_id', '=', 'state-parole-board')
        .where('case_ref', '=', subject)
        .executeTakeFirstOrThrow();
      expect(boardConsent).toMatchObject({ purpose: 'parole_review', fields: ['impact_statement'] });
      const boardRead = await readAs('state-parole-board', boardConsent.id);
      expect(boardRead.status).toBe(200);
      expect(JSON.stringify(boardRead.body)).toContain('He took two years of my life.');
      // Taken back before the review: the board reads nothing more.
      await page.getByRole('link', { name: w.data }).click();
      await page.getByRole('button', { name: w.revoke }).click();
      await page.getByText(w.revoked).waitFor();
      expect((await readAs('state-parole-board', boardConsent.id)).status).not.toBe(200);

      // Pause the registration.
      await page.getByRole('link', { name: w.registrations }).click();
      await page.getByRole('button', { name: w.passkeyAdd }).click();
      await page.getByText(w.passkeyAdded).waitFor();
      await page.getByRole('button', { name: w.pause }).click();
      await page.locator('.tag', { hasText: w.paused }).waitFor();
      await checkPage(page, dir, '9-registrations');
      const registration = await hub.db
        .selectFrom('registration')
        .innerJoin('registrant', 'registrant.id', 'registration.registrant_id')
        .select(['status', 'families', 'language', 'time_zone', 'repeat_every_minutes'])
        .where('subject_ref', '=', subject)
        .executeTakeFirstOrThrow();
      // What the form offered by default: the page's language, the browser's zone, all but restorative news.
      expect(registration).toEqual({
        status: 'paused',
        families: ['custody', 'court', 'protective_order', 'parole', 'supervision'],
        language: lang,
        time_zone: 'America/Los_Angeles',
        repeat_every_minutes: 60,
      });

      // Sign out: the session ends at the hub, and a signed-in page now asks to sign in.
      await page.getByRole('button', { name: w.signOut }).click();
      await page.getByText(w.signedOut).waitFor();
      await page.goto(`${api.baseUrl}/#/notices`);
      await page.getByRole('button', { name: w.sendCode }).waitFor();
      const who = await page.evaluate(async () => (await fetch('/trpc/session.whoAmI')).json());
      expect(JSON.stringify(who)).toContain('anonymous');

      // Back with the passkey alone.
      await page.getByRole('button', { name: w.passkeySignIn }).click();
      await page.getByRole('heading', { level: 1, name: w.notices }).waitFor();

      expect(failures).toEqual([]);
      await context.close();
    }, 180_000);
  }

  it('lets a victim ask a restorative programme for a dialogue, reading what they agree to, and stop it', async () => {
    const subject = uniqueSubject();
    const registrationId = await hub.register(subject, {
      displayName: 'Ivy Moss',
      email: `ivy.${subject}@example.test`,
    });
    const registrantId = await hub.registrantOf(registrationId);
    const context = await browser.newContext({ locale: 'en-US', bypassCSP: true });
    await context.addCookies([
      { name: SESSION_COOKIE, value: await api.session('registrant', registrantId), url: api.baseUrl },
    ]);
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/#/registrations`);
    await page.getByRole('heading', { name: 'Restorative justice' }).waitFor();
    expect(await page.getByTestId('dialogue-consent-notice').textContent()).toContain(
      'Riverside Restorative Justice',
    );
    await checkPage(page, 'portal/en', '10-restorative');
    await page.getByRole('button', { name: 'Ask the programme' }).click();
    await page.getByText('Your request is with the programme.').waitFor();
    await page.locator('.tag', { hasText: 'With the programme' }).waitFor();
    await page.getByRole('button', { name: 'Stop this request' }).click();
    await page.getByText('Your request is stopped.').waitFor();
    const row = await hub.db
      .selectFrom('dialogue_request')
      .select('state')
      .where('registration_id', '=', registrationId)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('withdrawn_by_victim');

    // A letter the prison deposits is shown to her (she chose restorative information), asked for and read.
    await hub.transferredToPrison(subject);
    await api.as
      .agency('state-prison')
      .letters.deposit.mutate({ subjectRef: subject, text: 'I am sorry. I was wrong.' });
    await page.reload();
    await page.getByRole('button', { name: 'I want to read it' }).click();
    await page.getByRole('button', { name: 'Read the letter' }).click();
    await page.getByText('I am sorry. I was wrong.').waitFor();
    await checkPage(page, 'portal/en', '11-letter');
    // A scanned one is shown as the image it is.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=',
      'base64',
    ).toString('base64');
    await api.as
      .agency('state-prison')
      .letters.deposit.mutate({ subjectRef: subject, scan: { type: 'image/png', base64: png } });
    await page.reload();
    await page.getByRole('button', { name: 'I want to read it' }).click();
    // Two letters now released; the newest, the scan, is listed first.
    await expect.poll(() => page.getByRole('button', { name: 'Read the letter' }).count()).toBe(2);
    await page.getByRole('button', { name: 'Read the letter' }).first().click();
    await page.getByRole('img', { name: 'The scanned letter' }).waitFor();
    await context.close();
  });

  it('gives help to anyone, checks compensation keeping nothing, and sends a signed-in victim’s referral', async () => {
    const context = await browser.newContext({ locale: 'en-US', bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/#/help`);
    await page.getByRole('heading', { level: 1, name: 'Help and support' }).waitFor();
    await page.getByRole('heading', { name: /National Domestic Violence Hotline/ }).waitFor();
    expect(await page.getByRole('link', { name: 'Call 1-800-799-7233' }).getAttribute('href')).toBe(
      'tel:+18007997233',
    );
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('Required.').waitFor();
    await page
      .getByLabel('Date of the crime')
      .fill(new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole('checkbox', { name: 'Lost income' }).check();
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByTestId('compensation-result').waitFor();
    expect(await page.getByTestId('compensation-result').textContent()).toContain(
      'You may well be able to get help',
    );
    await page.getByText('Sign in to ask an advocate').waitFor();
    await checkPage(page, 'portal/en', '12-help');

    const subject = uniqueSubject();
    const registrationId = await hub.register(subject, {
      displayName: 'Joy Park',
      email: `joy.${subject}@example.test`,
    });
    await context.addCookies([
      {
        name: SESSION_COOKIE,
        value: await api.session('registrant', await hub.registrantOf(registrationId)),
        url: api.baseUrl,
      },
    ]);
    await page.reload();
    await page.getByLabel('Who should contact you').selectOption('harbour-portal');
    expect(await page.getByTestId('referral-consent-notice').textContent()).toContain('Harbour House');
    await page.getByLabel('What you need help with').selectOption('shelter');
    await page.getByRole('button', { name: 'Ask them to contact me' }).click();
    await page.getByText('Sent. They will see how to reach you').waitFor();
    const [referral] = (await api.as.agency('harbour-portal').help.referralsToUs.query()).referrals;
    expect(referral).toMatchObject({ help: 'shelter', state: 'sent' });
    await api.as
      .agency('harbour-portal')
      .help.moveReferral.mutate({ referralId: referral!.referralId, to: 'acknowledged' });
    await page.reload();
    await page.locator('.tag', { hasText: 'They have it' }).waitFor();
    await checkPage(page, 'portal/en', '13-help-signed-in');
    await context.close();
  });

  it('takes a spoken statement as a recording, which the board hears under the consent given beside it', async () => {
    const subject = uniqueSubject();
    const registrationId = await hub.register(subject, {
      displayName: 'Vera Lind',
      email: `vera.${subject}@example.test`,
    });
    await linkSubjects(
      hub.db,
      { agencyId: 'county-jail', subjectRef: subject },
      { agencyId: 'state-parole-board', subjectRef: subject },
      'test: the board reviews this booking',
    );
    const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
    await hub.publish('state-parole-board', {
      specversion: '1.0',
      id: `evt-review-audio-${subject}`,
      source: agencySource('state-parole-board'),
      type: 'parole.review_scheduled',
      subject,
      time: new Date().toISOString(),
      data: {
        reviewId: `RA-${subject}`,
        scheduledFor: inDays(20),
        board: 'State Board of Parole Hearings',
        statementDeadline: inDays(10),
      },
    });
    const context = await browser.newContext({ locale: 'en-US', bypassCSP: true });
    await context.addCookies([
      {
        name: SESSION_COOKIE,
        value: await api.session('registrant', await hub.registrantOf(registrationId)),
        url: api.baseUrl,
      },
    ]);
    const page = await context.newPage();
    const recording = page.getByLabel('Or a recording of your statement');
    await expect
      .poll(
        async () => {
          await page.goto(`${api.baseUrl}/#/hearings`);
          await page.reload();
          await page.locator('main section[aria-busy="false"]').waitFor();
          return recording.count();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(1);
    // Not a recording: said beside the field, nothing kept.
    await recording.setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('hello'),
    });
    await page.getByRole('button', { name: 'Send my statement' }).click();
    await page.getByText('This file is not a recording we can take').waitFor();
    const webm = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(2048, 7)]);
    await recording.setInputFiles({ name: 'statement.webm', mimeType: 'audio/webm', buffer: webm });
    await page
      .getByRole('checkbox', { name: /Let State Board of Parole Hearings read my statement/ })
      .check();
    await page.getByRole('button', { name: 'Send my statement' }).click();
    await page.getByText('The board will have your statement, and can read it until the review.').waitFor();
    const consent = await hub.db
      .selectFrom('consent_grant')
      .select('id')
      .where('recipient_agency_id', '=', 'state-parole-board')
      .where('case_ref', '=', subject)
      .executeTakeFirstOrThrow();
    const heard = await readAs('state-parole-board', consent.id);
    expect(heard.status).toBe(200);
    expect(JSON.stringify(heard.body)).toContain(
      `data:audio/webm;base64,${webm.toString('base64').slice(0, 40)}`,
    );
    // Nobody signed in, or over ten minutes' worth: refused, nothing kept.
    const query = `registrationId=${registrationId}&reviewWorkflowId=parole-review:state-parole-board:RA-${subject}`;
    expect(
      (await fetch(`${api.baseUrl}/statements/audio?${query}`, { method: 'POST', body: webm })).status,
    ).toBe(401);
    const cookie = `${SESSION_COOKIE}=${await api.session('registrant', await hub.registrantOf(registrationId))}`;
    const tooLong = await fetch(`${api.baseUrl}/statements/audio?${query}`, {
      method: 'POST',
      headers: { cookie },
      body: Buffer.concat([webm, Buffer.alloc(13 * 1024 * 1024)]),
    });
    expect(tooLong.status).toBe(413);
    await context.close();
  });

  it('shows a registrant only their own records, whatever they ask for', async () => {
    const mine = await hub.register(uniqueSubject(), {
      displayName: 'Ana Reyes',
      email: 'ana.portal@example.test',
    });
    const theirs = await hub.register(uniqueSubject(), {
      displayName: 'Bo Chen',
      email: 'bo.portal@example.test',
    });
    const asMe = api.as.ownerOf(mine);
    const me = await asMe.portal.me.query();
    expect(me.registrations.map((r) => r.id)).toEqual([mine]);
    expect(me.contactPoints.map((c) => c.address)).toEqual(['ana.portal@example.test']);
    await expect(
      asMe.portal.confirm.mutate({ caseEventId: randomUUID(), registrationId: theirs }),
    ).rejects.toThrow('no urgent notice of yours to confirm');
    await expect(api.trpc.portal.me.query()).rejects.toThrow();
    await expect(api.as.coordinator.portal.notices.query({ limit: 10 })).rejects.toThrow(
      'it is for a signed-in registrant',
    );
  });

  it('sends a brief message to someone who shares a phone, and shows the whole notice in the portal', async () => {
    const subject = uniqueSubject();
    const address = `brief.${subject.toLowerCase()}@example.test`;
    const registrationId = await hub.register(subject, { displayName: 'Noor Haddad', email: address });
    const asOwner = api.as.ownerOf(registrationId);
    await asOwner.registration.update.mutate({ registrationId, detail: 'brief' });
    const event = custodyRelease('county-jail', subject);
    await hub.publish('county-jail', event);
    const [mail] = await waitForMessages(
      hub.mailDir,
      (m) => header(m, 'X-Switchboard-Event') === `county-jail/${event.id}`,
    );
    const said = `${mail!.mail.subject}\n${mail!.mail.text}`;
    for (const secret of [subject, 'Noor', 'Riverside']) expect(said).not.toContain(secret);
    expect(said).toContain('Sign in to read it');
    expect(mail!.mail.attachments ?? []).toEqual([]);
    const { notices } = await asOwner.portal.notices.query({ limit: 10 });
    expect(notices[0]).toMatchObject({ channel: 'email', subject: `Release notice for case ${subject}` });
    expect(notices[0]!.text).toContain('Noor Haddad');
  });

  it('serves the page uncached, framed by nobody, running only its own script, and compressed', async () => {
    const response = await fetch(`${api.baseUrl}/`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await response.text();
    const script = /src="(\/portal\/[\w-]+\.js)"/.exec(html)![1]!;
    const js = await fetch(`${api.baseUrl}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${api.baseUrl}/portal/nothing.js`)).status).toBe(404);
  });
});
