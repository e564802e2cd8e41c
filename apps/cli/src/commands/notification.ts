import {
  actOnNotification,
  type CoordinatorAction,
  NotificationActionError,
  notificationStatus,
} from '@switchboard/coordination';
import type { NotificationStatus } from '@switchboard/workflows/contract';
import type { Client } from '@temporalio/client';
import { UsageError } from './publish';

export const notificationUsage = `switchboard notification <action> <workflow id>

  status   <workflow id>   where the notification stands
  confirm  <workflow id>   mark urgent news confirmed: you reached the registrant by phone
  resend   <workflow id>   send it again now (also releases one held for quiet hours)
  stop     <workflow id>   end it: no more repeats, no escalation

The workflow id is the one Temporal UI shows (notify:<agency>:<event>:<registration>).`;

const actions: Record<string, CoordinatorAction | 'status'> = {
  status: 'status',
  confirm: 'confirm',
  resend: 'resend',
  stop: 'stop',
};

export interface NotificationCommand {
  action: CoordinatorAction | 'status';
  workflowId: string;
}

/** Checked before anything is connected, so a typo gets the usage, not a connection error. */
export function parseNotificationCommand(args: string[]): NotificationCommand {
  const [name, workflowId] = args;
  const action = name ? actions[name] : undefined;
  if (!action || !workflowId || args.length > 2) throw new UsageError(notificationUsage);
  return { action, workflowId };
}

/** Coordinators' actions on one registrant's notification; prints where it stands afterwards. */
export async function runNotificationCommand(
  temporal: Client,
  { action, workflowId }: NotificationCommand,
  print: (line: string) => void,
): Promise<number> {
  try {
    const status =
      action === 'status'
        ? await notificationStatus(temporal, workflowId)
        : await actOnNotification(temporal, workflowId, action);
    print(describe(workflowId, status));
    return 0;
  } catch (error) {
    if (error instanceof NotificationActionError) {
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
