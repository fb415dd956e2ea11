import { Inject, Injectable } from '@nestjs/common';
import {
  LOGIN_STEPS,
  type LoginOutcome,
  type LoginRequest,
  type LoginState,
  type LoginStep,
} from './login.types';

/**
 * Every way in (password for the SPA and for API clients, batch rows, the two-factor challenge,
 * social callbacks, registration) runs these steps; controllers turn the outcome into a response.
 */
@Injectable()
export class LoginPipeline {
  constructor(@Inject(LOGIN_STEPS) private readonly steps: LoginStep[]) {}

  run(request: LoginRequest): Promise<LoginOutcome> {
    const state: LoginState = { request };
    const at = (i: number): Promise<LoginOutcome> => {
      const step = this.steps[i];
      if (!step)
        throw new Error('The login pipeline ended without an outcome: its last step must issue one.');
      return step.handle(state, () => at(i + 1));
    };
    return at(0);
  }
}
