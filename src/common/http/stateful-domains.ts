import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestHeader } from './api-route';
import { SessionSettings } from '../../config/settings';

const toRegExp = (pattern: string) =>
  new RegExp(
    `^${pattern
      .toLowerCase()
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')}$`,
  );

/**
 * Sanctum's first-party check: the `Referer` (else `Origin`) host[:port] must match an entry of
 * STATEFUL_DOMAINS exactly, `*` being a wildcard. A request with neither header is not first-party.
 */
@Injectable()
export class StatefulDomains {
  private readonly patterns: RegExp[];

  constructor(sessions: SessionSettings) {
    this.patterns = sessions.statefulDomains.map(toRegExp);
  }

  /**
   * host[:port] named by the request's Referer, else Origin; null when neither is sent. One that is
   * sent but names no host (`Origin: null` from a sandboxed frame or a file) is '', which matches no
   * stateful domain.
   */
  requestSource(req: FastifyRequest): string | null {
    const source = requestHeader(req, 'referer') || requestHeader(req, 'origin');
    if (!source) return null;
    try {
      return new URL(source).host.toLowerCase();
    } catch {
      return '';
    }
  }

  matchesHost(host: string): boolean {
    const bare = host.replace(/^\[(.*)\](:\d+)?$/, '$1$2');
    return this.patterns.some((p) => p.test(host) || p.test(bare));
  }

  isFirstParty(req: FastifyRequest): boolean {
    const host = this.requestSource(req);
    return !!host && this.matchesHost(host);
  }

  /** CORS: origins (scheme://host[:port]) of stateful hosts get a credentialed grant. */
  allowsOrigin(origin: string): boolean {
    try {
      return this.matchesHost(new URL(origin).host.toLowerCase());
    } catch {
      return false;
    }
  }
}
