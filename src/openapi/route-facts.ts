import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import {
  ABILITIES_KEY,
  ACCESS_KEY,
  FEATURE_KEY,
  PASSWORD_CONFIRMATION_KEY,
  ROLES_KEY,
  SESSION_ROUTE_KEY,
  type Access,
} from '../common/decorators/access.decorators';
import { POLICY_KEY, type PolicyMeta } from '../ownership/use-policy.decorator';

/** Nest's own metadata keys (@nestjs/common constants). */
const PATH = 'path';
const METHOD = 'method';
const GUARDS = '__guards__';

/** What the guard chain will ask of a request to one route, read from the metadata the guards read. */
export interface RouteFacts {
  /** Lower case, as in an OpenAPI path item: `get`, `post`, … */
  method: string;
  /** OpenAPI form: `/tracks/{track}`. */
  path: string;
  access: Access;
  sessionRoute: boolean;
  /** AUTH_FEATURES entries the route needs (404 while one is off). */
  features: string[];
  roles: string[];
  abilities: string[];
  policy?: PolicyMeta;
  passwordConfirmation: boolean;
  /** Names of the route's own guards (`IpRateLimitGuard`, …). */
  guards: string[];
}

const join = (...parts: string[]): string =>
  ('/' + parts.filter(Boolean).join('/')).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');

const nameOf = (g: unknown): string =>
  typeof g === 'function' ? g.name : ((g as object)?.constructor?.name ?? String(g));

/** `METHOD /path` keys of the facts, for lookups while walking the document. */
export const routeKey = (method: string, path: string): string => `${method.toLowerCase()} ${path}`;

/**
 * Every route of the app with the access it declares, resolved as the guard chain resolves it
 * (handler first, then controller).
 */
export function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const cls = wrapper.metatype as Type | null;
      if (!cls) continue;
      const prefixes = ([] as string[]).concat(Reflect.getMetadata(PATH, cls) ?? '');
      for (const name of scanner.getAllMethodNames(cls.prototype)) {
        const handler = cls.prototype[name] as object;
        const paths = Reflect.getMetadata(PATH, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD, handler) as RequestMethod | undefined;
        if (paths === undefined || method === undefined) continue;
        const targets = [handler, cls] as never;
        const override = <T>(key: string) => reflector.getAllAndOverride<T>(key, targets);
        for (const prefix of prefixes)
          for (const path of ([] as string[]).concat(paths)) {
            const openApiPath = join(prefix, path).replace(/:([A-Za-z0-9_]+)/g, '{$1}');
            const verb = RequestMethod[method].toLowerCase();
            facts.set(routeKey(verb, openApiPath), {
              method: verb,
              path: openApiPath,
              access: override<Access>(ACCESS_KEY) ?? 'authenticated',
              sessionRoute: override<boolean>(SESSION_ROUTE_KEY) ?? false,
              features: reflector.getAllAndMerge<string[]>(FEATURE_KEY, targets),
              roles: override<string[]>(ROLES_KEY) ?? [],
              abilities: override<string[]>(ABILITIES_KEY) ?? [],
              policy: override<PolicyMeta>(POLICY_KEY),
              passwordConfirmation: override<boolean>(PASSWORD_CONFIRMATION_KEY) ?? false,
              guards: [
                ...((Reflect.getMetadata(GUARDS, cls) as unknown[]) ?? []),
                ...((Reflect.getMetadata(GUARDS, handler) as unknown[]) ?? []),
              ].map(nameOf),
            });
          }
      }
    }
  }
  return facts;
}
