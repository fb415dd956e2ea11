import { Controller, Get, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../common/decorators/current-auth.decorator';
import { pageMeta, pageOf, PageQueryDto } from '../../../common/http/pagination';
import type { User } from '../../../users/user.entity';
import { ConversationsPageDto, toConversationResponse } from './conversation.dto';
import { MessagingService } from './messaging.service';

@ApiTags('BeatPass: messaging')
@ApiCookieAuth()
@Controller('messaging')
export class MessagingController {
  constructor(private readonly messaging: MessagingService) {}

  @Get('conversations')
  @ApiOperation({
    operationId: 'listConversations',
    summary: 'The conversations the caller takes part in, most recently active first',
  })
  @ApiOkResponse({ type: ConversationsPageDto })
  async conversations(
    @CurrentUser() user: User,
    @Query() query: PageQueryDto,
  ): Promise<ConversationsPageDto> {
    const page = pageOf(query);
    const { items, total } = await this.messaging.listOwn(user.id, page);
    return { conversations: items.map(toConversationResponse), pagination: pageMeta(page, total) };
  }
}
