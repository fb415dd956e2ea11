import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthContext } from '../../common/auth/auth-context';
import { CurrentAuth } from '../../common/decorators/current-auth.decorator';
import { RequiredString } from '../../common/validation/fields';
import { PasswordConfirmationService } from './password-confirmation.service';

export class ConfirmPasswordDto {
  @ApiProperty()
  @RequiredString({ max: 1024 })
  password: string;
}

class ConfirmedStatusDto {
  @ApiProperty() confirmed: boolean;
}

@ApiTags('Password confirmation')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('user')
export class ConfirmPasswordController {
  constructor(private readonly confirmation: PasswordConfirmationService) {}

  @Post('confirm-password')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Confirm the password; sensitive routes accept the caller for PASSWORD_TIMEOUT seconds',
  })
  async confirm(
    @CurrentAuth() auth: AuthContext,
    @Req() req: Request,
    @Body() dto: ConfirmPasswordDto,
  ): Promise<void> {
    await this.confirmation.confirm(auth, req, dto.password);
  }

  @Get('confirmed-password-status')
  @ApiOperation({ summary: 'Whether the last confirmation is recent enough' })
  @ApiOkResponse({ type: ConfirmedStatusDto })
  status(@CurrentAuth() auth: AuthContext): ConfirmedStatusDto {
    return { confirmed: this.confirmation.isConfirmed(auth) };
  }
}
