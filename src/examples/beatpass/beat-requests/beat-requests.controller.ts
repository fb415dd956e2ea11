import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../common/decorators/current-auth.decorator';
import { pageMeta, pageOf, PageQueryDto } from '../../../common/http/pagination';
import type { User } from '../../../users/user.entity';
import {
  BeatRequestResponseDto,
  BeatRequestsPageDto,
  CreateBeatRequestDto,
  toBeatRequestResponse,
} from './beat-request.dto';
import { BeatRequestsService } from './beat-requests.service';

@ApiTags('BeatPass: beat requests')
@ApiCookieAuth()
@Controller('beat-requests')
export class BeatRequestsController {
  constructor(private readonly requests: BeatRequestsService) {}

  @Post()
  @ApiOperation({ operationId: 'createBeatRequest', summary: 'Ask producers for a beat' })
  @ApiCreatedResponse({ type: BeatRequestResponseDto })
  async create(
    @CurrentUser() user: User,
    @Body() dto: CreateBeatRequestDto,
  ): Promise<BeatRequestResponseDto> {
    return toBeatRequestResponse(await this.requests.create(user, dto));
  }

  @Get()
  @ApiOperation({ operationId: 'listBeatRequests', summary: "The caller's own beat requests, newest first" })
  @ApiOkResponse({ type: BeatRequestsPageDto })
  async list(@CurrentUser() user: User, @Query() query: PageQueryDto): Promise<BeatRequestsPageDto> {
    const page = pageOf(query);
    const { items, total } = await this.requests.listOwn(user.id, page);
    return { beat_requests: items.map(toBeatRequestResponse), pagination: pageMeta(page, total) };
  }
}
