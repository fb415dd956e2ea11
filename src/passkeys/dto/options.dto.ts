import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * WebAuthn options as @simplewebauthn/server writes them (PublicKeyCredentialCreationOptionsJSON
 * or PublicKeyCredentialRequestOptionsJSON): decode with the browser's
 * `PublicKeyCredential.parse*OptionsFromJSON()` or @simplewebauthn/browser, pass to `navigator.credentials`.
 */
export class PasskeyOptionsDto {
  @ApiProperty({ description: 'base64url; single use, expires after 5 minutes', example: 'q83vEjRWeJA…' })
  challenge: string;

  @ApiProperty({ example: 300000 })
  timeout: number;

  @ApiPropertyOptional({ description: 'Login: the relying party id', example: 'example.com' })
  rpId?: string;

  @ApiPropertyOptional({ description: 'Login: `required`', example: 'required' })
  userVerification?: string;

  @ApiPropertyOptional({
    description: 'Login, email-first: the credentials to offer (absent for discoverable login)',
    type: 'array',
    items: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        type: { type: 'string' },
        transports: { type: 'array', items: { type: 'string' } },
      },
    },
  })
  allowCredentials?: { id: string; type: string; transports?: string[] }[];

  @ApiPropertyOptional({
    description: 'Registration: `{id, name}` of the relying party',
    type: 'object',
    additionalProperties: true,
  })
  rp?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Registration: `{id, name, displayName}`; `id` is opaque',
    type: 'object',
    additionalProperties: true,
  })
  user?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Registration: accepted algorithms',
    type: 'array',
    items: { type: 'object' },
  })
  pubKeyCredParams?: Record<string, unknown>[];

  @ApiPropertyOptional({
    description: "Registration: the caller's passkeys, so one authenticator is not registered twice",
    type: 'array',
    items: { type: 'object' },
  })
  excludeCredentials?: Record<string, unknown>[];

  @ApiPropertyOptional({
    description: 'Registration: resident key and user verification required',
    type: 'object',
    additionalProperties: true,
  })
  authenticatorSelection?: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'none' })
  attestation?: string;

  @ApiPropertyOptional({
    description: 'Registration: client extension inputs (`credProps`)',
    type: 'object',
    additionalProperties: true,
  })
  extensions?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Registration: hints to the browser (empty unless configured)',
    type: 'array',
    items: { type: 'string' },
  })
  hints?: string[];
}
