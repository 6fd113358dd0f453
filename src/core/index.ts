export { checkQuestion, MAX_QUESTION_CHARS } from './ask/question-guard.js';
export type { AskOptions } from './context.js';
export type { Copilot } from './copilot.js';
export { type CopilotCore, type CopilotDependencies, createCopilot } from './create-copilot.js';
export type { EscalationDesk } from './escalation/escalation-desk.js';
export { isAdmin, readersOf, userPrincipals } from './governance/principals.js';
export * from './ports.js';
export * from './reply.js';
export * from './turn.js';
