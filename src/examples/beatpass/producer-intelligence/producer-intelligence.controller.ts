import { Controller, Get } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../../common/auth/role.enum';
import { Roles } from '../../../common/decorators/access.decorators';
import { CurrentUser } from '../../../common/decorators/current-auth.decorator';
import type { User } from '../../../users/user.entity';
import { ProducerDashboardDto } from './producer-dashboard.dto';
import { ProducerDashboardService } from './producer-dashboard.service';

@ApiTags('BeatPass: producer intelligence')
@ApiCookieAuth()
@Controller('producer-intelligence')
export class ProducerIntelligenceController {
  constructor(private readonly dashboard: ProducerDashboardService) {}

  @Get('dashboard')
  @Roles(Role.Producer)
  @ApiOperation({
    operationId: 'getProducerDashboard',
    summary: "The producer's figures: tracks, sales, revenue, pending purchases, followers",
  })
  @ApiOkResponse({ type: ProducerDashboardDto })
  show(@CurrentUser() user: User): Promise<ProducerDashboardDto> {
    return this.dashboard.forProducer(user.id);
  }
}
