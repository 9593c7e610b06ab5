import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ReadinessRegistry } from './readiness-registry';

@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<Awaited<ReturnType<ReadinessRegistry['report']>>> {
    const report = await this.readiness.report();
    if (!report.ready) throw new ServiceUnavailableException(report);
    return report;
  }
}
