import { useEffect, useState } from 'preact/hooks';
import { checkedOf, Field, fieldValue, Status } from './fields';
import { hub, sha256Hex, withPasskeyIfAsked } from './hub';
import type { PageProps } from './main';
import type { Messages } from './messages';

type Directory = Awaited<ReturnType<typeof hub.help.directory.query>>;
type Check = Awaited<ReturnType<typeof hub.help.compensationCheck.query>>;
const expenses = [
  'medical',
  'mental_health',
  'income_loss',
  'funeral',
  'relocation',
  'crime_scene_cleanup',
  'home_security',
  'property',
] as const;
const helpKinds = ['compensation', 'legal_aid', 'counselling', 'shelter', 'advocacy'] as const;

const day = (lang: string, iso: string) =>
  new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));

/** Phone numbers as people read them: 988 stays 988, +18007997233 becomes 1-800-799-7233. */
const readable = (phone: string) =>
  /^\+1(\d{3})(\d{3})(\d{4})$/.test(phone)
    ? phone.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '1-$1-$2-$3')
    : phone;

/** Help for everyone, signed in or not: services, a compensation check, and (signed in) a referral. */
export function HelpPage(props: PageProps & { signedIn: boolean }) {
  const { t, lang } = props;
  const [where, setWhere] = useState('US-CA');
  const [directory, setDirectory] = useState<Directory | undefined>();
  const [check, setCheck] = useState<Check | undefined>();
  const [errors, setErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    hub.help.directory
      .query({ where })
      .then(setDirectory, (error) => setErrors({ form: props.describe(error) }));
  }, [where]);

  const runCheck = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const crimeDate = fieldValue(form, 'comp-date');
    if (!crimeDate) return setErrors({ 'comp-date': t.required });
    setErrors({});
    try {
      setCheck(
        await hub.help.compensationCheck.query({
          state: fieldValue(form, 'comp-state'),
          crimeDate,
          reported: checkedOf(form, 'comp-reported')[0] === 'yes',
          cooperating: checkedOf(form, 'comp-cooperating')[0] === 'yes',
          expenses: checkedOf(form, 'comp-expenses') as (typeof expenses)[number][],
        }),
      );
    } catch (error) {
      setErrors({ form: props.describe(error) });
    }
  };

  const yesNo = (name: string, legend: string) => (
    <fieldset>
      <legend>{legend}</legend>
      {(['yes', 'no'] as const).map((v) => (
        <label key={v} class="choice">
          <input type="radio" name={name} value={v} defaultChecked={v === 'yes'} />
          {v === 'yes' ? t.yes : t.no}
        </label>
      ))}
    </fieldset>
  );

  return (
    <section aria-busy={!directory && !errors.form}>
      <h1 tabIndex={-1}>{t.helpTitle}</h1>
      <p>{t.helpIntro}</p>
      <Status error={errors.form} />
      <Field id="help-where" label={t.helpWhere}>
        {(aria) => (
          <select {...aria} onChange={(e) => setWhere(e.currentTarget.value)}>
            {['US-CA', 'US'].map((w) => (
              <option key={w} value={w} selected={w === where}>
                {w === 'US' ? t.helpAnywhere : w === 'US-CA' ? 'California' : w}
              </option>
            ))}
          </select>
        )}
      </Field>
      {directory && (
        <ul class="cards">
          {directory.services.map((s) => (
            <li key={s.id} class="card">
              <h2>
                {s.name} <span class="tag">{t.serviceKind[s.kind as keyof Messages['serviceKind']]}</span>
              </h2>
              <p>{s.about[lang]}</p>
              <p class="actions">
                <a href={`tel:${s.phone}`}>{t.helpCall(readable(s.phone))}</a>
                <a href={s.url} rel="noreferrer noopener">
                  {t.helpWebsite}
                </a>
              </p>
            </li>
          ))}
        </ul>
      )}

      <h2>{t.compTitle}</h2>
      <p>{t.compIntro}</p>
      <form onSubmit={runCheck} noValidate>
        <Field id="comp-state" label={t.compState}>
          {(aria) => (
            <select {...aria}>
              {(directory?.compensationStates ?? ['US-CA']).map((s) => (
                <option key={s} value={s}>
                  {s === 'US-CA' ? 'California' : s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="comp-date" label={t.compCrimeDate} error={errors['comp-date']}>
          {(aria) => <input {...aria} type="date" />}
        </Field>
        {yesNo('comp-reported', t.compReported)}
        {yesNo('comp-cooperating', t.compCooperating)}
        <fieldset>
          <legend>{t.compExpenses}</legend>
          {expenses.map((x) => (
            <label key={x} class="choice">
              <input type="checkbox" name="comp-expenses" value={x} />
              {t.expense[x]}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t.compCheck}</button>
      </form>
      {check && (
        <div role="status" class="consent-notice" data-testid="compensation-result">
          <p>
            <strong>
              {check.outcome === 'likely'
                ? t.compLikely(day(lang, check.deadline))
                : t.compAsk(day(lang, check.deadline))}
            </strong>
          </p>
          {check.reasons.length > 0 && (
            <ul>
              {check.reasons.map((r) => (
                <li key={r}>{t.compReason[r as keyof Messages['compReason']]}</li>
              ))}
            </ul>
          )}
          <p>
            {t.compContact(check.programme.name)}:{' '}
            <a href={`tel:${check.programme.phone}`}>{readable(check.programme.phone)}</a>
          </p>
        </div>
      )}
      {props.signedIn ? <Referral {...props} /> : <p>{t.referSignIn}</p>}
    </section>
  );
}

/** A referral the victim sends under a consent (its notice shown and hashed), and where theirs stand. */
function Referral(props: PageProps) {
  const { t, lang } = props;
  const [loaded, setLoaded] = useState<
    | [
        Awaited<ReturnType<typeof hub.portal.me.query>>,
        Awaited<ReturnType<typeof hub.portal.agencies.query>>,
        Awaited<ReturnType<typeof hub.help.myReferrals.query>>,
      ]
    | undefined
  >();
  const [message, setMessage] = useState<{ ok?: string; error?: string }>({});
  const [chosen, setChosen] = useState<string | undefined>();
  const load = () =>
    Promise.all([hub.portal.me.query(), hub.portal.agencies.query(), hub.help.myReferrals.query()]).then(
      setLoaded,
      (e) => setMessage({ error: props.describe(e) }),
    );
  useEffect(() => {
    load();
  }, []);
  if (!loaded) return null;
  const [me, { agencies }, { referrals }] = loaded;
  const helpers = agencies.filter(
    (a) => a.kind === 'community_advocate' || a.kind === 'compensation_programme',
  );
  const registration = me.registrations.find((r) => r.status !== 'ended');
  const until = new Date(Date.now() + 180 * 86_400_000);
  const agency = helpers.find((a) => a.id === chosen) ?? helpers[0];
  const notice = agency
    ? t.consentNotice(
        agency.name,
        t.purposes.victim_services,
        t.fields.contact_channels.charAt(0).toLocaleLowerCase() + t.fields.contact_channels.slice(1),
        new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(until),
      )
    : '';

  const send = async (e: Event) => {
    e.preventDefault();
    if (!agency || !registration) return;
    const form = e.currentTarget as HTMLFormElement;
    try {
      const noticeHash = await sha256Hex(notice);
      const { consentId } = await withPasskeyIfAsked(() =>
        hub.consent.grant.mutate({
          registrantId: me.registrantId,
          recipientAgencyId: agency.id,
          purpose: 'victim_services',
          fields: ['contact_channels'],
          caseRef: registration.subjectRef,
          expiresAt: until,
          regime: agency.kind === 'community_advocate' ? 'community_advocate' : 'systems_advocate',
          noticeHash,
        }),
      );
      await hub.help.refer.mutate({
        registrationId: registration.id,
        agencyId: agency.id,
        consentId,
        help: fieldValue(form, 'refer-help') as (typeof helpKinds)[number],
      });
      setMessage({ ok: t.referSent });
      load();
    } catch (failure) {
      setMessage({ error: props.describe(failure) });
    }
  };

  return (
    <>
      <h2>{t.referTitle}</h2>
      <Status error={message.error} ok={message.ok} />
      {referrals.length > 0 && (
        <>
          <h3>{t.referMine}</h3>
          <ul class="plain">
            {referrals.map((r) => (
              <li key={r.referralId}>
                {r.agencyName}, {t.referHelpKind[r.help as keyof Messages['referHelpKind']]}:{' '}
                <span class="tag">{t.referState[r.state as keyof Messages['referState']]}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {agency && registration && (
        <form onSubmit={send} noValidate>
          <Field id="refer-agency" label={t.referAgency}>
            {(aria) => (
              <select {...aria} onChange={(e) => setChosen(e.currentTarget.value)}>
                {helpers.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="refer-help" label={t.referHelp}>
            {(aria) => (
              <select {...aria}>
                {helpKinds.map((k) => (
                  <option key={k} value={k}>
                    {t.referHelpKind[k]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div class="consent-notice">
            <h3>{t.consentNoticeTitle}</h3>
            <p data-testid="referral-consent-notice">{notice}</p>
          </div>
          <button type="submit">{t.referSend}</button>
        </form>
      )}
    </>
  );
}
