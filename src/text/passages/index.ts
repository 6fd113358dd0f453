export { type AnswerKind, answerKindOf, holdsAnswerKind } from './answer-cues.js';
export {
  asksAsHeading,
  asksQuestion,
  findPassage,
  findPassages,
  type Passage,
  type PassageSource,
  passageText,
} from './passage-finder.js';
export { type Unit, unitsOf } from './passage-units.js';
