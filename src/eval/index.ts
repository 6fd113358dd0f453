export { citationKey, type EvalQuestion, isSource, readQuestionSet } from './question-set.js';
export {
  type EvalResult,
  type EvalTotals,
  type KindTotals,
  percentile,
  runEval,
  scoreItem,
} from './run-eval.js';
