import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { parseDateRange } from '../../../core/admin/date-range.js';
import { exportRecords } from '../../../core/admin/feedback-export.js';
import type { CopilotCore } from '../../../core/create-copilot.js';
import { describeError } from '../../../core/errors.js';
import type { Clock, Store } from '../../../core/ports.js';
import type { WebLog } from '../options.js';
import type { AdminSession } from './admin-sessions.js';

/** What the export takes from the admin routes' options. */
export interface ExportOptions {
  copilot: Pick<CopilotCore, 'audit'>;
  store: Store;
  /** Key for pseudonymized exports. */
  pseudonymSecret: () => string;
  clock: Clock;
  log: WebLog;
}

/** `GET /admin/export`: feedback or turns of a range as a streamed CSV or JSONL download, audited. */
export function exportHandler(options: ExportOptions) {
  const audit = options.copilot.audit;
  return async (req: Request, res: Response) => {
    const session = res.locals.admin as AdminSession;
    const format = req.query.format === 'jsonl' ? 'jsonl' : 'csv';
    const kind = req.query.kind === 'turns' ? 'turns' : 'feedback';
    const pseudonymize = req.query.pseudonymize === '1';
    let range: ReturnType<typeof parseDateRange>;
    try {
      range = parseDateRange(dateParam(req.query.since), dateParam(req.query.until));
    } catch {
      res.status(400).type('text').send('Invalid date range.');
      return;
    }
    await audit.record(session.actor, 'admin.export', undefined, {
      surface: 'web',
      format,
      kind,
      pseudonymize,
      since: range.since?.toISOString(),
      until: range.until?.toISOString(),
    });
    const stamp = options.clock.now().toISOString().slice(0, 10);
    res.setHeader(
      'Content-Type',
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    );
    res.setHeader('Content-Disposition', `attachment; filename="lumen-${kind}-${stamp}.${format}"`);
    try {
      await pipeline(
        Readable.from(
          exportRecords(options.store, {
            format,
            kind,
            range,
            ...(pseudonymize ? { pseudonymize: { secret: options.pseudonymSecret() } } : {}),
          }),
        ),
        res,
      );
    } catch (error) {
      // Headers are gone once streaming started: the truncated download is the signal; the log has why.
      options.log('error', 'admin export failed', { error: describeError(error) });
      res.destroy();
    }
  };
}

/** A `YYYY-MM-DD` query parameter, or undefined for anything else. */
export function dateParam(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}
