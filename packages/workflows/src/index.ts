// Workflow code only: the worker bundles this file. Callers import '@switchboard/workflows/contract'.
export { caseEventWorkflow } from './case-event.workflow';
export { consentWorkflow } from './consent.workflow';
export { dialogueRequestWorkflow } from './dialogue-request.workflow';
export { feedHealthWorkflow } from './feed-health.workflow';
export { hearingWorkflow } from './hearing.workflow';
export { notifyRegistrationWorkflow } from './notify-registration.workflow';
export { paroleReviewWorkflow } from './parole-review.workflow';
export { verifyContactPointWorkflow } from './verify-contact-point.workflow';
