import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { PasswordHasher } from '../../common/crypto/password-hasher';
import { Role } from '../../common/auth/role.enum';
import { ValidationFailedException, type FieldErrors } from '../../common/errors/app-exceptions';
import { EmailVerificationService } from '../../email-verification/email-verification.service';
import { addFieldError, validateExtensionFields } from '../../common/validation/extension-fields';
import {
  REGISTRATION_EXTENSIONS,
  type RegistrationExtension,
  type RegistrationInput,
} from '../registration-extension';
import { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import type { RegisterDto } from '../dto/register.dto';
import { AccountEventKind } from '../../common/events/account-event';
import { AccountEvents } from '../../common/events/account-events';
import type { ClientDetails } from '../../common/http/client-info';

const MINIMUM_AGE = 18;

/** What each registration extension decided for one registration, kept until the user is inserted. */
type Plans = { extension: RegistrationExtension; input: RegistrationInput; plan: unknown }[];

/**
 * Fortify's CreateNewUser: the rules that need the database or today's date, then the user in one
 * transaction with what the composed products add to a registration (REGISTRATION_EXTENSIONS:
 * Fangate's currency, master account or referrer, payout account and invite code).
 */
@Injectable()
export class RegisterUserAction {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly events: AccountEvents,
    private readonly emailVerification: EmailVerificationService,
    @Inject(REGISTRATION_EXTENSIONS) private readonly extensions: RegistrationExtension[],
  ) {}

  /** `body` is the request body as sent: the extensions read their own fields from it. */
  async execute(dto: RegisterDto, role: Role, client: ClientDetails, body: unknown): Promise<User> {
    // The extensions' fields are held to their rules as the pipe held the DTO's: a malformed value
    // is refused before any rule that reads the database.
    const fields = await validateExtensionFields(
      this.extensions.map((e) => e.fields),
      body,
    );
    const errors: FieldErrors = {};
    if (await this.users.emailTaken(dto.email)) {
      addFieldError(errors, 'email', 'The email has already been taken.');
    }
    if (!this.isAdult(dto.birth_date)) {
      addFieldError(errors, 'birth_date', `You must be at least ${MINIMUM_AGE} years old to register.`);
    }
    const plans = await this.validateExtensions({ via: 'form', email: dto.email, role }, fields, errors);
    if (Object.keys(errors).length) throw new ValidationFailedException(errors);

    const passwordHash = await this.hasher.hash(dto.password);
    const user = await this.insertUser(
      {
        email: dto.email,
        password: passwordHash,
        firstName: dto.first_name,
        lastName: dto.last_name,
        birthDate: dto.birth_date,
        emailVerifiedAt: null,
        roles: [role],
      },
      plans,
    );
    // A verification link opened before the account existed counts only with its token (after the
    // insert, so a registration that fails does not use it up).
    if (await this.emailVerification.claimPreVerification(dto.email, dto.email_verification)) {
      user.emailVerifiedAt = this.clock.now();
      await this.users.markEmailVerified(user.id, user.emailVerifiedAt);
    }
    await this.events.publish(AccountEventKind.Registered, user.id, client, { role });
    return user;
  }

  /** A first social login: no password, names and avatar from the provider, verified only if it says so. */
  async fromProvider(
    identity: {
      email: string;
      emailVerified: boolean;
      firstName: string;
      lastName: string;
      avatarUrl: string | null;
    },
    client: ClientDetails,
    /** Runs in the same transaction, after the user is inserted (the social link: both or neither). */
    alongside?: (manager: EntityManager, user: User) => Promise<void>,
  ): Promise<User> {
    // No form: each extension gets its fields all absent, and so its defaults.
    const errors: FieldErrors = {};
    const fields = await validateExtensionFields(
      this.extensions.map((e) => e.fields),
      {},
    );
    const plans = await this.validateExtensions(
      { via: 'social', email: identity.email, role: Role.Listener },
      fields,
      errors,
    );
    if (Object.keys(errors).length) throw new ValidationFailedException(errors);
    const user = await this.insertUser(
      {
        email: identity.email,
        password: null,
        firstName: identity.firstName,
        lastName: identity.lastName,
        birthDate: null,
        emailVerifiedAt: identity.emailVerified ? this.clock.now() : null,
        roles: [Role.Listener],
        avatarUrl: identity.avatarUrl,
      },
      plans,
      alongside,
    );
    await this.events.publish(AccountEventKind.Registered, user.id, client, {
      role: Role.Listener,
      via: 'social',
    });
    return user;
  }

  /** Each extension's rules, in composition order, after the core's; what each returns is its plan. */
  private async validateExtensions(
    input: Omit<RegistrationInput, 'fields'>,
    fields: object[],
    errors: FieldErrors,
  ): Promise<Plans> {
    const plans: Plans = [];
    for (const [i, extension] of this.extensions.entries()) {
      const own = { ...input, fields: fields[i] };
      plans.push({ extension, input: own, plan: await extension.validate(own, errors) });
    }
    return plans;
  }

  /** The user and the extensions' rows for it, together or not at all. */
  private insertUser(
    fields: Partial<User> & Pick<User, 'email'>,
    plans: Plans,
    alongside?: (manager: EntityManager, user: User) => Promise<void>,
  ): Promise<User> {
    // Only the transaction's manager inside: the embedded database has a single connection.
    return this.dataSource.transaction(async (manager) => {
      const user = await this.users.createWithin(manager, fields);
      for (const { extension, plan, input } of plans) await extension.afterInsert(manager, user, plan, input);
      await alongside?.(manager, user);
      return user;
    });
  }

  /** Birthday on or before today minus 18 years, in UTC calendar terms (29 Feb → 28 Feb). */
  private isAdult(birthDate: string): boolean {
    const today = this.clock.now();
    const limit = new Date(
      Date.UTC(today.getUTCFullYear() - MINIMUM_AGE, today.getUTCMonth(), today.getUTCDate()),
    );
    return birthDate <= limit.toISOString().slice(0, 10);
  }
}
