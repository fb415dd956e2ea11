import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from './common/decorators/access.decorators';
import { ThrottleService } from './common/throttling/throttle.service';

export interface Readiness {
  database: 'up' | 'down';
  redis: 'up' | 'down' | 'off';
}

@ApiTags('Health')
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly throttle: ThrottleService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    operationId: 'getHealth',
    summary: 'Liveness: answers without touching the database (also the benchmark baseline)',
  })
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'getReadiness',
    summary:
      'Readiness: 200 when the database (and Redis, when REDIS_URL is set) answer; 503 naming what does not',
  })
  @ApiOkResponse({ description: '`data: {database: "up", redis: "up" | "off"}`' })
  @ApiServiceUnavailableResponse({ description: 'A dependency does not answer within its timeout' })
  async ready(): Promise<Readiness> {
    const [database, redis] = await Promise.all([
      this.db.query('SELECT 1').then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      this.throttle.redisStatus(),
    ]);
    if (database === 'down' || redis === 'down') {
      throw new ServiceUnavailableException(`Not ready: database ${database}, redis ${redis}.`);
    }
    return { database, redis };
  }
}
