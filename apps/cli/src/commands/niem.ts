import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { readSigningKey, signClientAssertion } from '@switchboard/agency-sdk';
import { type BusNames, type NatsConnection, type PublishOutcome, publishCaseEvent } from '@switchboard/bus';
import { signEvent } from '@switchboard/event-signature';
import { niemEventId } from '@switchboard/niem';
import { hubUrl } from './hub-session';
import { defaultKeyFile, UsageError } from './publish';

export const niemUsage = `switchboard niem <action>

  publish <file> --agency <id> [--key <private jwk>] [--message-type Booking|Release]
      sign a NIEM exchange (a BookingExchange or CourtEventExchange, bare XML or in its JSON
      envelope) with the agency's key, publish it, print the receipt. --message-type wraps bare XML
      in an envelope saying whether a booking message is a booking or a release.
  profile <file.json> --agency <id> [--key <private jwk>]
      set what the agency's messages leave out, through the hub as the agency:
      {"facility": "...", "timeZone": "America/Los_Angeles", "hearingCodes": {"PRLM": "preliminary"}}`;

export async function runNiemCommand(
  deps: {
    nc: () => Promise<{ nc: NatsConnection; names: BusNames; close(): Promise<void> }>;
    keysDir: string;
  },
  args: string[],
  options: { agency?: string; key?: string; 'message-type'?: string },
  print: (line: string) => void,
): Promise<PublishOutcome | undefined> {
  const [action, file] = args;
  if (!file || (action !== 'publish' && action !== 'profile')) throw new UsageError(niemUsage);
  const agencyId = options.agency;
  if (!agencyId)
    throw new UsageError(`niem ${action} needs --agency <id>: a NIEM message does not say who sent it`);
  const keyFile = options.key ?? defaultKeyFile(deps.keysDir, agencyId);
  if (!existsSync(keyFile))
    throw new UsageError(`no signing key for ${agencyId} at ${keyFile}; give --key <private JWK file>`);
  const key = await readSigningKey(keyFile);
  const text = await readFile(file, 'utf8');

  if (action === 'profile') {
    let profile: unknown;
    try {
      profile = JSON.parse(text);
    } catch {
      throw new UsageError(`${file} is not JSON`);
    }
    const audience = hubUrl();
    const response = await fetch(new URL('/trpc/feed.setNiemProfile', audience), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await signClientAssertion({ agencyId, key, audience })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ profile }),
    });
    const answer = (await response.json()) as { result?: unknown; error?: { message?: string } };
    if (answer.error) throw new UsageError(`the hub refused the profile: ${answer.error.message}`);
    print(`NIEM profile of ${agencyId} saved`);
    return undefined;
  }

  const messageType = options['message-type'];
  let payload = text;
  if (messageType) {
    if (!/^(Booking|Release)$/.test(messageType))
      throw new UsageError('--message-type is Booking or Release');
    if (text.trimStart().startsWith('{'))
      throw new UsageError(
        'this message is in an envelope already; its Metadata.ExchangeDataType says its type',
      );
    // The envelope is what gets signed, so the type cannot be changed on the way.
    payload = JSON.stringify({
      Metadata: {
        MessageId: createHash('sha256').update(text).digest('hex').slice(0, 40),
        ExchangeDataType: messageType,
      },
      ExchangeData: text,
    });
  }
  const signature = await signEvent(payload, key);
  const bus = await deps.nc();
  try {
    return await publishCaseEvent(bus.nc, bus.names, agencyId, payload, {
      signature,
      niem: true,
      eventId: niemEventId(payload),
    });
  } finally {
    await bus.close();
  }
}
