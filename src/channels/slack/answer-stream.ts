import { describeError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import type { Reply, ReplyStream } from '../../core/reply.js';
import type { SlackPlace } from './place.js';
import { isPrivate, type SlackPoster } from './poster.js';
import { renderFooter, renderPartial, renderReply, renderSources } from './render-reply.js';

/** How partial answers appear: Slack's chat streaming API, post-then-update, or not at all. */
export type StreamMode = 'native' | 'update' | 'off';

export interface AnswerStreamOptions {
  mode: StreamMode;
  /** Least time between two updates of the same message while the answer is being written. */
  intervalMs: number;
  /**
   * How long after the stream opens progress starts to show: partial text and the
   * assistant's "is thinking…" status. An answer finished sooner is posted whole, in one
   * message; 0 shows partials as they come.
   */
  progressAfterMs: number;
  /** The assistant thread's status line, set while a slow answer is being written. */
  setStatus?: (status: string) => Promise<unknown>;
  /** The asker, for streaming outside DMs and for error notices. */
  userId: string;
  log: Logger;
  /** Called when Slack says the streaming API is not available, so later answers skip it. */
  onNativeUnavailable?: () => void;
}

/** Shown under the assistant's name while a slow answer is being written. */
export const THINKING_STATUS = 'is thinking…';

/** Slack errors meaning the streaming API cannot be used here at all. */
const NATIVE_UNAVAILABLE = new Set([
  'unknown_method',
  'not_allowed_token_type',
  'missing_scope',
  'feature_not_enabled',
]);

/**
 * Shows an answer while the core writes it, when it takes a while. An answer finished
 * within `progressAfterMs` is posted whole, with no placeholder and no update. After that,
 * native mode starts a Slack chat stream and appends the new text; update mode posts the
 * first partial and updates the message at a steady pace; an assistant thread shows its
 * "is thinking…" status. The finished answer never waits for that pace. `finish` always
 * leaves one complete, well-formed message with sources and buttons, whatever happened to
 * the partials.
 */
export class SlackAnswerStream implements ReplyStream {
  private latest = '';
  /** The latest partial handled (shown, or skipped because it could not be appended). */
  private shown = '';
  /** Native mode: the text the Slack stream holds so far. */
  private streamed = '';
  private ts: string | undefined;
  private native = false;
  private failed = false;
  /** Set once the final reply is in: pending partials are skipped for it. */
  private finishing = false;
  private lastWrite = 0;
  private pump: Promise<void> | undefined;
  /** Whether progress shows yet: only once the answer has taken `progressAfterMs`. */
  private showing = false;
  private progressTimer: NodeJS.Timeout | undefined;
  private status: Promise<void> | undefined;
  /** Ends a wait for the update pace early. */
  private wake: (() => void) | undefined;

  constructor(
    private readonly poster: SlackPoster,
    private readonly place: SlackPlace,
    private readonly options: AnswerStreamOptions,
  ) {
    // The streaming API lives in threads; a DM's top level streams by updating instead.
    this.native = options.mode === 'native' && place.threadTs !== undefined;
    if (options.progressAfterMs <= 0) this.showProgress();
    else this.progressTimer = setTimeout(() => this.showProgress(), options.progressAfterMs);
  }

  partial(textSoFar: string): void {
    if (this.options.mode === 'off' || this.failed) return;
    this.latest = textSoFar;
    if (this.showing) this.startPump();
  }

  /** Delivers the final reply: completes the streamed message, or posts it when nothing was shown. */
  async finish(reply: Reply): Promise<void> {
    clearTimeout(this.progressTimer);
    this.finishing = true;
    this.wake?.();
    while (this.pump) await this.pump;
    // Posting clears the status line; a status set after the answer would linger.
    await this.status;
    const ts = this.ts;
    if (!ts) {
      await this.poster.deliver(this.place, reply, { userId: this.options.userId });
      return;
    }
    try {
      if (isPrivate(this.place, reply)) {
        // Only the asker may see this reply: take the public partial down, then answer privately.
        if (this.native) await this.poster.client.chat.stopStream({ channel: this.place.channelId, ts });
        await this.poster.client.chat.delete({ channel: this.place.channelId, ts });
        await this.poster.deliver(this.place, reply, { userId: this.options.userId });
        return;
      }
      if (this.native) await this.finishNative(ts, reply);
      else await this.finishUpdate(ts, reply);
    } catch (error) {
      await this.poster.reportFailure(this.place, this.options.userId, error);
    }
  }

  /** The answer is taking a while: show its partial text, and the status in an assistant thread. */
  private showProgress(): void {
    this.progressTimer = undefined;
    if (this.finishing) return;
    this.showing = true;
    if (this.options.setStatus) {
      const setStatus = this.options.setStatus;
      this.status = setStatus(THINKING_STATUS).then(
        () => undefined,
        (error: unknown) => {
          this.options.log.warn('slack assistant thread update failed', {
            channelId: this.place.channelId,
            error: describeError(error),
          });
        },
      );
    }
    if (this.latest && this.options.mode !== 'off' && !this.failed) this.startPump();
  }

  private startPump(): void {
    this.pump ??= this.drain().finally(() => {
      this.pump = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (this.latest !== this.shown && !this.failed && !this.finishing) {
      const text = this.latest;
      try {
        if (!this.ts) await this.start(text);
        else if (this.native) await this.append(text);
        else {
          await this.waitForPace();
          if (this.finishing) break;
          await this.poster.update(this.place, this.ts, renderPartial(text, this.poster.publicUrl));
        }
        this.shown = text;
        this.lastWrite = Date.now();
      } catch (error) {
        // Partials are a courtesy; the final reply is still delivered in `finish`.
        this.failed = true;
        this.options.log.warn('slack partial answer failed', {
          channelId: this.place.channelId,
          error: describeError(error),
        });
      }
    }
  }

  private async start(text: string): Promise<void> {
    if (this.native) {
      try {
        const started = await this.poster.client.chat.startStream({
          channel: this.place.channelId,
          thread_ts: this.place.threadTs!,
          markdown_text: text,
          ...(this.place.kind === 'direct'
            ? {}
            : { recipient_user_id: this.options.userId, recipient_team_id: this.place.teamId }),
        });
        this.ts = started.ts;
        this.streamed = text;
        return;
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        if (code && NATIVE_UNAVAILABLE.has(code)) this.options.onNativeUnavailable?.();
        this.options.log.warn('slack chat stream unavailable; updating a message instead', {
          channelId: this.place.channelId,
          error: describeError(error),
        });
        this.native = false;
      }
    }
    this.ts = await this.poster.post(this.place, [renderPartial(text, this.poster.publicUrl)]);
  }

  private async append(text: string): Promise<void> {
    // Only growth can be appended; a rewritten partial waits for the final message.
    if (!text.startsWith(this.streamed) || text === this.streamed) return;
    await this.waitForPace();
    if (this.finishing) return;
    await this.poster.client.chat.appendStream({
      channel: this.place.channelId,
      ts: this.ts!,
      markdown_text: text.slice(this.streamed.length),
    });
    this.streamed = text;
  }

  private async finishNative(ts: string, reply: Reply): Promise<void> {
    const grows = reply.text.startsWith(this.streamed);
    const options = {
      place: this.place,
      ...(this.poster.publicUrl ? { publicUrl: this.poster.publicUrl } : {}),
    };
    await this.poster.client.chat.stopStream({
      channel: this.place.channelId,
      ts,
      ...(grows && reply.text.length > this.streamed.length
        ? { markdown_text: reply.text.slice(this.streamed.length) }
        : {}),
      blocks: [...renderSources(reply, this.poster.publicUrl), ...renderFooter(reply, options)],
    });
    if (!grows) {
      // The streamed text is not a prefix of the answer: replace the message with the full one.
      const [first, ...rest] = renderReply(reply, options);
      await this.poster.update(this.place, ts, first!);
      if (rest.length) await this.poster.post(this.place, rest);
    }
  }

  private async finishUpdate(ts: string, reply: Reply): Promise<void> {
    const [first, ...rest] = renderReply(reply, {
      place: this.place,
      ...(this.poster.publicUrl ? { publicUrl: this.poster.publicUrl } : {}),
    });
    // The finished answer goes out at once: pacing is for the partials before it.
    await this.poster.update(this.place, ts, first!);
    if (rest.length) await this.poster.post(this.place, rest);
  }

  /** Waits until the next partial may be written; the finished answer cuts the wait short. */
  private async waitForPace(): Promise<void> {
    const wait = this.lastWrite + this.options.intervalMs - Date.now();
    if (wait <= 0 || this.finishing) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }
}
