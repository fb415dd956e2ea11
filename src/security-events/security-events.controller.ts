import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../common/decorators/current-auth.decorator';
import { pageMeta, pageOf, PageQueryDto } from '../common/http/pagination';
import { ApiEnvelopeResponse } from '../common/http/api-envelope.decorator';
import type { User } from '../users/user.entity';
import { SecurityEventsPageDto, toSecurityEventResponse } from './dto/security-event-response.dto';
import { SecurityEventsService } from './security-events.service';

@ApiTags('Security activity')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('api/user/security-events')
export class SecurityEventsController {
  constructor(private readonly events: SecurityEventsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listSecurityEvents',
    summary: "The caller's own security events, newest first (?page, ?per_page ≤ 100)",
  })
  @ApiEnvelopeResponse(SecurityEventsPageDto)
  async list(@CurrentUser() user: User, @Query() query: PageQueryDto): Promise<SecurityEventsPageDto> {
    const page = pageOf(query);
    const { items, total } = await this.events.listForUser(user.id, page.page, page.perPage);
    return { events: items.map(toSecurityEventResponse), pagination: pageMeta(page, total) };
  }
}
