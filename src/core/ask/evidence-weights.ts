/**
 * Fitted by `npx tsx bench/calibrate-evidence.ts --write` on two thirds of the development
 * question sets; that script prints how the policy does on the third it was not fitted on.
 */
export const FITTED_EVIDENCE_POLICY = {
  bias: -5.751,
  weights: {
    coverage: 2.725,
    passageCoverage: 3.031,
    absent: -0.11,
    topic: 2.15,
    passageScore: 0.052,
    margin: 1.845,
    length: 4.046,
  },
  threshold: 0.41,
};
