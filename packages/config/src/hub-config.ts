import { type TemporalTarget, temporalTarget } from '@switchboard/temporal';
import { z } from 'zod';

/**
 * Every process reads the same environment once, at start-up. Defaults work on a developer machine
 * where `infra/up.sh` has brought the services up; each bad value is reported by name.
 */
const hubEnv = z
  .object({
    DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/switchboard'),
    NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
    /** First token of every NATS subject and stream name, so several hubs (or test runs) can share a server. */
    NATS_PREFIX: z
      .string()
      .regex(/^[a-z][a-z0-9]{0,15}$/, 'must be 1-16 lower-case letters or digits, starting with a letter')
      .default('sb'),
    /** Only for a NATS server that authenticates by NKey: the file holding the hub user's seed. */
    NATS_NKEY_SEED_FILE: z.string().min(1).optional(),
    /** For a NATS deployment in operator mode (accounts issued by `nsc`): the hub user's .creds file. */
    NATS_CREDS_FILE: z.string().min(1).optional(),
    /** For NATS over TLS: the CA that signed the servers' certificates. */
    NATS_CA_FILE: z.string().min(1).optional(),
    /** Copies of each JetStream stream: 3 on a three-node cluster, so one node may fail; 1 on one server. */
    NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('switchboard'),
    SMTP_HOST: z.string().min(1).default('127.0.0.1'),
    SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(2525),
    MAIL_FROM: z.string().min(3).default('Switchboard <notifications@switchboard.localhost>'),
    API_HOST: z.string().min(1).default('127.0.0.1'),
    API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Prometheus metrics (`GET /metrics`), each process on a port of its own; 0: not served. */
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    API_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9100),
    INGEST_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9101),
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9102),
    /** The API's address as registrants reach it: confirmation links in urgent notices point here. */
    PUBLIC_URL: z.url().optional(),
    /** The coordinators' desk: told by email when urgent news goes unconfirmed. */
    COORDINATOR_EMAIL: z.email().optional(),
    /** Urgent news is repeated this often until confirmed (a registrant may choose their own). */
    URGENT_REPEAT_EVERY_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .default(30 * 60),
    /** … for this long, then escalated to the registrant's advocate and the coordinators. */
    URGENT_REPEAT_FOR_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .default(24 * 3600),
    /** How long before a hearing its reminders go out, in seconds, comma-separated (a week and a day). */
    HEARING_REMINDERS_SECONDS: z
      .string()
      .regex(/^\d+(,\d+)*$/, 'must be whole seconds separated by commas, like 604800,86400')
      .default('604800,86400')
      .transform((list) => list.split(',').map(Number)),
    /** How long before a parole review's statement window closes registrants who have not written are reminded. */
    STATEMENT_REMINDER_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .default(3 * 86_400),
    /** Safety holds: the longest one may run from when it is placed or renewed, in hours. */
    SAFETY_HOLD_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(168),
    /** How often a held notice looks whether its hold was released or renewed, in seconds. */
    SAFETY_HOLD_RECHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    /** A telephony provider speaking Twilio's REST API (https://api.twilio.com, or a compatible gateway): texts and calls; neither without it. */
    SMS_API_BASE: z.url().optional(),
    SMS_ACCOUNT_SID: z.string().min(1).optional(),
    SMS_AUTH_TOKEN: z.string().min(1).optional(),
    /** The number texts and calls come from. */
    SMS_FROM: z.string().min(1).optional(),
    /**
     * A second provider (another account and number, same API) that texts and calls fail over to
     * when the first certainly did not take a message.
     */
    SMS_FALLBACK_API_BASE: z.url().optional(),
    SMS_FALLBACK_ACCOUNT_SID: z.string().min(1).optional(),
    SMS_FALLBACK_AUTH_TOKEN: z.string().min(1).optional(),
    SMS_FALLBACK_FROM: z.string().min(1).optional(),
    /**
     * `allow` lets webhooks reach loopback and private networks (an advocates' system on the hub's
     * own network); refused by default, so a webhook can never be a way into the hub's network.
     */
    WEBHOOK_PRIVATE_TARGETS: z.enum(['refuse', 'allow']).default('refuse'),
    /** A webhook endpoint failing this many times in a row is disabled and its owner told. */
    WEBHOOK_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    /** One send attempt's limit; a worker that dies mid-send is replaced after this long. */
    DELIVERY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(30),
    /**
     * Data keys sealing personal data at rest, `kid:base64url-32-bytes`, comma-separated, the first
     * current (rotation: prepend a new one, keep the old). `switchboard keys new-data-key` makes one.
     */
    DATA_KEYS: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_-]{43}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_-]{43})*$/,
        'must be kid:key[,kid:key…] with 32-byte base64url keys',
      )
      .optional(),
    /** Keys the blind indexes of sealed values (32 bytes, base64url); `switchboard keys new-index-key`. */
    DATA_INDEX_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, 'must be 32 bytes, base64url')
      .optional(),
    /**
     * The Temporal UI's origin, allowed to call the codec endpoint (<PUBLIC_URL>/codec) from the
     * browser with a signed-in coordinator's session cookie; it must be the same site as PUBLIC_URL.
     */
    TEMPORAL_UI_ORIGIN: z.url().default('http://127.0.0.1:8233'),
    /**
     * Host names the API answers to besides PUBLIC_URL's and the loopback names, comma-separated;
     * any other Host header is refused (DNS rebinding).
     */
    API_ALLOWED_HOSTS: z
      .string()
      .default('')
      .transform((list) =>
        list
          .split(',')
          .map((h) => h.trim())
          .filter(Boolean),
      ),
    /** The longest a consent may run before the victim is asked again. */
    CONSENT_MAX_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
    /** A consent token's life (never past its grant's expiry); revocation is checked at every use regardless. */
    CONSENT_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).default(86_400),
    /** The registrant is reminded this long before a consent expires. */
    CONSENT_REMINDER_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .default(14 * 86_400),
    /** Burst protection: urgent and high events from one agency are counted over this window… */
    BURST_WINDOW_SECONDS: z.coerce.number().int().min(1).default(600),
    /** …and held for a coordinator when they exceed this many times the agency's usual count… */
    BURST_FACTOR: z.coerce.number().min(1).default(5),
    /** …and this many, whatever the usual count. */
    BURST_MINIMUM: z.coerce.number().int().min(1).default(20),
    /** How far back an agency's usual rate is measured. */
    BURST_BASELINE_DAYS: z.coerce.number().int().min(1).max(90).default(7),
    /** A name-and-birth-date match across agencies links references by itself at this confidence or above; below, a coordinator reviews it. */
    LINK_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.85),
    /** An unhealthy feed is looked at again this often, to notice it has come back. */
    FEED_RECHECK_SECONDS: z.coerce.number().int().min(1).default(60),
    /** Staff sign-in: the organisation's OpenID provider (Entra ID, Okta, Keycloak, Login.gov…). */
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** The command line's public client at the same provider (device authorization grant); none: no CLI sign-in. */
    OIDC_CLI_CLIENT_ID: z.string().min(1).optional(),
    /** The ID token claim carrying Switchboard roles (coordinator, supervisor, admin). */
    OIDC_ROLES_CLAIM: z.string().min(1).default('switchboard_roles'),
    /** Comma-separated `amr` values, one of which a sign-in must show (a second factor). */
    OIDC_REQUIRED_AMR: z
      .string()
      .regex(/^[\w-]+(,[\w-]+)*$/, 'must be amr values separated by commas, like mfa,hwk')
      .default('mfa')
      .transform((list) => list.split(',')),
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  })
  .refine((env) => !(env.NATS_NKEY_SEED_FILE && env.NATS_CREDS_FILE), {
    message: 'NATS_NKEY_SEED_FILE and NATS_CREDS_FILE are two ways to sign in to NATS: set one',
    path: ['NATS_CREDS_FILE'],
  })
  .refine((env) => !env.OIDC_ISSUER || (env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET), {
    message: 'OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too',
    path: ['OIDC_ISSUER'],
  })
  .refine(
    (env) =>
      !env.SMS_FALLBACK_API_BASE ||
      (env.SMS_API_BASE &&
        env.SMS_FALLBACK_ACCOUNT_SID &&
        env.SMS_FALLBACK_AUTH_TOKEN &&
        env.SMS_FALLBACK_FROM),
    {
      message:
        'SMS_FALLBACK_API_BASE needs SMS_FALLBACK_ACCOUNT_SID, SMS_FALLBACK_AUTH_TOKEN, SMS_FALLBACK_FROM and a first provider (SMS_API_BASE)',
      path: ['SMS_FALLBACK_API_BASE'],
    },
  )
  .refine((env) => !env.SMS_API_BASE || (env.SMS_ACCOUNT_SID && env.SMS_AUTH_TOKEN && env.SMS_FROM), {
    message: 'SMS_API_BASE needs SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM too',
    path: ['SMS_API_BASE'],
  });

/**
 * `temporal`: read from TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*,
 * TEMPORAL_PROFILE and TEMPORAL_CONFIG_FILE as every Temporal tool reads them (`@switchboard/temporal`).
 */
export type HubConfig = z.infer<typeof hubEnv> & { PUBLIC_URL: string; temporal: TemporalTarget };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const parsed = hubEnv.safeParse(env);
  let temporal: TemporalTarget | undefined;
  let temporalProblem: string | undefined;
  try {
    temporal = temporalTarget(env);
  } catch (error) {
    temporalProblem = `  TEMPORAL_PROFILE / TEMPORAL_CONFIG_FILE: ${(error as Error).message}`;
  }
  if (parsed.success && temporal) {
    const config = parsed.data;
    return {
      ...config,
      PUBLIC_URL: config.PUBLIC_URL ?? `http://${config.API_HOST}:${config.API_PORT}`,
      temporal,
    };
  }
  const lines = (parsed.error?.issues ?? []).map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  if (temporalProblem) lines.push(temporalProblem);
  throw new ConfigError(`invalid configuration in the environment:\n${lines.join('\n')}`);
}

/** The telephony provider (texts and calls), when one is configured; receipts come back to the API. */
export function telephonyProviderOf(config: HubConfig) {
  if (!config.SMS_API_BASE || !config.SMS_ACCOUNT_SID || !config.SMS_AUTH_TOKEN || !config.SMS_FROM)
    return undefined;
  return {
    apiBase: config.SMS_API_BASE,
    accountSid: config.SMS_ACCOUNT_SID,
    authToken: config.SMS_AUTH_TOKEN,
    from: config.SMS_FROM,
    statusCallbackUrl: `${config.PUBLIC_URL}/providers/sms/status`,
    callStatusCallbackUrl: `${config.PUBLIC_URL}/providers/voice/status`,
  };
}

/** The second telephony provider texts and calls fail over to, when one is configured. */
export function telephonyFallbackOf(config: HubConfig) {
  const first = telephonyProviderOf(config);
  if (
    !first ||
    !config.SMS_FALLBACK_API_BASE ||
    !config.SMS_FALLBACK_ACCOUNT_SID ||
    !config.SMS_FALLBACK_AUTH_TOKEN ||
    !config.SMS_FALLBACK_FROM
  )
    return undefined;
  return {
    ...first,
    apiBase: config.SMS_FALLBACK_API_BASE,
    accountSid: config.SMS_FALLBACK_ACCOUNT_SID,
    authToken: config.SMS_FALLBACK_AUTH_TOKEN,
    from: config.SMS_FALLBACK_FROM,
  };
}

/** Burst protection's thresholds, as ingest and its dispatcher apply them. */
export function burstSettings(config: HubConfig) {
  return {
    windowSeconds: config.BURST_WINDOW_SECONDS,
    factor: config.BURST_FACTOR,
    minimum: config.BURST_MINIMUM,
    baselineDays: config.BURST_BASELINE_DAYS,
  };
}
