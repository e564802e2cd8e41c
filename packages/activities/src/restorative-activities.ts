import { setDialogueState } from '@switchboard/db';
import type { DialogueActivities } from '@switchboard/workflows/contract';
import type { ActivityDeps } from './notification-activities';

/** A dialogue request's state, written where the victim and the programme read it. Idempotent. */
export function createRestorativeActivities({ db }: Pick<ActivityDeps, 'db'>): DialogueActivities {
  return {
    async recordDialogueState({ requestId, state }) {
      await setDialogueState(db, requestId, state);
    },
  };
}
