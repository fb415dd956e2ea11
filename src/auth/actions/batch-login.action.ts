import { HttpException, Injectable } from '@nestjs/common';
import type { ClientDetails } from '../../common/http/client-info';
import type { BatchLoginResultDto } from '../dto/batch-login.dto';
import { LoginPipeline } from '../login/login-pipeline';

const MAX_FIELD = 1024;

/**
 * Account-switcher login: every row is its own login (own throttle key, own token, own events),
 * rows for different emails run concurrently (bcrypt runs on the thread pool) and results keep
 * request order.
 */
@Injectable()
export class BatchLoginAction {
  constructor(private readonly pipeline: LoginPipeline) {}

  execute(rows: unknown[], client: ClientDetails, deviceName?: string): Promise<BatchLoginResultDto[]> {
    // Rows naming the same email share one throttle budget (its check and count are not atomic), so
    // they run one after another; otherwise one batch could try 10 passwords against a 5-try limit.
    const lanes = new Map<string, Promise<unknown>>();
    return Promise.all(
      rows.map((row, index) => {
        const lane = this.laneOf(row, index);
        const result = (lanes.get(lane) ?? Promise.resolve()).then(() =>
          this.loginRow(row, index, client, deviceName),
        );
        lanes.set(
          lane,
          result.catch(() => undefined),
        );
        return result;
      }),
    );
  }

  private laneOf(row: unknown, index: number): string {
    const email = row && typeof row === 'object' ? (row as Record<string, unknown>).email : undefined;
    return typeof email === 'string' ? `email:${email.trim().toLowerCase()}` : `row:${index}`;
  }

  private async loginRow(
    row: unknown,
    index: number,
    client: ClientDetails,
    deviceName?: string,
  ): Promise<BatchLoginResultDto> {
    const { email, password } = (row && typeof row === 'object' ? row : {}) as Record<string, unknown>;
    const shownEmail = typeof email === 'string' ? email.slice(0, 255) : null;
    const invalid = this.rowError(email, 'email') ?? this.rowError(password, 'password');
    if (invalid) return { index, email: shownEmail, success: false, errors_message: invalid };
    try {
      const outcome = await this.pipeline.run({
        credentials: { kind: 'password', email: email as string, password: password as string },
        client: 'token',
        details: client,
        device: { device_name: deviceName },
      });
      if (outcome.kind === 'two-factor')
        return { index, email: shownEmail, success: false, two_factor: true, challenge: outcome.challenge };
      if (outcome.kind !== 'token') throw new Error(`A token login ended in a ${outcome.kind} outcome`);
      const { user, token } = outcome.result;
      return { index, email: shownEmail, success: true, user, token };
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      const body = err.getResponse() as { message?: string } | string;
      return {
        index,
        email: shownEmail,
        success: false,
        errors_message: typeof body === 'string' ? body : String(body.message),
      };
    }
  }

  private rowError(value: unknown, field: string): string | null {
    if (value === undefined || value === null || value === '') return `The ${field} field is required.`;
    if (typeof value !== 'string') return `The ${field} field must be a string.`;
    // PostgreSQL text cannot hold NUL: such a row fails alone instead of failing the whole batch.
    if (value.includes('\u0000')) return `The ${field} field must not contain null characters.`;
    if (value.length > MAX_FIELD)
      return `The ${field} field must not be greater than ${MAX_FIELD} characters.`;
    return null;
  }
}
