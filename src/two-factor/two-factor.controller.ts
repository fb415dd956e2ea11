import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePasswordConfirmation, RequiresFeature } from '../common/decorators/access.decorators';
import { CurrentUser } from '../common/decorators/current-auth.decorator';
import { Client, type ClientDetails } from '../common/http/client-info';
import type { User } from '../users/user.entity';
import { ConfirmTwoFactorDto, QrCodeResponseDto, SecretKeyResponseDto } from './dto/two-factor.dto';
import { TwoFactorService } from './two-factor.service';

/** Fortify's two-factor management routes; every one needs a recent password confirmation (423). */
@ApiTags('Two-factor authentication')
@ApiBearerAuth()
@ApiCookieAuth()
@RequiresFeature('two-factor')
@RequirePasswordConfirmation()
@Controller('user')
export class TwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Post('two-factor-authentication')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'enableTwoFactor',
    summary: 'Create a secret and 8 recovery codes (inactive until confirmed)',
  })
  async enable(@CurrentUser() user: User, @Client() client: ClientDetails): Promise<{ status: string }> {
    await this.twoFactor.enable(user, client);
    return { status: 'two-factor-authentication-enabled' };
  }

  @Post('confirmed-two-factor-authentication')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'confirmTwoFactor',
    summary: 'Activate 2FA with a current code (422 when wrong)',
  })
  async confirm(
    @CurrentUser() user: User,
    @Body() dto: ConfirmTwoFactorDto,
    @Client() client: ClientDetails,
  ): Promise<{ status: string }> {
    await this.twoFactor.confirm(user, dto.code, client);
    return { status: 'two-factor-authentication-confirmed' };
  }

  @Delete('two-factor-authentication')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'disableTwoFactor',
    summary: 'Turn 2FA off; the secret and recovery codes are erased',
  })
  async disable(@CurrentUser() user: User, @Client() client: ClientDetails): Promise<{ status: string }> {
    await this.twoFactor.disable(user, client);
    return { status: 'two-factor-authentication-disabled' };
  }

  @Get('two-factor-qr-code')
  @ApiOperation({
    operationId: 'getTwoFactorQrCode',
    summary: 'QR code (SVG) and otpauth:// URL for the authenticator app',
  })
  @ApiOkResponse({ type: QrCodeResponseDto })
  qrCode(@CurrentUser() user: User): Promise<QrCodeResponseDto> {
    return this.twoFactor.qrCode(user);
  }

  @Get('two-factor-secret-key')
  @ApiOperation({ operationId: 'getTwoFactorSecretKey', summary: 'The base32 secret, for manual entry' })
  @ApiOkResponse({ type: SecretKeyResponseDto })
  async secretKey(@CurrentUser() user: User): Promise<SecretKeyResponseDto> {
    return { secretKey: await this.twoFactor.secretKey(user) };
  }

  @Get('two-factor-recovery-codes')
  @ApiOperation({ operationId: 'getTwoFactorRecoveryCodes', summary: 'The unused recovery codes' })
  @ApiOkResponse({ schema: { type: 'array', items: { type: 'string', example: 'abcdefghij-klmnopqrst' } } })
  recoveryCodes(@CurrentUser() user: User): Promise<string[]> {
    return this.twoFactor.recoveryCodes(user);
  }

  @Post('two-factor-recovery-codes')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'regenerateTwoFactorRecoveryCodes',
    summary: 'Replace all recovery codes with 8 fresh ones',
  })
  @ApiOkResponse({ schema: { type: 'array', items: { type: 'string' } } })
  regenerate(@CurrentUser() user: User, @Client() client: ClientDetails): Promise<string[]> {
    return this.twoFactor.regenerateRecoveryCodes(user, client);
  }
}
