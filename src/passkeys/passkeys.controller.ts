import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { RequirePasswordConfirmation, RequiresFeature } from '../common/decorators/access.decorators';
import { CurrentUser } from '../common/decorators/current-auth.decorator';
import { Client, type ClientDetails } from '../common/http/client-info';
import { IpRateLimit } from '../common/throttling/ip-rate-limit.guard';
import type { User } from '../users/user.entity';
import { PasskeyErrors } from './dto/error-responses';
import { PasskeyOptionsDto } from './dto/options.dto';
import { PasskeyResponseDto, RegisterPasskeyDto, RenamePasskeyDto } from './dto/passkey.dto';
import { PasskeysService } from './passkeys.service';

/**
 * The caller's passkeys, for either client kind. Like 2FA management, each route needs a recent
 * password confirmation (423), unless the account has no password to confirm (social sign-up).
 */
@ApiTags('Passkeys')
@ApiBearerAuth()
@ApiCookieAuth()
@RequiresFeature('passkeys')
@RequirePasswordConfirmation({ ifPasswordSet: true })
@Controller('user/passkeys')
export class PasskeysController {
  constructor(private readonly passkeys: PasskeysService) {}

  @Post('options')
  @HttpCode(200)
  @IpRateLimit('passkey-register-options')
  @ApiOperation({
    operationId: 'passkeyRegistrationOptions',
    summary: 'Registration options for navigator.credentials.create() (challenge: single use, 5 minutes)',
  })
  @ApiOkResponse({ type: PasskeyOptionsDto })
  @PasskeyErrors('bare', 401, 419, 423, 429)
  registrationOptions(@CurrentUser() user: User): Promise<PublicKeyCredentialCreationOptionsJSON> {
    return this.passkeys.registrationOptions(user);
  }

  @Post()
  @IpRateLimit('passkey-register')
  @ApiOperation({
    operationId: 'registerPasskey',
    summary: "Register a passkey from the browser's create() answer",
  })
  @ApiCreatedResponse({ type: PasskeyResponseDto })
  @PasskeyErrors('bare', 401, 419, 422, 423, 429)
  register(
    @CurrentUser() user: User,
    @Body() dto: RegisterPasskeyDto,
    @Client() client: ClientDetails,
  ): Promise<PasskeyResponseDto> {
    return this.passkeys.register(user, dto.name, dto.response, client);
  }

  @Get()
  @ApiOperation({ operationId: 'listPasskeys', summary: "The caller's passkeys, oldest first" })
  @ApiOkResponse({ type: [PasskeyResponseDto] })
  @PasskeyErrors('bare', 401, 423)
  list(@CurrentUser() user: User): Promise<PasskeyResponseDto[]> {
    return this.passkeys.list(user.id);
  }

  @Put(':id')
  @ApiOperation({ operationId: 'renamePasskey', summary: 'Rename a passkey' })
  @ApiOkResponse({ type: PasskeyResponseDto })
  @PasskeyErrors('bare', 401, 403, 404, 419, 422, 423)
  rename(
    @CurrentUser() user: User,
    @Param('id') id: string,
    @Body() dto: RenamePasskeyDto,
    @Client() client: ClientDetails,
  ): Promise<PasskeyResponseDto> {
    return this.passkeys.rename(user, id, dto.name, client);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deletePasskey',
    summary: "Remove a passkey (422 when it is the account's last way to log in)",
  })
  @ApiNoContentResponse()
  @PasskeyErrors('bare', 401, 403, 404, 419, 422, 423)
  async remove(
    @CurrentUser() user: User,
    @Param('id') id: string,
    @Client() client: ClientDetails,
  ): Promise<void> {
    await this.passkeys.remove(user, id, client);
  }
}
