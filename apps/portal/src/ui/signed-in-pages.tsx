import { browserSupportsWebAuthn, startRegistration } from '@simplewebauthn/browser';
import { useEffect, useState } from 'preact/hooks';
import { checkedOf, DetailChoice, Field, fieldValue, Status } from './fields';
import { failureOf, hub, type Me, type MyData, type Notice, sha256Hex, withPasskeyIfAsked } from './hub';
import type { PageProps } from './main';
import { type Messages, type NoticeLanguage, noticeLanguages } from './messages';

const consentFields = [
  'name',
  'language',
  'contact_channels',
  'address',
  'case_status',
  'impact_statement',
  'safety_concerns',
  'service_needs',
] as const;
const purposes = [
  'victim_notification',
  'victim_services',
  'safety_planning',
  'prosecution',
  'parole_review',
  'compensation',
  'restitution',
] as const;

/** Loads what a page shows; a refused session sends the registrant back to sign in. */
function useLoaded<T>(
  props: PageProps,
  load: () => Promise<T>,
): [T | undefined, () => void, string | undefined] {
  const [value, setValue] = useState<T | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [round, setRound] = useState(0);
  useEffect(() => {
    load().then(setValue, (failure) => {
      if (failureOf(failure).kind === 'signed-out') props.signedOut();
      else setError(props.describe(failure));
    });
  }, [round]);
  return [value, () => setRound((n) => n + 1), error];
}

function when(lang: string, value: Date | string, timeZone?: string): string {
  // dateStyle cannot be combined with timeZoneName: the zone is named, so the parts are spelled out.
  return new Intl.DateTimeFormat(lang, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(value));
}

function day(lang: string, value: Date | string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(new Date(value));
}

const list = (lang: string, items: string[]) =>
  new Intl.ListFormat(lang, { type: 'conjunction' }).format(items);

/** A label as it reads inside a sentence: "My name" becomes "my name". */
const inSentence = (label: string) => label.charAt(0).toLocaleLowerCase() + label.slice(1);

export function NoticesPage(props: PageProps) {
  const { t, lang } = props;
  const [loaded, reload, error] = useLoaded(props, () =>
    Promise.all([hub.portal.notices.query({ limit: 100 }), hub.portal.me.query()]),
  );
  const [message, setMessage] = useState<{ ok?: string; error?: string }>({});

  const confirm = async (notice: Notice) => {
    try {
      const { outcome } = await hub.portal.confirm.mutate({
        caseEventId: notice.caseEventId,
        registrationId: notice.registrationId,
      });
      setMessage({ ok: outcome === 'confirmed' ? t.confirmedThanks : t.alreadyClosed });
      reload();
    } catch (failure) {
      setMessage({ error: props.describe(failure) });
    }
  };

  return (
    <section aria-busy={!loaded && !error}>
      <h1 tabIndex={-1}>{t.noticesTitle}</h1>
      <Status error={error ?? message.error} ok={message.ok} />
      {!loaded ? (
        <p>{t.loading}</p>
      ) : loaded[0].notices.length === 0 ? (
        <p>{t.noticesEmpty}</p>
      ) : (
        <ol class="cards">
          {loaded[0].notices.map((notice) => (
            <li key={notice.deliveryId} class="card">
              <h2>
                {notice.urgency === 'urgent' && <span class="tag tag-urgent">{t.noticeUrgent}</span>}{' '}
                {notice.subject ?? `${notice.eventType} · ${notice.subjectRef}`}
              </h2>
              <dl>
                <dt>{t.noticeChannel}</dt>
                <dd>{t.channelName[notice.channel as keyof Messages['channelName']] ?? notice.channel}</dd>
                <dt>{notice.sentAt ? t.noticeSent : t.noticeNotSent}</dt>
                <dd>{notice.sentAt ? when(lang, notice.sentAt, loaded[1].timeZone) : '—'}</dd>
                {notice.providerStatus && (
                  <>
                    <dt>{t.noticeProvider}</dt>
                    <dd>{notice.providerStatus}</dd>
                  </>
                )}
                {notice.round > 1 && (
                  <>
                    <dt>{t.noticeRound(notice.round)}</dt>
                    <dd />
                  </>
                )}
                {notice.confirmedAt && (
                  <>
                    <dt>{t.noticeConfirmed}</dt>
                    <dd>{when(lang, notice.confirmedAt, loaded[1].timeZone)}</dd>
                  </>
                )}
              </dl>
              {!notice.text && !notice.sentAt ? null : notice.text ? (
                <pre class="notice-text">{notice.text}</pre>
              ) : (
                <p class="hint">{t.noticeNoWords}</p>
              )}
              {notice.urgency === 'urgent' &&
                !notice.confirmedAt &&
                notice.round === latestRound(loaded[0].notices, notice) && (
                  <button type="button" onClick={() => confirm(notice)}>
                    {t.confirmUrgent}
                  </button>
                )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** One confirm button per urgent event: on its newest delivery. */
function latestRound(notices: Notice[], notice: Notice): number {
  return Math.max(
    ...notices
      .filter((n) => n.caseEventId === notice.caseEventId && n.registrationId === notice.registrationId)
      .map((n) => n.round),
  );
}

export function DataPage(props: PageProps) {
  const { t, lang } = props;
  const [loaded, reload, error] = useLoaded(props, () =>
    Promise.all([hub.portal.data.query({ limit: 200 }), hub.portal.me.query(), hub.portal.agencies.query()]),
  );
  const [message, setMessage] = useState<{ ok?: string; error?: string }>({});

  const revoke = async (consentId: string) => {
    try {
      await hub.consent.revoke.mutate({ consentId, by: 'registrant' });
      setMessage({ ok: t.revoked });
      reload();
    } catch (failure) {
      setMessage({ error: props.describe(failure) });
    }
  };

  if (!loaded)
    return (
      <section aria-busy={!error}>
        <h1 tabIndex={-1}>{t.dataTitle}</h1>
        <Status error={error} />
        <p>{t.loading}</p>
      </section>
    );
  const [data, me, { agencies }] = loaded;
  return (
    <section>
      <h1 tabIndex={-1}>{t.dataTitle}</h1>
      <p>{t.dataIntro}</p>
      <Status error={error ?? message.error} ok={message.ok} />
      {data.consents.length === 0 ? (
        <p>{t.consentsEmpty}</p>
      ) : (
        <ul class="cards">
          {data.consents.map((consent) => (
            <li key={consent.consentId} class="card">
              <h2>
                {consent.agencyName || consent.agencyId}{' '}
                <span class={`tag tag-${consent.state}`}>{t.consentState[consent.state]}</span>
              </h2>
              <dl>
                <dt>{t.consentFor}</dt>
                <dd>{t.purposes[consent.purpose as keyof Messages['purposes']] ?? consent.purpose}</dd>
                <dt>{t.consentFields}</dt>
                <dd>
                  {list(
                    lang,
                    consent.fields.map((f) => t.fields[f as keyof Messages['fields']] ?? f),
                  )}
                </dd>
                <dt>{t.consentUntil}</dt>
                <dd>{day(lang, consent.expiresAt)}</dd>
              </dl>
              {(consent.state === 'in_force' || consent.state === 'not_started') && (
                <button type="button" class="danger" onClick={() => revoke(consent.consentId)}>
                  {t.revoke}
                  <span class="visually-hidden"> ({consent.agencyName || consent.agencyId})</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <GrantForm {...props} me={me} agencies={agencies} onGranted={reload} setMessage={setMessage} />
      <h2>{t.sawTitle}</h2>
      <Disclosures t={t} lang={lang} data={data} timeZone={me.timeZone} />
    </section>
  );
}

function Disclosures({
  t,
  lang,
  data,
  timeZone,
}: {
  t: Messages;
  lang: string;
  data: MyData;
  timeZone: string;
}) {
  if (data.disclosures.length === 0) return <p>{t.sawEmpty}</p>;
  return (
    <ol class="plain disclosures">
      {data.disclosures.map((d, i) => (
        <li key={`${d.consentId}-${i}`}>
          <strong>
            {d.action === 'disclosure.read' ? t.sawRead(d.agencyName) : t.sawForward(d.agencyName)}
          </strong>
          {' · '}
          <time dateTime={new Date(d.at).toISOString()}>{when(lang, d.at, timeZone)}</time>
          <br />
          {t.sawWhat}:{' '}
          {d.fields.length
            ? list(
                lang,
                d.fields.map((f) => t.fields[f as keyof Messages['fields']] ?? f),
              )
            : t.sawNothing}
        </li>
      ))}
    </ol>
  );
}

function GrantForm(
  props: PageProps & {
    me: Me;
    agencies: { id: string; name: string }[];
    onGranted(): void;
    setMessage(m: { ok?: string; error?: string }): void;
  },
) {
  const { t, lang, me, agencies } = props;
  const [draft, setDraft] = useState({
    agencyId: '',
    purpose: '',
    fields: [] as string[],
    until: '',
    caseRef: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The words the registrant agrees to, in their language, shown before they press; the grant records their hash.
  const noticeOf = (d: typeof draft) =>
    d.agencyId && d.purpose && d.fields.length && d.until
      ? t.consentNotice(
          agencies.find((a) => a.id === d.agencyId)?.name ?? d.agencyId,
          t.purposes[d.purpose as keyof Messages['purposes']],
          list(
            lang,
            d.fields.map((f) => inSentence(t.fields[f as keyof Messages['fields']])),
          ),
          day(lang, `${d.until}T12:00:00`),
        )
      : '';
  const noticeText = noticeOf(draft);
  const cases = [...new Set(me.registrations.map((r) => r.subjectRef))];

  const read = (form: HTMLFormElement) =>
    setDraft({
      agencyId: fieldValue(form, 'grant-agency'),
      purpose: fieldValue(form, 'grant-purpose'),
      fields: checkedOf(form, 'grant-fields'),
      until: fieldValue(form, 'grant-until'),
      caseRef: fieldValue(form, 'grant-case'),
    });

  const grant = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    read(form);
    const found: Record<string, string> = {};
    const agencyId = fieldValue(form, 'grant-agency');
    const purpose = fieldValue(form, 'grant-purpose');
    const fields = checkedOf(form, 'grant-fields');
    const until = fieldValue(form, 'grant-until');
    if (!agencyId) found['grant-agency'] = t.required;
    if (!purpose) found['grant-purpose'] = t.required;
    if (fields.length === 0) found['grant-fields'] = t.fieldsRequired;
    if (!until || new Date(`${until}T23:59:59`) <= new Date()) found['grant-until'] = t.untilInvalid;
    setErrors(found);
    const agreed = noticeOf({ agencyId, purpose, fields, until, caseRef: '' });
    if (Object.keys(found).length || !agreed) {
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    try {
      const noticeHash = await sha256Hex(agreed);
      await withPasskeyIfAsked(() =>
        hub.consent.grant.mutate({
          registrantId: me.registrantId,
          recipientAgencyId: agencyId,
          purpose: purpose as (typeof purposes)[number],
          fields: fields as (typeof consentFields)[number][],
          caseRef: fieldValue(form, 'grant-case') || cases[0] || '-',
          expiresAt: new Date(`${until}T23:59:59`),
          regime: 'systems_advocate',
          noticeHash,
        }),
      );
      props.setMessage({ ok: t.granted });
      form.reset();
      setDraft({ agencyId: '', purpose: '', fields: [], until: '', caseRef: '' });
      props.onGranted();
    } catch (failure) {
      props.setMessage({ error: props.describe(failure) });
    }
  };

  return (
    <form onSubmit={grant} onChange={(e) => read(e.currentTarget as HTMLFormElement)} noValidate>
      <h2>{t.grantTitle}</h2>
      <Field id="grant-agency" label={t.agency} error={errors['grant-agency']}>
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
      <Field id="grant-purpose" label={t.purpose} error={errors['grant-purpose']}>
        {(aria) => (
          <select {...aria}>
            <option value="" />
            {purposes.map((p) => (
              <option key={p} value={p}>
                {t.purposes[p]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset class={errors['grant-fields'] ? 'field-error' : ''}>
        <legend>{t.fieldsLegend}</legend>
        {errors['grant-fields'] && <p class="error">{errors['grant-fields']}</p>}
        {consentFields.map((f) => (
          <label key={f} class="choice">
            <input type="checkbox" name="grant-fields" value={f} />
            {t.fields[f]}
          </label>
        ))}
      </fieldset>
      {cases.length > 1 && (
        <Field id="grant-case" label={t.caseRef}>
          {(aria) => (
            <select {...aria}>
              {cases.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field id="grant-until" label={t.until} error={errors['grant-until']}>
        {(aria) => <input {...aria} type="date" />}
      </Field>
      {noticeText && (
        <div class="consent-notice">
          <h3>{t.consentNoticeTitle}</h3>
          <p data-testid="consent-notice">{noticeText}</p>
        </div>
      )}
      <button type="submit">{t.grant}</button>
    </form>
  );
}

export function RegistrationsPage(props: PageProps) {
  const { t } = props;
  const [me, reload, error] = useLoaded(props, () => hub.portal.me.query());
  const [message, setMessage] = useState<{ ok?: string; error?: string }>({});

  const setStatus = async (registrationId: string, status: 'active' | 'paused' | 'ended') => {
    if (status === 'ended' && !confirm(t.endConfirm)) return;
    try {
      await withPasskeyIfAsked(() => hub.registration.setStatus.mutate({ registrationId, status }));
      setMessage({ ok: t.statusChanged });
      reload();
    } catch (failure) {
      setMessage({ error: props.describe(failure) });
    }
  };

  return (
    <section aria-busy={!me && !error}>
      <h1 tabIndex={-1}>{t.registrationsTitle}</h1>
      <Status error={error ?? message.error} ok={message.ok} />
      {!me ? (
        <p>{t.loading}</p>
      ) : (
        <>
          <ul class="cards">
            {me.registrations.map((r) => (
              <li key={r.id} class="card">
                <h2>
                  {t.registrationFor(r.agencyName ?? r.agencyId ?? '', r.subjectRef)}{' '}
                  <span class={`tag tag-${r.status}`}>{t.registrationStatus[r.status]}</span>
                </h2>
                <p>
                  {list(
                    props.lang,
                    r.channels.map((c) => t.channelName[c as keyof Messages['channelName']] ?? c),
                  )}
                </p>
                {r.status !== 'ended' && (
                  <p class="actions">
                    {r.status === 'active' ? (
                      <button type="button" class="secondary" onClick={() => setStatus(r.id, 'paused')}>
                        {t.pause}
                      </button>
                    ) : (
                      <button type="button" onClick={() => setStatus(r.id, 'active')}>
                        {t.resume}
                      </button>
                    )}
                    <button type="button" class="danger" onClick={() => setStatus(r.id, 'ended')}>
                      {t.end}
                    </button>
                  </p>
                )}
                {r.status !== 'ended' && (
                  <details>
                    <summary>{t.settingsTitle}</summary>
                    <SettingsForm {...props} me={me} registration={r} onSaved={reload} />
                  </details>
                )}
              </li>
            ))}
          </ul>
          <DialogueSection {...props} me={me} />
          <LettersSection {...props} />
          <PasskeySection {...props} />
          <h2>{t.contactsTitle}</h2>
          <ul class="plain">
            {me.contactPoints
              .filter((c) => c.channel !== 'portal')
              .map((c) => (
                <li key={c.id}>
                  {t.channelName[c.channel as keyof Messages['channelName']] ?? c.channel}: {c.address} (
                  {c.disabled ? t.contactDisabled : c.verified ? t.contactVerified : t.contactUnverified})
                </li>
              ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function HearingsPage(props: PageProps) {
  const { t, lang } = props;
  const [loaded, reload, error] = useLoaded(props, () =>
    Promise.all([hub.portal.calendar.query(), hub.portal.me.query(), hub.portal.data.query({ limit: 1 })]),
  );
  const [message, setMessage] = useState<{ ok?: string; error?: string }>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  type Review = CalendarItem & { kind: 'parole-review' };
  /** Until the day after the review: the board reads the statement for the review, no longer. */
  const shareUntil = (review: Review) => new Date(Date.parse(review.scheduledFor) + 86_400_000);
  /** The words the registrant agrees to when letting the board read the statement (hash recorded). */
  const shareNotice = (review: Review) =>
    t.consentNotice(
      review.board,
      t.purposes.parole_review,
      inSentence(t.fields.impact_statement),
      day(lang, shareUntil(review)),
    );
  const boardConsent = (review: Review) =>
    loaded?.[2].consents.find(
      (c) =>
        c.agencyId === review.agencyId &&
        c.purpose === 'parole_review' &&
        c.fields.includes('impact_statement') &&
        c.state === 'in_force',
    );

  const send = async (e: Event, review: Review) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const id = `statement-${review.reviewId}`;
    const statement = fieldValue(form, id);
    const share = checkedOf(form, `share-${review.reviewId}`).length > 0;
    const recording = (form.elements.namedItem(`recording-${review.reviewId}`) as HTMLInputElement | null)
      ?.files?.[0];
    if (!statement && !recording) return setFieldErrors({ [id]: t.statementEmpty });
    setFieldErrors({});
    try {
      if (recording) {
        // Too large for a tRPC call: the recording goes as the body of its own request.
        const query = new URLSearchParams({
          registrationId: review.registrationId,
          reviewWorkflowId: review.reviewWorkflowId,
        });
        const answer = await fetch(`/statements/audio?${query}`, { method: 'POST', body: recording });
        if (!answer.ok) {
          const { error } = (await answer.json().catch(() => ({}))) as { error?: string };
          // The hub's reasons, in the page's words where we know them.
          const words =
            answer.status === 413
              ? t.statementRecordingTooLong
              : answer.status === 422
                ? t.statementRecordingRefused
                : answer.status === 401
                  ? t.errorSignedOut
                  : (error ?? t.errorGeneric);
          setFieldErrors({ [`recording-${review.reviewId}`]: words });
          return;
        }
      } else {
        await hub.portal.submitStatement.mutate({
          registrationId: review.registrationId,
          reviewWorkflowId: review.reviewWorkflowId,
          statement,
        });
      }
      if (share) {
        const noticeHash = await sha256Hex(shareNotice(review));
        const registrantId = loaded![1].registrantId;
        await withPasskeyIfAsked(() =>
          hub.consent.grant.mutate({
            registrantId,
            recipientAgencyId: review.agencyId,
            purpose: 'parole_review',
            fields: ['impact_statement'],
            caseRef: review.subjectRef,
            expiresAt: shareUntil(review),
            regime: 'systems_advocate',
            noticeHash,
          }),
        );
      }
      setMessage({ ok: share ? t.statementSentShared : t.statementSent });
      reload();
    } catch (failure) {
      // What they wrote stays in the box: nothing is lost.
      setFieldErrors({ [id]: props.describe(failure) });
    }
  };

  const zone = loaded?.[1].timeZone;
  return (
    <section aria-busy={!loaded && !error}>
      <h1 tabIndex={-1}>{t.hearingsTitle}</h1>
      <Status error={error ?? message.error} ok={message.ok} />
      {!loaded ? (
        <p>{t.loading}</p>
      ) : loaded[0].items.length === 0 ? (
        <p>{t.hearingsEmpty}</p>
      ) : (
        <ul class="cards">
          {loaded[0].items.map((item) =>
            item.kind === 'hearing' ? (
              <li key={`h-${item.registrationId}-${item.hearingId}`} class="card">
                <h2>
                  {t.hearingType[(item.hearingType ?? 'other') as keyof Messages['hearingType']] ??
                    t.hearingType.other}{' '}
                  · {item.subjectRef}{' '}
                  <span class={`tag tag-${item.state}`}>{t.hearingState[item.state]}</span>
                </h2>
                <dl>
                  <dt>{t.hearingWhen}</dt>
                  <dd>{item.scheduledFor ? when(lang, item.scheduledFor, zone) : '—'}</dd>
                  <dt>{t.hearingWhere}</dt>
                  <dd>{[item.court, item.courtroom].filter(Boolean).join(', ') || '—'}</dd>
                  {item.reminders.length > 0 && (
                    <>
                      <dt>{t.remindersSent}</dt>
                      <dd>
                        {list(
                          lang,
                          item.reminders.map((r) => t.reminderBefore(r.notice)),
                        )}
                      </dd>
                    </>
                  )}
                </dl>
                {item.movedFrom && <p>{t.hearingMoved(when(lang, item.movedFrom, zone))}</p>}
                {item.victimMayBeHeard && item.state === 'scheduled' && <p>{t.hearingMayBeHeard}</p>}
              </li>
            ) : (
              <li key={`p-${item.registrationId}-${item.reviewId}`} class="card">
                <h2>
                  {t.reviewTitle} · {item.subjectRef}
                  {item.decision && (
                    <>
                      {' '}
                      <span class="tag">
                        {t.reviewDecision[item.decision.decision as keyof Messages['reviewDecision']]}
                      </span>
                    </>
                  )}
                </h2>
                <dl>
                  <dt>{t.hearingWhen}</dt>
                  <dd>{when(lang, item.scheduledFor, zone)}</dd>
                  <dt>{t.reviewBoard}</dt>
                  <dd>{item.board}</dd>
                  {item.statementDeadline && (
                    <>
                      <dt>{t.reviewDeadline}</dt>
                      <dd>{when(lang, item.statementDeadline, zone)}</dd>
                    </>
                  )}
                </dl>
                {item.decision?.nextReviewBy && (
                  <p>{t.reviewNext(day(lang, `${item.decision.nextReviewBy}T12:00:00`))}</p>
                )}
                {item.statement && <p>{t.statementOnFile(when(lang, item.statement.submittedAt, zone))}</p>}
                {item.statementOpen && (
                  <form onSubmit={(e) => send(e, item)} noValidate>
                    <h3>{t.statementTitle}</h3>
                    <Field
                      id={`statement-${item.reviewId}`}
                      label={t.statementLabel}
                      hint={t.statementHint}
                      error={fieldErrors[`statement-${item.reviewId}`]}
                    >
                      {(aria) => <textarea {...aria} rows={10} maxLength={20_000} />}
                    </Field>
                    <Field
                      id={`recording-${item.reviewId}`}
                      label={t.statementRecording}
                      hint={t.statementRecordingHint}
                      error={fieldErrors[`recording-${item.reviewId}`]}
                    >
                      {(aria) => <input {...aria} type="file" accept="audio/*" />}
                    </Field>
                    {boardConsent(item) ? (
                      <p>{t.statementBoardCanRead(item.board, day(lang, boardConsent(item)!.expiresAt))}</p>
                    ) : (
                      <div class="consent-notice">
                        <label class="choice">
                          <input
                            type="checkbox"
                            name={`share-${item.reviewId}`}
                            value="yes"
                            aria-describedby={`share-${item.reviewId}-notice`}
                          />
                          {t.statementShare(item.board)}
                        </label>
                        <p class="hint">{t.statementShareHint}</p>
                        <p id={`share-${item.reviewId}-notice`} data-testid="statement-consent-notice">
                          {shareNotice(item)}
                        </p>
                      </div>
                    )}
                    <button type="submit">{t.statementSend}</button>
                  </form>
                )}
              </li>
            ),
          )}
        </ul>
      )}
    </section>
  );
}

type CalendarItem = Awaited<ReturnType<typeof hub.portal.calendar.query>>['items'][number];

const familyNames = ['custody', 'court', 'protective_order', 'parole', 'supervision', 'restorative'] as const;

/** Language, time zone, quiet hours and the kinds of news, for one registration: nothing half-saved. */
export function SettingsForm(
  props: PageProps & { me: Me; registration: Me['registrations'][number]; onSaved(): void },
) {
  const { t, me, registration } = props;
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok?: string; error?: string }>({});
  const id = (name: string) => `${name}-${registration.id}`;
  const families = registration.families.length ? registration.families : [...familyNames];

  const save = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const quietFrom = fieldValue(form, id('quiet-from'));
    const quietTo = fieldValue(form, id('quiet-to'));
    if (Boolean(quietFrom) !== Boolean(quietTo)) return setErrors({ [id('quiet-from')]: t.quietBoth });
    setErrors({});
    try {
      const change = {
        registrationId: registration.id,
        language: fieldValue(form, id('language')) as NoticeLanguage,
        timeZone: fieldValue(form, id('zone')),
        quietHours: quietFrom ? { start: quietFrom, end: quietTo } : null,
        families: checkedOf(form, id('families')) as (typeof familyNames)[number][],
        detail: checkedOf(form, id('detail'))[0] === 'brief' ? ('brief' as const) : ('full' as const),
      };
      await withPasskeyIfAsked(() => hub.registration.update.mutate(change));
      setMessage({ ok: t.settingsSaved });
      props.onSaved();
    } catch (failure) {
      setMessage({ error: props.describe(failure) });
    }
  };

  return (
    <form onSubmit={save} noValidate aria-label={t.settingsFor(registration.subjectRef)}>
      <Status error={message.error} ok={message.ok} />
      <Field id={id('language')} label={t.noticeLanguage}>
        {(aria) => (
          <select {...aria}>
            {noticeLanguages.map(([code, name]) => (
              <option key={code} value={code} selected={code === me.language} lang={code}>
                {name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={id('zone')} label={t.timeZone}>
        {(aria) => (
          <select {...aria}>
            {Intl.supportedValuesOf('timeZone').map((z) => (
              <option key={z} value={z} selected={z === me.timeZone}>
                {z.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset>
        <legend>{t.quietLegend}</legend>
        <Field id={id('quiet-from')} label={t.quietFrom} error={errors[id('quiet-from')]}>
          {(aria) => <input {...aria} type="time" defaultValue={me.quietHours?.start ?? ''} />}
        </Field>
        <Field id={id('quiet-to')} label={t.quietTo}>
          {(aria) => <input {...aria} type="time" defaultValue={me.quietHours?.end ?? ''} />}
        </Field>
      </fieldset>
      <fieldset>
        <legend>{t.familiesLegend}</legend>
        {familyNames.map((family) => (
          <label key={family} class="choice">
            <input
              type="checkbox"
              name={id('families')}
              value={family}
              defaultChecked={families.includes(family)}
            />
            {t.families[family]}
          </label>
        ))}
      </fieldset>
      <DetailChoice t={t} name={id('detail')} chosen={registration.detail} />
      <button type="submit" class="secondary">
        {t.settingsSave}
      </button>
    </form>
  );
}

/** Add a passkey on this device; someone who already has one shows it first (the hub asks). */
function PasskeySection(props: PageProps) {
  const { t } = props;
  const [message, setMessage] = useState<{ ok?: string; error?: string }>({});
  if (!browserSupportsWebAuthn()) return null;
  const add = async () => {
    try {
      const optionsJSON = await withPasskeyIfAsked(() => hub.passkey.registrationOptions.mutate());
      const response = await startRegistration({ optionsJSON: optionsJSON as never });
      await hub.passkey.register.mutate({ response: response as never });
      setMessage({ ok: t.passkeyAdded });
    } catch (failure) {
      const cancelled = failure instanceof Error && failure.name === 'NotAllowedError';
      setMessage({ error: cancelled ? t.passkeyCancelled : props.describe(failure) });
    }
  };
  return (
    <>
      <h2>{t.passkeysTitle}</h2>
      <p>{t.passkeysIntro}</p>
      <Status error={message.error} ok={message.ok} />
      <button type="button" class="secondary" onClick={add}>
        {t.passkeyAdd}
      </button>
    </>
  );
}

/**
 * Restorative justice, only ever at the victim's asking: a request to a programme for a registration
 * that chose restorative information, with the consent that lets the programme reach them (its
 * notice shown in full), and a way to stop it at any moment.
 */
function DialogueSection(props: PageProps & { me: Me }) {
  const { t, lang, me } = props;
  const [loaded, reload] = useLoaded(props, () =>
    Promise.all([hub.dialogue.mine.query(), hub.portal.agencies.query()]),
  );
  const [message, setMessage] = useState<{ ok?: string; error?: string }>({});
  const [chosen, setChosen] = useState<string | undefined>();
  const eligible = me.registrations.filter(
    (r) => r.status === 'active' && (r.families.length === 0 || r.families.includes('restorative')),
  );
  if (!loaded || eligible.length === 0) return null;
  const [{ requests }, { agencies }] = loaded;
  const programmes = agencies.filter((a) => a.kind === 'restorative_programme');
  if (programmes.length === 0 && requests.length === 0) return null;
  const until = new Date(Date.now() + 365 * 86_400_000);
  const notice = (programme: string) =>
    t.consentNotice(
      programme,
      t.purposes.victim_services,
      list(lang, [inSentence(t.fields.name), inSentence(t.fields.contact_channels)]),
      day(lang, until),
    );

  const ask = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const programme = programmes.find((p) => p.id === chosen) ?? programmes[0]!;
    const registration =
      eligible.find((r) => r.id === fieldValue(form, 'dialogue-registration')) ?? eligible[0]!;
    try {
      const noticeHash = await sha256Hex(notice(programme.name));
      const { consentId } = await withPasskeyIfAsked(() =>
        hub.consent.grant.mutate({
          registrantId: me.registrantId,
          recipientAgencyId: programme.id,
          purpose: 'victim_services',
          fields: ['name', 'contact_channels'],
          caseRef: registration.subjectRef,
          expiresAt: until,
          regime: 'community_advocate',
          noticeHash,
        }),
      );
      await hub.dialogue.request.mutate({
        registrationId: registration.id,
        programmeAgencyId: programme.id,
        consentId,
      });
      setMessage({ ok: t.dialogueAsked });
      reload();
    } catch (failure) {
      setMessage({ error: props.describe(failure) });
    }
  };
  const withdraw = async (requestId: string) => {
    try {
      await hub.dialogue.withdraw.mutate({ requestId });
      setMessage({ ok: t.dialogueWithdrawn });
      reload();
    } catch (failure) {
      setMessage({ error: props.describe(failure) });
    }
  };

  return (
    <>
      <h2>{t.dialogueTitle}</h2>
      <p>{t.dialogueIntro}</p>
      <Status error={message.error} ok={message.ok} />
      {requests.length > 0 && (
        <ul class="plain">
          {requests.map((r) => (
            <li key={r.requestId}>
              {r.programmeName}: <span class="tag">{t.dialogueView[r.view]}</span>{' '}
              {(r.view === 'with_programme' || r.view === 'in_progress') && (
                <button type="button" class="danger" onClick={() => withdraw(r.requestId)}>
                  {t.dialogueWithdraw}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {programmes.length > 0 && (
        <form onSubmit={ask} noValidate>
          <Field id="dialogue-programme" label={t.dialogueProgramme}>
            {(aria) => (
              <select {...aria} onChange={(e) => setChosen(e.currentTarget.value)}>
                {programmes.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {eligible.length > 1 && (
            <Field id="dialogue-registration" label={t.caseRef}>
              {(aria) => (
                <select {...aria}>
                  {eligible.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.subjectRef}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <div class="consent-notice">
            <h3>{t.consentNoticeTitle}</h3>
            <p data-testid="dialogue-consent-notice">
              {notice((programmes.find((p) => p.id === chosen) ?? programmes[0]!).name)}
            </p>
          </div>
          <button type="submit" class="secondary">
            {t.dialogueAsk}
          </button>
        </form>
      )}
    </>
  );
}

/** Letters held for the victim's case: shown only to someone who chose restorative information. */
function LettersSection(props: PageProps) {
  const { t, lang } = props;
  const [loaded, reload] = useLoaded(props, () => hub.letters.mine.query());
  const [opened, setOpened] = useState<Record<string, { text: string } | { url: string; type: string }>>({});
  const [message, setMessage] = useState<{ ok?: string; error?: string }>({});
  if (!loaded || loaded.letters.length === 0) return null;
  const ask = async (letterId: string, registrationId: string) => {
    try {
      await hub.letters.ask.mutate({ letterId, registrationId });
      reload();
    } catch (failure) {
      setMessage({ error: props.describe(failure) });
    }
  };
  const read = async (letterId: string, registrationId: string) => {
    try {
      const letter = await hub.letters.read.query({ letterId, registrationId });
      // A scan is shown from memory (a blob), never stored by the browser or fetched again.
      const shown =
        'text' in letter
          ? { text: letter.text }
          : {
              type: letter.scan.type,
              url: URL.createObjectURL(
                new Blob([Uint8Array.from(atob(letter.scan.base64), (c) => c.charCodeAt(0))], {
                  type: letter.scan.type,
                }),
              ),
            };
      setOpened((now) => ({ ...now, [letterId]: shown }));
    } catch (failure) {
      setMessage({ error: props.describe(failure) });
    }
  };
  return (
    <>
      <h2>{t.lettersTitle}</h2>
      <Status error={message.error} ok={message.ok} />
      <ul class="cards">
        {loaded.letters.map((l) => (
          <li key={`${l.letterId}-${l.registrationId}`} class="card">
            <p>{t.letterHeld(l.fromAgencyName, day(lang, l.receivedAt))}</p>
            {l.state === 'held' && (
              <button type="button" class="secondary" onClick={() => ask(l.letterId, l.registrationId)}>
                {t.letterAsk}
              </button>
            )}
            {l.state === 'screening' && <p>{t.letterScreening}</p>}
            {l.state === 'withheld' && (
              <p>
                {t.letterWithheld[(l.withheldReason ?? 'victim_safety') as keyof Messages['letterWithheld']]}
              </p>
            )}
            {l.state === 'released' &&
              (opened[l.letterId] ? (
                <LetterShown t={t} letter={opened[l.letterId]!} />
              ) : (
                <button type="button" onClick={() => read(l.letterId, l.registrationId)}>
                  {t.letterRead}
                </button>
              ))}
          </li>
        ))}
      </ul>
    </>
  );
}

/** A letter's words, or its scan: an image shown, a PDF opened in the browser's own viewer. */
function LetterShown({
  t,
  letter,
}: {
  t: Messages;
  letter: { text: string } | { url: string; type: string };
}) {
  if ('text' in letter)
    return (
      <blockquote aria-label={t.letterText} class="notice-text">
        {letter.text}
      </blockquote>
    );
  if (letter.type === 'application/pdf')
    return (
      <p>
        <a href={letter.url} target="_blank" rel="noopener">
          {t.letterOpenScan}
        </a>
      </p>
    );
  return <img src={letter.url} alt={t.letterScanAlt} class="letter-scan" />;
}
