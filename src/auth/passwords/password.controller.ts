import { Body, Controller, HttpCode, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthContext } from '../common/auth/auth-context';
import { CurrentAuth } from '../common/decorators/current-auth.decorator';
import { UpdatePasswordDto } from './dto/update-password.dto';
import { UpdatePasswordAction } from './actions/update-password.action';

@ApiTags('Users')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('user/password')
export class PasswordController {
  constructor(private readonly updatePassword: UpdatePasswordAction) {}

  @Put()
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the password; every other session and token ends at once' })
  @ApiOkResponse({ schema: { example: { message: 'Password updated.' } } })
  async update(
    @CurrentAuth() auth: AuthContext,
    @Req() req: Request,
    @Body() dto: UpdatePasswordDto,
  ): Promise<{ message: string }> {
    await this.updatePassword.execute(auth, req, dto);
    return { message: 'Password updated.' };
  }
}
