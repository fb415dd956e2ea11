import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/decorators/access.decorators';
import { ApiEnvelopeResponse } from '../common/http/api-envelope.decorator';
import { AppSettings, FeatureSettings } from '../config/settings';
import { SocialProviderResponseDto } from './dto/social-provider-response.dto';
import { SocialProviders } from './social-providers';

/** Lets a frontend show login buttons only for the providers this deployment has credentials for. */
@ApiTags('Social login')
@Controller('api/auth')
export class SocialProvidersController {
  constructor(
    private readonly providers: SocialProviders,
    private readonly app: AppSettings,
    private readonly features: FeatureSettings,
  ) {}

  @Get('providers')
  @Public()
  @ApiOperation({
    operationId: 'listSocialProviders',
    summary: 'The configured social login providers (public)',
    description:
      'Providers whose credentials are set, in the order google, facebook, twitter, each with the URL a ' +
      'login button navigates to. Empty when none is configured or the `social` feature is off.',
  })
  @ApiEnvelopeResponse(SocialProviderResponseDto, 200, true)
  list(): SocialProviderResponseDto[] {
    if (!this.features.has('social')) return [];
    return this.providers.configured().map((name) => ({
      name,
      redirect_url: `${this.app.url}/auth/${name}/redirect`,
    }));
  }
}
