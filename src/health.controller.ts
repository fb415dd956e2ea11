import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from './common/decorators/access.decorators';

@ApiTags('Health')
@Controller('api/health')
export class HealthController {
  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness: answers without touching the database (also the benchmark baseline)' })
  health(): { status: string } {
    return { status: 'ok' };
  }
}
