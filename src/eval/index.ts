export { citationKey, type EvalQuestion, readQuestionSet } from './question-set.js';
export { type EvalResult, type EvalTotals, percentile, runEval } from './run-eval.js';
