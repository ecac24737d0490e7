import { Controller, Get, Query } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { firstValueFrom } from 'rxjs';

const execFileP = promisify(execFile);
const SERVICES: Record<string, string> = {
  billing: 'https://billing.internal.example.com/healthz',
  search: 'https://search.internal.example.com/healthz',
};

@Controller('health')
export class HealthController {
  constructor(private readonly http: HttpService) {}

  @Get('upstream')
  async upstream(@Query('service') service: string) {
    const url = Object.hasOwn(SERVICES, service) ? SERVICES[service] : null;
    if (!url) return { ok: false };
    const res = await firstValueFrom(this.http.get(url, { timeout: 2000 }));
    return { ok: res.status === 200 };
  }

  @Get('disk')
  async disk() {
    const { stdout } = await execFileP('df', ['-h', '/']);
    return { df: stdout };
  }
}
