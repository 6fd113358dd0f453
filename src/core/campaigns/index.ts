export { parseAudience, resolveAudience } from './audience.js';
export * from './campaign.js';
export { type AudiencePreview, CampaignDesk, type CampaignDraft } from './campaign-desk.js';
export { type CampaignReport, campaignReport, MIN_GROUP_SIZE, reportToCsv } from './campaign-report.js';
export {
  CampaignRunner,
  DEFAULT_RUNNER_OPTIONS,
  type RunnerOptions,
  type RunSummary,
} from './campaign-runner.js';
export { CampaignScheduler } from './campaign-scheduler.js';
export { describeAudience } from './describe-audience.js';
export { isTimeZone, nextDeliveryTime, parseTimeRange } from './local-time.js';
export { applyNudgeControl, nudgeControlActions } from './nudge-controls.js';
export { Pacer, RateLimitedError, realTimer, type Timer } from './pacer.js';
