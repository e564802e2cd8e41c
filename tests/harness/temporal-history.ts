import { SealedPayloadCodec } from '@switchboard/sealed-payloads';
import type { DataKeyring } from '@switchboard/sealing';
import type { WorkflowHandle } from '@temporalio/client';

/** Payload bytes arrive base64-encoded; shown as text so a leak inside one is visible. */
export const base64Data = (key: string, value: unknown) =>
  key === 'data' && typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : value;

/** Every sealed payload in a JSON-shaped history, replaced by what it holds. */
export async function openPayloads(node: unknown, codec: SealedPayloadCodec): Promise<unknown> {
  if (Array.isArray(node)) return Promise.all(node.map((n) => openPayloads(n, codec)));
  if (typeof node !== 'object' || node === null) return node;
  const value = node as { metadata?: Record<string, string>; data?: string };
  if (value.metadata?.encoding && typeof value.data === 'string') {
    const [opened] = await codec.decode([
      {
        metadata: Object.fromEntries(
          Object.entries(value.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
        ),
        data: Buffer.from(value.data, 'base64'),
      },
    ]);
    return { data: Buffer.from(opened!.data ?? []).toString('base64') };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = await openPayloads(v, codec);
  return out;
}

/** A workflow's history and description as the stored JSON, and as text with its payloads opened. */
export async function historyText(handle: WorkflowHandle, keyring: DataKeyring) {
  const raw = JSON.parse(
    JSON.stringify({ history: await handle.fetchHistory(), description: (await handle.describe()).raw }),
  );
  return {
    stored: JSON.stringify(raw, base64Data),
    opened: JSON.stringify(await openPayloads(raw, new SealedPayloadCodec(keyring)), base64Data),
  };
}
