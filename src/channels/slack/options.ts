import type { webApi } from '@slack/bolt';
import type { SlackConfig } from '../../config/slack.js';
import type { Copilot } from '../../core/copilot.js';
import type { Clock, Logger, ProcessedEventRepository, TurnRepository } from '../../core/ports.js';
import type { SlackAnswerStream } from './answer-stream.js';
import type { SlackDirectory } from './directory.js';
import type { SlackPlace } from './place.js';
import type { SlackPoster } from './poster.js';
import type { ThreadMemory } from './thread-memory.js';

/** Everything the Slack channel needs; it decides nothing about what to say. */
export interface SlackChannelOptions {
  config: SlackConfig;
  copilot: Copilot;
  /** Recorded turns, to know which threads Lumen takes part in (follow-ups without a mention). */
  turns: Pick<TurnRepository, 'recent'>;
  /** Claims inbound events so a redelivered one is answered once, across restarts too. */
  processedEvents: ProcessedEventRepository;
  log: Logger;
  clock?: Clock;
  /** Web API client options beyond the configured URL (tests shorten retries). */
  clientOptions?: webApi.WebClientOptions;
}

/** Assistant-thread touches around an answer: the "is thinking…" status and the title. */
export interface AssistantHooks {
  setStatus(status: string): Promise<unknown>;
  setTitle(title: string): Promise<unknown>;
}

/** What the listeners share, built once per channel. */
export interface SlackDeps {
  config: SlackConfig;
  copilot: Copilot;
  processedEvents: ProcessedEventRepository;
  log: Logger;
  clock: Clock;
  poster: SlackPoster;
  directory: SlackDirectory;
  threads: ThreadMemory;
  /** A stream for one answer, in the mode Slack currently supports; `hooks` in assistant threads. */
  openStream(place: SlackPlace, userId: string, hooks?: Pick<AssistantHooks, 'setStatus'>): SlackAnswerStream;
}
