import { browserSupportsWebAuthn, startAuthentication } from '@simplewebauthn/browser';
import { useEffect, useState } from 'preact/hooks';
import { checkedOf, DetailChoice, Field, fieldValue, Status } from './fields';
import { hub } from './hub';
import type { PageProps } from './main';
import { type NoticeLanguage, noticeLanguages } from './messages';

type Errors = Record<string, string>;
const CODE = /^\d{6}$/;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const PENDING_KEY = 'switchboard.pending-verification';
const families = ['custody', 'court', 'protective_order', 'parole', 'supervision', 'restorative'] as const;

/** Contact points waiting for their codes: ids only, kept for this tab so a reload loses nothing. */
interface Pending {
  contactPoints: { id: string; channel: string }[];
}

export function SignInPage(props: PageProps & { onSignedIn(): void }) {
  const { t, go, describe } = props;
  const [kind, setKind] = useState<'email' | 'sms'>('email');
  const [address, setAddress] = useState('');
  const [sent, setSent] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  const requestCode = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const value = fieldValue(form, 'address');
    if (!value) return setErrors({ address: t.required });
    setBusy(true);
    try {
      await hub.session.requestSignInCode.mutate({ channel: kind, address: value });
      setAddress(value);
      setSent(true);
      setErrors({});
    } catch (error) {
      setErrors({ form: describe(error) });
    } finally {
      setBusy(false);
    }
  };
  const signIn = async (e: Event) => {
    e.preventDefault();
    const code = fieldValue(e.currentTarget as HTMLFormElement, 'code');
    if (!CODE.test(code)) return setErrors({ code: t.codeInvalid });
    setBusy(true);
    try {
      await hub.session.signInWithCode.mutate({ channel: kind, address, code });
      props.onSignedIn();
      go('notices');
    } catch (error) {
      const message = describe(error);
      setErrors(message === t.errorTooMany ? { form: message } : { code: t.signInRefused });
    } finally {
      setBusy(false);
    }
  };
  const signInWithPasskey = async () => {
    setBusy(true);
    try {
      const optionsJSON = await hub.session.passkeySignInOptions.mutate();
      const response = await startAuthentication({ optionsJSON: optionsJSON as never });
      await hub.session.signInWithPasskey.mutate({ response: response as never });
      props.onSignedIn();
      go('notices');
    } catch (error) {
      const message = describe(error);
      setErrors({ passkey: message === t.errorTooMany ? message : t.passkeyRefused });
    } finally {
      setBusy(false);
    }
  };
  const signInWithKey = async (e: Event) => {
    e.preventDefault();
    const key = fieldValue(e.currentTarget as HTMLFormElement, 'inbox-key');
    if (!key) return setErrors({ 'inbox-key': t.required });
    setBusy(true);
    try {
      await hub.session.signInWithInboxKey.mutate({ key });
      props.onSignedIn();
      go('notices');
    } catch (error) {
      const message = describe(error);
      setErrors(message === t.errorTooMany ? { key: message } : { 'inbox-key': t.inboxKeyRefused });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1 tabIndex={-1}>{t.signInTitle}</h1>
      <Status error={errors.form} ok={sent ? t.codeSent : undefined} />
      <h2>{t.signInWithCode}</h2>
      {!sent ? (
        <form onSubmit={requestCode} noValidate>
          <fieldset>
            <legend>{t.signInAddressKind}</legend>
            {(['email', 'sms'] as const).map((option) => (
              <label key={option} class="choice">
                <input
                  type="radio"
                  name="kind"
                  value={option}
                  checked={kind === option}
                  onChange={() => setKind(option)}
                />
                {option === 'email' ? t.channelEmail : t.channelSms}
              </label>
            ))}
          </fieldset>
          <Field
            id="address"
            label={kind === 'email' ? t.channelEmailAddress : t.channelPhoneNumber}
            error={errors.address}
          >
            {(aria) =>
              kind === 'email' ? (
                <input {...aria} type="email" autocomplete="email" />
              ) : (
                <input {...aria} type="tel" autocomplete="tel" />
              )
            }
          </Field>
          <button type="submit" disabled={busy}>
            {t.sendCode}
          </button>
        </form>
      ) : (
        <form onSubmit={signIn} noValidate>
          <Field id="code" label={t.code} hint={t.codeHint} error={errors.code}>
            {(aria) => <input {...aria} inputMode="numeric" autocomplete="one-time-code" maxLength={6} />}
          </Field>
          <button type="submit" disabled={busy}>
            {t.signIn}
          </button>
        </form>
      )}
      {browserSupportsWebAuthn() && (
        <>
          <h2>{t.signInWithPasskey}</h2>
          <p class="hint">{t.passkeyHint}</p>
          <Status error={errors.passkey} />
          <button type="button" class="secondary" onClick={signInWithPasskey} disabled={busy}>
            {t.passkeySignIn}
          </button>
        </>
      )}
      <h2>{t.signInWithKey}</h2>
      <form onSubmit={signInWithKey} noValidate>
        <Status error={errors.key} />
        <Field id="inbox-key" label={t.inboxKey} hint={t.inboxKeyHint} error={errors['inbox-key']}>
          {(aria) => <input {...aria} type="password" autocomplete="current-password" />}
        </Field>
        <button type="submit" class="secondary" disabled={busy}>
          {t.openInbox}
        </button>
      </form>
    </section>
  );
}

interface Chosen {
  agencyId: string;
  agencyName: string;
  subjectRef: string;
}

export function RegisterPage(props: PageProps) {
  const { t, lang, describe, go } = props;
  const [agencies, setAgencies] = useState<{ id: string; name: string }[]>([]);
  const [mode, setMode] = useState<'reference' | 'name'>('reference');
  const [candidates, setCandidates] = useState<Chosen[] | undefined>();
  const [chosen, setChosen] = useState<Chosen | undefined>();
  const [channels, setChannels] = useState<string[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const [inboxKey, setInboxKey] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    hub.portal.agencies.query().then(
      (found) => setAgencies(found.agencies),
      (error) => setErrors({ form: describe(error) }),
    );
  }, []);

  const find = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    if (mode === 'reference') {
      const agencyId = fieldValue(form, 'agency');
      const subjectRef = fieldValue(form, 'reference');
      const found: Errors = {};
      if (!agencyId) found.agency = t.required;
      if (!REFERENCE.test(subjectRef)) found.reference = subjectRef ? t.referenceInvalid : t.required;
      setErrors(found);
      if (Object.keys(found).length) return;
      const agencyName = agencies.find((a) => a.id === agencyId)?.name ?? agencyId;
      setChosen({ agencyId, agencyName, subjectRef });
      return;
    }
    const search = {
      givenName: fieldValue(form, 'given-name'),
      familyName: fieldValue(form, 'family-name'),
      birthDate: fieldValue(form, 'birth-date'),
    };
    const found: Errors = {};
    if (!search.givenName) found['given-name'] = t.required;
    if (!search.familyName) found['family-name'] = t.required;
    if (!search.birthDate) found['birth-date'] = t.required;
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const result = await hub.registration.findSubject.query(search);
      setCandidates(
        result.candidates.map((c) => ({
          agencyId: c.agencyId,
          agencyName: c.agencyName,
          subjectRef: c.subjectRef,
        })),
      );
    } catch (error) {
      setErrors({ form: describe(error) });
    } finally {
      setBusy(false);
    }
  };

  const register = async (e: Event) => {
    e.preventDefault();
    if (!chosen) return;
    const form = e.currentTarget as HTMLFormElement;
    const found: Errors = {};
    const displayName = fieldValue(form, 'display-name');
    if (!displayName) found['display-name'] = t.required;
    const email = fieldValue(form, 'email');
    const phone = fieldValue(form, 'phone');
    if (channels.length === 0) found.channels = t.channelsRequired;
    if (channels.includes('email') && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) found.email = t.required;
    if (channels.includes('sms') && !phone) found.phone = t.required;
    const quietFrom = fieldValue(form, 'quiet-from');
    const quietTo = fieldValue(form, 'quiet-to');
    if (Boolean(quietFrom) !== Boolean(quietTo)) found['quiet-from'] = t.quietBoth;
    const advocate = {
      displayName: fieldValue(form, 'advocate-name'),
      email: fieldValue(form, 'advocate-email'),
      organisation: fieldValue(form, 'advocate-organisation'),
    };
    const someAdvocate = Object.values(advocate).some(Boolean);
    if (someAdvocate && !Object.values(advocate).every(Boolean))
      found['advocate-name'] = t.advocateIncomplete;
    setErrors(found);
    if (Object.keys(found).length) {
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const first = fieldValue(form, 'first-choice') || channels[0]!;
    const ordered = [first, ...channels.filter((c) => c !== first)] as ('email' | 'sms' | 'portal')[];
    setBusy(true);
    try {
      const enrolment = await hub.registration.enrol.mutate({
        agencyId: chosen.agencyId,
        subjectRef: chosen.subjectRef,
        displayName,
        ...(channels.includes('email') && { email }),
        ...(channels.includes('sms') && { phone }),
        ...(channels.includes('portal') && { portal: true as const }),
        channels: ordered,
        language: fieldValue(form, 'notice-language') as NoticeLanguage,
        timeZone: fieldValue(form, 'time-zone'),
        families: checkedOf(form, 'families') as (typeof families)[number][],
        detail: checkedOf(form, 'detail')[0] === 'brief' ? 'brief' : 'full',
        ...(fieldValue(form, 'repeat') && {
          urgentRepeat: { everyMinutes: Number(fieldValue(form, 'repeat')), forHours: 24 },
        }),
        ...(quietFrom && { quietHours: { start: quietFrom, end: quietTo } }),
        ...(someAdvocate && { advocate }),
      });
      const pending: Pending = {
        contactPoints: enrolment.contactPoints.filter((c) => c.channel !== 'portal'),
      };
      sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
      if (enrolment.inboxKey) setInboxKey(enrolment.inboxKey);
      else go(pending.contactPoints.length ? 'verify' : 'sign-in');
    } catch (error) {
      setErrors({ form: describe(error) });
    } finally {
      setBusy(false);
    }
  };

  if (inboxKey)
    return (
      <section>
        <h1 tabIndex={-1}>{t.registered}</h1>
        <p>{t.inboxKeyShown}</p>
        <p>
          <code class="secret" data-testid="inbox-key">
            {inboxKey}
          </code>
        </p>
        <button type="button" onClick={() => props.go(channels.length > 1 ? 'verify' : 'sign-in')}>
          {channels.length > 1 ? t.verifyTitle : t.homeSignIn}
        </button>
      </section>
    );

  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <section>
      <h1 tabIndex={-1}>{t.registerTitle}</h1>
      <Status error={errors.form} />
      <h2>{t.findTitle}</h2>
      {chosen ? (
        <p>
          {t.chosen(chosen.agencyName, chosen.subjectRef)}{' '}
          <button type="button" class="link" onClick={() => setChosen(undefined)}>
            {t.change}
          </button>
        </p>
      ) : (
        <form onSubmit={find} noValidate>
          <fieldset>
            <legend>{t.findTitle}</legend>
            {(['reference', 'name'] as const).map((option) => (
              <label key={option} class="choice">
                <input type="radio" name="mode" checked={mode === option} onChange={() => setMode(option)} />
                {option === 'reference' ? t.findByReference : t.findByName}
              </label>
            ))}
          </fieldset>
          {mode === 'reference' ? (
            <>
              <Field id="agency" label={t.agency} error={errors.agency}>
                {(aria) => (
                  <select {...aria}>
                    <option value="">{t.chooseAgency}</option>
                    {agencies.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field id="reference" label={t.reference} hint={t.referenceHint} error={errors.reference}>
                {(aria) => <input {...aria} autocomplete="off" />}
              </Field>
            </>
          ) : (
            <>
              <Field id="given-name" label={t.givenName} error={errors['given-name']}>
                {(aria) => <input {...aria} autocomplete="off" />}
              </Field>
              <Field id="family-name" label={t.familyName} error={errors['family-name']}>
                {(aria) => <input {...aria} autocomplete="off" />}
              </Field>
              <Field id="birth-date" label={t.birthDate} error={errors['birth-date']}>
                {(aria) => <input {...aria} type="date" />}
              </Field>
            </>
          )}
          <button type="submit" disabled={busy}>
            {mode === 'reference' ? t.choose : t.search}
          </button>
          {candidates && mode === 'name' && (
            <div role="status">
              {candidates.length === 0 ? (
                <p>{t.noCandidates}</p>
              ) : (
                <>
                  <h3>{t.candidatesTitle}</h3>
                  <ul class="plain">
                    {candidates.map((c) => (
                      <li key={`${c.agencyId}/${c.subjectRef}`}>
                        {t.candidate(c.agencyName, c.subjectRef)}{' '}
                        <button type="button" class="secondary" onClick={() => setChosen(c)}>
                          {t.choose}
                        </button>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          )}
        </form>
      )}
      {chosen && (
        <form onSubmit={register} noValidate>
          <h2>{t.choicesTitle}</h2>
          <Field id="display-name" label={t.yourName} error={errors['display-name']}>
            {(aria) => <input {...aria} autocomplete="name" />}
          </Field>
          <fieldset aria-describedby="channels-hint" class={errors.channels ? 'field-error' : ''}>
            <legend>{t.channelsLegend}</legend>
            <p class="hint" id="channels-hint">
              {t.channelsHint}
            </p>
            {errors.channels && (
              <p class="error" role="alert">
                {errors.channels}
              </p>
            )}
            {(['email', 'sms', 'portal'] as const).map((channel) => (
              <label key={channel} class="choice">
                <input
                  type="checkbox"
                  name="channels"
                  value={channel}
                  checked={channels.includes(channel)}
                  onChange={(e) =>
                    setChannels((now) =>
                      e.currentTarget.checked ? [...now, channel] : now.filter((c) => c !== channel),
                    )
                  }
                />
                {{ email: t.channelEmail, sms: t.channelSms, portal: t.channelPortal }[channel]}
              </label>
            ))}
          </fieldset>
          {channels.includes('email') && (
            <Field id="email" label={t.channelEmailAddress} error={errors.email}>
              {(aria) => <input {...aria} type="email" autocomplete="email" />}
            </Field>
          )}
          {channels.includes('sms') && (
            <Field id="phone" label={t.channelPhoneNumber} error={errors.phone}>
              {(aria) => <input {...aria} type="tel" autocomplete="tel" />}
            </Field>
          )}
          {channels.includes('portal') && <p class="hint">{t.channelPortalHint}</p>}
          {channels.length > 1 && (
            <Field id="first-choice" label={t.firstChoice}>
              {(aria) => (
                <select {...aria}>
                  {channels.map((c) => (
                    <option key={c} value={c}>
                      {t.channelName[c as keyof typeof t.channelName]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <fieldset>
            <legend>{t.familiesLegend}</legend>
            {families.map((family) => (
              <label key={family} class="choice">
                <input
                  type="checkbox"
                  name="families"
                  value={family}
                  defaultChecked={family !== 'restorative'}
                />
                {t.families[family]}
              </label>
            ))}
          </fieldset>
          <Field id="repeat" label={t.repeatLabel}>
            {(aria) => (
              <select {...aria}>
                <option value="">{t.repeatDefault}</option>
                {['15', '60', '120'].map((m) => (
                  <option key={m} value={m}>
                    {t.repeatEvery(m)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <DetailChoice t={t} name="detail" chosen="full" />
          <Field id="notice-language" label={t.noticeLanguage}>
            {(aria) => (
              <select {...aria}>
                {noticeLanguages.map(([code, name]) => (
                  <option key={code} value={code} selected={code === lang} lang={code}>
                    {name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="time-zone" label={t.timeZone}>
            {(aria) => (
              <select {...aria}>
                {Intl.supportedValuesOf('timeZone').map((z) => (
                  <option key={z} value={z} selected={z === zone}>
                    {z.replaceAll('_', ' ')}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset aria-describedby="quiet-hint">
            <legend>{t.quietLegend}</legend>
            <p class="hint" id="quiet-hint">
              {t.quietHint}
            </p>
            <Field id="quiet-from" label={t.quietFrom} error={errors['quiet-from']}>
              {(aria) => <input {...aria} type="time" />}
            </Field>
            <Field id="quiet-to" label={t.quietTo}>
              {(aria) => <input {...aria} type="time" />}
            </Field>
          </fieldset>
          <fieldset aria-describedby="advocate-hint">
            <legend>{t.advocateLegend}</legend>
            <p class="hint" id="advocate-hint">
              {t.advocateHint}
            </p>
            <Field id="advocate-name" label={t.advocateName} error={errors['advocate-name']}>
              {(aria) => <input {...aria} autocomplete="off" />}
            </Field>
            <Field id="advocate-email" label={t.advocateEmail}>
              {(aria) => <input {...aria} type="email" autocomplete="off" />}
            </Field>
            <Field id="advocate-organisation" label={t.advocateOrganisation}>
              {(aria) => <input {...aria} autocomplete="off" />}
            </Field>
          </fieldset>
          <button type="submit" disabled={busy}>
            {t.registerSubmit}
          </button>
        </form>
      )}
    </section>
  );
}

export function VerifyPage({ t, go, describe }: PageProps) {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? '{"contactPoints":[]}') as Pending;
  const [done, setDone] = useState<string[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const [resent, setResent] = useState<string | undefined>();

  const verify = async (e: Event, id: string) => {
    e.preventDefault();
    const code = fieldValue(e.currentTarget as HTMLFormElement, `code-${id}`);
    if (!CODE.test(code)) return setErrors({ [id]: t.codeInvalid });
    try {
      await hub.registration.verifyContact.mutate({ contactPointId: id, code });
      setDone((now) => [...now, id]);
      setErrors({});
    } catch (error) {
      const message = describe(error);
      setErrors({ [id]: message === t.errorTooMany ? message : t.verifyRefused });
    }
  };
  const resend = async (id: string) => {
    try {
      await hub.registration.requestCode.mutate({ contactPointId: id });
      setResent(id);
    } catch (error) {
      setErrors({ [id]: describe(error) });
    }
  };
  const allDone = pending.contactPoints.every((c) => done.includes(c.id));
  if (allDone) sessionStorage.removeItem(PENDING_KEY);

  return (
    <section>
      <h1 tabIndex={-1}>{t.verifyTitle}</h1>
      <p>{t.verifyIntro}</p>
      {pending.contactPoints.map((contact) => (
        <form key={contact.id} onSubmit={(e) => verify(e, contact.id)} noValidate>
          <h2>
            {t.verifyContact(t.channelName[contact.channel as keyof typeof t.channelName] ?? contact.channel)}
          </h2>
          {done.includes(contact.id) ? (
            <p role="status">{t.verified}</p>
          ) : (
            <>
              <Field id={`code-${contact.id}`} label={t.code} hint={t.codeHint} error={errors[contact.id]}>
                {(aria) => <input {...aria} inputMode="numeric" autocomplete="one-time-code" maxLength={6} />}
              </Field>
              {resent === contact.id && <p role="status">{t.codeSent}</p>}
              <p class="actions">
                <button type="submit">{t.verify}</button>
                <button type="button" class="secondary" onClick={() => resend(contact.id)}>
                  {t.sendAgain}
                </button>
              </p>
            </>
          )}
        </form>
      ))}
      {allDone && (
        <p>
          {t.verifyDone}{' '}
          <button type="button" onClick={() => go('sign-in')}>
            {t.homeSignIn}
          </button>
        </p>
      )}
    </section>
  );
}
