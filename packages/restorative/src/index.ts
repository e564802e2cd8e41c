export {
  DialogueRefused,
  type DialogueStep,
  dialogueRequestInput,
  dialogueRequestOf,
  requestDialogue,
  takeDialogueStep,
  type VictimView,
  victimView,
} from './dialogue-requests';
