import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject } from 'class-validator';
import { OptionalString, Required, RequiredString, Rules } from '../../common/validation/fields';
import { M } from '../../common/validation/messages';
import { IsEmailAddress, Optional } from '../../common/validation/rules';
import type { Passkey } from '../passkey.entity';

/** The browser's PublicKeyCredential JSON (`credential.toJSON()`), passed through unchanged. */
const CREDENTIAL_JSON = {
  type: 'object',
  additionalProperties: true,
  description:
    "The browser's credential JSON, as `PublicKeyCredential.toJSON()` (or @simplewebauthn/browser) gives it: `{id, rawId, type, response: {...}, clientExtensionResults}`",
  example: {
    id: 'AbCd…',
    rawId: 'AbCd…',
    type: 'public-key',
    response: { clientDataJSON: 'eyJ…', authenticatorData: 'SZY…', signature: 'MEU…', userHandle: 'x…' },
    clientExtensionResults: {},
  },
} as const;

const CredentialJson = () => Rules(ApiProperty(CREDENTIAL_JSON), Required(), IsObject({ message: M.object }));

const PasskeyName = () =>
  Rules(
    ApiProperty({
      example: 'MacBook Touch ID',
      maxLength: 100,
      description: 'A name to tell passkeys apart',
    }),
    RequiredString({ max: 100, trim: true }),
  );

export class RegisterPasskeyDto {
  @PasskeyName()
  name: string;

  @CredentialJson()
  response: Record<string, unknown>;
}

export class RenamePasskeyDto {
  @PasskeyName()
  name: string;
}

export class PasskeyLoginOptionsDto {
  @ApiPropertyOptional({
    example: 'creator@example.com',
    description:
      "Email-first login: the options list this account's passkeys. Omit for discoverable passkeys.",
  })
  @OptionalString({ max: 255, trim: true }, IsEmailAddress({ message: M.email }))
  email?: string;
}

export class SpaPasskeyLoginDto {
  @CredentialJson()
  response: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Keep the session past browser close (up to SESSION_ABSOLUTE_LIFETIME).',
  })
  @Rules(Optional(), IsBoolean({ message: M.boolean }))
  remember?: boolean;
}

export class ApiPasskeyLoginDto {
  @CredentialJson()
  response: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'Casey’s iPhone' })
  @OptionalString({ max: 255 })
  device_name?: string;

  @ApiPropertyOptional({ description: 'Push token of this device (Firebase Cloud Messaging).' })
  @OptionalString({ max: 4096 })
  fcm_token?: string;
}

export class PasskeyResponseDto {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ example: 'MacBook Touch ID' })
  name: string;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  last_used_at: string | null;
}

export const toPasskeyResponse = (p: Passkey): PasskeyResponseDto => ({
  id: p.id,
  name: p.name,
  created_at: p.createdAt.toISOString(),
  last_used_at: p.lastUsedAt?.toISOString() ?? null,
});
