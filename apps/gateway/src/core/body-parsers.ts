import { json } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * express.json with errors answered in Nest's `{statusCode, message, error}` shape: body-parser errors
 * raised outside Nest would otherwise reach Express's HTML error page.
 */
export function adminJsonParser(limit: string): RequestHandler {
  const parse = json({ limit });
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { status?: number; type?: string };
      if (e.type === 'entity.too.large') {
        res.status(413).json({ statusCode: 413, message: `Request body larger than ${limit}`, error: 'Payload Too Large' });
      } else if (e.type === 'entity.parse.failed') {
        res.status(400).json({ statusCode: 400, message: 'Malformed JSON body', error: 'Bad Request' });
      } else {
        res
          .status(e.status && e.status >= 400 && e.status < 500 ? e.status : 400)
          .json({ statusCode: e.status ?? 400, message: 'Unreadable request body', error: 'Bad Request' });
      }
    });
  };
}
