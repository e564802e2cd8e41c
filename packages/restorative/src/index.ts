export {
  askForApologyLetter,
  depositApologyLetter,
  depositLetterInput,
  LetterRefused,
  type LetterView,
  letterRequest,
  letterScreening,
  lettersOfRegistration,
  noContactOrderStands,
  readApologyLetter,
  screenApologyLetter,
} from './apology-letters';
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
