import { HubKeys } from '@switchboard/consent';
import { type Db, resealPersonalData, verifyAuditChain } from '@switchboard/db';
import { parseDataKeys } from '@switchboard/sealing';
import { UsageError } from './publish';

export const auditUsage = `switchboard audit verify     walk the audit trail's hash chain; name the first broken link`;
export const keysUsage = `switchboard keys <action>
  new-data-key                     print a new DATA_KEYS entry (prepend it to DATA_KEYS to rotate)
  new-index-key                    print a new DATA_INDEX_KEY (blind indexes of sealed values; never rotated)
  reseal                           seal values stored in clear and re-seal those under older data keys
  rotate-hub-key                   a new consent-signing key; tokens signed by the old one stay valid`;

/** Exit 0 when the chain holds, 1 naming the first record that breaks it. */
export async function runAuditCommand(
  db: Db,
  args: string[],
  print: (line: string) => void,
): Promise<number> {
  if (args[0] !== 'verify') throw new UsageError(auditUsage);
  const started = Date.now();
  const result = await verifyAuditChain(db, (checked) => {
    if (checked > 0) print(`  … ${checked} records checked`);
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.ok) {
    print(`audit trail intact: ${result.records} records, head ${result.head} (${seconds} s)`);
    return 0;
  }
  print(`audit trail BROKEN at record ${result.brokenAt}: ${result.problem}`);
  print(
    `  ${result.records - 1} records before it verified; nothing after it can be trusted until explained`,
  );
  return 1;
}

export async function runKeysCommand(
  db: () => Promise<Db>,
  config: { DATA_KEYS?: string; DATA_INDEX_KEY?: string; CONSENT_TOKEN_TTL_SECONDS: number },
  args: string[],
  print: (line: string) => void,
): Promise<number> {
  switch (args[0]) {
    case 'reseal': {
      const keyring = parseDataKeys(config.DATA_KEYS, config.DATA_INDEX_KEY);
      const report = await resealPersonalData(await db(), keyring, (what, r) => {
        if (r.sealed + r.rotated > 0)
          print(`  ${what}: ${r.sealed} sealed, ${r.rotated} re-sealed, ${r.unchanged} current`);
      });
      print(
        `personal data under data key ${keyring.current}: ${report.sealed} sealed from clear, ${report.rotated} re-sealed from older keys, ${report.unchanged} already current`,
      );
      return 0;
    }
    case 'rotate-hub-key': {
      const hubKeys = new HubKeys({
        db: await db(),
        keyring: parseDataKeys(config.DATA_KEYS, config.DATA_INDEX_KEY),
        tokenTtlSeconds: config.CONSENT_TOKEN_TTL_SECONDS,
      });
      const kid = await hubKeys.rotate();
      print(
        `consent tokens are now signed with ${kid}; the previous key verifies for ${config.CONSENT_TOKEN_TTL_SECONDS} s more`,
      );
      return 0;
    }
    default:
      throw new UsageError(keysUsage);
  }
}
