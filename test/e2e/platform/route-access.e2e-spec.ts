import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RequestMethod, type Type } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import {
  ABILITIES_KEY,
  PASSWORD_CONFIRMATION_KEY,
  ACCESS_KEY,
  FEATURE_KEY,
  ROLES_KEY,
  SESSION_ROUTE_KEY,
} from '../../../src/common/decorators/access.decorators';
import { POLICY_KEY, type PolicyMeta } from '../../../src/ownership/use-policy.decorator';
import { createTestApp, type TestApp } from '../../utils/test-app';

/** Nest's own metadata keys (@nestjs/common constants). */
const PATH = 'path';
const METHOD = 'method';
const GUARDS = '__guards__';

interface DeclaredRoute {
  method: string;
  path: string;
  access: string;
  sessionRoute: boolean;
  features: string[];
  roles: string[];
  abilities: string[];
  policy?: PolicyMeta;
  passwordConfirmation: boolean | 'if-password';
  guards: string[];
}

const join = (...parts: string[]): string =>
  ('/' + parts.filter(Boolean).join('/')).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');

const nameOf = (g: unknown): string =>
  typeof g === 'function' ? g.name : ((g as object)?.constructor?.name ?? String(g));

/**
 * Every route of the app with the access it declares, read from the same metadata the guard
 * chain reads and resolved the same way (handler first, then controller; features add up).
 */
function declaredRoutes(t: TestApp): DeclaredRoute[] {
  const reflector = t.app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: DeclaredRoute[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const cls = wrapper.metatype as Type | null;
      if (!cls) continue;
      const prefixes = ([] as string[]).concat(Reflect.getMetadata(PATH, cls) ?? '');
      for (const name of scanner.getAllMethodNames(cls.prototype)) {
        const handler = cls.prototype[name] as object;
        const paths = Reflect.getMetadata(PATH, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD, handler) as RequestMethod | undefined;
        if (paths === undefined || method === undefined) continue;
        const targets = [handler, cls] as [object, Type];
        const override = <T>(key: string) => reflector.getAllAndOverride<T>(key, targets as never);
        for (const prefix of prefixes) {
          for (const path of ([] as string[]).concat(paths)) {
            routes.push({
              method: RequestMethod[method],
              path: join(prefix, path),
              access: override<string>(ACCESS_KEY) ?? 'authenticated',
              sessionRoute: override<boolean>(SESSION_ROUTE_KEY) ?? false,
              features: reflector.getAllAndMerge<string[]>(FEATURE_KEY, targets as never),
              roles: override<string[]>(ROLES_KEY) ?? [],
              abilities: override<string[]>(ABILITIES_KEY) ?? [],
              policy: override<PolicyMeta>(POLICY_KEY),
              passwordConfirmation: override<boolean | 'if-password'>(PASSWORD_CONFIRMATION_KEY) ?? false,
              guards: [
                ...((Reflect.getMetadata(GUARDS, cls) as unknown[]) ?? []),
                ...((Reflect.getMetadata(GUARDS, handler) as unknown[]) ?? []),
              ].map(nameOf),
            });
          }
        }
      }
    }
  }
  // Code-point order: the same on every machine, whatever its locale.
  const key = (r: DeclaredRoute) => `${r.path} ${r.method}`;
  return routes.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** One reviewable line per route: `GET /tracks/:id  optional  policy=TrackPolicy.view(:id)`. */
const describeRoute = (r: DeclaredRoute): string =>
  [
    `${r.method.padEnd(6)} ${r.path}`,
    r.access,
    r.sessionRoute && 'session-route',
    r.features.length && `features=${[...new Set(r.features)].sort().join(',')}`,
    r.roles.length && `roles=${r.roles.join(',')}`,
    r.abilities.length && `abilities=${r.abilities.join(',')}`,
    r.policy &&
      `policy=${r.policy.policy.name}.${r.policy.action}${r.policy.param ? `(:${r.policy.param})` : ''}`,
    r.passwordConfirmation === 'if-password'
      ? 'password-confirmation-if-password'
      : r.passwordConfirmation && 'password-confirmation',
    r.guards.length && `guards=${r.guards.join(',')}`,
  ]
    .filter(Boolean)
    .join('  ');

/** What the HTTP server actually serves, to prove the walk above misses nothing. */
const registeredRoutes = (t: TestApp): string[] => t.routes;

describe('Declared access of every route (review any change to the snapshot)', () => {
  let t: TestApp;
  let routes: DeclaredRoute[];
  beforeAll(async () => {
    t = await createTestApp();
    routes = declaredRoutes(t);
  });
  afterAll(() => t.close());

  it('matches the reviewed snapshot', () => {
    // After an intended access change: npm test -- test/e2e/platform/route-access -u, and review the diff.
    expect(routes.map(describeRoute)).toMatchSnapshot();
  });

  it('covers exactly the routes the server serves', () => {
    const walked = routes.map((r) => `${r.method} ${r.path}`).sort();
    expect(walked).toEqual([...new Set(registeredRoutes(t))].sort());
  });

  it('declares nothing contradictory', () => {
    for (const r of routes) {
      const where = `${r.method} ${r.path}`;
      // A public route never has a caller to check roles or abilities against.
      if (r.access === 'public')
        expect({ where, roles: r.roles, abilities: r.abilities }).toEqual({
          where,
          roles: [],
          abilities: [],
        });
      // A policy that loads a row must name a parameter of the path.
      if (r.policy?.param)
        expect({ where, path: r.path }).toEqual({
          where,
          path: expect.stringContaining(`:${r.policy.param}`),
        });
    }
  });
});
