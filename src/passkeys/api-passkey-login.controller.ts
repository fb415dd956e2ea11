import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { TokenLoginResponseDto } from '../auth/dto/token-login-response.dto';
import { tokenLoginBody, type TokenLoginBody } from '../auth/login/token-login-body';
import { Public, RequiresFeature } from '../common/decorators/access.decorators';
import { ApiEnvelopeResponse } from '../common/http/api-envelope.decorator';
import { Client, type ClientDetails } from '../common/http/client-info';
import { IpRateLimit } from '../common/throttling/ip-rate-limit.guard';
import { PasskeyErrors } from './dto/error-responses';
import { PasskeyOptionsDto } from './dto/options.dto';
import { ApiPasskeyLoginDto, PasskeyLoginOptionsDto } from './dto/passkey.dto';
import { PasskeyLoginService } from './passkey-login.service';

/** Passkey login of API and mobile clients: a bearer token, answered like POST /api/login. */
@ApiTags('API authentication (bearer tokens)')
@RequiresFeature('tokens', 'passkeys')
@Controller('api/passkeys/login')
export class ApiPasskeyLoginController {
  constructor(private readonly passkeys: PasskeyLoginService) {}

  @Post('options')
  @Public()
  @HttpCode(200)
  @IpRateLimit('passkey-login-options')
  @ApiOperation({
    operationId: 'apiPasskeyLoginOptions',
    summary: 'Passkey login options: discoverable, or email-first with `email`',
  })
  @ApiEnvelopeResponse(PasskeyOptionsDto)
  @PasskeyErrors('api', 422, 429)
  options(@Body() dto: PasskeyLoginOptionsDto): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return this.passkeys.options(dto.email);
  }

  @Post()
  @Public()
  @HttpCode(200)
  @IpRateLimit('passkey-login')
  @ApiOperation({
    operationId: 'apiPasskeyLogin',
    summary: 'Exchange a passkey assertion for a new bearer token (no TOTP code is asked)',
  })
  @ApiEnvelopeResponse(TokenLoginResponseDto)
  @PasskeyErrors('api', 422, 429)
  async login(@Body() dto: ApiPasskeyLoginDto, @Client() client: ClientDetails): Promise<TokenLoginBody> {
    const outcome = await this.passkeys.login(dto.response, {
      client: 'token',
      details: client,
      device: { device_name: dto.device_name, fcm_token: dto.fcm_token },
    });
    return tokenLoginBody(outcome);
  }
}
