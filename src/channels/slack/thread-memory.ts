import type { TurnRepository } from '../../core/ports.js';

/**
 * Which channel threads Lumen takes part in, so follow-ups there are answered without a
 * new mention. Threads answered since start are remembered here; older ones are found by
 * their recorded turns, so this holds across restarts.
 */
export class ThreadMemory {
  private readonly active = new Set<string>();

  constructor(
    private readonly turns: Pick<TurnRepository, 'recent'>,
    private readonly limit = 20_000,
  ) {}

  remember(conversationKey: string): void {
    if (this.active.size >= this.limit) this.active.delete(this.active.values().next().value as string);
    this.active.add(conversationKey);
  }

  async has(conversationKey: string): Promise<boolean> {
    if (this.active.has(conversationKey)) return true;
    const recorded = await this.turns.recent(conversationKey, 1);
    if (recorded.length > 0) this.remember(conversationKey);
    return recorded.length > 0;
  }
}
