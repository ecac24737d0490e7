import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';

const ALLOWED_RETURN_ORIGINS = new Set(['https://app.example.com', 'https://admin.example.com']);

@Controller('sso')
export class SsoController {
  @Get('complete')
  complete(@Query('returnUrl') returnUrl: string, @Res() res: Response) {
    return res.redirect(returnUrl || '/');
  }

  @Get('complete-v2')
  completeV2(@Query('returnUrl') returnUrl: string, @Res() res: Response) {
    let origin = '';
    try {
      origin = new URL(returnUrl).origin;
    } catch {
      return res.redirect('/');
    }
    return res.redirect(ALLOWED_RETURN_ORIGINS.has(origin) ? returnUrl : '/');
  }

  @Get('bounce')
  bounce(@Query('u') u: string, @Res() res: Response) {
    res.status(303).header('Location', decodeURIComponent(u)).send();
  }
}
