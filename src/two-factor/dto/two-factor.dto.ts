import { ApiProperty } from '@nestjs/swagger';
import { RequiredString } from '../../common/validation/fields';

export class ConfirmTwoFactorDto {
  @ApiProperty({ example: '123456' })
  @RequiredString({ max: 16, trim: true })
  code: string;
}

export class QrCodeResponseDto {
  @ApiProperty({ example: '<svg …>' }) svg: string;
  @ApiProperty({ example: 'otpauth://totp/App:user%40example.com?secret=…&issuer=App' }) url: string;
}

export class SecretKeyResponseDto {
  @ApiProperty({ example: 'JBSWY3DPEHPK3PXP' }) secretKey: string;
}
