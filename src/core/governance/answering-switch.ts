import type { Clock, SettingsRepository } from '../ports.js';

const PAUSED_KEY = 'answering.paused';
/** How long a replica trusts what it last read, so a pause reaches every replica within seconds. */
const CACHE_MS = 5_000;

export interface AnsweringState {
  paused: boolean;
  by?: string;
  since?: Date;
}

/**
 * The admins' kill switch: pausing stops Lumen answering questions in every channel and
 * replica (lessons, feedback and hand-offs to people keep working).
 */
export class AnsweringSwitch {
  private cached: { state: AnsweringState; readAt: number } | undefined;

  constructor(
    private readonly settings: SettingsRepository,
    private readonly clock: Clock,
  ) {}

  async state(): Promise<AnsweringState> {
    const now = this.clock.now().getTime();
    if (this.cached && now - this.cached.readAt < CACHE_MS) return this.cached.state;
    const setting = await this.settings.get(PAUSED_KEY);
    const state: AnsweringState =
      setting?.value === true
        ? { paused: true, by: setting.updatedBy, since: setting.updatedAt }
        : { paused: false };
    this.cached = { state, readAt: now };
    return state;
  }

  async set(paused: boolean, by: string): Promise<void> {
    const at = this.clock.now();
    await this.settings.set({ key: PAUSED_KEY, value: paused, updatedBy: by, updatedAt: at });
    this.cached = { state: paused ? { paused, by, since: at } : { paused }, readAt: at.getTime() };
  }
}

/** `admin pause` / `admin resume` (optionally followed by "answering"). */
export function answeringCommand(text: string): 'pause' | 'resume' | undefined {
  const match = /^\/?admin\s+(pause|resume)(\s+answer(s|ing)?)?\s*$/i.exec(text.trim());
  return match ? (match[1]!.toLowerCase() as 'pause' | 'resume') : undefined;
}
