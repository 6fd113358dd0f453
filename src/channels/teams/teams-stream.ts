import type { Activity, ResourceResponse } from 'botbuilder';
import type { ReplyStream } from '../../core/reply.js';
import { toTeamsMarkdown } from './teams-markdown.js';

/** Sends one activity to the conversation, resolving to what the connector returned. */
export type SendActivity = (activity: Partial<Activity>) => Promise<ResourceResponse | undefined>;

export interface TeamsStreamOptions {
  /** Least time between two streamed chunks; Teams throttles faster streams (it suggests 1.5 s). */
  minIntervalMs: number;
  /**
   * How long an answer may take before the stream starts. An answer finished sooner is sent
   * as one message, with no informative line and no chunks; 0 starts the stream at once.
   */
  progressAfterMs?: number;
  /**
   * The informative line (the blue progress bar) the stream starts with when no text is
   * ready yet, once the core has started searching (never before `help` or `lesson`).
   */
  informativeText?: string;
  /**
   * How long a started stream waits for text before the informative line takes the first of
   * the paced updates: a line sent at once would hold back text that comes soon after by
   * `minIntervalMs`. 0 shows it as soon as the stream starts.
   */
  informAfterMs?: number;
  /** Called when a chunk fails; streaming stops and the final message is still sent. */
  onError?: (error: unknown) => void;
}

type StreamType = 'informative' | 'streaming';

/**
 * Teams' streaming protocol for personal chats: `typing` activities with a growing
 * `streamSequence` (the first one's id becomes the `streamId`), then one final `message`
 * with `streamType: final` and no sequence. Stream fields go both in `channelData` and in a
 * `streaminfo` entity, as the Teams SDKs send them. Chunks are sent one at a time and the
 * latest text wins when the answer grows faster than the interval allows. The stream starts
 * only when the answer takes longer than `progressAfterMs`: with the text written so far,
 * or the informative line when there is none yet.
 */
export class TeamsReplyStream implements ReplyStream {
  private sequence = 0;
  private streamId: string | undefined;
  private latest: string | undefined;
  private sentText = '';
  private lastSentAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Whether the stream has started: only once the answer has taken `progressAfterMs`. */
  private started = false;
  private progressTimer: NodeJS.Timeout | undefined;
  /** Whether the core said it is searching, which is what the informative line tells. */
  private searchStarted = false;
  private informTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: SendActivity,
    private readonly options: TeamsStreamOptions,
  ) {
    const after = options.progressAfterMs ?? 0;
    if (after <= 0) this.start();
    else this.progressTimer = setTimeout(() => this.start(), after);
  }

  /** The stream's id once its first chunk was sent; Teams names the final message by it. */
  get id(): string | undefined {
    return this.streamId;
  }

  /** The core started searching: the informative line may show, if the answer takes a while. */
  searching(): void {
    this.searchStarted = true;
    if (this.started) this.informSoon();
  }

  partial(textSoFar: string): void {
    if (this.stopped || !textSoFar.trim()) return;
    this.latest = toTeamsMarkdown(textSoFar);
    if (this.started) this.schedule();
  }

  /** Ends the stream with the final message; without a started stream it is sent as is. */
  async finish(message: Partial<Activity>): Promise<ResourceResponse | undefined> {
    clearTimeout(this.progressTimer);
    clearTimeout(this.informTimer);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.stopped = true;
    await this.queue;
    if (!this.streamId) return this.send(message);
    return this.send({
      ...message,
      channelData: { ...(message.channelData ?? {}), streamType: 'final', streamId: this.streamId },
      entities: [
        ...(message.entities ?? []),
        { type: 'streaminfo', streamType: 'final', streamId: this.streamId },
      ],
    });
  }

  /** The answer is taking a while: stream what is written, or say Lumen is looking. */
  private start(): void {
    this.progressTimer = undefined;
    if (this.stopped) return;
    this.started = true;
    if (this.latest !== undefined) void this.enqueue(() => this.flush());
    else if (this.searchStarted) this.informSoon();
  }

  /** Shows the informative line unless text comes within `informAfterMs`. */
  private informSoon(): void {
    if (this.informTimer || this.sequence > 0 || this.latest !== undefined) return;
    const after = this.options.informAfterMs ?? 0;
    if (after <= 0) this.inform();
    else this.informTimer = setTimeout(() => this.inform(), after);
  }

  private inform(): void {
    const text = this.options.informativeText;
    if (!text || this.stopped || this.sequence > 0 || this.latest !== undefined) return;
    void this.enqueue(() => this.chunk('informative', text));
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task).catch((error: unknown) => {
      this.stopped = true;
      this.options.onError?.(error);
    });
    return this.queue;
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    const wait = Math.max(0, this.lastSentAt + this.options.minIntervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.enqueue(() => this.flush());
    }, wait);
  }

  private async flush(): Promise<void> {
    const text = this.latest;
    if (this.stopped || text === undefined || text === this.sentText) return;
    // The previous send may have finished after this flush was scheduled: wait out the rest.
    if (Date.now() - this.lastSentAt < this.options.minIntervalMs) return this.schedule();
    await this.chunk('streaming', text);
    this.sentText = text;
  }

  private async chunk(streamType: StreamType, text: string): Promise<void> {
    const streamSequence = ++this.sequence;
    const stream = { streamType, streamSequence, ...(this.streamId ? { streamId: this.streamId } : {}) };
    const response = await this.send({
      type: 'typing',
      text,
      channelData: stream,
      entities: [{ type: 'streaminfo', ...stream }],
    });
    this.streamId ??= response?.id;
    this.lastSentAt = Date.now();
  }
}
