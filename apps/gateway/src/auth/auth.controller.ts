import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { AdminMe } from '@switchyard/contracts';
import type { Request, Response } from 'express';
import { issueCsrfToken } from './csrf';
import { LoginDto } from './dto/login.dto';
import { LocalAuthGuard } from './local-auth.guard';
import { Public } from './public.decorator';
import { sessionCookieOf } from './session-policy';

@Controller('auth')
export class AuthController {
  /** The guard checks the credentials (401, one message whether or not the user exists). */
  @Public()
  @UseGuards(LocalAuthGuard)
  @Post('login')
  @HttpCode(200)
  login(@Body() _body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): AdminMe {
    issueCsrfToken(req, res);
    return req.user as AdminMe;
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await new Promise<void>((resolve, reject) => req.logOut((err: unknown) => (err ? reject(asError(err)) : resolve())));
    const { name, path } = sessionCookieOf(req);
    await new Promise<void>((resolve, reject) => req.session.destroy((err: unknown) => (err ? reject(asError(err)) : resolve())));
    res.clearCookie(name, { path });
  }

  @Get('me')
  me(@Req() req: Request): AdminMe {
    return req.user as AdminMe;
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error('session store failure');
}
