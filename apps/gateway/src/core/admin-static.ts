import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const SERVER_PREFIXES = ['/api', '/v1', '/health', '/metrics'];

function isServerPath(p: string): boolean {
  return SERVER_PREFIXES.some((prefix) => p === prefix || p.startsWith(prefix + '/'));
}

/** Where `npm run build` puts the admin app, found from the gateway's own location (src or dist). */
export function adminDistDir(): string | null {
  const candidates = [path.resolve(process.cwd(), 'dist/admin/browser'), path.resolve(__dirname, '../../../../../admin/browser')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? null;
}

/** Serves the built admin app, with every non-server GET falling back to index.html (client routes). */
export function adminStaticMiddleware(dir: string | null) {
  const serveStatic = dir ? express.static(dir, { index: false, maxAge: '1h', setHeaders: noCacheForIndex }) : null;
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isServerPath(req.path)) return next();
    if (!dir || !serveStatic) {
      res.status(503).type('text/plain').send('The admin app is not built. Run `npm run build` (or `npm start`).');
      return;
    }
    serveStatic(req, res, () => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(dir, 'index.html'));
    });
  };
}

function noCacheForIndex(res: Response, file: string): void {
  if (file.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
}
