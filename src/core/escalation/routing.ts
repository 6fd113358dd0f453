/** One routing rule: escalations matching the topic or source go to the named queue. */
export interface EscalationRoute {
  match: { topic?: string; source?: string };
  queue: string;
}

/** The queue an escalation without a matching rule goes to. */
export const DEFAULT_QUEUE = 'default';

/**
 * Picks a queue: the first rule whose topic matches, else the first whose source matches one
 * of the attempt's sources, else the catch-all rule (`*`), else `default`.
 */
export function routeEscalation(
  routes: readonly EscalationRoute[],
  facts: { topic?: string; sources?: readonly string[] },
): string {
  const byTopic = routes.find((r) => r.match.topic !== undefined && r.match.topic === facts.topic);
  if (byTopic) return byTopic.queue;
  const bySource = routes.find(
    (r) => r.match.source !== undefined && (facts.sources ?? []).includes(r.match.source),
  );
  if (bySource) return bySource.queue;
  return routes.find((r) => r.match.topic === '*')?.queue ?? DEFAULT_QUEUE;
}

/**
 * Parses `LUMEN_ESCALATION_ROUTES`: comma-separated `topic:hr=hr-queue`, `source:confluence=it`,
 * or `*=helpdesk`. Throws with the bad entry and the accepted forms.
 */
export function parseEscalationRoutes(text: string): EscalationRoute[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const m = /^(?:(topic|source):)?([\w*-]+)=([\w-]+)$/.exec(entry);
      if (!m) {
        throw new Error(
          `"${entry}" is not a route; write topic:<topic>=<queue>, source:<source>=<queue> or *=<queue>`,
        );
      }
      const [, kind = 'topic', key = '', queue = ''] = m;
      return { match: kind === 'source' ? { source: key } : { topic: key }, queue };
    });
}
