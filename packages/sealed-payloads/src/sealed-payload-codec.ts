import { type DataKeyring, openBytes, sealBytes } from '@switchboard/sealing';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec, ValueError } from '@temporalio/common';
import proto from '@temporalio/proto';

/** How a sealed payload announces itself; anything else passes through decode untouched. */
export const SEALED_ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
// A CommonJS module: its default export is the namespace under Node's ESM loader and under Vite.
const { temporal } = proto;
const text = new TextEncoder();
const untext = new TextDecoder();

/**
 * Seals every payload Temporal stores (workflow inputs, results, signals, activity arguments,
 * summaries) under the hub's current data key, so Temporal's database and histories hold no
 * readable content; the key id travels in the metadata for rotation. Workflow inputs carry
 * identifiers only anyway; this makes that a property of the storage, not only of our habits.
 */
export class SealedPayloadCodec implements PayloadCodec {
  constructor(private readonly keyring: DataKeyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(
      payloads.map(async (payload) => {
        const sealed = await sealBytes(this.keyring, temporal.api.common.v1.Payload.encode(payload).finish());
        return {
          metadata: {
            [METADATA_ENCODING_KEY]: text.encode(SEALED_ENCODING),
            [KEY_ID]: text.encode(this.keyring.current),
          },
          data: text.encode(sealed),
        };
      }),
    );
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(
      payloads.map(async (payload) => {
        const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
        if (!encoding || untext.decode(encoding) !== SEALED_ENCODING) return payload;
        if (!payload.data) throw new ValueError('sealed payload has no data');
        const sealed = untext.decode(payload.data);
        const inner = temporal.api.common.v1.Payload.decode(await openBytes(this.keyring, sealed));
        return { metadata: inner.metadata ?? {}, data: inner.data ?? undefined };
      }),
    );
  }
}

/** What every Temporal client and worker of the hub is given, so they all read what the others write. */
export function sealedDataConverter(keyring: DataKeyring) {
  return { payloadCodecs: [new SealedPayloadCodec(keyring)] };
}
