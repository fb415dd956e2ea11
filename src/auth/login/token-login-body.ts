import type { LoginOutcome, TokenLoginResult } from './login.types';

export type TokenLoginBody = TokenLoginResult | { two_factor: true; challenge: string };

/** A token client's login outcome as the contract's body: `{user, token}`, or `{two_factor, challenge}`. */
export function tokenLoginBody(outcome: LoginOutcome): TokenLoginBody {
  if (outcome.kind === 'token') return outcome.result;
  if (outcome.kind === 'two-factor' && outcome.challenge)
    return { two_factor: true, challenge: outcome.challenge };
  throw new Error(`A token login ended in a ${outcome.kind} outcome`);
}
