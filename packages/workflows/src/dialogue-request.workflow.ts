import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  type DialogueActivities,
  type DialogueState,
  dialogueStateQuery,
  endDialogueUpdate,
  offenderAnswerUpdate,
  openDialogueStates,
  screenDialogueUpdate,
} from './contract';

const { recordDialogueState } = proxyActivities<DialogueActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * One dialogue request, from the victim's asking to its end: screening by the programme, then the
 * offender side asked, then arranging; either side may end it at any point, and a step that does
 * not fit where it stands is refused (the offender side is never asked before screening). Each state
 * is written where the victim and the programme read it; what the victim sees of an end is only
 * that it ended.
 */
export async function dialogueRequestWorkflow(input: { requestId: string }): Promise<DialogueState> {
  let state: DialogueState = 'screening';
  const move = (to: DialogueState) => {
    state = to;
    return state;
  };
  const expect = (allowed: DialogueState, step: string) => {
    if (state !== allowed)
      throw new Error(`${step} does not fit a request that is ${state.replaceAll('_', ' ')}`);
  };

  setHandler(dialogueStateQuery, () => state);
  setHandler(
    screenDialogueUpdate,
    ({ outcome }: { outcome: 'proceed' | 'screened_out' }) =>
      move(outcome === 'proceed' ? 'offender_asked' : 'screened_out'),
    { validator: (_: { outcome: 'proceed' | 'screened_out' }) => expect('screening', 'screening') },
  );
  setHandler(
    offenderAnswerUpdate,
    ({ answer }: { answer: 'agreed' | 'declined' }) => move(answer === 'agreed' ? 'arranging' : 'declined'),
    {
      validator: (_: { answer: 'agreed' | 'declined' }) =>
        expect('offender_asked', "the offender side's answer"),
    },
  );
  setHandler(
    endDialogueUpdate,
    ({ by }: { by: 'victim' | 'offender_side' | 'programme_concluded' }) =>
      move(
        by === 'victim'
          ? 'withdrawn_by_victim'
          : by === 'offender_side'
            ? 'ended_by_offender_side'
            : 'concluded',
      ),
    {
      validator: ({ by }: { by: 'victim' | 'offender_side' | 'programme_concluded' }) => {
        if (!openDialogueStates.includes(state)) throw new Error('this request has already ended');
        if (by === 'programme_concluded') expect('arranging', 'concluding');
      },
    },
  );

  let recorded: DialogueState | undefined;
  for (;;) {
    await recordDialogueState({ requestId: input.requestId, state });
    recorded = state;
    if (!openDialogueStates.includes(state)) return state;
    await condition(() => state !== recorded);
  }
}
