/**
 * Fits the decision to answer or abstain (src/core/ask/evidence.ts) on the development
 * question sets and checks it on questions it was not fitted on.
 *
 * Every single-turn question of the repository's sample knowledge base, the handbook set and
 * the Zava set (with the out-of-corpus questions) is searched and its evidence signals read exactly as the ask flow reads them.
 * A fixed third of each set (by a hash of the question's id) is held out; a logistic model
 * is fitted on the rest, and its threshold is the one that best balances refusing answerable
 * questions against answering unanswerable ones on the fitted part. Figures are printed for
 * both parts; `--write` stores the fitted policy in src/core/ask/evidence-weights.ts.
 *
 *   npx tsx bench/calibrate-evidence.ts [--write] [--verbose: each misjudged question]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLumen } from '../src/app/create-lumen.js';
import { loadConfig } from '../src/config/index.js';
import { inertSources } from '../src/core/ask/citations.js';
import {
  answerConfidence,
  type EvidencePolicy,
  type EvidenceSignals,
  gatherEvidence,
  hasEnoughEvidence,
} from '../src/core/ask/evidence.js';
import { DEFAULT_ASK_OPTIONS } from '../src/core/context.js';
import { EVERYONE } from '../src/core/knowledge-types.js';
import { readQuestionSet } from '../src/eval/index.js';
import { ingestFolder } from '../src/knowledge/ingest-folder.js';
import { defaultExpander } from '../src/text/expansion/index.js';
import { HANDBOOK_DIR, SAMPLE_DIR, ZAVA_DIR } from './corpus.js';
import { heading, report } from './stats.js';

interface Example {
  set: string;
  id: string;
  question: string;
  answerable: boolean;
  signals: EvidenceSignals;
}

const SIGNALS: (keyof EvidenceSignals)[] = [
  'coverage',
  'passageCoverage',
  'absent',
  'topic',
  'passageScore',
  'margin',
  'length',
];
const HELD_OUT_FOLD = 0;
/** How much worse refusing an answerable question is than answering an unanswerable one. */
const FALSE_REFUSAL_COST = Number(process.env.FALSE_REFUSAL_COST ?? 1.5);
const FOLDS = 3;
const WEIGHTS_FILE = resolve(import.meta.dirname, '../src/core/ask/evidence-weights.ts');

const SETS = [
  {
    name: 'samples',
    docs: SAMPLE_DIR,
    questions: [resolve(import.meta.dirname, 'quality/sample-questions.jsonl')],
  },
  {
    name: 'handbook',
    docs: join(HANDBOOK_DIR, 'corpus'),
    questions: [join(HANDBOOK_DIR, 'questions.jsonl')],
  },
  {
    name: 'zava',
    docs: join(ZAVA_DIR, 'docs'),
    questions: [
      join(ZAVA_DIR, 'ground_truth.jsonl'),
      resolve(import.meta.dirname, 'quality/out-of-corpus.jsonl'),
    ],
  },
];

/** The signals of every single-turn question of one set, read as the ask flow reads them. */
async function examplesOf(set: (typeof SETS)[number]): Promise<Example[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lumen-calibrate-'));
  const lumen = await createLumen(loadConfig({ LUMEN_DATA_DIR: dataDir, LUMEN_RATE_LIMIT_PER_MINUTE: '0' }));
  const expander = defaultExpander();
  try {
    await ingestFolder(lumen.index, set.docs);
    const questions = (await Promise.all(set.questions.map(readQuestionSet))).flat();
    const examples: Example[] = [];
    for (const q of questions.filter((item) => item.turns.length === 1)) {
      const hits = await lumen.index.search({
        text: q.question,
        principals: [EVERYONE],
        top: DEFAULT_ASK_OPTIONS.top,
      });
      const sources = inertSources(
        hits
          .slice(0, DEFAULT_ASK_OPTIONS.maxSources)
          .map((hit, i) => ({ n: i + 1, chunk: hit.chunk, score: hit.score })),
      );
      const { signals } = gatherEvidence(q.question, q.question, hits, sources, expander);
      examples.push({ set: set.name, id: q.id, question: q.question, answerable: !q.expectAbstain, signals });
    }
    return examples;
  } finally {
    await lumen.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function foldOf(example: Example): number {
  return createHash('sha256').update(`${example.set}:${example.id}`).digest()[0]! % FOLDS;
}

function featuresOf(signals: EvidenceSignals): number[] {
  return SIGNALS.map((key) => signals[key]);
}

/** Logistic regression by gradient descent with a little L2, each class weighted equally. */
function fitLogistic(examples: Example[]): { bias: number; weights: number[] } {
  const positives = examples.filter((e) => e.answerable).length;
  const negatives = examples.length - positives;
  const classWeight = (e: Example) =>
    e.answerable ? examples.length / (2 * positives) : examples.length / (2 * negatives);
  let bias = 0;
  let weights = SIGNALS.map(() => 0);
  const rate = 0.5;
  const l2 = 0.001;
  for (let step = 0; step < 20_000; step++) {
    let gradBias = 0;
    const grad = weights.map(() => 0);
    for (const e of examples) {
      const x = featuresOf(e.signals);
      const p = sigmoid(bias + x.reduce((sum, v, j) => sum + v * weights[j]!, 0));
      const error = (p - (e.answerable ? 1 : 0)) * classWeight(e);
      gradBias += error;
      x.forEach((v, j) => {
        grad[j]! += error * v;
      });
    }
    bias -= (rate * gradBias) / examples.length;
    weights = weights.map((w, j) => w - rate * (grad[j]! / examples.length + l2 * w));
  }
  return { bias, weights };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Share of answerable questions refused and of unanswerable ones refused at a threshold. */
function rates(policy: EvidencePolicy, examples: Example[]) {
  const answerable = examples.filter((e) => e.answerable);
  const unanswerable = examples.filter((e) => !e.answerable);
  const refused = (e: Example) => !hasEnoughEvidence(e.signals, policy);
  return {
    answerable: answerable.length,
    falseRefusals: answerable.filter(refused).length,
    unanswerable: unanswerable.length,
    unanswerableRefused: unanswerable.filter(refused).length,
  };
}

/** The threshold that best balances the two errors (each as a share of its class). */
function chooseThreshold(policy: Omit<EvidencePolicy, 'threshold'>, examples: Example[]): number {
  let best = { threshold: 0.5, cost: Number.POSITIVE_INFINITY };
  for (let t = 0.2; t <= 0.8; t += 0.01) {
    const r = rates({ ...policy, threshold: t }, examples);
    // Refusing an answerable question counts a little more: refusals must be the exception.
    const cost =
      (FALSE_REFUSAL_COST * r.falseRefusals) / r.answerable +
      (r.unanswerable - r.unanswerableRefused) / r.unanswerable;
    if (cost < best.cost - 1e-9) best = { threshold: Math.round(t * 100) / 100, cost };
  }
  return best.threshold;
}

function describe(part: string, policy: EvidencePolicy, examples: Example[]) {
  for (const set of SETS) {
    const r = rates(
      policy,
      examples.filter((e) => e.set === set.name),
    );
    report(
      `${part}, ${set.name}`,
      `answerable refused ${r.falseRefusals}/${r.answerable}, unanswerable refused ${r.unanswerableRefused}/${r.unanswerable}`,
    );
  }
}

function showMisjudged(policy: EvidencePolicy, examples: Example[]) {
  for (const e of examples) {
    const p = answerConfidence(e.signals, policy);
    if (hasEnoughEvidence(e.signals, policy) === e.answerable) continue;
    const read = Object.entries(e.signals).map(([key, value]) => `${key} ${value.toFixed(2)}`);
    console.log(
      `  ${e.answerable ? 'refused' : 'answered'} ${p.toFixed(2)}  ${e.question}  (${read.join(', ')})`,
    );
  }
}

/** Every question judged by a policy fitted without it (3 folds): steadier than one small fold. */
function crossValidate(examples: Example[]) {
  const totals = new Map<string, ReturnType<typeof rates>>();
  for (let fold = 0; fold < FOLDS; fold++) {
    const rest = examples.filter((e) => foldOf(e) !== fold);
    const { bias, weights } = fitLogistic(rest);
    const model = {
      bias,
      weights: Object.fromEntries(SIGNALS.map((key, j) => [key, weights[j]!])) as unknown as EvidenceSignals,
    };
    const policy = { ...model, threshold: chooseThreshold(model, rest) };
    if (process.argv.includes('--verbose'))
      showMisjudged(
        policy,
        examples.filter((e) => foldOf(e) === fold),
      );
    for (const set of SETS) {
      const r = rates(
        policy,
        examples.filter((e) => foldOf(e) === fold && e.set === set.name),
      );
      const sum = totals.get(set.name) ?? {
        answerable: 0,
        falseRefusals: 0,
        unanswerable: 0,
        unanswerableRefused: 0,
      };
      totals.set(set.name, {
        answerable: sum.answerable + r.answerable,
        falseRefusals: sum.falseRefusals + r.falseRefusals,
        unanswerable: sum.unanswerable + r.unanswerable,
        unanswerableRefused: sum.unanswerableRefused + r.unanswerableRefused,
      });
    }
  }
  for (const [set, r] of totals) {
    report(
      `cross-validated, ${set}`,
      `answerable refused ${r.falseRefusals}/${r.answerable}, unanswerable refused ${r.unanswerableRefused}/${r.unanswerable}`,
    );
  }
}

async function main() {
  heading('Calibrating the decision to answer (evidence signals → logistic model)');
  if (SETS.some((set) => !existsSync(set.docs))) {
    report('development sets', 'not found next to the repository; nothing fitted');
    return;
  }
  const examples = (await Promise.all(SETS.map(examplesOf))).flat();
  const fitted = examples.filter((e) => foldOf(e) !== HELD_OUT_FOLD);
  const heldOut = examples.filter((e) => foldOf(e) === HELD_OUT_FOLD);
  const { bias, weights } = fitLogistic(fitted);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const model = {
    bias: round(bias),
    weights: Object.fromEntries(
      SIGNALS.map((key, j) => [key, round(weights[j]!)]),
    ) as unknown as EvidenceSignals,
  };
  const policy: EvidencePolicy = { ...model, threshold: chooseThreshold(model, fitted) };
  report('questions', `${fitted.length} fitted on, ${heldOut.length} held out`);
  report('policy', JSON.stringify(policy));
  describe('fitted', policy, fitted);
  describe('held out', policy, heldOut);
  crossValidate(examples);
  if (process.argv.includes('--write')) {
    writeFileSync(
      WEIGHTS_FILE,
      `/**
 * Fitted by \`npx tsx bench/calibrate-evidence.ts --write\` on two thirds of the development
 * question sets; that script prints how the policy does on the third it was not fitted on.
 */
export const FITTED_EVIDENCE_POLICY = ${JSON.stringify(policy, null, 2).replace(/"(\w+)":/g, '$1:')};
`,
    );
    report('written', WEIGHTS_FILE);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
