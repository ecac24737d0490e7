import { Controller, Get, Param, Query, Res, StreamableFile, BadRequestException } from '@nestjs/common';
import type { Response } from 'express';
import { createReadStream, existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

const REPORTS_DIR = resolve(process.cwd(), 'storage', 'reports');

@Controller('files')
export class FilesController {
  @Get('reports/:name')
  getReport(@Param('name') name: string): StreamableFile {
    const file = createReadStream(join(REPORTS_DIR, name));
    return new StreamableFile(file);
  }

  @Get('reports-v2')
  getReportV2(@Query('name') name: string): StreamableFile {
    const full = resolve(REPORTS_DIR, name);
    if (!full.startsWith(REPORTS_DIR + sep) || !existsSync(full)) {
      throw new BadRequestException('unknown report');
    }
    return new StreamableFile(createReadStream(full));
  }

  @Get('logo')
  logo(@Res() res: Response) {
    return res.sendFile(join(process.cwd(), 'public', 'logo.svg'));
  }

  @Get('raw')
  raw(@Query('p') p: string, @Res() res: Response) {
    return res.sendFile(p, { root: '/' });
  }
}
