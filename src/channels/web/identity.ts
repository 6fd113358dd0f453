import type { Request, Response } from 'express';
import type { TurnUser } from '../../core/turn.js';
import { EVERYONE, type Principal } from '../../knowledge/document.js';
import { HttpError } from './http-error.js';
import type { DemoPersona, WebIdentityMode } from './options.js';
import { readCookie, setSiteCookie } from './session.js';

/** Cookie remembering the demo persona of the latest chat request, so `/knowledge` links follow it. */
export const PERSONA_COOKIE = 'lumen_persona';

/** What identity resolution needs from the channel options. */
export interface IdentitySettings {
  identityMode: WebIdentityMode;
  demoPersonas?: DemoPersona[];
}

/**
 * The Turn user for a browser session: anonymous (no groups, public content only), or in
 * demo mode the persona named by `personaId` (an unknown id is refused).
 */
export function resolveUser(settings: IdentitySettings, sessionId: string, personaId?: string): TurnUser {
  const anonymous: TurnUser = { id: `web:${sessionId}`, groups: [], anonymous: true };
  if (settings.identityMode !== 'demo' || personaId === undefined) return anonymous;
  const persona = settings.demoPersonas?.find((p) => p.id === personaId);
  if (!persona) throw new HttpError(400, 'unknown_persona', 'That demo persona does not exist.');
  return {
    id: persona.id,
    name: persona.name,
    ...(persona.email ? { email: persona.email } : {}),
    groups: [...persona.groups],
  };
}

/** Remembers the persona a chat request used (demo mode only) for later `/knowledge` requests. */
export function rememberPersona(req: Request, res: Response, settings: IdentitySettings, personaId?: string) {
  if (settings.identityMode !== 'demo') return;
  setSiteCookie(req, res, PERSONA_COOKIE, personaId ?? '');
}

/** The user a `/knowledge` request reads as: the persona of the latest chat request in demo mode. */
export function resolveReader(settings: IdentitySettings, req: Request, sessionId: string): TurnUser {
  const personaId = readCookie(req.headers.cookie, PERSONA_COOKIE) || undefined;
  if (settings.identityMode !== 'demo' || !personaId) return resolveUser(settings, sessionId);
  try {
    return resolveUser(settings, sessionId, personaId);
  } catch {
    // A stale cookie naming a persona that no longer exists reads as anonymous.
    return resolveUser(settings, sessionId);
  }
}

/** A web user's principals, lowercased: `everyone`, `user:<email>` if known, `group:<g>` per group. */
export function principalsOf(user: TurnUser): Principal[] {
  const principals: Principal[] = [EVERYONE];
  if (user.email) principals.push(`user:${user.email.toLowerCase()}`);
  for (const group of user.groups ?? []) principals.push(`group:${group.toLowerCase()}`);
  return principals;
}

/** True when a document's ACL names one of the reader's principals (compared case-insensitively). */
export function mayRead(acl: readonly Principal[], principals: readonly Principal[]): boolean {
  const allowed = new Set(acl.map((p) => p.toLowerCase()));
  return principals.some((p) => allowed.has(p.toLowerCase()));
}
