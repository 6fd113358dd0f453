import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { describeError, LumenError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import { toTeamsConversation } from './build-turn.js';
import type { TeamsAdapter } from './create-adapter.js';
import { forwardingHeader, isLoopbackAddress, isLoopbackUrl } from './loopback.js';
import type { LumenTeamsBot } from './lumen-bot.js';
import { parseActivity } from './parse-activity.js';
import { useOwnRetries } from './send-with-retry.js';

export interface TeamsRouteOptions {
  teams: TeamsAdapter;
  bot: LumenTeamsBot;
  maxBodyBytes: number;
  log: Logger;
  /** The tenant Lumen serves; activities from other tenants are refused. */
  tenantId?: string;
}

/**
 * `POST /api/messages`: size-limited JSON, then either Bot Framework JWT verification (an
 * app id is configured) or a loopback-only check (none is), then the CloudAdapter. The
 * route verifies before the adapter runs so a bad token is always a plain 401, never an
 * error message from deep inside the SDK.
 */
export function createTeamsRoutes(options: TeamsRouteOptions): Router {
  const { teams, bot, log } = options;
  const router = Router();

  router.post(
    '/api/messages',
    express.json({ limit: options.maxBodyBytes, type: () => true }),
    async (req: Request, res: Response) => {
      const parsed = parseActivity(req.body);
      if (!parsed.ok) return sendError(res, 400, 'bad_activity', parsed.problem);
      const { activity } = parsed;
      if (teams.authenticated) {
        const header = req.headers.authorization ?? '';
        if (!header) return sendError(res, 401, 'unauthorized', 'A Bot Framework token is required.');
        try {
          await teams.auth.authenticateRequest(activity, header);
        } catch (error) {
          log.warn('teams request rejected: token not valid', { error: describeError(error) });
          return sendError(res, 401, 'unauthorized', 'The Bot Framework token is not valid.');
        }
        const tenant = toTeamsConversation(activity).tenantId;
        if (options.tenantId && tenant && tenant !== options.tenantId) {
          log.warn('teams request rejected: activity from another tenant', { tenant });
          return sendError(res, 403, 'wrong_tenant', 'This Lumen serves one Microsoft 365 tenant only.');
        }
      } else {
        const refusal = unauthenticatedRefusal(req, activity.serviceUrl);
        if (refusal) {
          log.warn(`teams request rejected: ${refusal.reason}`, { remoteAddress: req.socket.remoteAddress });
          return sendError(res, 403, refusal.code, refusal.message);
        }
      }
      await teams.adapter.process(req, res, async (context) => {
        useOwnRetries(context.turnState.get(context.adapter.ConnectorClientKey));
        try {
          await bot.run(context);
        } catch (error) {
          log.error('teams turn failed', { activityId: context.activity.id, error: describeError(error) });
          throw new LumenError('teams.turn_failed', 'The turn failed; see the Lumen log.');
        }
      });
    },
  );

  router.use('/api/messages', (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const type = (error as { type?: unknown } | null)?.type;
    if (type === 'entity.too.large') {
      return sendError(
        res,
        413,
        'too_large',
        `Activities larger than ${options.maxBodyBytes} bytes are refused.`,
      );
    }
    if (type === 'entity.parse.failed') return sendError(res, 400, 'bad_json', 'The body is not valid JSON.');
    log.error('teams request failed', { error: describeError(error) });
    if (res.headersSent) return next(error);
    sendError(res, 500, 'internal', 'Lumen could not handle this activity; see the Lumen log.');
  });

  return router;
}

/**
 * Without an app id nothing in a request is signed, so only a caller on this machine is
 * served: not one relayed by a proxy on this machine, and not one asking Lumen to call a
 * service elsewhere (its member API would say who the caller is, and replies go there).
 */
function unauthenticatedRefusal(
  req: Request,
  serviceUrl: string | undefined,
): { code: string; message: string; reason: string } | undefined {
  const prefix = 'Lumen runs without a Microsoft app id and accepts requests from this machine only';
  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    return {
      code: 'forbidden',
      message: `${prefix}.`,
      reason: 'unauthenticated mode accepts loopback callers only',
    };
  }
  const header = forwardingHeader(req.headers);
  if (header) {
    return {
      code: 'forwarded',
      message: `${prefix}; this one was relayed by a proxy (${header}). Set MICROSOFT_APP_ID to serve Teams.`,
      reason: `unauthenticated request relayed by a proxy (${header})`,
    };
  }
  if (!isLoopbackUrl(serviceUrl)) {
    return {
      code: 'untrusted_service_url',
      message: `${prefix}; its serviceUrl must be on this machine too (localhost or 127.0.0.1). Set MICROSOFT_APP_ID to serve Teams.`,
      reason: 'unauthenticated request names a serviceUrl off this machine',
    };
  }
  return undefined;
}

function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}
