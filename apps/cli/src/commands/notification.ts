import type { NotificationStatus } from '@switchboard/workflows/contract';
import { callHub, HubRefused } from './hub-session';
import { UsageError } from './publish';

export const notificationUsage = `switchboard notification <action> <workflow id> [--reason "<why>"]

  status   <workflow id>   where the notification stands
  confirm  <workflow id>   mark urgent news confirmed: you reached the registrant by phone
  resend   <workflow id>   send it again now (also releases one held for quiet hours)
  stop     <workflow id>   end it: no more repeats, no escalation

As the coordinator signed in with \`switchboard staff sign-in\`; every action but status says why
(--reason), which goes to the audit trail with your name. The workflow id is the one Temporal UI
shows (notify:<agency>:<event>:<registration>).`;

const actions = { status: 'status', confirm: 'confirmByPhone', resend: 'resend', stop: 'stop' } as const;

export interface NotificationCommand {
  action: keyof typeof actions;
  workflowId: string;
  reason?: string;
}

/** Checked before anything is connected, so a typo gets the usage, not a connection error. */
export function parseNotificationCommand(args: string[], reason?: string): NotificationCommand {
  const [name, workflowId] = args;
  if (!name || !(name in actions) || !workflowId || args.length > 2) throw new UsageError(notificationUsage);
  const action = name as keyof typeof actions;
  if (action !== 'status' && !reason?.trim())
    throw new UsageError(`say why with --reason "…": it goes to the audit trail\n\n${notificationUsage}`);
  return { action, workflowId, reason };
}

/** Coordinators' actions on one registrant's notification, through the hub; prints where it stands. */
export async function runNotificationCommand(
  { action, workflowId, reason }: NotificationCommand,
  print: (line: string) => void,
): Promise<number> {
  try {
    const status = (await callHub(
      `notification.${actions[action]}`,
      action === 'status' ? 'query' : 'mutation',
      action === 'status' ? { workflowId } : { workflowId, reason },
    )) as NotificationStatus;
    print(describe(workflowId, status));
    return 0;
  } catch (error) {
    if (error instanceof HubRefused) {
      print(`switchboard: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function describe(workflowId: string, status: NotificationStatus): string {
  const parts = [`${workflowId}: ${status.state}`, `sent ${status.rounds} time(s)`];
  if (status.confirmedBy) parts.push(`confirmed by ${status.confirmedBy}`);
  if (status.holdUntil) parts.push(`held until ${status.holdUntil}`);
  return parts.join(', ');
}
